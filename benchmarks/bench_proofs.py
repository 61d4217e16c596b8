"""Performance targets, measured side by side in one run (not a test; prints one ratio per line).

    python benchmarks/bench_proofs.py            # all three targets
    python benchmarks/bench_proofs.py --quick    # skips the 1000 x 100 network

1. Keras 32 -> 16 softmax: naive SymPy (simplify each log-odds identity on the expanded network)
   against symnet's proof of all 15 log-odds (target: symnet <= 1/20 of naive).
2. 1000 inputs x 100 softmax outputs: building the network's symbols and expressions against
   proving it (target: proof <= 2 x build).
3. Symbolic-n proofs for every link in the catalog, together, after import (target: <= 1 s).
"""

from __future__ import annotations

import argparse
import sys
import time

import sympy as sp


def naive_keras(inputs: int = 32, outputs: int = 16) -> tuple[float, float]:
    """(build seconds, simplify seconds) for the textbook approach on the expanded network."""
    started = time.perf_counter()
    x = [sp.Symbol(f"x{i}", real=True) for i in range(inputs)]
    w = [[sp.Symbol(f"w{k}_{i}", real=True) for i in range(inputs)] for k in range(outputs)]
    b = [sp.Symbol(f"b{k}", real=True) for k in range(outputs)]
    etas = [b[k] + sum(w[k][i] * x[i] for i in range(inputs)) for k in range(outputs)]
    total = sum(sp.exp(e) for e in etas)
    p = [sp.exp(e) / total for e in etas]
    built = time.perf_counter()
    for k in range(outputs - 1):
        assert sp.simplify(sp.log(p[k] / p[-1]) - (etas[k] - etas[-1])) == 0
    return built - started, time.perf_counter() - built


def symnet_softmax(inputs: int, outputs: int) -> tuple[float, float]:
    """(build seconds, proof seconds): the network's expressions, then the checked proof."""
    from symnet.catalog.names import resolve
    from symnet.network import Network
    from symnet.proofs.checker import check
    from symnet.proofs.softmax import forward_softmax

    started = time.perf_counter()
    network = Network(inputs, outputs)
    for k in range(1, outputs + 1):
        network.eta(k)
    built = time.perf_counter()
    proof = check(forward_softmax(resolve("softmax"), network))
    assert proof.proven, proof.status
    return built - started, time.perf_counter() - built


def symbolic_catalog() -> float:
    import symnet

    started = time.perf_counter()
    for link in symnet.links():
        assert symnet.prove(link.name).proven, link.name
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1000 x 100 network")
    arguments = parser.parse_args()

    import symnet  # noqa: F401  (import cost is excluded from every measurement)

    catalog = symbolic_catalog()
    print(f"symbolic-n proofs of all catalog links: {catalog:.3f} s (target <= 1 s)")

    naive_build, naive = naive_keras()
    build, proof = symnet_softmax(32, 16)
    print(f"keras 32x16 softmax: naive simplify {naive:.2f} s, symnet proof {proof:.3f} s "
          f"(builds: naive {naive_build:.2f} s, symnet {build:.2f} s)")
    print(f"ratio naive/symnet (32x16, target >= 20): {naive / proof:.1f}")

    if not arguments.quick:
        build, proof = symnet_softmax(1000, 100)
        print(f"1000x100 softmax: build {build:.1f} s, proof {proof:.1f} s")
        print(f"ratio proof/build (1000x100, target <= 2): {proof / build:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
