"""`symnet --help` against `python -c "import sympy"` (not a test; prints the ratio; target <= 1/5).

    python benchmarks/bench_help.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7


def seconds(arguments: list[str]) -> float:
    """The median wall time of a fresh interpreter running `arguments`."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, *arguments], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    sympy = seconds(["-c", "import sympy"])
    for flag in ("--help", "--version"):
        symnet = seconds(["-m", "symnet", flag])
        print(f"symnet {flag} / import sympy: {symnet:.3f} s / {sympy:.3f} s = {symnet / sympy:.2f} (target <= 0.20)")


if __name__ == "__main__":
    main()
