"""Shared helpers: the CLI through a real subprocess, and catalog parameter lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symnet.catalog.links import LINKS, scalar_links

ROOT = Path(__file__).resolve().parents[1]
SCALAR_LINKS = [pytest.param(link, id=link.name) for link in scalar_links()]
ALL_LINKS = [pytest.param(link, id=link.name) for link in LINKS]


def run_cli(*arguments: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`symnet ARGUMENTS` in a fresh interpreter, as a user runs it."""
    environment = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "symnet", *arguments], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout, env=environment)


def run_main(*arguments: str) -> subprocess.CompletedProcess:
    """`symnet ARGUMENTS` in this process through `cli.main` (fast), captured like a subprocess."""
    import contextlib
    import io

    from symnet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(arguments))
    return subprocess.CompletedProcess(["symnet", *arguments], code, out.getvalue(), err.getvalue())
