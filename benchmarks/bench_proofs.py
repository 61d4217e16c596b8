"""Performance targets, measured in one run against lean references (not a test; prints one line per target).

    python benchmarks/bench_proofs.py            # every target
    python benchmarks/bench_proofs.py --quick    # skips the 1000 x 100 network

1. Keras 32 -> 16 softmax, end to end (network build included): `symnet.prove("softmax", inputs=32,
   outputs=16)` against the naive reference, the expanded softmax p_k = exp(eta_k) / sum_j exp(eta_j) with
   eta_k = b_k + sum_i w_ki x_i in plain SymPy symbols and simplify(log(p_k / p_K) - (eta_k - eta_K)) for
   every k < K, timed after building.  Target: naive / symnet >= 20.
2. 1000 inputs -> 100 softmax outputs, end to end, against the lean build of the same layer in plain SymPy
   (`symbols` for x, w, b and Add(b_k, *[w_ki * x_i]) for each k).  Target: symnet / lean <= 2.
3. Symbolic n: every catalog link proven, after import (target <= 1 s); `symnet prove softmax --outputs
   5000` (proven within the default 60 s budget); `symnet prove logit --inputs 400000` (proven within 60 s,
   or refused up front with exit code 2 and a message naming the largest accepted size).

Every symnet measurement runs in a fresh interpreter, so no cache of an earlier measurement helps it; the
Python calls are timed after importing the modules behind `symnet.prove` (SymPy included, as for the
references), the command lines as a user runs them (interpreter and imports included).
The machine's load matters: the references run in the same run, so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import sympy as sp

SRC = Path(__file__).resolve().parents[1] / "src"
ENVIRONMENT = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def naive_softmax(inputs: int = 32, outputs: int = 16) -> float:
    """Seconds of simplify on the expanded network (after building it), asserting each identity."""
    x = sp.symbols(f"x1:{inputs + 1}", real=True)
    w = [sp.symbols(f"w{k}_1:{inputs + 1}", real=True) for k in range(1, outputs + 1)]
    b = sp.symbols(f"b1:{outputs + 1}", real=True)
    etas = [b[k] + sum(w[k][i] * x[i] for i in range(inputs)) for k in range(outputs)]
    total = sum(sp.exp(e) for e in etas)
    p = [sp.exp(e) / total for e in etas]
    started = time.perf_counter()
    for k in range(outputs - 1):
        assert sp.simplify(sp.log(p[k] / p[-1]) - (etas[k] - etas[-1])) == 0
    return time.perf_counter() - started


def lean_build(inputs: int = 1000, outputs: int = 100) -> float:
    """Seconds to build the layer's linear predictors in plain SymPy."""
    started = time.perf_counter()
    x = sp.symbols(f"x1:{inputs + 1}")
    w = [sp.symbols(f"w{k}_1:{inputs + 1}") for k in range(1, outputs + 1)]
    b = sp.symbols(f"b1:{outputs + 1}")
    etas = [sp.Add(b[k], *[w[k][i] * x[i] for i in range(inputs)]) for k in range(outputs)]
    assert len(etas) == outputs
    return time.perf_counter() - started


_TIMED = """
import sys, time
import symnet, symnet.api, symnet.theorems  # symnet imports lazily: load what symnet.prove uses (and SymPy)
started = time.perf_counter()
{body}
print(f"{{time.perf_counter() - started:.4f}}", status)
"""


def symnet_seconds(body: str) -> tuple[float, str]:
    """(seconds, status) of `body` (which sets `status`) in a fresh interpreter, timed after the import."""
    result = subprocess.run([sys.executable, "-c", _TIMED.format(body=body)], capture_output=True, text=True,
                            env=ENVIRONMENT, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed")
    seconds, status = result.stdout.split()[-2:]
    return float(seconds), status


def command(*arguments: str) -> tuple[float, int, str, str]:
    """(wall seconds, exit code, status line, first error line) of `symnet ARGUMENTS` as a user runs it."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "symnet", *arguments], capture_output=True, text=True,
                            env=ENVIRONMENT, check=False)
    seconds = time.perf_counter() - started
    status = next((line for line in result.stdout.splitlines() if line.startswith("Status:")), "")
    return seconds, result.returncode, status.split(":")[1].strip() if status else "", result.stderr.strip()


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1000 x 100 network")
    arguments = parser.parse_args()

    naive = naive_softmax()
    keras, status = symnet_seconds('status = symnet.prove("softmax", inputs=32, outputs=16).status.value')
    ratio = naive / keras
    print(f"1. keras 32 -> 16 softmax: naive {naive:.2f} s, symnet {keras:.3f} s ({status}), "
          f"naive/symnet {ratio:.1f} (target >= 20): {verdict(ratio >= 20 and status == 'proven')}")

    if not arguments.quick:
        lean = lean_build()
        wide, status = symnet_seconds('status = symnet.prove("softmax", inputs=1000, outputs=100).status.value')
        ratio = wide / lean
        print(f"2. 1000 -> 100 softmax: lean build {lean:.2f} s, symnet {wide:.2f} s ({status}), "
              f"symnet/lean {ratio:.2f} (target <= 2): {verdict(ratio <= 2 and status == 'proven')}")

    catalog, status = symnet_seconds(
        'status = "proven" if all(symnet.prove(link.name).proven for link in symnet.links()) else "NOT-proven"')
    print(f"3. symbolic-n catalog ({status}): {catalog:.3f} s after import (target <= 1 s): "
          f"{verdict(catalog <= 1 and status == 'proven')}")
    seconds, code, status, _ = command("prove", "softmax", "--outputs", "5000")
    print(f"   symnet prove softmax --outputs 5000: {seconds:.2f} s, {status or 'no status'}, exit {code} "
          f"(target: proven within 60 s): {verdict(code == 0 and status.startswith('proven') and seconds <= 60)}")
    seconds, code, status, error = command("prove", "logit", "--inputs", "400000")
    refused = code == 2 and "largest accepted" in error
    outcome = f"refused ({error.removeprefix('symnet: error: ')})" if code == 2 else status or "no status"
    print(f"   symnet prove logit --inputs 400000: {seconds:.2f} s, exit {code}, {outcome} (target: proven within "
          f"60 s, or refused up front naming the largest accepted size): "
          f"{verdict((code == 0 and seconds <= 60) or refused)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
