"""The README's examples run, and what they claim in their comments is what they print."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT, run_main

README = (ROOT / "README.md").read_text()


def _block(heading: str, language: str) -> list[str]:
    section = README[README.index(heading):]
    body = section[section.index(f"```{language}\n") + len(language) + 4:]
    return body[:body.index("```")].splitlines()


COMMANDS = [line for line in _block("## Command line", "sh") if line.startswith("symnet ") and " derive" not in line]


@pytest.mark.parametrize("line", COMMANDS)
def test_command_line_examples(line):
    command, _, comment = line.partition("#")
    arguments = shlex.split(command)[1:]
    result = run_main(*arguments)
    expected = 1 if "refuted" in comment else 0
    assert result.returncode == expected, result.stdout + result.stderr
    if "refuted" in comment:
        assert "Status: refuted" in result.stdout
    derived = re.search(r"derives the link (.+)$", comment.strip())
    if derived:
        assert f"Derived link: g(mu) = {derived.group(1)}" in result.stdout
    if "--format json" in command:
        import json

        assert json.loads(result.stdout)["status"] == "proven"


_VALUE = re.compile(r"^(<Proof|Status\.|True$|False$|[a-z]+\(|-?\d)")


def test_python_examples_print_what_their_comments_say(capsys):
    namespace: dict = {}
    checked = 0
    for line in _block("## Python", "python"):
        code, _, comment = line.partition("#")
        code, comment = code.strip(), comment.strip()
        if not code:
            continue
        if comment and _VALUE.match(comment) and "=" not in code.split("(")[0]:
            value = eval(code, namespace)  # noqa: S307 - the README's own example line
            shown = repr(value) if comment.startswith("<") else str(value)
            assert shown == comment, line
            checked += 1
        else:
            exec(code, namespace)  # noqa: S102 - the README's own example line
    capsys.readouterr()
    assert checked >= 6


def test_the_latex_example_is_what_symnet_prints():
    block = "\n".join(_block("## The LaTeX it prints", "latex"))
    assert block in run_main("prove", "logit", "--format", "latex").stdout
