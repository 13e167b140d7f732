"""API of the monthly review (M7, M12): the 15-account chart of a salesperson for a month."""

from __future__ import annotations

from decimal import Decimal
from typing import overload

from django.http import HttpRequest
from ninja import Router, Schema

from firstchoice.lib.api import Code
from firstchoice.lib.http import parse_month
from firstchoice.reviews import queries, rules
from firstchoice.teams.http import user_of

router = Router(tags=["reviews"])


@overload
def _money(value: Decimal) -> str: ...
@overload
def _money(value: None) -> None: ...
@overload
def _money(value: Decimal | None) -> str | None: ...
def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


class FiguresOut(Schema):
    """variance = actual - expected on these very fields. On a total, `actual_*` is the
    actual of the accounts that have an expected figure (None when none has) and
    `actual_*_all` that of all its accounts; on an account both are its actual."""

    expected_month: str | None
    actual_month: str | None
    variance_month: str | None
    variance_month_pct: str | None
    actual_month_all: str
    expected_ytd: str | None
    actual_ytd: str | None
    variance_ytd: str | None
    variance_ytd_pct: str | None
    actual_ytd_all: str


class RowOut(FiguresOut):
    customer_code: str
    customer_name: str
    tier: str
    has_plan: bool
    objectives_on_track: int | None
    objectives_off_track: int | None
    actions_done: int | None
    actions_open: int | None
    actions_overdue: int | None
    flags: list[str]


class TotalOut(FiguresOut):
    accounts: int
    with_expected: int  # accounts compared year to date
    with_expected_month: int  # accounts compared in the month


class StatementOut(Schema):
    progress: str
    difficulties: str
    help_needed: str
    updated_at: str
    updated_by: str | None


class ChartOut(Schema):
    user: str
    name: str
    month: str
    as_of: str
    rows: list[RowOut]
    tiers: dict[str, TotalOut]
    total: TotalOut
    statement: StatementOut | None


def _figures(f: rules.AccountFigures | rules.Total) -> dict[str, str | None]:
    mv, yv = f.month_variance, f.ytd_variance
    return {
        "expected_month": _money(f.expected_month),
        "actual_month": _money(f.actual_month),
        "variance_month": _money(mv.amount),
        "variance_month_pct": _percent(mv.percent),
        "actual_month_all": _money(f.actual_month_all),
        "expected_ytd": _money(f.expected_ytd),
        "actual_ytd": _money(f.actual_ytd),
        "variance_ytd": _money(yv.amount),
        "variance_ytd_pct": _percent(yv.percent),
        "actual_ytd_all": _money(f.actual_ytd_all),
    }


def _total(t: rules.Total) -> dict[str, object]:
    return {
        **_figures(t),
        "accounts": t.accounts,
        "with_expected": t.with_expected,
        "with_expected_month": t.month.compared,
    }


@router.get(
    "/{handle}/{month}",
    response=ChartOut,
    summary="The 15-account chart of a salesperson for a month (YYYY-MM)",
)
def chart(request: HttpRequest, handle: Code, month: Code) -> dict[str, object]:
    user = user_of(request)
    review = queries.chart_for_user(user, handle, parse_month("month", month))
    st = review.statement
    return {
        "user": review.salesperson.handle,
        "name": review.salesperson.name,
        "month": f"{review.month:%Y-%m}",
        "as_of": review.as_of.isoformat(),
        "rows": [
            {
                **_figures(r.figures),
                "customer_code": r.customer.code,
                "customer_name": r.customer.name,
                "tier": r.tier,
                "has_plan": r.status is not None,
                "objectives_on_track": r.status.objectives_on_track if r.status else None,
                "objectives_off_track": r.status.objectives_off_track if r.status else None,
                "actions_done": r.status.actions_done if r.status else None,
                "actions_open": r.status.actions_open if r.status else None,
                "actions_overdue": r.status.actions_overdue if r.status else None,
                "flags": [key for key, _label in r.flags],
            }
            for r in review.rows
        ],
        "tiers": {tier: _total(t) for tier, t in review.tier_totals.items()},
        "total": _total(review.total),
        "statement": None
        if st is None
        else {
            "progress": st.progress,
            "difficulties": st.difficulties,
            "help_needed": st.help_needed,
            "updated_at": st.updated_at.isoformat(),
            "updated_by": str(st.updated_by) if st.updated_by else None,
        },
    }
