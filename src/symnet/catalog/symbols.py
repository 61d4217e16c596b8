"""The shared symbols of the catalog: the mean mu, the linear predictor eta and link parameters."""

from __future__ import annotations

import sympy as sp

MU = sp.Symbol("mu", real=True)
ETA = sp.Symbol("eta", real=True)
LAMBDA = sp.Symbol("lambda", real=True, nonzero=True)
ALPHA = sp.Symbol("alpha", positive=True)
Y = sp.Symbol("y", real=True)

REALS = sp.S.Reals
UNIT = sp.Interval.open(0, 1)
POSITIVE = sp.Interval.open(0, sp.oo)
NEGATIVE = sp.Interval.open(-sp.oo, 0)
NONZERO = sp.Union(NEGATIVE, POSITIVE)
