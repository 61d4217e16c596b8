"""Time budgets: every call answers; a check that runs out is unproven (time budget), never proven."""

from __future__ import annotations

import pytest

import symnet
from symnet.cli import main
from symnet.errors import SymnetError, TimeBudgetError
from symnet.proofs.budget import Budget, BudgetExceeded, current, within
from symnet.proofs.model import Status


def _outcome(call):
    """'time budget' when the call ran out (as an unproven proof or a TimeBudgetError), else the status."""
    try:
        proof = call()
    except TimeBudgetError as error:
        assert "--timeout" not in str(error) and "timeout" in str(error)
        return "time budget"
    assert proof.status is not Status.PROVEN or "time budget" not in proof.summary
    return "time budget" if "time budget" in proof.summary else proof.status.value


def test_a_budget_too_short_never_gives_proven():
    assert _outcome(lambda: symnet.prove("softmax", inputs=32, outputs=16, timeout=0.001)) == "time budget"


def test_the_default_budget_proves_the_catalog_example():
    assert _outcome(lambda: symnet.prove("logit", inputs=3)) == "proven"


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), "60", True])
def test_timeout_must_be_a_positive_number(timeout):
    with pytest.raises(SymnetError, match="timeout must be a positive number of seconds"):
        symnet.prove("logit", timeout=timeout)


def test_within_sets_the_current_budget_and_restores_it():
    outer = current()
    budget = Budget(30)
    with within(budget):
        assert current() is budget
    assert current() is not budget and current().seconds == outer.seconds


def test_work_outside_a_check_that_runs_out_raises():
    with pytest.raises(BudgetExceeded):
        with within(Budget(0.01)):
            while True:
                pass


def test_a_lemma_cut_short_is_not_remembered():
    from symnet import theorems

    entered = []

    class Spent(Budget):
        """A budget that runs out right after it is entered (its timer is never armed: infinite seconds)."""

        def expired(self) -> bool:
            entered.append(True)
            return len(entered) > 1

    theorems._LEMMAS.pop("cauchit", None)
    with within(Spent(float("inf"))):
        cut = theorems.inverse_lemma_proof("cauchit")
    assert cut.status is Status.UNPROVEN and "time budget" in cut.summary
    assert "cauchit" not in theorems._LEMMAS
    assert theorems.inverse_lemma_proof("cauchit").proven
    assert "cauchit" in theorems._LEMMAS


@pytest.mark.parametrize("value", ["0", "-5", "abc", "１０", "inf", "nan"])
def test_cli_refuses_a_bad_timeout(value, capsys):
    assert main(["prove", "logit", "--timeout", value]) == 2
    assert "positive number of seconds" in capsys.readouterr().err


def test_cli_budget_running_out_exits_1_and_names_the_flag(capsys):
    code = main(["prove", "softmax", "--inputs", "32", "--outputs", "16", "--timeout", "0.001"])
    captured = capsys.readouterr()
    assert code == 1
    assert "time budget" in captured.out + captured.err
    assert "Status: proven" not in captured.out


def test_cli_with_enough_time_proves(capsys):
    assert main(["prove", "logit", "--inputs", "2", "--timeout", "120"]) == 0
    assert "Status: proven" in capsys.readouterr().out
