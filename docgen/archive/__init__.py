"""Archive: signed PDFs and their journal records (add, verify, list, show)."""
