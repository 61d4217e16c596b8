"""A checked Proof as text, LaTeX (align*), Markdown ($$ ... $$) and JSON.

Everything printed is taken from the Proof: its chains, verdicts, assumptions and lemmas.
"""

from __future__ import annotations

import json
import re
from typing import Any

import sympy as sp

from symnet.catalog.domains import domain_tex, domain_text
from symnet.errors import SymnetError
from symnet.proofs.model import Assumption, Chain, Proof, Status
from symnet.render import prose
from symnet.render.printer import domain_latex, latex, text

escape = prose.escape
QED = r" \hfill\rule{0.5em}{0.5em}"  # the end-of-proof mark; plain LaTeX (no amssymb), printed only when proven

# ---------------------------------------------------------------- shared pieces


SHOWN_GROUP = 4  # a group with this many chains or fewer is printed in full (a 2 x 2 covariance)


def shown_chains(proof: Proof) -> list[tuple[int, Chain, str]]:
    """(index, chain, note): the first chain of each group, with a note (a sentence with $math$) naming the rest;
    a group of at most SHOWN_GROUP chains (y = 0 and y = 1) is shown whole."""
    out: list[tuple[int, Chain, str]] = []
    groups: dict[str, list[int]] = {}
    sizes: dict[str, int] = {}
    for chain in proof.derivation.chains:
        sizes[chain.group] = sizes.get(chain.group, 0) + 1
    for index, chain in enumerate(proof.derivation.chains):
        if chain.group and sizes[chain.group] > SHOWN_GROUP:
            groups.setdefault(chain.group, []).append(index)
            if len(groups[chain.group]) > 1:
                continue
        out.append((index, chain, ""))
    for position, (index, chain, _) in enumerate(out):
        members = groups.get(chain.group, [])
        if len(members) > 1:
            labels = [proof.derivation.chains[i].label for i in members]
            last = labels[-1] if "," in labels[-1] else labels[-1].split("= ")[-1]  # j = 2, k = 2 stays whole
            others = (" and ".join(f"${label}$" for label in labels[1:]) if len(labels) <= 3
                      else f"the {len(labels) - 1} other cases, ${labels[1]}$ to ${last}$")
            note = f"shown for ${labels[0]}$; also checked for {others}"
            out[position] = (index, chain, note)
    return out


def _subject_text(subject: sp.Basic) -> str:
    if isinstance(subject, sp.IndexedBase):
        return f"every {subject.label.name}_i"
    return text(subject)


ELIDED_ABOVE = 4  # a list of more symbols than this prints as first, second, dots, last


def _subject_latex(subject: sp.Basic) -> str:
    if isinstance(subject, sp.IndexedBase):
        return latex(subject.label) + "_{\\cdot}"
    if isinstance(subject, sp.Tuple):
        items = [latex(item) for item in subject.args]
        return ", ".join(items) if len(items) <= ELIDED_ABOVE else f"{items[0]}, {items[1]}, \\dots, {items[-1]}"
    return latex(subject)


def _stem(symbol: sp.Basic) -> str:
    return re.sub(r"_\{?\d+\}?$", "", getattr(symbol, "name", ""))


def _groupable(members: tuple, symbol: sp.Symbol) -> bool:
    """A symbol joins a group of its own family (eta_1, eta_2, eta_3), or a short list of single symbols (y, mu);
    a list that would be elided never mixes families (not eta_1, ..., y_2)."""
    stems = {_stem(m) for m in members}
    if stems == {_stem(symbol)}:
        return True
    return len(members) + 1 <= ELIDED_ABOVE and all(_stem(m) == getattr(m, "name", None) for m in members) \
        and _stem(symbol) == symbol.name


def grouped(assumptions: tuple[Assumption, ...]) -> list[Assumption]:
    """Consecutive symbols with the same domain stated once: eta_1, ..., eta_16 in R."""
    out: list[Assumption] = []
    seen: set = set()
    for assumption in assumptions:
        if (assumption.subject, assumption.domain) in seen:  # a symbol both the link and the family carry: once
            continue
        seen.add((assumption.subject, assumption.domain))
        previous = out[-1] if out else None
        members = () if previous is None else (
            previous.subject.args if isinstance(previous.subject, sp.Tuple) else (previous.subject,))
        if (previous is not None and previous.domain == assumption.domain and isinstance(assumption.subject, sp.Symbol)
                and isinstance(previous.subject, (sp.Symbol, sp.Tuple)) and not isinstance(assumption.domain, sp.Range)
                and _groupable(members, assumption.subject)):
            out[-1] = Assumption(sp.Tuple(*members, assumption.subject), assumption.domain, assumption.text)
        else:
            out.append(assumption)
    return out


def _family_text(subject: sp.Tuple) -> str:
    """eta_1, ..., eta_16 as `eta_k for every k = 1, ..., 16` when they are one indexed family."""
    names = [text(item) for item in subject.args]
    stems = {re.sub(r"_\d+$", "", name) for name in names}
    numbers = [re.search(r"_(\d+)$", name) for name in names]
    if len(stems) == 1 and all(numbers):
        stem = stems.pop()
        return f"{stem}_k", f" for every k = {numbers[0].group(1)}, ..., {numbers[-1].group(1)}"
    return ", ".join(names), ""


def assumption_texts(assumptions: tuple[Assumption, ...]) -> list[str]:
    """Each assumption once in words; a family eta_1, ..., eta_K with one domain is stated once for all k."""
    out = []
    for assumption in grouped(assumptions):
        if isinstance(assumption.subject, sp.Tuple):
            subject, scope = _family_text(assumption.subject)
            out.append(domain_text(subject, assumption.domain) + scope)
        elif isinstance(assumption.subject, sp.IndexedBase) and assumption.subject.shape:
            stem = text(assumption.subject.label)  # a vector of known length: eta_k for every k = 1, ..., K
            out.append(domain_text(f"{stem}_k", assumption.domain)
                       + f" for every k = 1, ..., {assumption.subject.shape[0]}")
        else:
            out.append(domain_text(_subject_text(assumption.subject), assumption.domain))
    return out


def ties(derivation) -> tuple[tuple[sp.Symbol, sp.Expr], ...]:
    """Parameters the derivation fixed by substitution (the power link's lambda = 1 - p for the Tweedie
    family): part of what it assumes, so stated with the assumptions."""
    return tuple(derivation.info("ties", ()))


def derivation_assumption_texts(derivation) -> list[str]:
    """The derivation's assumptions in words, its tied parameters included."""
    return assumption_texts(derivation.variables) + [f"{text(s)} = {text(v)}" for s, v in ties(derivation)]


def derivation_assumptions_latex(derivation) -> list[str]:
    """The derivation's assumptions as LaTeX pieces (one per grouped assumption), its tied parameters included."""
    return [assumption_latex(a) for a in grouped(derivation.variables)] + [
        f"{latex(s)} = {latex(v)}" for s, v in ties(derivation)]


def distinct_notes(proof: Proof) -> tuple[str, ...]:
    """The proof's notes, less those already said as the text of a condition (said once, not twice)."""
    said = {condition.text for condition in proof.derivation.conditions}
    return tuple(note for note in proof.derivation.notes if note not in said)


def assumption_latex(assumption: Assumption) -> str:
    domain = assumption.domain
    if isinstance(domain, sp.Range):
        return domain_text(_subject_latex(assumption.subject), domain).replace(">=", r"\geq").replace(
            "<=", r"\leq").replace("(integer)", r"\text{ (integer)}")
    subject = assumption.subject
    if isinstance(subject, sp.IndexedBase) and subject.shape and domain == sp.S.Reals:
        return rf"{latex(subject.label)} \in {domain_latex(domain)}^{{{latex(subject.shape[0])}}}"
    return rf"{_subject_latex(subject)} \in {domain_latex(domain)}"


def status_sentence(proof: Proof) -> str:
    if proof.status is Status.PROVEN:
        points = min(v.points for chain in proof.verdicts for v in chain) if proof.verdicts else 0
        return (f"proven: every step reduced to zero by SymPy under the stated assumptions, and checked "
                f"numerically at {points} or more random points (40 significant digits)")
    if proof.status is Status.REFUTED:
        c = proof.counterexample
        assert c is not None
        point = ", ".join(f"{k} = {v}" for k, v in c.point)
        where = f" at {point}" if point else ""
        gap = f" (left minus right: {c.difference})" if c.difference else ""
        return (f"refuted: step {c.step + 1} of chain {c.chain + 1} fails{where}: "
                f"left side {c.lhs_value}, right side {c.rhs_value}{gap}")
    failing = next(((c, s, v) for c, chain in enumerate(proof.verdicts) for s, v in enumerate(chain)
                    if v.status is not Status.PROVEN), None)
    where = f" (step {failing[1] + 1} of chain {failing[0] + 1}: {failing[2].method})" if failing else ""
    return f"unproven: SymPy could not decide every step and no counterexample was found{where}"


def derived(proof: Proof) -> list[tuple[str, sp.Expr, sp.Symbol, sp.Set]]:
    """What symnet derived for a custom link: ('link', g, mu, domain) or ('activation', h, eta, range)."""
    return list(proof.derivation.info("derived", ()) or ())


_DERIVED_HEAD = {"link": ("g", r"g"), "activation": ("h", r"h")}


def derived_text(proof: Proof) -> list[str]:
    return [f"Derived {kind}: {_DERIVED_HEAD[kind][0]}({variable.name}) = {text(expr)}, for "
            f"{domain_text(variable.name, domain)}" for kind, expr, variable, domain in derived(proof)]


def derived_latex(proof: Proof) -> list[tuple[str, str]]:
    """(heading, sentence with $math$) for each derived function."""
    return [(f"Derived {kind}.", rf"${_DERIVED_HEAD[kind][1]}({latex(variable)}) = {latex(expr)}$ for "
             rf"${domain_tex(variable, domain)}$.") for kind, expr, variable, domain in derived(proof)]


# ---------------------------------------------------------------- LaTeX


def fit(tex: str, share: str) -> str:
    """Math that shrinks to `share` of the line width only when it is wider (graphicx's \\width)."""
    if len(tex) < 60:
        return tex
    return (rf"\resizebox{{\ifdim\width>{share}\linewidth {share}\linewidth\else\width\fi}}{{!}}"
            rf"{{$\displaystyle {tex}$}}")


OWN_LINE = 0.45  # a left side wider than this share of the line, beside a right side, goes on a line of its own
LINE_WIDTH = 56  # units of visible_width that fit an amsmath article's text width (345 pt at 10 pt)
_FUNCTION_NAMES = {"log", "exp", "sin", "cos", "tan", "tanh", "arctan", "arcsin", "arccos", "sinh", "cosh", "max",
                   "min", "sign"}


def visible_width(tex: str) -> float:
    """About how wide `tex` prints, in character widths: a fraction counts its wider part, a script 0.7."""
    width, position = 0.0, 0
    while position < len(tex):
        command = re.match(r"\\([A-Za-z]+)", tex[position:])
        character = tex[position]
        if command:
            name, position = command.group(1), position + len(command.group(0))
            if name in ("left", "right"):
                position += 2 if tex[position:position + 1] == "\\" else 1
                width += 0.5
            elif name in ("frac", "dfrac", "tfrac"):
                numerator, position = prose._argument(tex, position)
                denominator, position = prose._argument(tex, position)
                width += max(visible_width(numerator), visible_width(denominator)) + 0.5
            elif name in ("operatorname", "mathrm", "text", "mathbf", "textbf", "sqrt"):
                argument, position = prose._argument(tex, position)
                width += visible_width(argument) + (1.5 if name == "sqrt" else 0)
            elif name in ("quad", "qquad"):
                width += 2 if name == "quad" else 4
            elif name in ("dots", "ldots", "cdots"):
                width += 3
            else:
                width += len(name) if name in _FUNCTION_NAMES else 1.2
        elif character == "\\":
            position += 2
            width += 0.3
        elif character in "^_":
            argument, position = prose._argument(tex, position + 1)
            width += 0.7 * visible_width(argument)
        elif character in "{} &":
            position += 1
        else:
            width += 2.2 if character in "+-=<>" else 1
            position += 1
    return width


def _top_level_terms(tex: str) -> list[str]:
    """`tex` cut before each ' + ' or ' - ' that is outside every brace and \\left ... \\right pair."""
    pieces, depth, start, position = [], 0, 0, 0
    while position < len(tex):
        if tex.startswith(r"\left", position):
            depth, position = depth + 1, position + 5
            continue
        if tex.startswith(r"\right", position):
            depth, position = depth - 1, position + 6
            continue
        character = tex[position]
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth == 0 and tex.startswith((" + ", " - "), position) and position > start:
            pieces.append(tex[start:position])
            start = position
        position += 1
    pieces.append(tex[start:])
    return pieces


def split_terms(expr: sp.Expr, width: float = LINE_WIDTH) -> list[str]:
    """The LaTeX of `expr` in lines that fit `width`: a long sum breaks between its top-level terms."""
    whole = latex(expr)
    if visible_width(whole) <= width:
        return [whole]
    pieces = _top_level_terms(whole)
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if visible_width(lines[-1] + piece) > width:
            lines.append(piece.strip())
        else:
            lines[-1] += piece
    return lines


def wide_left(chain: Chain) -> bool:
    """Whether the chain's left side is too wide to sit beside its right side (it would be shrunk past reading)."""
    left, right = visible_width(latex(chain.lhs)), visible_width(latex(chain.steps[0].rhs))
    return left > 0.55 * LINE_WIDTH or (left > OWN_LINE * LINE_WIDTH and left + right > LINE_WIDTH)


def chain_lines(chain: Chain, reasons: str = "column", own_line: bool | None = None) -> list[str]:
    """align* rows: lhs &= rhs && \\text{reason}; (documents) the reason below and wide math shrunk; or
    (fragments) long sums broken between terms and each reason in a paragraph of its own below.

    With the reason below, a step and its reason are joined by \\\\* so that no page break falls between them.
    """
    rows = []
    for position, step in enumerate(chain.steps):
        left = latex(step.lhs) if position == 0 else ""
        if reasons == "column":
            rows.append(rf"{left} &= {latex(step.rhs)} && \text{{{prose.latex(step.reason)}}}")
        elif reasons == "wrapped":
            if position == 0 and visible_width(left) + visible_width(latex(step.rhs)) + 3 > LINE_WIDTH:
                rows.append(rf"&{left}")  # a wide left side gets a line of its own
                left = ""
            room = LINE_WIDTH - 3 - visible_width(left)
            lines = split_terms(step.rhs, room)
            rows.append(rf"{left} &= {lines[0]}")
            rows += [rf"&\quad {line}" for line in lines[1:]]
            rows.append(rf"\intertext{{\small\quad ({prose.latex(step.reason)})}}")
        else:
            right = latex(step.rhs)
            head = ""
            if position == 0 and (wide_left(chain) if own_line is None else own_line):
                # a wide left side gets lines of its own, a long sum broken between its terms, and the chain
                # continues below it with "= ...", as a textbook sets a long equation
                pieces = split_terms(step.lhs, 0.8 * LINE_WIDTH)
                head = "".join(rf"&{'' if number == 0 else chr(92) + 'quad '}{fit(piece, '0.85')} \\*" + "\n"
                               for number, piece in enumerate(pieces))
                left = ""
            rows.append(head + rf"{fit(left, '0.4' if len(right) < 30 else '0.3')} &= {fit(right, '0.85' if head else '0.62')} \\*"
                        + "\n" + rf"&\phantom{{=}}\quad {_reason_below(step.reason, '' if head else latex(chain.lhs))}")
    return rows


REASON_WIDTH = 120  # units of visible_width of footnotesize words that fit the text width of an article


def _reason_below(reason: str, left: str) -> str:
    """A step's reason in small type below it; a long one (reasons joined with '; ' where steps that print
    alike were merged) wraps in a box that fits beside the chain's left side."""
    words = prose.latex(reason)
    room = 0.92 - min(visible_width(left) / LINE_WIDTH, 0.4)  # the share right of the alignment (a left side
    # wider than 0.4 of the line is shrunk to it)
    if visible_width(words) <= room * REASON_WIDTH:
        return rf"\text{{\footnotesize ({words})}}"
    return rf"\text{{\footnotesize\parbox[t]{{{room:.2f}\linewidth}}{{\raggedright ({words})}}}}"


QED_MARK = r"\rule{0.5em}{0.5em}"


def proof_align(proof: Proof, environment: str = "align*", reasons: str = "column", qed: bool = False) -> str:
    """The main chains of the proof in one align* (or aligned) block; `qed` ends it with the QED mark.

    The mark is printed only when the proof is proven, whatever the caller asks.
    """
    rows: list[str] = []
    shown = shown_chains(proof)
    # one wide left side sets every chain of the block the same way, so that no row overflows the alignment
    own_line = any(wide_left(chain) for _, chain, _ in shown) if reasons == "below" else None
    for _, chain, note in shown:
        rows += chain_lines(chain, reasons, own_line)
        if note:
            if reasons == "column":
                rows.append(rf"&&& \text{{({prose.latex(note)})}}")
            elif reasons == "wrapped":
                rows.append(rf"\intertext{{\small\quad ({prose.latex(note)})}}")
            else:
                # a note can be long: it wraps in a box narrower than the line, right of the alignment
                rows.append(rf"&\phantom{{=}}\quad \text{{\footnotesize\parbox[t]{{0.55\linewidth}}{{\raggedright "
                            rf"({prose.latex(note)})}}}}")
    if qed and proof.proven and rows and environment == "align*":
        last = max(i for i, row in enumerate(rows) if not row.startswith(r"\intertext")) if any(
            not row.startswith(r"\intertext") for row in rows) else None
        if last is not None:
            rows[last] += rf" \tag*{{{QED_MARK}}}"
    body = ""
    for position, row in enumerate(rows):  # \intertext follows a row end and starts the next row itself
        body += row
        if position < len(rows) - 1 and not row.startswith(r"\intertext"):
            body += " \\\\\n"
        elif position < len(rows) - 1:
            body += "\n"
    return f"\\begin{{{environment}}}\n{body}\n\\end{{{environment}}}"


def document_status(proof: Proof) -> str:
    """For documents: nothing when proven (the QED mark says it), else what failed, in words."""
    if proof.status is Status.PROVEN:
        return ""
    if proof.status is Status.REFUTED:
        return status_sentence(proof)
    failing = next(((c, s) for c, chain in enumerate(proof.verdicts) for s, v in enumerate(chain)
                    if v.status is not Status.PROVEN), None)
    where = f" (step {failing[1] + 1} of chain {failing[0] + 1})" if failing else ""
    return f"Not proven: SymPy could not decide every step and no counterexample was found{where}"


def fewest_points(proofs) -> int:
    """The smallest number of random points any step of these proofs was checked at."""
    counts = [v.points for proof in proofs for chain in proof.verdicts for v in chain]
    counts += [fewest_points(proof.derivation.lemmas) for proof in proofs if proof.derivation.lemmas]
    return min(counts) if counts else 0


def identification_latex(proof: Proof) -> str:
    pairs = proof.derivation.identification
    return ", \\quad ".join(f"{latex(a)} = {latex(b)}" for a, b in pairs)


def proof_latex(proof: Proof, heading: str = r"\paragraph") -> str:
    """A LaTeX fragment (amsmath): claim, assumptions, lemmas, the proof, and its status."""
    d = proof.derivation
    parts = [f"% symnet proof: {prose.text(d.title)} -- status: {proof.status.value}"]
    parts += [f"{heading}{{{head}}} {sentence}" for head, sentence in derived_latex(proof)]
    for number, lemma in enumerate(d.lemmas, start=1):
        parts.append(f"{heading}{{Lemma {number}.}} {prose.latex(lemma.derivation.statement)}")
        parts += _assumptions_latex(lemma.derivation)
        parts.append(proof_align(lemma, reasons="wrapped"))
        parts.append(rf"\emph{{Lemma {number}: {escape(status_sentence(lemma))}.}}")
    parts.append(f"{heading}{{Claim.}} {prose.latex(d.statement)}")
    parts += _assumptions_latex(d)
    for condition in d.conditions:
        parts.append(rf"Condition: ${latex(condition.subject)} \in {domain_latex(condition.domain)}$. "
                     + prose.latex(condition.text))
    parts.append(f"{heading}{{Proof.}}")
    parts.append(proof_align(proof, reasons="wrapped"))
    for note in distinct_notes(proof):
        parts.append(prose.latex(note))
    if d.identification:
        parts.append(rf"GLM coefficients: ${identification_latex(proof)}$.")
    ending = QED if proof.proven else ""
    parts.append(rf"\emph{{Status: {escape(status_sentence(proof))}.}}{ending}")
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- Markdown


def markdown_block(proof: Proof) -> list[str]:
    """$$ aligned $$ with a number per step, and the reasons as a numbered list below it."""
    rows, reasons, notes = [], [], []
    for _, chain, note in shown_chains(proof):
        for position, step in enumerate(chain.steps):
            reasons.append(step.reason)
            left = latex(step.lhs) if position == 0 else ""
            rows.append(rf"{left} &= {latex(step.rhs)} && \text{{({len(reasons)})}}")
        if note:
            notes.append(note[0].upper() + note[1:] + ".")
    block = ["$$", "\\begin{aligned}", " \\\\\n".join(rows), "\\end{aligned}", "$$", ""]
    block += [f"{number}. {prose.markdown(reason)}" for number, reason in enumerate(reasons, start=1)]
    return block + ([""] + [f"*{note}*" for note in notes] if notes else []) + [""]


def proof_markdown(proof: Proof, level: int = 3) -> str:
    """Markdown with $$...$$ math (renders on GitHub and in Jupyter)."""
    d = proof.derivation
    lines = [f"{'#' * level} {prose.markdown(d.title)}", ""]
    for head, sentence in derived_latex(proof):
        lines += [f"**{head}** {sentence}", ""]
    for number, lemma in enumerate(d.lemmas, start=1):
        lines += [f"**Lemma {number}.** {prose.markdown(lemma.derivation.statement)}", ""]
        lines += [line for line in _assumptions_latex(lemma.derivation)] + [""] * bool(lemma.derivation.variables)
        lines += markdown_block(lemma)
        lines += [f"*Lemma {number}: {status_sentence(lemma)}.*", ""]
    lines += [f"**Claim.** {prose.markdown(d.statement)}", ""]
    lines += _assumptions_latex(d) + [""] * bool(d.variables)
    for condition in d.conditions:
        lines += [f"Condition: ${latex(condition.subject)} \\in {domain_latex(condition.domain)}$. "
                  f"{prose.markdown(condition.text)}", ""]
    lines += ["**Proof.**", ""] + markdown_block(proof)
    for note in distinct_notes(proof):
        lines += [prose.markdown(note), ""]
    if d.identification:
        lines += [f"GLM coefficients: ${identification_latex(proof)}$.", ""]
    mark = " ∎" if proof.proven else ""
    lines += [f"*Status: {status_sentence(proof)}.*{mark}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- text


def proof_text(proof: Proof) -> str:
    d = proof.derivation
    title = prose.text(d.title)
    lines = [title, "=" * len(title)] + derived_text(proof)
    for number, lemma in enumerate(d.lemmas, start=1):
        lines += [f"Lemma {number}: {prose.text(lemma.derivation.statement)}"]
        lines += _assuming(lemma.derivation)
        lines += _chain_text(lemma, "  ")
        lines.append(f"  -> {lemma.status.value}")
    lines += [f"Claim: {prose.text(d.statement)}"] + _assuming(d)
    for condition in d.conditions:
        lines.append("  and " + domain_text(text(condition.subject), condition.domain))
        if condition.text.strip():
            lines.append("  (" + prose.text(condition.text) + ")")
    lines += _chain_text(proof, "  ")
    for note in distinct_notes(proof):
        note = prose.text(note)
        lines.append(note if re.match(r"^[A-Z][A-Za-z -]*: ", note) else "Note: " + note)
    if d.identification:
        lines.append("GLM coefficients: " + ", ".join(f"{text(a)} = {text(b)}" for a, b in d.identification))
    lines.append(f"Status: {status_sentence(proof)}")
    return "\n".join(lines) + "\n"


def _assuming(derivation) -> list[str]:
    return ["  assuming " + "; ".join(derivation_assumption_texts(derivation))] if derivation.variables else []


def _assumptions_latex(derivation) -> list[str]:
    if not derivation.variables:
        return []
    return [r"Assumptions: $" + r"$, $".join(derivation_assumptions_latex(derivation)) + "$."]


def _chain_text(proof: Proof, indent: str) -> list[str]:
    lines = []
    for index, chain, note in shown_chains(proof):
        verdicts = proof.verdicts[index]
        for position, (step, verdict) in enumerate(zip(chain.steps, verdicts)):
            left = text(step.lhs) if position == 0 else " " * min(len(text(chain.lhs)), 24)
            lines.append(f"{indent}{left} = {text(step.rhs)}")
            lines.append(f"{indent}    [{prose.text(step.reason)}; {verdict.status.value}: {verdict.method}]")
        if note:
            lines.append(f"{indent}({prose.text(note)})")
    return lines


# ---------------------------------------------------------------- JSON


def proof_dict(proof: Proof) -> dict[str, Any]:
    d = proof.derivation
    from symnet.catalog.names import resolve

    link_name = d.info("link")
    record: dict[str, Any] = {
        "title": prose.text(d.title),
        "statement": prose.text(d.statement),
        "status": proof.status.value,
        "link": link_name,
        "inputs": d.info("inputs"),
        "outputs": d.info("outputs"),
        "assumptions": derivation_assumption_texts(d)
        + [domain_text(text(c.subject), c.domain) for c in d.conditions],
        "steps": [
            {"lhs": latex(step.lhs) if position == 0 else None, "latex": latex(step.rhs),
             "reason": prose.text(step.reason), "status": verdict.status.value, "method": verdict.method,
             "points": verdict.points, "chain": index}
            for index, chain, _ in shown_chains(proof)
            for position, (step, verdict) in enumerate(zip(chain.steps, proof.verdicts[index]))
        ],
        "chains_checked": len(d.chains),
        "identification": [[latex(a), latex(b)] for a, b in d.identification],
        "counterexample": proof.counterexample.as_dict() if proof.counterexample else None,
        "lemmas": [proof_dict(lemma) for lemma in d.lemmas],
        "latex": proof_latex(proof),
        "derived": [{"kind": kind, "expr": sp.sstr(expr), "variable": variable.name,
                     "domain": domain_text(variable.name, domain)} for kind, expr, variable, domain in derived(proof)],
    }
    if link_name and not d.info("link_expr"):
        try:
            link = resolve(link_name)
        except SymnetError:
            link = None
        if link is not None:
            record["link_expr"] = sp.sstr(link.link)
            record["inverse_expr"] = sp.sstr(link.inverse)
    for key in ("link_expr", "inverse_expr"):
        record.setdefault(key, d.info(key))
    return record


def proof_json(proof: Proof) -> str:
    return json.dumps(proof_dict(proof), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- Python and Jupyter


def _counts(proof: Proof, seen: set[int] | None = None) -> tuple[int, int]:
    """(chains, steps) of the proof and every lemma it cites, each lemma counted once."""
    seen = set() if seen is None else seen
    chains, steps = len(proof.derivation.chains), len(proof.steps)
    for lemma in proof.derivation.lemmas:
        if id(lemma) not in seen:
            seen.add(id(lemma))
            more = _counts(lemma, seen)
            chains, steps = chains + more[0], steps + more[1]
    return chains, steps


def proof_repr(proof: Proof) -> str:
    """One line: <Proof logit: proven, 2 chains, 6 steps>."""
    chains, steps = _counts(proof)
    name = proof.derivation.info("link") or "custom"
    return (f"<Proof {name}: {proof.status.value}, {chains} chain{'s' * (chains != 1)}, "
            f"{steps} step{'s' * (steps != 1)}>")


def math_sentence(sentence: str) -> str:
    """A sentence with $...$ math as one math-mode string: \\text{words} math \\text{words}."""
    return "".join(part if math else rf"\text{{{escape(part)}}}" for math, part in prose._segments(sentence))


def _display_rows(proof: Proof) -> list[str]:
    rows = []
    for _, chain, note in shown_chains(proof):
        for position, step in enumerate(chain.steps):
            left = latex(step.lhs) if position == 0 else ""
            rows.append(rf"{left} &= {latex(step.rhs)} && {math_sentence(step.reason)}")
        if note:
            rows.append(rf"&\text{{(}}{math_sentence(note)}\text{{)}}")
    return rows


def proof_display_latex(proof: Proof) -> str:
    """The whole proof as one display for Jupyter: $$\\begin{aligned} ... \\end{aligned}$$ (valid LaTeX):
    the derived link, each lemma with its status, the claim, the chains and the status."""
    d = proof.derivation
    rows = [rf"&\textbf{{{prose.escape(head)}}}\ {math_sentence(sentence)}" for head, sentence in derived_latex(proof)]
    for number, lemma in enumerate(d.lemmas, start=1):
        rows.append(rf"&\textbf{{Lemma {number}.}}\ {math_sentence(lemma.derivation.statement)}")
        rows += _display_rows(lemma)
        rows.append(rf"&\text{{Lemma {number}: {escape(lemma.status.value)}.}}")
    rows.append(rf"&\textbf{{Claim.}}\ {math_sentence(d.statement)}")
    rows += _display_rows(proof)
    rows.append(rf"&\textbf{{Status:}}\ \text{{{escape(status_sentence(proof))}.}}")
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$"
