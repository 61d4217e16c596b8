"""Numeric cross-checks: the network, IRLS on the proven score, and statsmodels on the same data.

Optional dependency: pip install "symnet[crosscheck]" (statsmodels, which also ships the built-in data).
"""

from symnet.crosscheck.legacy import CrossCheck, crosscheck, fit_network

__all__ = ["CrossCheck", "crosscheck", "fit_network"]
