"""API for action plans (M6): the same scoped lookups and actions as the pages.

A stale edit (the row changed since the version the client sent) answers 409 with the row
as it is now and who changed it; nothing is saved.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.responses import Status

from firstchoice.lib.api import CONFLICT, Code, ConflictOut, Id, conflict
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.http import as_of_for_year, parse_as_of, today
from firstchoice.plans import queries
from firstchoice.plans.actions import action_items, checks, contacts, objectives, plans
from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.plans.schemas import (
    ActionIn,
    ActionOut,
    ActionPatch,
    ContactIn,
    ExpectedIn,
    ObjectiveIn,
    ObjectivePatch,
    PlanOut,
    PlanStartIn,
    RespondIn,
    ValueIn,
    action_out,
    plan_out,
)
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User

router = Router(tags=["plans"])

Year = Annotated[int, Path(ge=1900, le=2999)]


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
    found = checks.eligible_owners(plan.salesperson).filter(username=username).first()
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
    return [action_out(a, addresses=False) for a in found]


@router.post(
    "/my-actions/{pk}/respond",
    response={200: ActionOut, **Conflict},
    summary="Accept or decline (with a reason) an action assigned to me",
)
def respond(request: HttpRequest, pk: Id, payload: RespondIn) -> Any:
    user = user_of(request)
    action = queries.my_action(user, pk)
    try:
        done = action_items.respond(
            actor=user,
            action=action,
            version=payload.version,
            accept=payload.accept,
            reason=payload.reason,
        )
    except StaleEdit as exc:
        return _conflict(exc)
    done.owner = user
    return action_out(done, addresses=False)


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
    plan = plans.start_plan(
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
    objectives.add_objective(actor=user_of(request), plan=plan, **data)
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
        objectives.update_objective(
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
        objectives.record_value(
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
        plans.set_expected(
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
    action_items.add_action(actor=user_of(request), plan=plan, **data)
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
        action_items.update_action(actor=user_of(request), action=action, version=version, **data)
    except StaleEdit as exc:
        return _conflict(exc)
    return _out(plan)


@router.post(PLAN + "/contacts", response={201: PlanOut}, summary="Add a per-contact objective")
def add_contact(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: ContactIn
) -> Status[PlanOut]:
    plan = _writable(request, handle, year, customer_code)
    people = {p.pk: p for p in queries.key_people(plan.customer)}
    contacts.add_contact(
        actor=user_of(request),
        plan=plan,
        key_person=people.get(payload.key_person_id),
        goal=payload.goal,
        date=payload.date,
        owner=_owner(plan, payload.owner),
        objective=_objective(plan, payload.objective_id),
    )
    return Status(201, _out(plan))
