"""Wall time of every built-in crosscheck (a benchmark, not a test): python benchmarks/crosscheck_times.py"""

from __future__ import annotations

import time

start = time.perf_counter()
import statsmodels.api  # noqa: E402,F401  (imported once, timed apart)

print(f"importing statsmodels: {time.perf_counter() - start:.2f} s")

from symnet.crosscheck.data import BUILT_IN, load_built_in
from symnet.crosscheck.run import run_crosscheck

for spec in BUILT_IN:
    for link in (spec.link,) + spec.links:
        start = time.perf_counter()
        result = run_crosscheck(link, load_built_in(spec.name), spec.family, spec.alpha, var_power=spec.var_power)
        print(f"{spec.name:<9} {link:<9} {time.perf_counter() - start:6.2f} s  "
              f"irls-sm {result.difference('irls', 'statsmodels'):.1e}  "
              f"net-sm {result.difference('network', 'statsmodels'):.1e}  agree {result.agrees}")
