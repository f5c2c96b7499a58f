"""Rendering: a model becomes DOCX bytes (language forms, context, the template engine)."""
