"""`symnet derive`: the documents for every requested link, checked, rendered and written safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from symnet.catalog.links import LINKS
from symnet.catalog.names import resolve
from symnet.documents import latex, markdown
from symnet.documents.build import compile_pdf, engine
from symnet.documents.content import LinkReport, report
from symnet.documents.writer import check_writable, write_atomically
from symnet.errors import DocumentError, SymnetError, parameter

FORMATS = ("tex", "md", "pdf")
DEFAULT_FORMATS = ("tex", "md")


def parse_formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise SymnetError(f"unknown format {', '.join(unknown) or repr(text)}; choose from {', '.join(FORMATS)}")
    return chosen


def parse_links(text: str | None) -> list:
    if not text:
        return list(LINKS)
    links = []
    for name in text.split(","):
        link = resolve(name)
        if link not in links:
            links.append(link)
    return links


def documents(reports: list[LinkReport], full_set: bool) -> dict[str, str]:
    """{file stem: LaTeX source} for the articles, plus the handout and slides for the full set."""
    sources = {f"{r.slug}": latex.article(r) for r in reports}
    if full_set:
        sources["handout"] = latex.handout(reports)
        sources["slides"] = latex.slides(reports)
    return sources


def derive(out: Path, links: Iterable | None = None, formats: tuple[str, ...] = DEFAULT_FORMATS,
           progress: Callable[[str], None] | None = None) -> list[Path]:
    """Build every document in memory, then write each file atomically; returns the written paths."""
    links = list(links) if links is not None else list(LINKS)
    if out.exists() and not out.is_dir():
        raise DocumentError(f"{parameter('out')} {out} is a file, not a folder")
    full_set = len(links) > 1
    if "pdf" in formats:
        engine()  # fail early, before any work, when no TeX engine is installed
    reports = []
    for link in links:
        if progress:
            progress(f"proving {link.name}")
        reports.append(report(link))
    tex_sources = documents(reports, full_set)
    files: dict[str, bytes] = {}
    if "tex" in formats:
        files.update({f"{stem}.tex": source.encode() for stem, source in tex_sources.items()})
    if "md" in formats:
        files.update({f"{r.slug}.md": markdown.article(r).encode() for r in reports})
        if full_set:
            files["handout.md"] = markdown.handout(reports).encode()
    if "pdf" in formats:
        for stem, source in tex_sources.items():
            if progress:
                progress(f"typesetting {stem}.pdf")
            files[f"{stem}.pdf"] = compile_pdf(source, stem)
    out.mkdir(parents=True, exist_ok=True)
    check_writable(out, sorted(files))
    return [write_atomically(out, name, content) for name, content in sorted(files.items())]
