"""The relationship map of one account (issue 18): reads, now or as of a past day.

Who decides (buying roles), how much they weigh (influence), how they stand towards us
(the engagement level, which is the attitude scale), whom they favour, who influences whom
besides the reporting lines, and which of our people cover them. `draw_map` turns it into
the SVG that the map page, the customer brief and the PDF all show.

Callers pass a customer obtained through a scoped lookup
(`queries.customer_people_for_user`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from firstchoice.customers.models import Customer
from firstchoice.people import mapdraw, rules
from firstchoice.people.models import (
    ENGAGEMENT_NAMES,
    ROLE_COLUMNS,
    Influence,
    InfluenceKind,
    InfluenceLine,
    KeyPerson,
    OurPerson,
    Role,
)
from firstchoice.people.queries import local_day
from firstchoice.teams.models import CompanySettings


@dataclass
class RelationshipMap:
    customer: Customer
    as_of: dt.date | None  # None: as it stands today
    day: dt.date  # the day freshness is measured against
    stale_days: int
    people: list[mapdraw.Person]
    ours: list[mapdraw.Ours]
    lines: list[mapdraw.Line]
    flags: rules.PeopleFlags

    @property
    def names(self) -> dict[int, str]:
        return {p.id: p.name for p in self.people}


def freshness(moments: Iterable[tuple[int, dt.datetime | None]]) -> dict[int, dt.date | None]:
    """The day each person was last known to be right, by id, from (id, confirmed at).

    Today that is the day the entry was last confirmed or edited (every edit confirms it).
    The one place to extend when contacts are logged: the later of this and the last contact.
    """
    return {pk: local_day(moment) for pk, moment in moments}


PERSON_FIELDS = (
    "id", "name", "title", "department", "level", "reports_to_id", "engagement",
    "influence", "favours_competitor", "confirmed_at", *ROLE_COLUMNS.values(),
)  # fmt: skip


def relationship_map(
    customer: Customer, *, today: dt.date, as_of: dt.date | None = None
) -> RelationshipMap:
    """The map now, or as it stood at the end of day `as_of` (from the history tables).

    A fixed number of queries whatever the size: settings, people, lines, ours, covers.
    """
    stale_days = CompanySettings.load().org_chart_stale_days
    if as_of is None:
        day = today
        rows = list(KeyPerson.objects.filter(customer=customer).values(*PERSON_FIELDS))
        line_rows = list(
            InfluenceLine.objects.filter(customer=customer).values_list(
                "source_id", "target_id", "kind", "note"
            )
        )
        ours_rows = list(
            OurPerson.objects.filter(customer=customer)
            .order_by("rank", "name", "id")
            .values_list("id", "name", "role")
        )
        covers: dict[int, list[int]] = {}
        for our_id, person_id in OurPerson.covers.through.objects.filter(
            ourperson__customer=customer
        ).values_list("ourperson_id", "keyperson_id"):
            covers.setdefault(our_id, []).append(person_id)
    else:
        day = as_of
        end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
        rows = [
            {name: getattr(p, name) for name in PERSON_FIELDS}
            for p in KeyPerson.history.as_of(end).filter(customer_id=customer.pk)
        ]
        line_rows = [
            (line.source_id, line.target_id, line.kind, line.note)
            for line in InfluenceLine.history.as_of(end).filter(customer_id=customer.pk)
        ]
        ours_rows, covers = _ours_as_of(customer, end)
    fresh = freshness((r["id"], r["confirmed_at"]) for r in rows)
    people = [
        mapdraw.Person(
            id=r["id"],
            name=r["name"],
            title=r["title"],
            level=r["level"],
            reports_to=r["reports_to_id"],
            roles=tuple(role for role, column in ROLE_COLUMNS.items() if r[column]),
            influence=r["influence"],
            engagement=r["engagement"],
            favours_competitor=r["favours_competitor"],
            fresh_on=fresh[r["id"]],
            age_days=rules.age_days(fresh[r["id"]], day),
            stale=rules.is_stale(fresh[r["id"]], day, stale_days),
        )
        for r in rows
    ]
    present = {p.id for p in people}
    covered = {pk for ids in covers.values() for pk in ids if pk in present}
    flags = rules.people_flags(
        (
            rules.PersonFacts(
                p.id,
                p.level,
                p.engagement,
                p.is_coach,
                p.fresh_on,
                False,
                economic_buyer="economic_buyer" in p.roles,
                influence=p.influence,
                favours_competitor=p.favours_competitor,
                covered=p.id in covered,
            )
            for p in people
        ),
        today=day,
        stale_days=stale_days,
    )
    return RelationshipMap(
        customer=customer,
        as_of=as_of,
        day=day,
        stale_days=stale_days,
        people=people,
        ours=[
            mapdraw.Ours(
                id=pk,
                name=name,
                role=role,
                covers=tuple(p for p in covers.get(pk, []) if p in present),
            )
            for pk, name, role in ours_rows
        ],
        lines=[
            mapdraw.Line(source=s, target=t, kind=k, note=n)
            for s, t, k, n in line_rows
            if s in present and t in present
        ],
        flags=flags,
    )


def _ours_as_of(
    customer: Customer, end: dt.datetime
) -> tuple[list[tuple[int, str, str]], dict[int, list[int]]]:
    """Our people and whom they covered at `end`, from the history (covers included)."""
    latest: dict[int, object] = {}
    for record in OurPerson.history.filter(customer_id=customer.pk, history_date__lt=end).order_by(
        "history_date", "history_id"
    ):
        latest[record.id] = record
    records = [r for r in latest.values() if r.history_type != "-"]  # type: ignore[attr-defined]
    records.sort(key=lambda o: (o.rank, o.name, o.id))  # type: ignore[attr-defined]
    # Each historical record keeps the covers it was saved with (m2m history).
    history_ids = {r.history_id: r.id for r in records}  # type: ignore[attr-defined]
    through = apps.get_model("people", "HistoricalOurPerson_covers")
    covers: dict[int, list[int]] = {}
    for history_id, person_id in through.objects.filter(
        history_id__in=list(history_ids)
    ).values_list("history_id", "keyperson_id"):
        covers.setdefault(history_ids[history_id], []).append(person_id)
    return [(o.id, o.name, o.role) for o in records], covers  # type: ignore[attr-defined]


def words() -> mapdraw.Words:
    """The drawing's words in the active language."""
    return mapdraw.Words(
        roles={str(k): str(v) for k, v in Role.choices},
        influence={str(k): str(v) for k, v in Influence.choices},
        influence_label=_("Influence"),
        attitudes={k: str(v) for k, v in ENGAGEMENT_NAMES.items()},
        unjudged=_("Attitude not judged yet"),
        coach=_("Coach"),
        favours=_("Favours %s"),
        freshness=_freshness_words,
        kinds={str(k): str(v) for k, v in InfluenceKind.choices},
        legend={
            "reports": _("reports to"),
            "covers": _("our person covers"),
            "stale": _("not confirmed recently"),
        },
        nobody=_("Nobody mapped yet."),
    )


def _freshness_words(age: int | None) -> str:
    if age is None:
        return _("never confirmed")
    if age == 0:
        return _("confirmed today")
    return ngettext("confirmed %(d)d day ago", "confirmed %(d)d days ago", age) % {"d": age}


def draw_map(found: RelationshipMap) -> str:
    """The SVG of the map, in the active language (escaped inside; safe to mark safe)."""
    label = _("Relationship map of %(name)s") % {"name": found.customer.name}
    return mapdraw.draw(found.people, found.ours, found.lines, words(), label=label)
