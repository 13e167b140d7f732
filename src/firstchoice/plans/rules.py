"""Pure rules of the action master plan (M6). No Django imports: tested without a database.

- phasing: an annual sales objective spread over the twelve months, to the cent;
- objective progress: how far from baseline to target, and whether that is on track;
- plan checks: what makes a plan not a plan ("visit monthly" has no target, no date, no
  owner and no purpose).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from firstchoice.lib.money import CENT, ZERO

MONTHS = 12
# More open actions than this due in one month for one person cannot all be done well: the
# method asks that the plan "be manageable: enough resources and time for every task".
MAX_ACTIONS_PER_OWNER_MONTH = 6
# Statuses in which an action still needs doing.
OPEN_STATUSES = frozenset({"proposed", "accepted", "in_progress"})
CLOSED_STATUSES = frozenset({"done", "dropped"})


def phase(annual: Decimal, weights: Sequence[Decimal] | None = None) -> list[Decimal]:
    """`annual` spread over 12 months, in cents, summing exactly to `annual`.

    With `weights` (e.g. last year's monthly sales) the spread is seasonal; with none, or
    weights that add up to nothing, it is even. The rounding remainder goes to the months
    with the largest fractional parts (largest-remainder method), so no cent is lost.
    """
    annual = annual.quantize(CENT, rounding=ROUND_HALF_UP)
    if weights is not None and len(weights) != MONTHS:
        raise ValueError("weights must have 12 values")
    usable = [max(w, ZERO) for w in weights] if weights is not None else None
    if not usable or sum(usable) <= 0:
        usable = [Decimal(1)] * MONTHS
    total_weight = sum(usable)
    cents = int(annual / CENT)
    exact = [Decimal(cents) * w / total_weight for w in usable]
    floors = [int(x.to_integral_value(rounding=ROUND_DOWN)) for x in exact]
    remainder = cents - sum(floors)
    # Negative annual amounts (a planned shrink) round the other way; keep it symmetric.
    order = sorted(range(MONTHS), key=lambda i: (-(exact[i] - floors[i]), i))
    step = 1 if remainder >= 0 else -1
    for i in order[: abs(remainder)]:
        floors[i] += step
    return [Decimal(c) * CENT for c in floors]


def cumulative(values: Iterable[Decimal]) -> list[Decimal]:
    running, out = ZERO, []
    for value in values:
        running += value
        out.append(running)
    return out


def progress(
    baseline: Decimal | None, target: Decimal | None, current: Decimal | None
) -> Decimal | None:
    """Share (0–1+, not clamped) of the way from baseline to target; None when unknown."""
    if target is None or current is None:
        return None
    start = baseline or ZERO
    if target == start:
        return Decimal(1) if current >= target else ZERO
    return ((current - start) / (target - start)).quantize(Decimal("0.001"), ROUND_HALF_UP)


def time_elapsed(start: dt.date, due: dt.date, as_of: dt.date) -> Decimal:
    """Share (0–1) of the time from `start` to `due` that has passed by `as_of`."""
    if as_of >= due:
        return Decimal(1)
    if as_of <= start or due <= start:
        return ZERO
    return Decimal((as_of - start).days) / Decimal((due - start).days)


def on_track(
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    current: Decimal | None,
    start: dt.date,
    due: dt.date | None,
    as_of: dt.date,
    cumulative_metric: bool = False,
) -> bool | None:
    """Is the objective where a straight line from start to due says it should be by now?

    For a cumulative metric (sales, margin: the year's total grows from zero) the expected
    value is the target times the share of time elapsed; for a level metric (share of
    potential, a count of lines) it is baseline plus that share of the way to target.
    None when it cannot be judged: no target, no due date or no current value.
    """
    if target is None or due is None or current is None:
        return None
    elapsed = time_elapsed(start, due, as_of)
    if cumulative_metric:
        expected = target * elapsed
    else:
        start_value = baseline or ZERO
        expected = start_value + (target - start_value) * elapsed
    if target >= (ZERO if cumulative_metric else (baseline or ZERO)):
        return current >= expected
    return current <= expected  # a target to bring a figure down (e.g. complaints)


# --- plan checks ----------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveFacts:
    id: int
    title: str
    target: Decimal | None
    due: dt.date | None
    reached: bool = False  # progress has reached the target


@dataclass(frozen=True)
class ActionFacts:
    id: int
    what: str
    owner_id: int | None
    due: dt.date | None
    objective_id: int | None
    purpose: str  # the "why" in words, when it serves no objective
    status: str


@dataclass(frozen=True)
class Problem:
    """One reason a plan is not yet a plan. `code` selects the message; `params` fill it."""

    code: str
    kind: str  # "objective", "action" or "owner"
    ref: int | None
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


def is_overdue(due: dt.date | None, status: str, as_of: dt.date) -> bool:
    return due is not None and due < as_of and status in OPEN_STATUSES


def check_plan(
    objectives: Iterable[ObjectiveFacts],
    actions: Iterable[ActionFacts],
    *,
    as_of: dt.date,
    owner_load: dict[tuple[int, int, int], int] | None = None,
    owner_names: dict[int, str] | None = None,
    limit: int = MAX_ACTIONS_PER_OWNER_MONTH,
) -> list[Problem]:
    """Every problem with a plan, in a stable order.

    `owner_load` counts open actions per (owner, year, month) across *all* accounts (an
    owner is overloaded by the sum of their plans, not one plan); without it only this
    plan's actions are counted.
    """
    problems: list[Problem] = []
    for o in objectives:
        if o.target is None:
            problems.append(Problem("objective_no_target", "objective", o.id, {"title": o.title}))
        if o.due is None:
            problems.append(Problem("objective_no_due", "objective", o.id, {"title": o.title}))
        elif o.due < as_of and not o.reached:
            problems.append(
                Problem("objective_overdue", "objective", o.id, {"title": o.title, "due": o.due})
            )
    action_list = list(actions)
    for a in action_list:
        if a.status == "dropped":
            continue
        if a.owner_id is None or a.status == "declined":
            problems.append(Problem("action_no_owner", "action", a.id, {"what": a.what}))
        if a.due is None:
            problems.append(Problem("action_no_due", "action", a.id, {"what": a.what}))
        if a.objective_id is None and not a.purpose.strip():
            problems.append(Problem("action_no_purpose", "action", a.id, {"what": a.what}))
        if is_overdue(a.due, a.status, as_of):
            problems.append(
                Problem("action_overdue", "action", a.id, {"what": a.what, "due": a.due})
            )
    load = owner_load if owner_load is not None else own_load(action_list)
    names = owner_names or {}
    seen: set[tuple[int, int, int]] = set()
    for a in action_list:
        if a.owner_id is None or a.due is None or a.status not in OPEN_STATUSES:
            continue
        key = (a.owner_id, a.due.year, a.due.month)
        if key in seen or load.get(key, 0) <= limit:
            continue
        seen.add(key)
        problems.append(
            Problem(
                "owner_overloaded",
                "owner",
                a.owner_id,
                {
                    "owner": names.get(a.owner_id, str(a.owner_id)),
                    "month": dt.date(a.due.year, a.due.month, 1),
                    "count": load[key],
                    "limit": limit,
                },
            )
        )
    return problems


def own_load(actions: Iterable[ActionFacts]) -> dict[tuple[int, int, int], int]:
    """Open actions per (owner, year, month) among `actions`."""
    return dict(
        Counter(
            (a.owner_id, a.due.year, a.due.month)
            for a in actions
            if a.owner_id is not None and a.due is not None and a.status in OPEN_STATUSES
        )
    )


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    """The same day `years` later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def baseline_window(year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months a new plan's baseline is read from: last calendar year when it is
    over, else (a plan for next year started before year end) the twelve months ending
    today. Always a full twelve months, never January to today."""
    last = min(dt.date(year - 1, 12, 31), today)
    if last == dt.date(year - 1, 12, 31):
        return dt.date(year - 1, 1, 1), last
    # The day after the same date a year earlier (29 February falls back to the 28th).
    try:
        first = last.replace(year=last.year - 1) + dt.timedelta(days=1)
    except ValueError:
        first = dt.date(last.year - 1, 3, 1)
    return first, last
