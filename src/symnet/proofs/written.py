"""Trees as written: substitution and rebuilding without SymPy's automatic evaluation.

`with sympy.evaluate(False)` would do the same, but every change of that global setting clears SymPy's
cache of constructed expressions, which a proof of thousands of steps cannot afford.
"""

from __future__ import annotations

import sympy as sp

_UNEVALUATED = (sp.Add, sp.Mul, sp.Pow, sp.Function)  # classes whose constructor takes evaluate=False


def rebuilt(expr: sp.Basic, args: tuple) -> sp.Basic:
    """`expr`'s head applied to new arguments, as written (no automatic evaluation)."""
    if isinstance(expr, _UNEVALUATED):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def substituted(expr: sp.Basic, mapping: dict) -> sp.Basic:
    """`expr.xreplace(mapping)` as written: only the replaced subtrees and their ancestors are rebuilt."""
    memo: dict[sp.Basic, sp.Basic] = {}

    def walk(node: sp.Basic) -> sp.Basic:
        found = mapping.get(node)
        if found is not None:
            return found
        if not node.args:
            return node
        done = memo.get(node)
        if done is None:
            args = tuple(walk(a) for a in node.args)
            done = memo[node] = node if all(a is b for a, b in zip(args, node.args)) else rebuilt(node, args)
        return done

    return walk(expr)
