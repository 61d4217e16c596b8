"""Course documents: per-link articles and Markdown twins, a handout, a slide deck, and their PDFs."""
