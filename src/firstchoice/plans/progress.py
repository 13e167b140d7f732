"""How a plan stands: each objective's progress (sales and margin from the sales lines),
owners' load of open actions across plans, and the plan's problems in words. Shared by the
plan page (`queries.plan_view`) and the plan status of the review and the board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from firstchoice.lib.money import ZERO
from firstchoice.plans import rules
from firstchoice.plans.models import Action, Metric, Objective
from firstchoice.sales.rules import Figures


@dataclass
class ObjectiveRow:
    objective: Objective
    current: Decimal | None
    current_on: dt.date | None
    progress: Decimal | None
    on_track: bool | None

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else int(self.progress * 100)


def year_to_date(year: int, as_of: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))


def objective_row(o: Objective, figures: Figures | None, year: int, as_of: dt.date) -> ObjectiveRow:
    current: Decimal | None
    on: dt.date | None
    if o.metric == Metric.SALES:
        current, on = (figures.amount if figures else ZERO), year_to_date(year, as_of)[1]
    elif o.metric == Metric.MARGIN:
        current, on = (figures.margin if figures else ZERO), year_to_date(year, as_of)[1]
    else:
        current, on = o.current_value, o.current_on
    cumulative = o.metric in (Metric.SALES, Metric.MARGIN)
    return ObjectiveRow(
        objective=o,
        current=current,
        current_on=on,
        # A cumulative figure starts the year at zero; its baseline is last year's total.
        progress=rules.progress(ZERO if cumulative else o.baseline, o.target, current),
        on_track=rules.on_track(
            baseline=o.baseline,
            target=o.target,
            current=current,
            start=dt.date(year, 1, 1),
            due=o.due,
            as_of=on or as_of,
            cumulative_metric=cumulative,
        ),
    )


def _facts(
    objectives: Iterable[ObjectiveRow], actions: Iterable[Action]
) -> tuple[list[rules.ObjectiveFacts], list[rules.ActionFacts]]:
    return (
        [
            rules.ObjectiveFacts(
                r.objective.pk,
                r.objective.title,
                r.objective.target,
                r.objective.due,
                reached=r.progress is not None and r.progress >= 1,
            )
            for r in objectives
        ],
        [
            rules.ActionFacts(a.pk, a.what, a.owner_id, a.due, a.objective_id, a.purpose, a.status)
            for a in actions
        ],
    )


def owner_load(owner_ids: Iterable[int], year: int) -> dict[tuple[int, int, int], int]:
    """Open actions per (owner, year, month) across every plan: one grouped query."""
    ids = {i for i in owner_ids if i is not None}
    if not ids:
        return {}
    rows = (
        Action.objects.filter(
            owner_id__in=ids,
            status__in=rules.OPEN_STATUSES,
            due__gte=dt.date(year, 1, 1),
            due__lte=dt.date(year, 12, 31),
        )
        .annotate(y=ExtractYear("due"), m=ExtractMonth("due"))
        .order_by()
        .values("owner_id", "y", "m")
        .annotate(n=Count("id"))
    )
    return {(r["owner_id"], r["y"], r["m"]): r["n"] for r in rows}


MESSAGES = {
    "objective_no_target": lambda p: _("Objective “%(title)s” has no target value.") % p,
    "objective_no_due": lambda p: _("Objective “%(title)s” has no due date.") % p,
    "objective_overdue": lambda p: (
        _("Objective “%(title)s” is past its due date (%(due)s) and not reached.")
        % {**p, "due": p["due"].isoformat()}
    ),
    "action_no_owner": lambda p: _("Action “%(what)s” has no owner who accepted it.") % p,
    "action_no_due": lambda p: _("Action “%(what)s” has no due date.") % p,
    "action_no_purpose": lambda p: (
        _("Action “%(what)s” serves no objective and gives no reason why.") % p
    ),
    "action_overdue": lambda p: (
        _("Action “%(what)s” is overdue (due %(due)s).") % {**p, "due": p["due"].isoformat()}
    ),
    "owner_overloaded": lambda p: (
        _("%(owner)s has %(count)d open actions due in %(month)s (more than %(limit)d).")
        % {**p, "month": p["month"].strftime("%Y-%m")}
    ),
}


def describe(problems: Iterable[rules.Problem]) -> list[dict[str, Any]]:
    """Problems as translated messages, for pages and the API."""
    return [
        {"code": p.code, "kind": p.kind, "ref": p.ref, "message": MESSAGES[p.code](p.params)}
        for p in problems
    ]


def plan_problems(
    objectives: list[ObjectiveRow],
    actions: list[Action],
    year: int,
    as_of: dt.date,
    load: dict[tuple[int, int, int], int],
) -> list[rules.Problem]:
    """The method's checks of one plan's objectives (with their progress: one past its due
    date and not reached is a problem) and actions (owners' load across plans included)."""
    facts = _facts(objectives, actions)
    names = {a.owner_id: str(a.owner) for a in actions if a.owner_id}
    return rules.check_plan(*facts, as_of=as_of, owner_load=load, owner_names=names)
