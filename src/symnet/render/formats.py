"""A checked Proof as text, LaTeX (align*), Markdown ($$ ... $$) and JSON.

Everything printed is taken from the Proof: its chains, verdicts, assumptions and lemmas.
"""

from __future__ import annotations

import json
from typing import Any

import sympy as sp

from symnet.catalog.domains import domain_text
from symnet.errors import SymnetError
from symnet.proofs.model import Assumption, Chain, Proof, Status
from symnet.render import prose
from symnet.render.printer import domain_latex, latex, text

escape = prose.escape
QED = r" \hfill\rule{0.5em}{0.5em}"  # the end-of-proof mark; plain LaTeX (no amssymb), printed only when proven

# ---------------------------------------------------------------- shared pieces


def shown_chains(proof: Proof) -> list[tuple[int, Chain, str]]:
    """(index, chain, note): the first chain of each group, with a note naming the rest."""
    out: list[tuple[int, Chain, str]] = []
    groups: dict[str, list[int]] = {}
    for index, chain in enumerate(proof.derivation.chains):
        if chain.group:
            groups.setdefault(chain.group, []).append(index)
            if len(groups[chain.group]) > 1:
                continue
        out.append((index, chain, ""))
    for position, (index, chain, _) in enumerate(out):
        members = groups.get(chain.group, [])
        if len(members) > 1:
            labels = [proof.derivation.chains[i].label for i in members]
            last = labels[-1].split("= ")[-1]
            note = f"shown for {labels[0]}; the same chain is checked for {labels[0]}, ..., {last}"
            out[position] = (index, chain, note)
    return out


def _subject_text(subject: sp.Basic) -> str:
    if isinstance(subject, sp.IndexedBase):
        return f"every {subject.label.name}_i"
    return text(subject)


def _subject_latex(subject: sp.Basic) -> str:
    if isinstance(subject, sp.IndexedBase):
        return latex(subject.label) + "_{\\cdot}"
    if isinstance(subject, sp.Tuple):
        items = [latex(item) for item in subject.args]
        return ", ".join(items) if len(items) <= 4 else f"{items[0]}, {items[1]}, \\dots, {items[-1]}"
    return latex(subject)


def grouped(assumptions: tuple[Assumption, ...]) -> list[Assumption]:
    """Consecutive symbols with the same domain stated once: eta_1, ..., eta_16 in R."""
    out: list[Assumption] = []
    for assumption in assumptions:
        previous = out[-1] if out else None
        if (previous is not None and previous.domain == assumption.domain and isinstance(assumption.subject, sp.Symbol)
                and isinstance(previous.subject, (sp.Symbol, sp.Tuple)) and not isinstance(assumption.domain, sp.Range)):
            members = previous.subject.args if isinstance(previous.subject, sp.Tuple) else (previous.subject,)
            out[-1] = Assumption(sp.Tuple(*members, assumption.subject), assumption.domain, assumption.text)
        else:
            out.append(assumption)
    return out


def assumption_texts(assumptions: tuple[Assumption, ...]) -> list[str]:
    return [domain_text(_subject_text(a.subject), a.domain) for a in assumptions]


def assumption_latex(assumption: Assumption) -> str:
    domain = assumption.domain
    if isinstance(domain, sp.Range):
        return domain_text(_subject_latex(assumption.subject), domain).replace(">=", r"\geq").replace(
            "<=", r"\leq").replace("(integer)", r"\text{ (integer)}")
    return rf"{_subject_latex(assumption.subject)} \in {domain_latex(domain)}"


def status_sentence(proof: Proof) -> str:
    if proof.status is Status.PROVEN:
        points = min(v.points for chain in proof.verdicts for v in chain) if proof.verdicts else 0
        return (f"proven: every step reduced to zero by SymPy under the stated assumptions, and checked "
                f"numerically at {points} or more random points (40 significant digits)")
    if proof.status is Status.REFUTED:
        c = proof.counterexample
        assert c is not None
        point = ", ".join(f"{k} = {v}" for k, v in c.point)
        return (f"refuted: step {c.step + 1} of chain {c.chain + 1} fails at {point}: "
                f"left side {c.lhs_value}, right side {c.rhs_value}")
    failing = next(((c, s, v) for c, chain in enumerate(proof.verdicts) for s, v in enumerate(chain)
                    if v.status is not Status.PROVEN), None)
    where = f" (step {failing[1] + 1} of chain {failing[0] + 1}: {failing[2].method})" if failing else ""
    return f"unproven: SymPy could not decide every step and no counterexample was found{where}"


# ---------------------------------------------------------------- LaTeX


def fit(tex: str, share: str) -> str:
    """Math that shrinks to `share` of the line width only when it is wider (graphicx's \\width)."""
    if len(tex) < 60:
        return tex
    return (rf"\resizebox{{\ifdim\width>{share}\linewidth {share}\linewidth\else\width\fi}}{{!}}"
            rf"{{$\displaystyle {tex}$}}")


def chain_lines(chain: Chain, reasons: str = "column") -> list[str]:
    """align* rows: lhs &= rhs && \\text{reason}, or (documents) the reason below and wide math shrunk.

    With the reason below, a step and its reason are joined by \\\\* so that no page break falls between them.
    """
    rows = []
    for position, step in enumerate(chain.steps):
        left = latex(step.lhs) if position == 0 else ""
        if reasons == "column":
            rows.append(rf"{left} &= {latex(step.rhs)} && \text{{{prose.latex(step.reason)}}}")
        else:
            right = latex(step.rhs)
            rows.append(rf"{fit(left, '0.4' if len(right) < 30 else '0.3')} &= {fit(right, '0.62')} \\*" + "\n"
                        + rf"&\phantom{{=}}\quad \text{{\footnotesize ({prose.latex(step.reason)})}}")
    return rows


QED_MARK = r"\rule{0.5em}{0.5em}"


def proof_align(proof: Proof, environment: str = "align*", reasons: str = "column", qed: bool = False) -> str:
    """The main chains of the proof in one align* (or aligned) block; `qed` ends it with the QED mark.

    The mark is printed only when the proof is proven, whatever the caller asks.
    """
    rows: list[str] = []
    for _, chain, note in shown_chains(proof):
        rows += chain_lines(chain, reasons)
        if note:
            rows.append(rf"&&& \text{{({escape(note)})}}" if reasons == "column"
                        else rf"&\phantom{{=}}\quad \text{{\footnotesize ({escape(note)})}}")
    if qed and proof.proven and rows and environment == "align*":
        rows[-1] += rf" \tag*{{{QED_MARK}}}"
    body = " \\\\\n".join(rows)
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
    for number, lemma in enumerate(d.lemmas, start=1):
        parts.append(f"{heading}{{Lemma {number}.}} {prose.latex(lemma.derivation.statement)}")
        parts.append(r"Assumptions: $" + r"$, $".join(assumption_latex(a) for a in grouped(lemma.derivation.variables)) + "$.")
        parts.append(proof_align(lemma))
        parts.append(rf"\emph{{Lemma {number}: {escape(status_sentence(lemma))}.}}")
    parts.append(f"{heading}{{Claim.}} {prose.latex(d.statement)}")
    parts.append(r"Assumptions: $" + r"$, $".join(assumption_latex(a) for a in grouped(d.variables)) + "$.")
    for condition in d.conditions:
        parts.append(rf"Condition: ${latex(condition.subject)} \in {domain_latex(condition.domain)}$. "
                     + prose.latex(condition.text))
    parts.append(f"{heading}{{Proof.}}")
    parts.append(proof_align(proof))
    for note in d.notes:
        parts.append(prose.latex(note))
    if d.identification:
        parts.append(rf"GLM coefficients: ${identification_latex(proof)}$.")
    ending = QED if proof.proven else ""
    parts.append(rf"\emph{{Status: {escape(status_sentence(proof))}.}}{ending}")
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- Markdown


def markdown_block(proof: Proof) -> list[str]:
    """$$ aligned $$ with a number per step, and the reasons as a numbered list below it."""
    rows, reasons = [], []
    for _, chain, note in shown_chains(proof):
        for position, step in enumerate(chain.steps):
            reasons.append(step.reason)
            left = latex(step.lhs) if position == 0 else ""
            rows.append(rf"{left} &= {latex(step.rhs)} && \text{{({len(reasons)})}}")
        if note:
            reasons.append(f"({note})")
    block = ["$$", "\\begin{aligned}", " \\\\\n".join(rows), "\\end{aligned}", "$$", ""]
    block += [f"{number}. {prose.markdown(reason)}" for number, reason in enumerate(reasons, start=1)]
    return block + [""]


def proof_markdown(proof: Proof, level: int = 3) -> str:
    """Markdown with $$...$$ math (renders on GitHub and in Jupyter)."""
    d = proof.derivation
    lines = [f"{'#' * level} {prose.markdown(d.title)}", ""]
    for number, lemma in enumerate(d.lemmas, start=1):
        lines += [f"**Lemma {number}.** {prose.markdown(lemma.derivation.statement)}", "",
                  "Assumptions: " + ", ".join(f"${assumption_latex(a)}$" for a in grouped(lemma.derivation.variables))
                  + ".", ""]
        lines += markdown_block(lemma)
        lines += [f"*Lemma {number}: {status_sentence(lemma)}.*", ""]
    lines += [f"**Claim.** {prose.markdown(d.statement)}", "",
              "Assumptions: " + ", ".join(f"${assumption_latex(a)}$" for a in grouped(d.variables)) + ".", ""]
    for condition in d.conditions:
        lines += [f"Condition: ${latex(condition.subject)} \\in {domain_latex(condition.domain)}$. "
                  f"{prose.markdown(condition.text)}", ""]
    lines += ["**Proof.**", ""] + markdown_block(proof)
    for note in d.notes:
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
    lines = [title, "=" * len(title)]
    for number, lemma in enumerate(d.lemmas, start=1):
        lines += [f"Lemma {number}: {prose.text(lemma.derivation.statement)}",
                  "  assuming " + "; ".join(assumption_texts(lemma.derivation.variables))]
        lines += _chain_text(lemma, "  ")
        lines.append(f"  -> {lemma.status.value}")
    lines += [f"Claim: {prose.text(d.statement)}", "  assuming " + "; ".join(assumption_texts(d.variables))]
    for condition in d.conditions:
        lines.append("  and " + domain_text(text(condition.subject), condition.domain))
        lines.append("  (" + prose.text(condition.text) + ")")
    lines += _chain_text(proof, "  ")
    for note in d.notes:
        lines.append("Note: " + prose.text(note))
    if d.identification:
        lines.append("GLM coefficients: " + ", ".join(f"{text(a)} = {text(b)}" for a, b in d.identification))
    lines.append(f"Status: {status_sentence(proof)}")
    return "\n".join(lines) + "\n"


def _chain_text(proof: Proof, indent: str) -> list[str]:
    lines = []
    for index, chain, note in shown_chains(proof):
        verdicts = proof.verdicts[index]
        for position, (step, verdict) in enumerate(zip(chain.steps, verdicts)):
            left = text(step.lhs) if position == 0 else " " * min(len(text(chain.lhs)), 24)
            lines.append(f"{indent}{left} = {text(step.rhs)}")
            lines.append(f"{indent}    [{prose.text(step.reason)}; {verdict.status.value}: {verdict.method}]")
        if note:
            lines.append(f"{indent}({note})")
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
        "assumptions": assumption_texts(d.variables)
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
