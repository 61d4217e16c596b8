"""The network trained on symnet's proven score lands on statsmodels' maximum-likelihood fit."""

from __future__ import annotations

import pytest

from symnet.catalog.names import resolve
from symnet.crosscheck import crosscheck

sm = pytest.importorskip("statsmodels.api")

CASES = [
    ("logit", "spector", None), ("probit", "spector", None), ("cloglog", "spector", None),
    ("cauchit", "spector", None), ("log", "cpunish", ["INCOME", "VC100k96"]), ("identity", "longley", None),
    ("inverse", "scotland", None),
]


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.DomainWarning")  # inverse link on Gamma
@pytest.mark.parametrize("link_name, dataset, columns", CASES, ids=[c[0] for c in CASES])
def test_network_fit_matches_statsmodels(link_name, dataset, columns):
    data = getattr(sm.datasets, dataset).load_pandas()
    exog = data.exog if columns is None else data.exog[columns]
    exog = (exog - exog.mean()) / exog.std()
    result = crosscheck(resolve(link_name), exog, data.endog)
    assert result.max_difference < 1e-6 * (1 + max(abs(v) for v in result.statsmodels)), result
