"""Numeric cross-checks: the network, IRLS on the proven score, and statsmodels on the same data.

Optional dependency: pip install "symnet[crosscheck]" (statsmodels, which also ships the built-in data).
"""

from symnet.crosscheck.legacy import CrossCheck, crosscheck, fit_network


def glm_table(*arguments, **keywords):
    """The GLM view of a network's weights; see symnet.crosscheck.table.glm_table."""
    from symnet.crosscheck.table import glm_table as table

    return table(*arguments, **keywords)


def from_keras(*arguments, **keywords):
    """The GLM table of a no-hidden-layer Keras model; see symnet.crosscheck.keras.from_keras."""
    from symnet.crosscheck.keras import from_keras as read

    return read(*arguments, **keywords)


__all__ = ["CrossCheck", "crosscheck", "fit_network", "from_keras", "glm_table"]
