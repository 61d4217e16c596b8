"""The one LaTeX printer: readable indices and elided long sums (display heads print themselves)."""

from __future__ import annotations

import re

import sympy as sp

from symnet.catalog.domains import REALS_TEX
from symnet.catalog.notation import TextbookLatexPrinter

ELIDE_ABOVE = 8  # an Add with more terms prints as first terms, \dots, last term


def _index_key(term: sp.Expr) -> tuple:
    """(how many indexed atoms, their integer indices in order): the first part of the natural order."""
    factors = term.args if isinstance(term, sp.Mul) else (term,)
    if all(isinstance(f, sp.Indexed) or f.is_Atom for f in factors):  # a term of a layer: no traversal
        atoms = {f for f in factors if isinstance(f, sp.Indexed)}
    else:
        atoms = term.atoms(sp.Indexed)
    indices = tuple(sorted(tuple(int(i) for i in atom.indices if i.is_Integer) for atom in atoms))
    return (len(indices), indices)


def _natural_key(term: sp.Expr) -> tuple:
    return (*_index_key(term), sp.default_sort_key(term))


def elided(terms) -> list:
    """The first three terms of a long sum in the natural order, None (the dots), and the last one.

    SymPy's sort key is computed only for the terms that could be among those (a layer has 10^5 terms).
    """
    keyed = [(_index_key(term), term) for term in terms]
    ranked = sorted({key for key, _ in keyed})
    low, high = ranked[min(2, len(ranked) - 1)], ranked[-1]
    candidates = sorted((term for key, term in keyed if key <= low or key == high), key=_natural_key)
    return [*candidates[:3], None, candidates[-1]]


def _is_fraction(expr: sp.Basic) -> bool:
    """A product or power with a negative power in it: a fraction (only an unevaluated tree divides by one)."""
    if isinstance(expr, sp.Pow):
        return expr.exp.is_negative is True
    return isinstance(expr, sp.Mul) and any(isinstance(f, sp.Pow) and f.exp.is_negative is True for f in expr.args)


def _has_fraction(expr: sp.Basic) -> bool:
    return any(_is_fraction(node) for node in sp.preorder_traversal(expr))


def _written_quotient(factors: tuple) -> tuple[sp.Expr, sp.Expr] | None:
    """(numerator, denominator) of a product as written with one factor 1/d^k, when a fraction sits in the
    numerator or in d: SymPy would print a/b / c as a (1/b) / c; a textbook prints a fraction of fractions."""
    inverted = [f for f in factors if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0]
    if len(inverted) != 1:
        return None
    (denominator,) = inverted
    rest = [f for f in factors if f is not denominator]
    numerator = sp.Mul(*rest, evaluate=False) if len(rest) > 1 else (rest[0] if rest else sp.Integer(1))
    if not (_has_fraction(numerator) or _has_fraction(denominator.base)):
        return None
    power = -denominator.exp
    return numerator, (denominator.base if power == 1 else sp.Pow(denominator.base, power, evaluate=False))


def _is_input(factor: sp.Basic) -> bool:
    return isinstance(factor, sp.Indexed) and factor.base.label.name == "x"


class SymnetPrinter(TextbookLatexPrinter):
    """LaTeX as it appears in every symnet output."""

    def _print_Add(self, expr, order=None):
        if len(expr.args) > ELIDE_ABOVE:
            shown: list = elided(expr.args)
        elif any(isinstance(a, sp.Add) or (isinstance(a, sp.Mul) and any(isinstance(f, sp.Add) for f in a.args))
                 for a in expr.args):
            shown = list(expr.args)  # an unevaluated sum of sums: keep the written order
        else:
            shown = sorted(self._as_ordered_terms(expr, order=order), key=lambda t: t.could_extract_minus_sign())
        tex = ""
        for position, term in enumerate(shown):
            if term is None:
                tex += r" + \dots"
                continue
            negative = term.could_extract_minus_sign()
            if position and negative:
                tex += " - "
                term = -term
            elif position:
                tex += " + "
            body = self._print(term)
            if isinstance(term, sp.Add) or (position and negative and body.startswith("-")):
                body = rf"\left({body}\right)"
            tex += body
        return tex

    def _print_Mul(self, expr):
        factors = expr.args
        if len(factors) > 1 and factors[0] == -1:  # -x as written (an unevaluated product), not (-1) x
            rest = factors[1:]
            return "- " + self._print(sp.Mul(*rest, evaluate=False) if len(rest) > 1 else rest[0])
        quotient = _written_quotient(factors)
        if quotient is not None:  # a quotient as written with a fraction in it: (mu/(1 - mu)) / (mu/(1 - mu) + 1)
            numerator, denominator = quotient
            return rf"\frac{{{self._print(numerator)}}}{{{self._print(denominator)}}}"
        nested = [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and _is_fraction(f.base)]
        if len(nested) == 1:  # a quotient as written, a fraction over a fraction: (1/a) / (b/a)
            rest = [f for f in factors if f is not nested[0]]
            numerator = sp.Mul(*rest, evaluate=False) if len(rest) > 1 else (rest[0] if rest else sp.Integer(1))
            return rf"\frac{{{self._print(numerator)}}}{{{self._print(nested[0].base)}}}"
        simple = all(isinstance(f, (sp.Indexed, sp.Symbol)) for f in factors)
        if not simple:
            return super()._print_Mul(expr)
        # weights before inputs: w_{i} x_{i}, as in every textbook
        ordered = sorted(factors, key=lambda f: (_is_input(f), sp.default_sort_key(f)))
        return " ".join(self._print(f) for f in ordered)

    def _print_Derivative(self, expr):
        """d/dmu [g'(mu) V(mu)]: a product or sum being differentiated is bracketed."""
        inner = expr.expr
        counts = expr.variable_count
        if len(counts) == 1 and isinstance(inner, sp.Function) and inner.args == (counts[0][0],) and counts[0][1] <= 3:
            printed = self._print(inner)  # g'(mu), as textbooks write the derivative of a function of mu
            argument = rf"\left({self._print(counts[0][0])}\right)"
            if printed.endswith(argument):
                name = printed[:-len(argument)]
                name = f"{{{name}}}" if "^" in name or "_" in name else name  # {\Phi^{-1}}': one superscript
                return name + "'" * int(counts[0][1]) + argument
        if isinstance(inner, (sp.Mul, sp.Add)) and len(expr.variables) == 1:
            variable = self._print(expr.variables[0])
            partial = r"\partial" if inner.free_symbols - {expr.variables[0]} and not isinstance(inner, sp.Mul) \
                else "d"
            return rf"\frac{{{partial}}}{{{partial} {variable}}} \left[{self._print(inner)}\right]"
        return super()._print_Derivative(expr)

    def _print_Subs(self, expr):
        """g'(mu) at mu = h(eta) as textbooks write it, g'(h(eta)); anything else as SymPy prints it."""
        called = _called_at(self, expr, r"\left(", r"\right)")
        return called if called is not None else super()._print_Subs(expr)

    def _print_Indexed(self, expr):
        base = self._print(expr.base.label)
        indices = ",".join(self._print(i) for i in expr.indices)
        return f"{base}_{{{indices}}}"


_PRINTER = SymnetPrinter()


def latex(expr: sp.Basic) -> str:
    """The symnet LaTeX of an expression or a relation."""
    return _PRINTER.doprint(expr)


def domain_latex(domain: sp.Set) -> str:
    """An interval or range in textbook notation: (0, 1), (0, \\infty), \\mathbf{R}."""
    if domain == sp.S.Reals:
        return REALS_TEX
    text = sp.latex(domain)
    return re.sub(r"\\left|\\right", "", text)


def text_name(name: str) -> str:
    """A symbol's name in plain text: the LaTeX hat spelled `_hat` (y_hat, y_hat_k)."""
    return name.replace("\\hat{y}", "y_hat")


def _text_index(index: str) -> str:
    return index if re.fullmatch(r"[A-Za-z0-9]+", index) else f"({index})"


class SymnetTextPrinter(sp.printing.str.StrPrinter):
    """Plain text that reads like mathematics: w_i x_i, b_k - b_K, sum_(i=1..n), y_hat_k, beta_k,0."""

    def _print_Add(self, expr, order=None):
        terms = list(expr.args)
        if len(terms) > ELIDE_ABOVE:
            shown: list = elided(terms)
        elif any(isinstance(a, sp.Add) or (isinstance(a, sp.Mul) and any(isinstance(f, sp.Add) for f in a.args))
                 for a in terms):
            shown = terms  # an unevaluated sum of sums: keep the written order
        else:
            shown = self._as_ordered_terms(expr, order=order)
        shown = sorted(shown, key=lambda t: t is not None and t.could_extract_minus_sign())
        out = ""
        for position, term in enumerate(shown):
            if term is None:
                out += " + ..."
                continue
            negative = term.could_extract_minus_sign()
            body = self._print(-term if negative else term)
            if isinstance(-term if negative else term, sp.Add):
                body = f"({body})"
            if position == 0:
                out += f"-{body}" if negative else body
            else:
                out += f" - {body}" if negative else f" + {body}"
        return out

    def _print_Mul(self, expr):
        factors = expr.args
        nested = [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and _is_fraction(f.base)]
        if len(nested) == 1:  # a quotient as written, a fraction over a fraction: (1/a) / (b/a)
            rest = [f for f in factors if f is not nested[0]]
            numerator = sp.Mul(*rest, evaluate=False) if len(rest) > 1 else (rest[0] if rest else sp.Integer(1))
            return f"({self._print(numerator)})/({self._print(nested[0].base)})"
        if all(isinstance(f, (sp.Indexed, sp.Symbol)) for f in factors):
            ordered = sorted(factors, key=lambda f: (_is_input(f), sp.default_sort_key(f)))
            return " ".join(self._print(f) for f in ordered)
        return super()._print_Mul(expr)

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Indexed):  # Indexed prints itself as w[i]; symnet writes w_i
            return self._print_Indexed(expr)
        return super()._print(expr, **kwargs)

    def _print_Indexed(self, expr):
        label = text_name(expr.base.label.name)
        return f"{label}_{','.join(_text_index(self._print(i)) for i in expr.indices)}"

    def _print_Symbol(self, expr):
        return text_name(expr.name)

    def _print_Derivative(self, expr):
        """g'(mu) and g''(mu) for a function of the variable alone, dl/dmu for one of several, else d/dmu [...]."""
        inner, counts = expr.expr, expr.variable_count
        if len(counts) != 1:  # a mixed partial: d^2/deta_2 deta_1 [...]
            order = sum(int(n) for _, n in counts)
            below = " ".join(f"∂{self._print(v)}" + (f"^{n}" if n != 1 else "") for v, n in reversed(counts))
            return f"∂^{order}/{below} [{self._print(inner)}]"
        variable, order = counts[0]
        name = self._print(variable)
        if isinstance(inner, sp.Function) and inner.args == (variable,) and order <= 3:
            printed = self._print(inner)
            suffix = f"({name})"
            if printed.endswith(suffix):
                return printed[:-len(suffix)] + "'" * int(order) + suffix
        power = "" if order == 1 else f"^{order}"
        partial = "∂" if inner.free_symbols - {variable} and not isinstance(inner, sp.Mul) else "d"
        if isinstance(inner, sp.Function) and len(inner.args) > 1 and variable in inner.args:
            return f"({partial}{power}{self._print(inner).split('(')[0]}/{partial}{name}{power})"
        return f"{partial}{power}/{partial}{name}{power} [{self._print(inner)}]"

    def _print_Abs(self, expr):
        """|x|, as the LaTeX and the flattened prose write it."""
        return f"|{self._print(expr.args[0])}|"

    def _print_Subs(self, expr):
        called = _called_at(self, expr, "(", ")")
        if called is not None:
            return called
        at = ", ".join(f"{self._print(v)} = {self._print(p)}" for v, p in zip(expr.variables, expr.point))
        return f"[{self._print(expr.expr)}] at {at}"

    def _print_loggamma(self, expr):
        """log Gamma(y + 1) of a count y is log(y!), as textbooks write the Poisson likelihood."""
        argument = expr.args[0]
        if isinstance(argument, sp.Add) and len(argument.args) == 2 and sp.Integer(1) in argument.args:
            (other,) = [a for a in argument.args if a != 1]
            if isinstance(other, sp.Symbol):
                return f"log({self._print(other)}!)"
        return f"log Gamma({self._print(argument)})"

    def _print_Piecewise(self, expr):
        pieces = []
        for piece, condition in expr.args:
            value = self._print(piece)
            pieces.append(f"{value} otherwise" if condition is sp.true else f"{value} if {self._print(condition)}")
        return "(" + "; ".join(pieces) + ")"

    def _print_Sum(self, expr):
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add):
            body = f"({body})"
        limits = ", ".join(f"{self._print(v)}={self._print(low)}..{self._print(high)}" for v, low, high in expr.limits)
        return f"sum_({limits}) {body}"


_TEXT = SymnetTextPrinter()


def text(expr: sp.Basic) -> str:
    """The symnet plain-text form of an expression, written as the flattened prose writes it: powers with ^,
    products side by side (2 log(mu), alpha mu), with * only between two numbers (2*3^eta)."""
    printed = _TEXT.doprint(expr).replace("**", "^")
    return re.sub(r"(?<!\d)\*|\*(?!\d)", " ", printed)


def _derivative_at(expr: sp.Subs) -> tuple[sp.Derivative, sp.Expr] | None:
    """(f'(v), the point) for Subs(f'(v), v, point) with f a function of v alone, else None."""
    derivative = expr.expr
    if (len(expr.variables) == 1 and isinstance(derivative, sp.Derivative) and len(derivative.variables) == 1
            and derivative.variables[0] == expr.variables[0] and isinstance(derivative.expr, sp.Function)
            and derivative.expr.args == (expr.variables[0],)):
        return derivative, expr.point[0]
    return None


def _called_at(printer, expr: sp.Subs, left: str, right: str) -> str | None:
    """Subs(f'(v), v, point) printed as f'(point) by `printer` (brackets `left`, `right`), or None."""
    shown = _derivative_at(expr)
    if shown is None:
        return None
    derivative, point = shown
    printed = printer._print(derivative)
    argument = f"{left}{printer._print(derivative.variables[0])}{right}"
    return printed[:-len(argument)] + f"{left}{printer._print(point)}{right}" if printed.endswith(argument) else None
