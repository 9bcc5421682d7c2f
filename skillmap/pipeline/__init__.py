"""spaCy components and the plain-text machinery they share with the fast path."""
