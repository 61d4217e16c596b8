"""Text and JSON renderings of a crosscheck Comparison."""

from __future__ import annotations

from symnet.crosscheck.jsontext import strict_json
from symnet.crosscheck.run import IRLS_TOLERANCE, NETWORK_TOLERANCE, Comparison

PAIRS = (("irls", "statsmodels", IRLS_TOLERANCE), ("network", "statsmodels", NETWORK_TOLERANCE),
         ("network", "irls", NETWORK_TOLERANCE))


def comparison_text(result: Comparison) -> str:
    width = max(len(n) for n in result.names)
    fixed = f" ({', '.join(f'{name} = {value:g}' for name, value in result.parameters)})" if result.parameters else ""
    lines = [f"crosscheck: {result.link} link, {result.family} family{fixed}, data {result.data}"]
    if result.reference:
        lines.append(f"softmax weights as contrasts against the reference class {result.reference}")
    lines.append(f"{'coefficient':<{width}}  {'network':>15} {'IRLS':>15} {'statsmodels':>15} {'SE':>11} {'z':>8}")
    for row in zip(result.names, result.network, result.irls, result.statsmodels, result.standard_errors, result.z):
        lines.append(f"{row[0]:<{width}}  {row[1]:>15.8g} {row[2]:>15.8g} {row[3]:>15.8g} {row[4]:>11.4g} {row[5]:>8.3f}")
    lines.append(f"deviance {result.deviance:.10g}   log-likelihood (statsmodels) {result.loglik:.10g}")
    lines.append("iterations: " + ", ".join(
        f"{k} {v}" + ("" if result.converged[k] else " (NOT converged)") for k, v in result.iterations.items()))
    if result.reference:
        lines.append("network weights, sum-to-zero over the classes (scikit-learn's parametrisation):")
        lines.extend(_sum_to_zero_lines(result))
        lines.append(f"probabilities from the contrasts and from the sum-to-zero weights differ by at most "
                     f"{result.probability_gap:.1e}")
    for first, second, tolerance in PAIRS:
        gap = result.difference(first, second)
        lines.append(f"max relative difference {first} vs {second}: {gap:.1e} "
                     f"({'<=' if gap <= tolerance else 'ABOVE'} {tolerance:.0e})")
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append("agree: yes" if result.agrees else f"agree: NO ({'; '.join(result.disagreements)})")
    return "\n".join(lines) + "\n"


def _sum_to_zero_lines(result: Comparison) -> list[str]:
    terms = list(dict.fromkeys(name.split(": ", 1)[1] for name in result.names))
    classes = len(result.sum_to_zero) // len(terms)
    width = max(len(c) for c in result.classes)
    lines = [f"  {'class':<{width}}  " + " ".join(f"{t[:11]:>11}" for t in terms)]
    for k in range(classes):
        row = result.sum_to_zero[k * len(terms):(k + 1) * len(terms)]
        lines.append(f"  {result.classes[k]:<{width}}  " + " ".join(f"{v:>11.5g}" for v in row))
    return lines


def comparison_json(result: Comparison) -> str:
    record = {"link": result.link, "family": result.family, "parameters": dict(result.parameters),
              "data": result.data, "reference": result.reference,
              "coefficients": [{"name": n, "network": a, "irls": b, "statsmodels": c, "se": s, "z": z}
                               for n, a, b, c, s, z in zip(result.names, result.network, result.irls,
                                                           result.statsmodels, result.standard_errors, result.z)],
              "deviance": result.deviance, "loglik": result.loglik, "iterations": result.iterations,
              "converged": result.converged,
              "max_relative_difference": {f"{a}_vs_{b}": result.difference(a, b) for a, b, _ in PAIRS},
              "agrees": result.agrees, "disagreements": list(result.disagreements), "notes": list(result.notes)}
    if result.reference:
        record["sum_to_zero"] = list(result.sum_to_zero)
        record["probability_gap"] = result.probability_gap
    return strict_json(record)
