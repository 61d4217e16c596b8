"""Safe parsing of user-written expressions: Python's `ast` with a whitelist, never eval or sympify.

Allowed: numbers, the one variable, declared parameters, pi and e, + - * / **, unary minus, parentheses,
and calls (one argument) to the functions in FUNCTIONS.  Limits on length, nesting, the degree of a
power of the variable and the size (digits) of every number mean that no input can hang or exhaust
memory.  A constant part that is not real (sqrt(-1), log(-1), atanh(2), ...) is refused: a network's
activation is real.  Every rejection names the token and its column.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from collections.abc import Callable, Mapping

import sympy as sp

from symnet.catalog.names import resolve
from symnet.errors import ExpressionError

MAX_LENGTH = 500
MAX_DEPTH = 30
MAX_NODES = 200
MAX_EXPONENT = 64  # the largest power of an expression in the variable (a degree, not a number's size)
MAX_DIGITS = 100  # the largest number, written out (numerator and denominator), anywhere in an expression
CHECK_PRECISION = 60  # digits for deciding that a constant's imaginary part is not zero


def _catalog_activation(link_name: str) -> Callable[[sp.Expr], sp.Expr]:
    """The activation of a catalog link as a function (its formula is written once, in the catalog)."""
    return lambda x: resolve(link_name).h(x)


FUNCTIONS: Mapping[str, Callable[[sp.Expr], sp.Expr]] = {
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt, "tanh": sp.tanh, "atan": sp.atan,
    "arctan": sp.atan, "tan": sp.tan, "sin": sp.sin, "cos": sp.cos, "sinh": sp.sinh, "cosh": sp.cosh,
    "asinh": sp.asinh, "atanh": sp.atanh, "erf": sp.erf, "erfc": sp.erfc, "erfinv": sp.erfinv,
    "Phi": _catalog_activation("probit"), "sigmoid": _catalog_activation("logit"),
    "softplus": _catalog_activation("softplus"), "expm1": lambda x: sp.exp(x) - 1,
    "log1p": lambda x: sp.log(1 + x), "abs": sp.Abs,
}
CONSTANTS: Mapping[str, sp.Expr] = {"pi": sp.pi, "e": sp.E, "E": sp.E}

_BINARY = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul, ast.Div: lambda a, b: a / b,
           ast.Pow: sp.Pow}
# Operators Python reads but symnet refuses: (symbol, what Python makes of it, what to write instead)
_REFUSED_OPERATORS = {
    ast.BitXor: ("^", "bitwise xor", "write ** for a power"),
    ast.BitAnd: ("&", "bitwise and", "write * for a product"),
    ast.BitOr: ("|", "bitwise or", "write abs(...) for an absolute value"),
    ast.Mod: ("%", "remainder", "write an expression with + - * / ** and functions such as exp(...)"),
    ast.FloorDiv: ("//", "floor division", "write / for a division"),
    ast.MatMult: ("@", "matrix product", "write * for a product"),
    ast.LShift: ("<<", "bit shift", "write ** for a power"),
    ast.RShift: (">>", "bit shift", "write ** for a power"),
    ast.Invert: ("~", "bitwise not", "write - for a minus sign"),
    ast.Not: ("not", "boolean not", "write an expression with + - * / ** and functions such as exp(...)"),
}


def _reject(source: str, node: ast.AST | None, message: str, column: int | None = None) -> ExpressionError:
    if column is None:
        column = getattr(node, "col_offset", 0)
    end = getattr(node, "end_col_offset", column + 1) or column + 1
    token = source[column:end] if node is not None else source[column:column + 1]
    if len(token) > 30:
        token = token[:27] + "..."
    return ExpressionError(f"{message}: {token!r} at column {column + 1}")


def _precheck(source: str) -> None:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}")
    depth = 0
    for column, character in enumerate(source):
        if ord(character) > 127 or (not character.isprintable() and character not in " \t"):
            raise ExpressionError(f"character {character!r} (U+{ord(character):04X}) is not allowed: "
                                  f"only ASCII letters, digits and + - * / ** ( ) . , at column {column + 1}")
        if character in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError(f"expression is nested deeper than {MAX_DEPTH} levels at column {column + 1}")
        elif character in ")]}":
            depth -= 1
    if not source.strip():
        raise ExpressionError("the expression is empty")


def parse(source: str, variable: str, parameters: Mapping[str, sp.Symbol] | None = None,
          variable_symbol: sp.Symbol | None = None) -> sp.Expr:
    """The SymPy expression written in `source`, in the single variable `variable`."""
    if not isinstance(source, str):
        raise ExpressionError(f"expected the expression as text, got {type(source).__name__}")
    _precheck(source)
    parameters = dict(parameters or {})
    for name in [n for n in parameters if keyword.iskeyword(n)]:  # e.g. the power link's lambda
        source = re.sub(rf"\b{name}\b", f"{name}_", source)
        parameters[f"{name}_"] = parameters.pop(name)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        column = (error.offset or 1) - 1
        raise ExpressionError(f"not a valid expression ({error.msg}) at column {column + 1}{_syntax_hint(source)}"
                              ) from None
    except (ValueError, MemoryError, RecursionError) as error:
        raise ExpressionError(f"not a valid expression ({error})") from None
    source = source.strip()
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise ExpressionError(f"expression has {nodes} parts; the limit is {MAX_NODES}")
    names = {variable: variable_symbol or sp.Symbol(variable, real=True)}
    names.update(parameters)
    expression = _Builder(source, names).build(tree.body)
    if expression.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError(f"expression {source!r} is undefined (it divides by zero or is infinite)")
    return expression


def _syntax_hint(source: str) -> str:
    """What a newcomer probably meant: a product written without * (2eta, 2 eta, (eta)(eta)), |x| for abs(x)."""
    if "|" in source:
        return "; write abs(...) for an absolute value"
    if re.search(r"(\d\s*[A-Za-z_(])|(\)\s*[\w(])|([A-Za-z_]\w*\s+[A-Za-z_(\d])", source):
        return "; write * for a product (2*eta, not 2eta or 2 eta)"
    return ""


class _Builder:
    """Turns a whitelisted AST into SymPy, refusing everything else."""

    def __init__(self, source: str, names: Mapping[str, sp.Symbol]):
        self.source = source
        self.names = names

    def build(self, node: ast.AST) -> sp.Expr:
        """The SymPy form of `node`, with every constant part checked: a real number of bounded size."""
        result = self._build(node)
        if not result.free_symbols:
            self._check_constant(node, result)
        return result

    def _check_constant(self, node: ast.AST, value: sp.Expr) -> None:
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise _reject(self.source, node, "this part is undefined (it divides by zero or is infinite)")
        for number in value.atoms(sp.Rational):
            digits = max(len(str(abs(number.p))), len(str(number.q)))
            if digits > MAX_DIGITS:
                raise _reject(self.source, node, f"this number has {digits} digits; the limit is {MAX_DIGITS}")
        if not _is_real(value):
            raise _reject(self.source, node, f"this constant is not a real number ({sp.sstr(value)}); a "
                                             "network's activation is real")

    def _build(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            if node.id in FUNCTIONS:
                raise _reject(self.source, node, f"function {node.id!r} must be called with one argument")
            allowed = ", ".join(sorted(self.names))
            raise _reject(self.source, node, f"unknown name (allowed: {allowed}, pi, e)")
        if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _REFUSED_OPERATORS:
            raise self._operator(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            if isinstance(node.op, ast.Pow):
                return self._power(node)
            return _BINARY[type(node.op)](self.build(node.left), self.build(node.right))
        if isinstance(node, ast.Call):
            return self._call(node)
        kind = type(node).__name__
        readable = {"Attribute": "attribute access", "Subscript": "subscript", "Lambda": "lambda",
                    "ListComp": "comprehension", "GeneratorExp": "comprehension", "Compare": "comparison",
                    "BoolOp": "boolean operator", "IfExp": "conditional", "JoinedStr": "string",
                    "List": "list", "Tuple": "tuple", "Dict": "dict", "Set": "set", "Starred": "starred",
                    "NamedExpr": "assignment"}.get(kind, kind)
        raise _reject(self.source, node, f"{readable} is not allowed")

    def _operator(self, node: ast.BinOp | ast.UnaryOp) -> ExpressionError:
        """A Python operator symnet refuses, named as typed, with what to write instead (^ is no power)."""
        symbol, meaning, instead = _REFUSED_OPERATORS[type(node.op)]
        start = node.left.end_col_offset if isinstance(node, ast.BinOp) else node.col_offset
        column = self.source.find(symbol, start)
        column = node.col_offset if column < 0 else column
        if isinstance(node.op, ast.BitXor):
            lead = "'^' is not a power in symnet's syntax (Python's, where ^ is bitwise xor)"
            instead += f": {self.source.replace('^', '**')!r} for {self.source!r}"
        else:
            lead = f"{symbol!r} ({meaning}) is not allowed"
        return ExpressionError(f"{lead}; {instead} ({symbol!r} at column {column + 1})")

    def _number(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _reject(self.source, node, f"{type(value).__name__} literal is not allowed")
        text = self.source[node.col_offset:node.end_col_offset] or repr(value)
        if len(text.replace("_", "")) > MAX_DIGITS or (isinstance(value, float) and not math.isfinite(value)):
            raise _reject(self.source, node, f"number with more than {MAX_DIGITS} digits")
        if isinstance(value, int):
            return sp.Integer(value)
        exponent = re.search(r"[eE]([+-]?\d+)$", text)
        if exponent and abs(int(exponent.group(1))) > MAX_DIGITS:
            raise _reject(self.source, node, f"number with more than {MAX_DIGITS} digits")
        return sp.Rational(text.replace("_", ""))

    def _power(self, node: ast.BinOp) -> sp.Expr:
        base = self.build(node.left)
        exponent = self.build(node.right)
        with sp.evaluate(True):  # the size checks compare numbers, also when the tree is built unevaluated
            self._check_power(node, base, exponent)
        return sp.Pow(base, exponent)

    def _check_power(self, node: ast.BinOp, base: sp.Expr, exponent: sp.Expr) -> None:
        base, exponent = base.doit(deep=True) if not base.is_Atom else base, exponent.doit() if not exponent.is_Atom else exponent
        if exponent.is_number:
            if base.free_symbols and (not exponent.is_real or abs(exponent) > MAX_EXPONENT):
                raise _reject(self.source, node.right, f"exponent must be a real number of size at most {MAX_EXPONENT}")
        elif any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node.right)):
            raise _reject(self.source, node.right, "a power inside an exponent is not allowed")
        if base.is_number and exponent.is_number and not base.atoms(sp.Function, sp.NumberSymbol):
            # only algebraic constants are multiplied out by SymPy; cosh(600)**2 stays a symbolic power
            digits = _power_digits(base, exponent)
            if digits > MAX_DIGITS:
                raise _reject(self.source, node, f"this power has about {digits:.3g} digits; the limit is {MAX_DIGITS}")

    def _call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            product = isinstance(node.func, (ast.Constant, ast.Call, ast.BinOp, ast.UnaryOp))
            hint = "; write * for a product (2*(eta + 1), not 2(eta + 1))" if product else ""
            raise _reject(self.source, node, f"only calls to named functions are allowed{hint}")
        name = node.func.id
        if name not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise _reject(self.source, node.func, f"unknown function (allowed: {allowed})")
        if node.keywords:
            raise _reject(self.source, node.keywords[0].value, "keyword arguments are not allowed")
        if len(node.args) != 1:
            raise _reject(self.source, node, f"{name} takes exactly one argument")
        return FUNCTIONS[name](self.build(node.args[0]))


def _magnitude(value: sp.Expr) -> float:
    """|log10 v| for a non-zero number, from its numerator and denominator when it is rational."""
    if isinstance(value, sp.Rational):
        return max(math.log10(abs(value.p)), math.log10(value.q))
    approximate = sp.Abs(value).evalf(15)
    if not approximate.is_number or approximate == 0 or not approximate.is_finite:
        return 0.0
    return abs(float(sp.log(approximate, 10).evalf(15))) + 1


def _power_digits(base: sp.Expr, exponent: sp.Expr) -> float:
    """About how many digits base**exponent has when written out (0 when it is 0, 1 or a root of 1)."""
    try:
        size = abs(float(exponent.evalf(15)))
    except (TypeError, ValueError):
        return 0.0
    if base == 0 or abs(base) == 1:
        return 0.0
    return size * _magnitude(base)


def _is_real(value: sp.Expr) -> bool:
    """Whether a constant is real: decided exactly by SymPy, else by its imaginary part at high precision."""
    exact = value.is_extended_real
    if exact is not None:
        return bool(exact)
    try:
        approximate = value.evalf(CHECK_PRECISION, strict=False)
    except (ValueError, TypeError, ArithmeticError):
        return False  # undefined for real numbers (erfinv(2))
    if not approximate.is_number:
        return False
    imaginary = sp.im(approximate)
    if imaginary == 0:
        return True
    real = sp.Abs(sp.re(approximate))
    return bool(sp.Abs(imaginary) <= sp.Float(10) ** (5 - CHECK_PRECISION) * max(real, 1))
