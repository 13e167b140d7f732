"""API of the contact log: /api/v1/customers/{code}/contacts (list, log) and
/api/v1/customers/{code}/contacts/{id} (read, replace, remove). Same scoped lookups and
actions as the pages; a PUT or DELETE naming an old `version` answers 409."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from firstchoice.contacts import actions, queries, rules
from firstchoice.contacts.models import Contact
from firstchoice.customers.models import Customer
from firstchoice.lib.api import CONFLICT, Code, Id, LongText, Text
from firstchoice.lib.http import today
from firstchoice.people.models import KeyPerson
from firstchoice.people.queries import customer_people_for_user
from firstchoice.plans.models import ContactObjective
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User

router = Router(tags=["contacts"])

KindCode = Literal["visit", "call", "video", "email", "event"]
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


class ContactPersonOut(Schema):
    id: int
    name: str


class LoggedContactOut(Schema):
    id: int
    kind: KindCode
    day: dt.date
    their_people: list[ContactPersonOut]
    our_people: list[str] = Field(description="usernames")
    objectives: list[int] = Field(description="ids of the plans' contact objectives served")
    notes: str
    outcome: str
    next_step: str
    next_step_owner: str | None = Field(description="username")
    next_step_due: dt.date | None
    next_step_done_on: dt.date | None
    next_step_state: Literal["none", "open", "overdue", "on_time", "late"]
    logged_by: str | None
    version: int = Field(description="send it back with a PUT or DELETE to refuse overwriting")


class ContactLogOut(Schema):
    customer: str
    count: int
    offset: int
    limit: int
    contacts: list[LoggedContactOut]


class LoggedContactIn(Schema):
    kind: KindCode = "visit"
    day: dt.date
    their_people: list[Id] = Field(default_factory=list, max_length=200)
    our_people: list[Code] = Field(
        default_factory=list, max_length=50, description="usernames of colleagues on the account"
    )
    objectives: list[Id] = Field(default_factory=list, max_length=50)
    notes: LongText = ""
    outcome: LongText = ""
    next_step: Text = Field("", max_length=300)
    next_step_owner: Code | None = Field(None, description="username; default: you")
    next_step_due: dt.date | None = None
    next_step_done_on: dt.date | None = None
    version: int | None = Field(
        None,
        ge=0,
        description="on PUT: the `version` you read; if someone saved since, the answer is "
        "409 and nothing is saved (left out: last write wins)",
    )


def _out(c: Contact) -> LoggedContactOut:
    state = (
        rules.follow_up_state(c.next_step_due, c.next_step_done_on, today=today())
        if c.next_step
        else "none"
    )
    return LoggedContactOut(
        id=c.pk,
        kind=c.kind,  # type: ignore[arg-type]
        day=c.day,
        their_people=[ContactPersonOut(id=p.pk, name=p.name) for p in c.their_people.all()],
        our_people=[u.username for u in c.our_people.all()],
        objectives=[o.pk for o in c.objectives.all()],
        notes=c.notes,
        outcome=c.outcome,
        next_step=c.next_step,
        next_step_owner=c.next_step_owner.username if c.next_step_owner else None,
        next_step_due=c.next_step_due,
        next_step_done_on=c.next_step_done_on,
        next_step_state=state,  # type: ignore[arg-type]
        logged_by=c.created_by.username if c.created_by else None,
        version=c.version,
    )


def _data(customer: Customer, actor: User, body: LoggedContactIn) -> actions.ContactData:
    """Ids and usernames resolved inside the account: anything else is a 422 naming it."""
    people = list(KeyPerson.objects.filter(customer=customer, pk__in=body.their_people))
    missing = set(body.their_people) - {p.pk for p in people}
    if missing:
        raise ValidationError(
            {
                "their_people": _("No key person with id %(id)d at this customer.")
                % {"id": min(missing)}
            }
        )
    allowed = queries.colleagues(customer, actor)
    ours = list(allowed.filter(username__in=body.our_people))
    unknown = set(body.our_people) - {u.username for u in ours}
    if unknown:
        raise ValidationError(
            {"our_people": _("%(name)s does not work on this account.") % {"name": min(unknown)}}
        )
    objectives = list(
        ContactObjective.objects.filter(
            plan__customer=customer, pk__in=body.objectives
        ).select_related("plan")
    )
    gone = set(body.objectives) - {o.pk for o in objectives}
    if gone:
        raise ValidationError(
            {
                "objectives": _("No contact objective with id %(id)d in this customer's plans.")
                % {"id": min(gone)}
            }
        )
    owner = None
    if body.next_step_owner:
        owner = allowed.filter(username=body.next_step_owner).first()
        if owner is None:
            raise ValidationError(
                {
                    "next_step_owner": _("%(name)s does not work on this account.")
                    % {"name": body.next_step_owner}
                }
            )
    return actions.ContactData(
        kind=body.kind,
        day=body.day,
        their_people=people,
        our_people=ours,
        objectives=objectives,
        notes=body.notes,
        outcome=body.outcome,
        next_step=body.next_step,
        next_step_owner=owner,
        next_step_due=body.next_step_due,
        next_step_done_on=body.next_step_done_on,
    )


def _fresh(customer: Customer, pk: int) -> LoggedContactOut:
    return _out(queries.contacts_of(customer).get(pk=pk))


@router.get("/{code}/contacts", response=ContactLogOut, summary="A customer's contact log")
def list_contacts(
    request: HttpRequest,
    code: Code,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> ContactLogOut:
    customer = customer_people_for_user(user_of(request), code)
    found = queries.contacts_of(customer)
    return ContactLogOut(
        customer=customer.code,
        count=found.count(),
        offset=offset,
        limit=limit,
        contacts=[_out(c) for c in found[offset : offset + limit]],
    )


@router.post("/{code}/contacts", response={201: LoggedContactOut}, summary="Log a contact")
def create_contact(
    request: HttpRequest, code: Code, body: LoggedContactIn
) -> Status[LoggedContactOut]:
    user = user_of(request)
    customer = customer_people_for_user(user, code, write=True)
    contact = actions.log_contact(
        actor=user, customer=customer, data=_data(customer, user, body), today=today()
    )
    return Status(201, _fresh(customer, contact.pk))


@router.get("/{code}/contacts/{contact_id}", response=LoggedContactOut, summary="One contact")
def get_contact(request: HttpRequest, code: Code, contact_id: Id) -> LoggedContactOut:
    return _out(queries.contact_for_user(user_of(request), code, contact_id))


@router.put(
    "/{code}/contacts/{contact_id}",
    response={200: LoggedContactOut, **CONFLICT},
    summary="Replace a logged contact",
)
def put_contact(
    request: HttpRequest, code: Code, contact_id: Id, body: LoggedContactIn
) -> LoggedContactOut:
    user = user_of(request)
    contact = queries.contact_for_user(user, code, contact_id, write=True)
    actions.update_contact(
        actor=user,
        contact=contact,
        data=_data(contact.customer, user, body),
        version=body.version,
        today=today(),
    )
    return _fresh(contact.customer, contact.pk)


@router.delete(
    "/{code}/contacts/{contact_id}",
    response={204: None, **CONFLICT},
    summary="Remove a logged contact",
)
def delete_contact(
    request: HttpRequest,
    code: Code,
    contact_id: Id,
    version: Annotated[int | None, Query(ge=0, description="the version you read")] = None,
) -> Status[None]:
    user = user_of(request)
    contact = queries.contact_for_user(user, code, contact_id, write=True)
    actions.delete_contact(actor=user, contact=contact, version=version)
    return Status(204, None)
