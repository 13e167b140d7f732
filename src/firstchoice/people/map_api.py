"""API of the relationship map (issue 18): the map as nodes and edges, and the influence
lines, through the same scoped lookups, forms and actions as the pages.

Mounted under /customers beside the people router: /api/v1/customers/{code}/relationship-map
and /api/v1/customers/{code}/influence-lines.
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from firstchoice.customers.models import Customer
from firstchoice.lib.api import Code, Id, Text
from firstchoice.lib.http import parse_day, today
from firstchoice.people import influence, queries, relmap
from firstchoice.people.forms import InfluenceLineForm
from firstchoice.people.models import ENGAGEMENT_NAMES, InfluenceLine
from firstchoice.teams.http import user_of

router = Router(tags=["people"])

AsOf = Annotated[
    Text, Query("", max_length=40, description="The map as it stood at the end of YYYY-MM-DD")
]
KindCode = Literal["informal", "peer", "adviser"]


class MapNodeOut(Schema):
    id: str = Field(description="'their-<id>' for the customer's people, 'our-<id>' for ours")
    side: Literal["theirs", "ours"]
    person_id: int
    name: str
    title: str = Field(description="their title, or our person's role on the account")
    level: str | None
    roles: list[str]
    influence: str
    engagement: int | None = Field(description="1 = highest … 5 = opponent; the attitude scale")
    attitude: str | None
    is_coach: bool
    favours_competitor: str
    fresh_on: str | None = Field(description="the day the entry was last known to be right")
    stale: bool


class MapEdgeOut(Schema):
    kind: Literal["reports_to", "influences", "covers"]
    source: str
    target: str
    influence_kind: KindCode | None = None
    note: str = ""


class RelationshipMapOut(Schema):
    customer: str
    as_of: str | None
    red_flags: list[str]
    nodes: list[MapNodeOut]
    edges: list[MapEdgeOut]


class InfluenceLineIn(Schema):
    source: Id = Field(description="id of the key person who influences")
    target: Id = Field(description="id of the key person influenced")
    kind: Text = Field("informal", max_length=8, description="informal, peer or adviser")
    note: Text = Field("", max_length=300)


class InfluenceLineOut(Schema):
    id: int
    source: int
    source_name: str
    target: int
    target_name: str
    kind: KindCode
    note: str


def _line_out(line: InfluenceLine) -> InfluenceLineOut:
    return InfluenceLineOut(
        id=line.pk,
        source=line.source_id,
        source_name=line.source.name,
        target=line.target_id,
        target_name=line.target.name,
        kind=line.kind,  # type: ignore[arg-type]
        note=line.note,
    )


@router.get(
    "/{code}/relationship-map",
    response=RelationshipMapOut,
    summary="The relationship map as nodes and edges",
)
def get_relationship_map(request: HttpRequest, code: Code, as_of: AsOf = "") -> RelationshipMapOut:
    customer = queries.customer_people_for_user(user_of(request), code)
    day = parse_day("as_of", as_of.strip()) if as_of.strip() else None
    found = relmap.relationship_map(customer, today=today(), as_of=day)
    nodes = [
        MapNodeOut(
            id=f"their-{p.id}",
            side="theirs",
            person_id=p.id,
            name=p.name,
            title=p.title,
            level=p.level,
            roles=list(p.roles),
            influence=p.influence,
            engagement=p.engagement,
            attitude=str(ENGAGEMENT_NAMES[p.engagement])
            if p.engagement in ENGAGEMENT_NAMES
            else None,
            is_coach=p.is_coach,
            favours_competitor=p.favours_competitor,
            fresh_on=p.fresh_on.isoformat() if p.fresh_on else None,
            stale=p.stale,
        )
        for p in found.people
    ] + [
        MapNodeOut(
            id=f"our-{o.id}",
            side="ours",
            person_id=o.id,
            name=o.name,
            title=o.role,
            level=None,
            roles=[],
            influence="",
            engagement=None,
            attitude=None,
            is_coach=False,
            favours_competitor="",
            fresh_on=None,
            stale=False,
        )
        for o in found.ours
    ]
    present = {p.id for p in found.people}
    edges = [
        MapEdgeOut(kind="reports_to", source=f"their-{p.id}", target=f"their-{p.reports_to}")
        for p in found.people
        if p.reports_to in present
    ]
    edges += [
        MapEdgeOut(
            kind="influences",
            source=f"their-{line.source}",
            target=f"their-{line.target}",
            influence_kind=line.kind,  # type: ignore[arg-type]
            note=line.note,
        )
        for line in found.lines
    ]
    edges += [
        MapEdgeOut(kind="covers", source=f"our-{o.id}", target=f"their-{pk}")
        for o in found.ours
        for pk in o.covers
    ]
    return RelationshipMapOut(
        customer=customer.code,
        as_of=day.isoformat() if day else None,
        red_flags=list(found.flags.red),
        nodes=nodes,
        edges=edges,
    )


def _lines(customer: Customer) -> list[InfluenceLine]:
    return list(
        InfluenceLine.objects.filter(customer=customer)
        .select_related("source", "target")
        .order_by("id")
    )


@router.get(
    "/{code}/influence-lines",
    response=list[InfluenceLineOut],
    summary="Who influences whom besides the reporting lines",
)
def list_influence_lines(request: HttpRequest, code: Code) -> list[InfluenceLineOut]:
    customer = queries.customer_people_for_user(user_of(request), code)
    return [_line_out(line) for line in _lines(customer)]


@router.post(
    "/{code}/influence-lines", response={201: InfluenceLineOut}, summary="Add an influence line"
)
def create_influence_line(
    request: HttpRequest, code: Code, body: InfluenceLineIn
) -> Status[InfluenceLineOut]:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    # The page's form validates the API too: ids of another customer's people are refused.
    form = InfluenceLineForm(body.model_dump(), customer=customer)
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    d = form.cleaned_data
    line = influence.create_influence_line(
        actor=user,
        customer=customer,
        source=d["source"],
        target=d["target"],
        kind=d["kind"],
        note=d["note"],
    )
    return Status(201, _line_out(line))


@router.delete(
    "/{code}/influence-lines/{line_id}", response={204: None}, summary="Remove an influence line"
)
def delete_influence_line(request: HttpRequest, code: Code, line_id: Id) -> Status[None]:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    line = InfluenceLine.objects.filter(customer=customer, pk=line_id).first()
    if line is None:
        raise Http404("No such influence line")
    influence.delete_influence_line(actor=user, line=line)
    return Status(204, None)
