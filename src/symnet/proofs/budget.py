"""Time budgets: every check answers in time.

A `Budget` is a deadline.  Work that cannot be interrupted cooperatively (SymPy's simplify, solvers)
runs inside `budget.guard()`, which on the main thread arms a timer that raises `BudgetExceeded` at
the deadline; elsewhere the deadline is checked between steps.  A step that runs out is reported as
unproven (time budget), naming the step.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

DEFAULT_SECONDS = 60.0


class BudgetExceeded(Exception):
    """The time budget ran out."""


@dataclass
class Budget:
    """A deadline, `seconds` from creation; `progress` (if given) receives messages for long runs."""

    seconds: float = DEFAULT_SECONDS
    progress: Callable[[str], None] | None = None
    started: float = field(default_factory=time.monotonic)
    _last_report: float = 0.0

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def report(self, message: str) -> None:
        """Pass a progress message on, at most every 2 s and only after the first 2 s."""
        now = time.monotonic()
        if self.progress and now - self.started > 2 and now - self._last_report > 2:
            self._last_report = now
            self.progress(message)

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run the body until the deadline at most (interrupting it on the main thread)."""
        if self.expired():
            raise BudgetExceeded
        if not math.isfinite(self.remaining()) or threading.current_thread() is not threading.main_thread() \
                or _ACTIVE:
            yield  # nested or off the main thread: the outer guard or the step loop enforces it
            if self.expired():
                raise BudgetExceeded
            return

        def _alarm(signum, frame):
            raise BudgetExceeded

        previous = signal.signal(signal.SIGALRM, _alarm)
        _ACTIVE.append(self)
        signal.setitimer(signal.ITIMER_REAL, max(self.remaining(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _ACTIVE.pop()
            signal.signal(signal.SIGALRM, previous)


_ACTIVE: list[Budget] = []  # the guard currently armed (at most one: nested guards share it)


def unlimited() -> Budget:
    """A budget for internal checks that the caller bounds itself."""
    return Budget(seconds=float("inf"))


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("symnet_budget", default=None)


def current() -> Budget:
    """The budget of the call in progress (`within`), or an unlimited one outside any."""
    return _CURRENT.get() or unlimited()


@contextlib.contextmanager
def within(budget: Budget) -> Iterator[Budget]:
    """Make `budget` the current one for every check in the body, and interrupt the body at its deadline.

    Checks inside report a step that runs out as unproven (time budget); work outside a check that runs
    out (building a network, solving for an inverse) raises BudgetExceeded out of the body.
    """
    token = _CURRENT.set(budget)
    armable = math.isfinite(budget.remaining()) and threading.current_thread() is threading.main_thread() \
        and not _ACTIVE
    try:
        if armable:
            with budget.guard():
                yield budget
        else:  # nested, endless or off the main thread: the checks consult the budget between steps
            yield budget
    finally:
        _CURRENT.reset(token)
