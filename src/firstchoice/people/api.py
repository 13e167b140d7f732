"""API for key people and the org chart: the same lookups and actions as the pages.

Mounted next to the customers router under /customers, so the paths read
/api/v1/customers/{code}/people and /api/v1/customers/{code}/orgchart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from firstchoice.customers.models import Customer
from firstchoice.lib.api import CONFLICT, Code, Id, LongText, Text, omissible
from firstchoice.lib.http import parse_day, today
from firstchoice.people import actions, queries, rules
from firstchoice.people.forms import OurPersonForm, RelationshipForm
from firstchoice.people.models import ENGAGEMENT_NAMES, KeyPerson, OurPerson
from firstchoice.teams.http import user_of
from firstchoice.teams.models import CompanySettings, User

router = Router(tags=["people"])

LevelCode = Literal["head_office", "division", "site", "shop_floor"]
AsOf = Annotated[
    Text, Query("", max_length=40, description="The chart as it stood at the end of YYYY-MM-DD")
]


class PersonOut(Schema):
    id: int
    name: str
    department: str
    title: str
    level: LevelCode
    engagement: int | None = Field(description="1 = highest … 5 = opponent; null = not judged")
    is_coach: bool
    roles: list[str] = Field(
        description="buying roles: economic_buyer, user_buyer, technical_buyer, coach, gatekeeper"
    )
    influence: str = Field(
        description="on this account's decisions: high, medium, low; '' = not judged"
    )
    attitude: str | None = Field(
        description="attitude to us: the engagement level's name (one scale, not two)"
    )
    favours_competitor: str = Field(description="one of the dossier's competitors; '' = none")
    reports_to: int | None
    reports_to_name: str | None
    phone: str
    fax: str
    email: str
    interests: str
    good_supplier: str
    pains: str
    responsibility: str
    confirmed_at: str | None
    confirmed_by: str | None
    stale: bool
    version: int = Field(description="send it back with a PATCH to refuse overwriting a newer save")


class PeopleOut(Schema):
    customer: str
    flags: dict[str, int | bool | list[str]]
    people: list[PersonOut]


class NodeOut(Schema):
    id: int
    name: str
    title: str
    department: str
    level: LevelCode
    engagement: int | None
    is_coach: bool
    confirmed_on: str | None
    stale: bool
    reports_to_outside: str | None = Field(description="Boss in another department, by name")
    children: list[NodeOut]


NodeOut.model_rebuild()


class DepartmentOut(Schema):
    department: str
    roots: list[NodeOut]


class OrgChartOut(Schema):
    customer: str
    as_of: str | None
    stale_days: int
    people: int
    stale: int
    departments: list[DepartmentOut]


class PersonIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    department: Text = Field("", max_length=100)
    title: Text = Field("", max_length=200)
    level: LevelCode = "site"
    engagement: int | None = Field(None, ge=1, le=5)
    is_coach: bool = False
    roles: list[Text] | None = Field(
        None,
        max_length=5,
        description="buying roles (economic_buyer, user_buyer, technical_buyer, coach, "
        "gatekeeper); sets is_coach too. Left out: is_coach alone decides the coach role",
    )
    influence: Text = Field("", max_length=6, description="high, medium, low; '' = not judged")
    favours_competitor: Text = Field(
        "", max_length=300, description="one of the competitors in the dossier; '' = none"
    )
    reports_to: Id | None = None
    phone: Text = Field("", max_length=40)
    fax: Text = Field("", max_length=40)
    email: Text = Field("", max_length=254)
    interests: LongText = ""
    good_supplier: LongText = ""
    pains: LongText = ""
    responsibility: LongText = ""
    allow_duplicate: bool = Field(
        False,
        description="add even if someone at the customer has the same name, e-mail or phone "
        "(else 422 naming them)",
    )


class PersonPatch(Schema):
    """Only the fields given change. A text field's columns are NOT NULL: null is refused
    (send "" to clear it); `engagement` and `reports_to` take null to clear."""

    name: Text = omissible(min_length=1, max_length=200)
    department: Text = omissible(max_length=100)
    title: Text = omissible(max_length=200)
    level: LevelCode = omissible()
    engagement: int | None = Field(None, ge=1, le=5)
    is_coach: bool = omissible()
    roles: list[Text] = omissible(max_length=5)
    influence: Text = omissible(max_length=6)
    favours_competitor: Text = omissible(max_length=300)
    reports_to: Id | None = None
    phone: Text = omissible(max_length=40)
    fax: Text = omissible(max_length=40)
    email: Text = omissible(max_length=254)
    interests: LongText = omissible()
    good_supplier: LongText = omissible()
    pains: LongText = omissible()
    responsibility: LongText = omissible()
    version: int | None = Field(
        None,
        ge=0,
        description="the `version` you read; if someone saved since, the answer is 409 and "
        "nothing is saved (left out: last write wins)",
    )


def _person_out(p: KeyPerson, stale_days: int, day: dt.date) -> PersonOut:
    confirmed_on = queries.local_day(p.confirmed_at)
    return PersonOut(
        id=p.pk,
        name=p.name,
        department=p.department,
        title=p.title,
        level=p.level,  # type: ignore[arg-type]
        engagement=p.engagement,
        is_coach=p.is_coach,
        roles=p.roles,
        influence=p.influence,
        attitude=str(ENGAGEMENT_NAMES[p.engagement]) if p.engagement in ENGAGEMENT_NAMES else None,
        favours_competitor=p.favours_competitor,
        reports_to=p.reports_to_id,
        reports_to_name=p.reports_to.name if p.reports_to else None,
        phone=p.phone,
        fax=p.fax,
        email=p.email,
        interests=p.interests,
        good_supplier=p.good_supplier,
        pains=p.pains,
        responsibility=p.responsibility,
        confirmed_at=p.confirmed_at.isoformat() if p.confirmed_at else None,
        confirmed_by=p.confirmed_by.username if p.confirmed_by else None,
        stale=rules.is_stale(confirmed_on, day, stale_days),
        version=p.version,
    )


def _boss(customer: Customer, boss_id: int | None) -> KeyPerson | None:
    """The boss by id, looked up only among this customer's people."""
    if boss_id is None:
        return None
    boss = KeyPerson.objects.filter(customer=customer, pk=boss_id).first()
    if boss is None:
        raise ValidationError(
            {"reports_to": _("No key person with id %(id)d at this customer.") % {"id": boss_id}}
        )
    return boss


def _relationship(
    customer: Customer, person: KeyPerson | None, fields: dict[str, Any]
) -> dict[str, Any]:
    """Roles, influence and competitor checked by the page's own form (errors by field),
    turned into the action's fields. `roles` (if given) decides `is_coach` too."""
    roles = fields.pop("roles", None)
    if roles is None:
        roles = [r for r in (person.roles if person else []) if r != "coach"]
        if fields.get("is_coach", person.is_coach if person else False):
            roles.append("coach")
    form = RelationshipForm(
        {
            "roles": roles,
            "influence": fields.get("influence", person.influence if person else ""),
            "favours_competitor": fields.get(
                "favours_competitor", person.favours_competitor if person else ""
            ),
        },
        customer=customer,
        person=person,
    )
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    return {
        **fields,
        **form.role_flags(),
        "influence": form.cleaned_data["influence"],
        "favours_competitor": form.cleaned_data["favours_competitor"],
    }


def _single(request: HttpRequest, code: Code, person: KeyPerson) -> PersonOut:
    fresh = queries.key_person_for_user(user_of(request), code, person.pk)
    return _person_out(fresh, CompanySettings.load().org_chart_stale_days, today())


@router.get("/{code}/people", response=PeopleOut, summary="A customer's key people and flags")
def list_people(request: HttpRequest, code: Code) -> PeopleOut:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code)
    flags = queries.people_flags([customer.pk], today=today())[customer.pk]
    stale_days = CompanySettings.load().org_chart_stale_days
    return PeopleOut(
        customer=customer.code,
        flags={
            "people": flags.people,
            "no_coach": flags.no_coach,
            "single_threaded": flags.single_threaded,
            "chart_stale": flags.chart_stale,
            "stale_people": flags.stale_people,
            "levels_covered": sorted(flags.levels_covered),
            "unaddressed_pains": flags.unaddressed_pains,
            "economic_buyers": flags.economic_buyers,
            "red_flags": list(flags.red),
        },
        people=[_person_out(p, stale_days, today()) for p in queries.key_people(user, customer)],
    )


def _node_out(box: queries.Box) -> NodeOut:
    return NodeOut(
        id=box.id,
        name=box.name,
        title=box.title,
        department=box.department,
        level=box.level,  # type: ignore[arg-type]
        engagement=box.engagement,
        is_coach=box.is_coach,
        confirmed_on=box.confirmed_on.isoformat() if box.confirmed_on else None,
        stale=box.stale,
        reports_to_outside=box.outside_boss or None,
        children=[_node_out(child) for child in box.children],
    )


@router.get("/{code}/orgchart", response=OrgChartOut, summary="The org chart as a nested tree")
def get_orgchart(request: HttpRequest, code: Code, as_of: AsOf = "") -> OrgChartOut:
    customer = queries.customer_people_for_user(user_of(request), code)
    day = parse_day("as_of", as_of.strip()) if as_of.strip() else None
    chart = queries.org_chart(customer, today=today(), as_of=day)
    return OrgChartOut(
        customer=customer.code,
        as_of=day.isoformat() if day else None,
        stale_days=chart.stale_days,
        people=chart.people,
        stale=chart.stale,
        departments=[
            DepartmentOut(department=d, roots=[_node_out(b) for b in boxes])
            for d, boxes in chart.departments
        ],
    )


@router.post("/{code}/people", response={201: PersonOut}, summary="Add a key person")
def create_person(request: HttpRequest, code: Code, body: PersonIn) -> Status[PersonOut]:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    fields = body.model_dump()
    allow_duplicate = fields.pop("allow_duplicate")
    fields = _relationship(customer, None, fields)
    fields["reports_to"] = _boss(customer, fields["reports_to"])
    person = actions.create_key_person(
        actor=user,
        customer=customer,
        data=actions.PersonData(**fields),
        allow_duplicate=allow_duplicate,
    )
    return Status(201, _single(request, code, person))


@router.patch(
    "/{code}/people/{person_id}",
    response={200: PersonOut, **CONFLICT},
    summary="Change a key person",
)
def update_person(request: HttpRequest, code: Code, person_id: Id, body: PersonPatch) -> PersonOut:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, person_id, write=True)
    current = {name: getattr(person, name) for name in actions.PERSON_FIELDS}
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    changes = _relationship(person.customer, person, changes)
    if "reports_to" in changes:
        changes["reports_to"] = _boss(person.customer, changes["reports_to"])
    data = dataclasses.replace(actions.PersonData(**current), **changes)
    actions.update_key_person(actor=user, person=person, data=data, version=version)
    return _single(request, code, person)


@router.post(
    "/{code}/people/{person_id}/confirm", response=PersonOut, summary="Confirm an entry as of now"
)
def confirm_person(request: HttpRequest, code: Code, person_id: Id) -> PersonOut:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, person_id, write=True)
    actions.confirm_key_person(actor=user, person=person)
    return _single(request, code, person)


@router.delete("/{code}/people/{person_id}", response={204: None}, summary="Remove a key person")
def delete_person(request: HttpRequest, code: Code, person_id: Id) -> Status[None]:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, person_id, write=True)
    actions.delete_key_person(actor=user, person=person)
    return Status(204, None)


# --- Our people on the account (M5, our side) ----------------------------------------------


class CoveredOut(Schema):
    id: int
    name: str
    department: str
    level: LevelCode


class OurPersonOut(Schema):
    id: int
    name: str
    role: str
    rank: int = Field(description="1 = most important on the account")
    login: str | None = Field(description="the colleague's username, when they have one")
    covers: list[CoveredOut]
    version: int = Field(description="send it back with a PUT to refuse overwriting a newer save")


class OurPersonIn(Schema):
    name: Text = Field(max_length=200)
    role: Text = Field("", max_length=200)
    rank: int = Field(1, description="1 = most important; the form checks 1 to 99")
    login: Code | None = Field(None, description="username of a colleague you can see")
    covers: list[Id] = Field(
        default_factory=list, description="ids of this customer's key people they cover"
    )
    version: int | None = Field(
        None,
        ge=0,
        description="the `version` you read; if someone saved since, the answer is 409 and "
        "nothing is saved (left out: last write wins)",
    )


def _ours_out(ours: OurPerson) -> OurPersonOut:
    return OurPersonOut(
        id=ours.pk,
        name=ours.name,
        role=ours.role,
        rank=ours.rank,
        login=ours.user.username if ours.user else None,
        covers=[
            CoveredOut(id=p.pk, name=p.name, department=p.department, level=p.level)  # type: ignore[arg-type]
            for p in ours.covers.all()
        ],
        version=ours.version,
    )


def _ours_fields(user: User, customer: Customer, body: OurPersonIn) -> dict[str, object]:
    """The page's form validates the API too: one set of rules, errors named by field."""
    login = User.objects.filter(username=body.login).first() if body.login else None
    data = {
        "name": body.name,
        "role": body.role,
        "rank": body.rank,
        # An unknown or invisible login fails the form's choice check, like a forged id.
        "user": (login.pk if login else -1) if body.login else "",
        "covers": body.covers,
    }
    form = OurPersonForm(data, customer=customer, viewer=user)
    if not form.is_valid():
        raise ValidationError(
            {("login" if k == "user" else k): list(v) for k, v in form.errors.items()}
        )
    return form.action_fields()


def _one_ours(customer: Customer, pk: int) -> OurPersonOut:
    return _ours_out(queries.our_people(customer).get(pk=pk))


@router.get(
    "/{code}/our-people",
    response=list[OurPersonOut],
    summary="Our people on the account, ranked, with whom they cover",
)
def list_our_people(request: HttpRequest, code: Code) -> list[OurPersonOut]:
    customer = queries.customer_people_for_user(user_of(request), code)
    return [_ours_out(o) for o in queries.our_people(customer)]


@router.post("/{code}/our-people", response={201: OurPersonOut}, summary="Add one of our people")
def add_our_person(request: HttpRequest, code: Code, body: OurPersonIn) -> Status[OurPersonOut]:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    fields = _ours_fields(user, customer, body)
    ours = actions.add_our_person(actor=user, customer=customer, **fields)  # type: ignore[arg-type]
    return Status(201, _one_ours(customer, ours.pk))


@router.put(
    "/{code}/our-people/{our_id}",
    response={200: OurPersonOut, **CONFLICT},
    summary="Replace one of our people",
)
def put_our_person(request: HttpRequest, code: Code, our_id: Id, body: OurPersonIn) -> OurPersonOut:
    user = user_of(request)
    ours = queries.our_person_for_user(user, code, our_id, write=True)
    fields = _ours_fields(user, ours.customer, body)
    actions.update_our_person(actor=user, ours=ours, version=body.version, **fields)  # type: ignore[arg-type]
    return _one_ours(ours.customer, ours.pk)


@router.delete(
    "/{code}/our-people/{our_id}", response={204: None}, summary="Remove one of our people"
)
def delete_our_person(request: HttpRequest, code: Code, our_id: Id) -> Status[None]:
    user = user_of(request)
    ours = queries.our_person_for_user(user, code, our_id, write=True)
    actions.delete_our_person(actor=user, ours=ours)
    return Status(204, None)
