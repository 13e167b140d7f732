"""API for action plans (M6): the same scoped lookups and actions as the pages.

A stale edit (the row changed since the version the client sent) answers 409 with the row
as it is now and who changed it; nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from firstchoice.lib.api import CONFLICT, Code, ConflictOut, Id, LongText, Text, conflict, omissible
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.http import as_of_for_year, parse_as_of, today
from firstchoice.plans import actions, queries
from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User

router = Router(tags=["plans"])

Year = Annotated[int, Path(ge=1900, le=2999)]
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
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: Text = Field("", max_length=30)
    due: dt.date | None = None
    owner: Code | None = Field(None, description="username")
    addresses: list[Id] = Field(default_factory=list, description="key person ids")


class ObjectivePatch(Schema):
    version: int
    title: Text = omissible(min_length=1, max_length=300)
    metric: MetricCode = omissible()
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: Text = omissible(max_length=30)
    due: dt.date | None = None
    owner: Code | None = None
    addresses: list[Id] | None = None


class ValueIn(Schema):
    version: int
    value: Decimal
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
    months: list[Decimal] | None = Field(None, description="12 amounts, January first")
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
        actions=[
            ActionOut(
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
                addresses=[p.pk for p in a.addresses.all()],
            )
            for a in view.actions
        ],
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


def _conflict(exc: StaleEdit) -> Status[ConflictOut]:
    return Status(409, conflict(exc))


def _writable(request: HttpRequest, handle: Code, year: int, code: str) -> Plan:
    return queries.existing_plan(queries.plan_ref(user_of(request), handle, year, code, write=True))


def _out(plan: Plan) -> PlanOut:
    fresh = Plan.objects.select_related("customer", "salesperson__user").get(pk=plan.pk)
    return plan_out(fresh, as_of_for_year(plan.year))


def _owner(plan: Plan, username: str | None, field: str = "owner") -> User | None:
    if not username:
        return None
    found = actions.eligible_owners(plan.salesperson).filter(username=username).first()
    if found is None:
        raise ValidationError(
            {field: _("No one called %(name)s in this team.") % {"name": username}}
        )
    return found


def _objective(plan: Plan, pk: Id | None, field: str = "objective_id") -> Objective | None:
    if pk is None:
        return None
    found = plan.objectives.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No objective %(id)d in this plan.") % {"id": pk}})
    return found


def _people(plan: Plan, ids: list[int]) -> list[Any]:
    people = {p.pk: p for p in queries.key_people(plan.customer)}
    missing = [i for i in ids if i not in people]
    if missing:
        raise ValidationError(
            {"addresses": _("Not key people of this customer: %(ids)s") % {"ids": missing}}
        )
    return [people[i] for i in ids]


PLAN = "/{handle}/{year}/{customer_code}"
Conflict = CONFLICT


# "My actions" first: /my-actions/{pk}/respond has as many segments as a plan URL.


@router.get(
    "/my-actions", response=list[ActionOut], summary="Actions assigned to me, overdue first"
)
def get_my_actions(request: HttpRequest) -> list[ActionOut]:
    found = queries.my_actions(user_of(request), as_of_for_year(today().year))
    return [_action_out(a) for a in found]


def _action_out(a: Action) -> ActionOut:
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
        addresses=[],
    )


@router.post(
    "/my-actions/{pk}/respond",
    response={200: ActionOut, **Conflict},
    summary="Accept or decline (with a reason) an action assigned to me",
)
def respond(request: HttpRequest, pk: Id, payload: RespondIn) -> Any:
    user = user_of(request)
    action = queries.my_action(user, pk)
    try:
        done = actions.respond(
            actor=user,
            action=action,
            version=payload.version,
            accept=payload.accept,
            reason=payload.reason,
        )
    except StaleEdit as exc:
        return _conflict(exc)
    done.owner = user
    return _action_out(done)


@router.get(PLAN, response=PlanOut, summary="An account's action plan for the year")
def get_plan(request: HttpRequest, handle: Code, year: Year, customer_code: Code) -> PlanOut:
    ref = queries.plan_ref(user_of(request), handle, year, customer_code)
    return plan_out(queries.existing_plan(ref), parse_as_of(request, as_of_for_year(year)))


@router.post(PLAN, response={201: PlanOut}, summary="Start the plan from a template or last year's")
def start_plan(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: PlanStartIn
) -> Status[PlanOut]:
    user = user_of(request)
    ref = queries.plan_ref(user, handle, year, customer_code, write=True)
    plan = actions.start_plan(
        actor=user,
        salesperson=ref.salesperson,
        customer=ref.customer,
        year=year,
        start=payload.start,
    )
    return Status(201, _out(plan))


@router.post(PLAN + "/objectives", response={201: PlanOut}, summary="Add an objective")
def add_objective(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: ObjectiveIn
) -> Status[PlanOut]:
    plan = _writable(request, handle, year, customer_code)
    data = payload.dict()
    data["owner"] = _owner(plan, payload.owner)
    data["addresses"] = _people(plan, payload.addresses)
    actions.add_objective(actor=user_of(request), plan=plan, **data)
    return Status(201, _out(plan))


@router.patch(
    PLAN + "/objectives/{pk}", response={200: PlanOut, **Conflict}, summary="Change an objective"
)
def patch_objective(
    request: HttpRequest,
    handle: Code,
    year: Year,
    customer_code: Code,
    pk: Id,
    payload: ObjectivePatch,
) -> Any:
    plan = _writable(request, handle, year, customer_code)
    objective = queries.part_of(plan, Objective, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "owner" in data:
        data["owner"] = _owner(plan, data["owner"])
    if "addresses" in data:
        data["addresses"] = _people(plan, data["addresses"] or [])
    try:
        actions.update_objective(
            actor=user_of(request), objective=objective, version=version, **data
        )
    except StaleEdit as exc:
        return _conflict(exc)
    return _out(plan)


@router.post(
    PLAN + "/objectives/{pk}/value",
    response={200: PlanOut, **Conflict},
    summary="Record the current value of a hand-kept objective",
)
def record_value(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, pk: Id, payload: ValueIn
) -> Any:
    plan = _writable(request, handle, year, customer_code)
    objective = queries.part_of(plan, Objective, pk)
    try:
        actions.record_value(
            actor=user_of(request),
            objective=objective,
            version=payload.version,
            value=payload.value,
            on=payload.on,
        )
    except StaleEdit as exc:
        return _conflict(exc)
    return _out(plan)


@router.put(
    PLAN + "/expected", response={200: PlanOut, **Conflict}, summary="Set expected sales by month"
)
def put_expected(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: ExpectedIn
) -> Any:
    plan = _writable(request, handle, year, customer_code)
    try:
        actions.set_expected(
            actor=user_of(request),
            plan=plan,
            version=payload.version,
            months=payload.months,
            phase_from=_objective(plan, payload.phase_from, "phase_from"),
            seasonal=payload.seasonal,
        )
    except StaleEdit as exc:
        return _conflict(exc)
    return _out(plan)


@router.post(PLAN + "/actions", response={201: PlanOut}, summary="Add an action")
def add_action(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: ActionIn
) -> Status[PlanOut]:
    plan = _writable(request, handle, year, customer_code)
    data = payload.dict()
    data["objective"] = _objective(plan, data.pop("objective_id"))
    data["owner"] = _owner(plan, payload.owner)
    data["addresses"] = _people(plan, payload.addresses)
    actions.add_action(actor=user_of(request), plan=plan, **data)
    return Status(201, _out(plan))


@router.patch(
    PLAN + "/actions/{pk}", response={200: PlanOut, **Conflict}, summary="Change an action"
)
def patch_action(
    request: HttpRequest,
    handle: Code,
    year: Year,
    customer_code: Code,
    pk: Id,
    payload: ActionPatch,
) -> Any:
    plan = _writable(request, handle, year, customer_code)
    action = queries.part_of(plan, Action, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "objective_id" in data:
        data["objective"] = _objective(plan, data.pop("objective_id"))
    if "owner" in data:
        data["owner"] = _owner(plan, data["owner"])
    if "addresses" in data:
        data["addresses"] = _people(plan, data["addresses"] or [])
    try:
        actions.update_action(actor=user_of(request), action=action, version=version, **data)
    except StaleEdit as exc:
        return _conflict(exc)
    return _out(plan)


@router.post(PLAN + "/contacts", response={201: PlanOut}, summary="Add a per-contact objective")
def add_contact(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: ContactIn
) -> Status[PlanOut]:
    plan = _writable(request, handle, year, customer_code)
    people = {p.pk: p for p in queries.key_people(plan.customer)}
    actions.add_contact(
        actor=user_of(request),
        plan=plan,
        key_person=people.get(payload.key_person_id),
        goal=payload.goal,
        date=payload.date,
        owner=_owner(plan, payload.owner),
        objective=_objective(plan, payload.objective_id),
    )
    return Status(201, _out(plan))
