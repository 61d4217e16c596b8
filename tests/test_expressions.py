"""Safe parsing: hostile input is rejected (exit 2, one line, no side effect); valid input parses."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from symnet.catalog.symbols import ETA
from symnet.errors import ExpressionError
from symnet.expressions import parse
from tests.conftest import run_cli, run_main

MARKER = "symnet_marker_should_not_exist"

HOSTILE = [
    f"__import__('os').system('touch {MARKER}')",
    f"exec(\"open('{MARKER}','w')\")",
    f"eval(\"open('{MARKER}','w')\")",
    f"open('{MARKER}', 'w')",
    "eta.__class__.__mro__",
    "eta.__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "__builtins__",
    "globals()",
    "lambda: 0",
    "(lambda x: x)(eta)",
    "[x for x in range(10**9)]",
    "{x for x in eta}",
    "eta[0]",
    "eta**(10**10**10)",
    "9**9**9**9",
    "2**10000000",
    "eta**1000",
    "exp(eta)**(eta**(eta**eta))",
    "(" * 10000 + "eta" + ")" * 10000,
    "eta+" * 300000 + "eta",
    "\u212f**eta",                 # script e look-alike
    "\u0435xp(eta)",               # Cyrillic e
    "et\u0430",                    # Cyrillic a
    "eta\u200b+1",                 # zero-width space
    "'abc'",
    "b'abc'",
    "f'{eta}'",
    "eta if eta > 0 else 0",
    "eta > 0",
    "eta and 1",
    "(eta := 1)",
    "*eta",
    "exp(eta, 2)",
    "exp(x=eta)",
    "mu + 1",
    "x + 1",
    "1j * eta",
    "1e400",
    "1/0",
    "import os",
    "eta; import os",
    "",
    "   ",
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_input_is_rejected_by_the_parser(hostile):
    started = time.perf_counter()
    with pytest.raises(ExpressionError):
        parse(hostile, "eta")
    assert time.perf_counter() - started < 5  # measured loosely: a hang would take forever


CLI_HOSTILE = [h for h in HOSTILE if len(h) < 100_000 and h.strip()] + ["eta+" * 25_000 + "eta"]  # OS limit


@pytest.mark.parametrize("hostile", CLI_HOSTILE, ids=[f"cli-{i}" for i in range(len(CLI_HOSTILE))])
def test_hostile_input_through_the_cli(hostile, tmp_path):
    result = run_cli("prove", "logit", "--activation", hostile, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("symnet: error:")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / MARKER).exists()
    assert list(tmp_path.iterdir()) == []


def test_rejections_name_the_token_and_column():
    with pytest.raises(ExpressionError, match=r"'__import__' at column 7"):
        parse("1 + 2*__import__('os')", "eta")
    with pytest.raises(ExpressionError, match=r"column 1"):
        parse("\u212f**eta", "eta")


@pytest.mark.parametrize("source, message", [
    ("eta^2", "'^' is not a power in symnet's syntax (Python's, where ^ is bitwise xor); write ** for a power: "
              "'eta**2' for 'eta^2' ('^' at column 4)"),
    ("2*exp(eta)^2 + 1", "'2*exp(eta)**2 + 1' for '2*exp(eta)^2 + 1' ('^' at column 11)"),
    ("eta & 2", "'&' (bitwise and) is not allowed; write * for a product ('&' at column 5)"),
    ("eta|2", "'|' (bitwise or) is not allowed; write abs(...) for an absolute value ('|' at column 4)"),
    ("eta % 2", "'%' (remainder) is not allowed"),
    ("eta//2", "'//' (floor division) is not allowed; write / for a division ('//' at column 4)"),
    ("eta @ eta", "'@' (matrix product) is not allowed; write * for a product"),
    ("~eta", "'~' (bitwise not) is not allowed"),
    ("1 << eta", "'<<' (bit shift) is not allowed"),
    ("2eta", "write * for a product (2*eta, not 2eta or 2 eta)"),
    ("2 eta", "write * for a product"),
    ("|eta|", "write abs(...) for an absolute value"),
    ("2(eta + 1)", "write * for a product (2*(eta + 1), not 2(eta + 1))"),
])
def test_operators_python_reads_otherwise_are_named_with_what_to_write(source, message):
    with pytest.raises(ExpressionError) as raised:
        parse(source, "eta")
    assert message in str(raised.value)
    assert "BitXor" not in str(raised.value) and "operator" not in str(raised.value)


def test_caret_through_the_cli_is_one_line_with_exit_2():
    result = run_main("prove", "--activation", "eta^2")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("symnet: error: '^' is not a power in symnet's syntax (Python's, where ^ is bitwise "
                             "xor); write ** for a power: 'eta**2' for 'eta^2' ('^' at column 4)\n")


def test_a_call_of_an_attribute_gets_no_product_hint():
    with pytest.raises(ExpressionError) as raised:
        parse("().__class__()", "eta")
    assert "only calls to named functions are allowed" in str(raised.value) and "product" not in str(raised.value)


@pytest.mark.parametrize("source, expected", [
    ("(tanh(eta/2) + 1)/2", (sp.tanh(ETA / 2) + 1) / 2),
    ("1 - exp(-exp(eta))", 1 - sp.exp(-sp.exp(ETA))),
    ("log(1 + exp(eta))", sp.log(1 + sp.exp(ETA))),
    ("eta**0.5", sp.sqrt(ETA)),
    ("Phi(eta)", (1 + sp.erf(ETA / sp.sqrt(2))) / 2),
    ("1/(1+e**-eta)", 1 / (1 + sp.exp(-ETA))),
    ("2.5*eta - -3", sp.Rational(5, 2) * ETA + 3),
    ("atan(eta)/pi + 1/2", sp.atan(ETA) / sp.pi + sp.Rational(1, 2)),
])
def test_valid_expressions(source, expected):
    assert sp.simplify(parse(source, "eta", variable_symbol=ETA) - expected) == 0


def test_declared_parameters_are_allowed_even_keywords():
    lam = sp.Symbol("lambda", real=True, nonzero=True)
    assert parse("eta**(1/lambda)", "eta", {"lambda": lam}, ETA) == ETA ** (1 / lam)


@pytest.mark.parametrize("heavy", ["exp(exp(exp(exp(exp(eta)))))", "eta**64*exp(eta)**64",
                                   "log(log(log(log(eta))))", "tanh(tanh(tanh(tanh(tanh(tanh(eta))))))"])
def test_heavy_but_valid_input_finishes_with_an_answer(heavy):
    result = run_cli("prove", "logit", "--activation", heavy, timeout=120)
    assert result.returncode == 1, result.stderr  # refuted or unproven: none of these is the sigmoid
    assert "Traceback" not in result.stderr and "Status: " in result.stdout


@pytest.mark.parametrize("source, value", [
    ("exp(eta) + 1/10**12", sp.exp(ETA) + sp.Rational(1, 10**12)),
    ("eta + 2**-40", ETA + sp.Rational(1, 2**40)),
    ("eta + 1e-12", ETA + sp.Rational(1, 10**12)),
    ("eta * 2**300", ETA * 2**300),
    ("eta + 10**-99", ETA + sp.Rational(1, 10**99)),
])
def test_small_and_large_numbers_within_the_digit_limit_parse(source, value):
    assert parse(source, "eta", variable_symbol=ETA) == value


@pytest.mark.parametrize("source", ["10**10**10", "eta + 10**101", "eta * 2**400", "eta + 1e-150", "10**99*10**99",
                                    "eta + 0.5**400", "eta + sqrt(2)**300"])
def test_numbers_beyond_the_digit_limit_are_refused(source):
    with pytest.raises(ExpressionError, match="digits"):
        parse(source, "eta")


@pytest.mark.parametrize("source, token", [
    ("eta + sqrt(-1)", "sqrt(-1)"), ("eta + log(-1)", "log(-1)"), ("eta + (-1)**(1/2)", "(-1)**(1/2)"),
    ("eta * atanh(2)", "atanh(2)"), ("eta + erfinv(2)", "erfinv(2)"), ("eta + (-8)**(1/3)", "(-8)**(1/3)"),
    ("100*log(exp(sqrt(-1)*eta/100))/sqrt(-1)", "sqrt(-1)"),
    ("100*pi*log(exp(log(-1)*eta/(100*pi)))/log(-1)", "log(-1)"),
    ("eta + log(-2) - log(2)", "log(-2)"),
])
def test_complex_constants_are_refused_naming_the_part(source, token):
    with pytest.raises(ExpressionError, match="not a real number") as caught:
        parse(source, "eta")
    assert repr(token) in str(caught.value)


@pytest.mark.parametrize("source", ["eta + erfinv(1/2)", "eta + atanh(1/2)", "eta + log(2)", "eta + sqrt(2)",
                                    "eta * (-8)**2", "eta + exp(-700)"])
def test_real_constants_are_kept(source):
    assert parse(source, "eta").free_symbols


@pytest.mark.parametrize("name, link", [("sigmoid", "logit"), ("Phi", "probit"), ("softplus", "softplus")])
def test_named_activations_come_from_the_catalog(name, link):
    from symnet.catalog.names import resolve

    assert parse(f"{name}(eta)", "eta", variable_symbol=ETA) == resolve(link).inverse
