"""Presentation: one LaTeX printer, the text/LaTeX/Markdown/JSON formats, diagrams and the code view."""
