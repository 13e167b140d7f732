"""The API's shapes of an action plan (M6): what goes in, what comes out, and `plan_out`,
the plan as the API shows it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from firstchoice.lib.api import Amount, Code, Id, LongText, Percent, Text, omissible
from firstchoice.plans import queries
from firstchoice.plans.models import Action, Plan

MetricCode = Literal["sales", "margin", "volume", "share", "custom"]
StartCode = Literal["A", "B", "C", "copy", "blank"]
StatusCode = Literal["proposed", "accepted", "in_progress", "done", "dropped"]


class ObjectiveOut(Schema):
    id: int
    version: int
    title: str
    metric: str
    baseline: str | None
    target: str | None
    unit: str
    due: dt.date | None
    owner: str | None
    current: str | None = Field(description="Sales/margin: year to date from the sales lines")
    current_on: dt.date | None
    progress: str | None
    on_track: bool | None
    addresses: list[int]


class ActionOut(Schema):
    id: int
    version: int
    what: str
    objective_id: int | None
    purpose: str
    how: str
    owner: str | None
    due: dt.date | None
    status: str
    reason: str
    resources: str
    addresses: list[int]


class ContactOut(Schema):
    id: int
    version: int
    key_person_id: int
    key_person: str
    goal: str
    date: dt.date | None
    owner: str | None
    objective_id: int | None
    outcome: str


class ProblemOut(Schema):
    code: str
    kind: str
    ref: int | None
    message: str


class PlanOut(Schema):
    user: str
    year: int
    customer_code: Code
    customer_name: str
    tier: str
    started_from: str
    version: int
    as_of: dt.date
    expected_by_month: list[str] | None
    objectives: list[ObjectiveOut]
    actions: list[ActionOut]
    contacts: list[ContactOut]
    problems: list[ProblemOut]


class PlanStartIn(Schema):
    start: StartCode


class ObjectiveIn(Schema):
    title: Text = Field(min_length=1, max_length=300)
    metric: MetricCode
    baseline: Percent | None = None
    target: Percent | None = None
    unit: Text = Field("", max_length=30)
    due: dt.date | None = None
    owner: Code | None = Field(None, description="username")
    addresses: list[Id] = Field(default_factory=list, description="key person ids")
    next_year: bool = Field(False, description="allow a due date in the year after the plan's")


class ObjectivePatch(Schema):
    version: int
    title: Text = omissible(min_length=1, max_length=300)
    metric: MetricCode = omissible()
    baseline: Percent | None = None
    target: Percent | None = None
    unit: Text = omissible(max_length=30)
    due: dt.date | None = None
    owner: Code | None = None
    addresses: list[Id] | None = None
    next_year: bool = Field(False, description="allow a due date in the year after the plan's")


class ValueIn(Schema):
    version: int
    value: Percent
    on: dt.date


class ActionIn(Schema):
    what: Text = Field(min_length=1, max_length=300)
    objective_id: Id | None = None
    purpose: Text = Field("", max_length=300)
    how: LongText = ""
    owner: Code | None = None
    due: dt.date | None = None
    resources: LongText = ""
    addresses: list[Id] = Field(default_factory=list)
    next_year: bool = Field(False, description="allow a due date in the year after the plan's")


class ActionPatch(Schema):
    version: int
    what: Text = omissible(min_length=1, max_length=300)
    objective_id: Id | None = None
    purpose: Text = omissible(max_length=300)
    how: LongText = omissible()
    owner: Code | None = None
    due: dt.date | None = None
    resources: LongText = omissible()
    status: StatusCode | None = None
    reason: Text | None = Field(None, max_length=500)
    addresses: list[Id] | None = None
    next_year: bool = Field(False, description="allow a due date in the year after the plan's")


class RespondIn(Schema):
    version: int
    accept: bool
    reason: Text = Field("", max_length=500)


class ContactIn(Schema):
    key_person_id: Id
    goal: Text = Field(min_length=1, max_length=300)
    date: dt.date | None = None
    owner: Code | None = None
    objective_id: Id | None = None


class ExpectedIn(Schema):
    version: int
    months: list[Amount] | None = Field(None, description="12 amounts, January first")
    phase_from: Id | None = Field(None, description="id of a sales objective to phase")
    seasonal: bool = False


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def plan_out(plan: Plan, as_of: dt.date) -> PlanOut:
    view = queries.plan_view(plan, as_of)
    return PlanOut(
        user=plan.salesperson.handle,
        year=plan.year,
        customer_code=plan.customer.code,
        customer_name=plan.customer.name,
        tier=plan.tier,
        started_from=plan.started_from,
        version=plan.version,
        as_of=as_of,
        expected_by_month=[str(v) for _m, v in view.expected] if view.expected else None,
        objectives=[
            ObjectiveOut(
                id=r.objective.pk,
                version=r.objective.version,
                title=r.objective.title,
                metric=r.objective.metric,
                baseline=_s(r.objective.baseline),
                target=_s(r.objective.target),
                unit=r.objective.unit,
                due=r.objective.due,
                owner=r.objective.owner.username if r.objective.owner else None,
                current=_s(r.current),
                current_on=r.current_on,
                progress=_s(r.progress),
                on_track=r.on_track,
                addresses=[p.pk for p in r.objective.addresses.all()],
            )
            for r in view.objectives
        ],
        actions=[action_out(a) for a in view.actions],
        contacts=[
            ContactOut(
                id=k.pk,
                version=k.version,
                key_person_id=k.key_person_id,
                key_person=str(k.key_person),
                goal=k.goal,
                date=k.date,
                owner=k.owner.username if k.owner else None,
                objective_id=k.objective_id,
                outcome=k.outcome,
            )
            for k in view.contacts
        ],
        problems=[ProblemOut(**p) for p in view.problems],
    )


def action_out(a: Action, *, addresses: bool = True) -> ActionOut:
    """One action; `addresses=False` where the key people it addresses were not prefetched
    (My actions lists them without)."""
    return ActionOut(
        id=a.pk,
        version=a.version,
        what=a.what,
        objective_id=a.objective_id,
        purpose=a.purpose,
        how=a.how,
        owner=a.owner.username if a.owner else None,
        due=a.due,
        status=a.status,
        reason=a.reason,
        resources=a.resources,
        addresses=[p.pk for p in a.addresses.all()] if addresses else [],
    )
