"""Records: the registration journal (what was issued, numbers, history)."""
