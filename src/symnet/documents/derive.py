"""`symnet derive`: the documents for every requested link, checked, rendered and written safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from symnet.catalog.links import LINKS
from symnet.catalog.names import resolve
from symnet.documents import latex, markdown
from symnet.documents.build import compile_pdf, engine
from symnet.api import run_within
from symnet.documents.content import LinkReport, report
from symnet.documents.writer import check_destination, check_writable, unchanged, write_atomically
from symnet.grammar import plural
from symnet.errors import SymnetError, parameter

FORMATS = ("tex", "md", "pdf")
DEFAULT_FORMATS = ("tex", "md")


def parse_formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise SymnetError(f"unknown format {', '.join(unknown) or repr(text)}; choose from {', '.join(FORMATS)}")
    return chosen


def parse_links(text: str | None) -> list:
    """The links named in a comma-separated list (None: every link); an empty list or name is an error."""
    if text is None:
        return list(LINKS)
    names = [name.strip() for name in text.split(",")]
    if not any(names):
        raise SymnetError(f"{parameter('links')} names no link: give comma-separated link names (see 'symnet list'), "
                          f"or leave {parameter('links')} out for every link")
    if not all(names):
        raise SymnetError(f"{parameter('links')} {text!r} has an empty name between commas")
    links = []
    for name in names:
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


@dataclass(frozen=True)
class Derived:
    """What a `derive` run did: files written, files already up to date, and whether the handout and
    slides (which cover several links) were part of it."""

    out: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    collections: bool
    formats: tuple[str, ...]

    def __iter__(self) -> Iterator[Path]:
        return iter(sorted(self.written + self.unchanged))

    def __len__(self) -> int:
        return len(self.written) + len(self.unchanged)

    def summary(self) -> str:
        """One line: what was written, what was unchanged, where, and how to get PDFs."""
        parts = [f"wrote {plural(len(self.written), 'file')}"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        line = ", ".join(parts) + f" in {self.out}"
        if not self.collections:
            line += " (no handout or slides: they cover two or more links)"
        if "pdf" not in self.formats:
            line += "; add --format tex,md,pdf for PDFs"
        return line


def _file_names(links: list, formats: tuple[str, ...], full_set: bool) -> list[str]:
    """The files a run will write (the handout and slides only for two or more links)."""
    stems = [link.name.replace("_", "-") for link in links] + (["handout", "slides"] if full_set else [])
    names = [f"{stem}.{extension}" for stem in stems for extension in ("tex", "pdf") if extension in formats]
    names += [f"{stem}.md" for stem in stems[:len(links)] + (["handout"] if full_set else []) if "md" in formats]
    return sorted(names)


def derive(out: Path, links: Iterable | None = None, formats: tuple[str, ...] = DEFAULT_FORMATS,
           progress: Callable[[str], None] | None = None, timeout: float | None = None) -> Derived:
    """Build every document in memory, then write each file atomically (files already up to date are
    left alone).  The handout and slides are written when two or more links are derived.  `timeout` (seconds,
    default 60) bounds each link's proofs."""
    links = list(links) if links is not None else list(LINKS)
    full_set = len(links) > 1
    check_destination(out, _file_names(links, formats, full_set))  # before any proving
    if "pdf" in formats:
        engine()  # fail early, before any work, when no TeX engine is installed
    reports = []
    for link in links:
        if progress:
            progress(f"proving {link.name}")
        reports.append(run_within(timeout, f"proving the {link.name} link's results",
                                  lambda link=link: _complete_report(link)))
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
    written, kept = [], []
    for name, content in sorted(files.items()):
        if unchanged(out, name, content):
            kept.append(out / name)
        else:
            written.append(write_atomically(out, name, content))
    return Derived(out, tuple(written), tuple(kept), full_set, tuple(formats))


def _complete_report(link):
    """The link's report, or BudgetExceeded when the budget ran out while it was built: a result cut short is
    unproven and would be left out of the documents without a word, so nothing is written instead."""
    from symnet.proofs.budget import BudgetExceeded, current

    found = report(link)
    if current().expired():
        raise BudgetExceeded
    return found
