"""Input: a data file becomes a checked model (loader → models → validate; regions)."""
