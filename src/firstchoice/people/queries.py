"""Permission-scoped reads of key people, our people, the org chart and the M5 flags.

Who may change a customer's people: an administrator; whoever may edit the customer's
owner (the owner and their managers); whoever may edit a salesperson who lists the customer
on a portfolio; and, for a customer nobody owns yet, anyone who sees it. Everyone else who
sees the customer reads only (a teammate: the method reviews every account in the open).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.lib import history
from firstchoice.people import rules
from firstchoice.people.models import InfluenceLine, KeyPerson, Level, OurPerson
from firstchoice.people.rules import PeopleFlags
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.portfolio.scoping import customer_for_user, is_open_prospect, visible_customers
from firstchoice.teams.models import CompanySettings, User
from firstchoice.teams.queries import editable_salespeople

__all__ = [
    "PeopleFlags",
    "can_edit_people",
    "customer_people_for_user",
    "key_people",
    "key_person_for_user",
    "our_person_for_user",
    "people_flags",
]


def can_edit_people(user: User, customer: Customer) -> bool:
    if user.is_administrator or is_open_prospect(customer):
        return True
    editable = editable_salespeople(user)
    return (
        customer.owner_id is not None and editable.filter(pk=customer.owner_id).exists()
    ) or PortfolioEntry.objects.filter(
        customer=customer, portfolio__salesperson__in=editable.values("pk")
    ).exists()


def customer_people_for_user(user: User, code: str, *, write: bool = False) -> Customer:
    """The customer called `code` if `user` sees it; PermissionDenied for a read-only writer."""
    customer = customer_for_user(user, code)
    if write and not can_edit_people(user, customer):
        raise PermissionDenied(
            "Read-only: only the account's salespeople and managers may change it"
        )
    return customer


def key_people(user: User, customer: Customer) -> QuerySet[KeyPerson]:
    """The customer's key people, empty when `user` may not see the customer."""
    return (
        KeyPerson.objects.filter(customer=customer, customer__in=visible_customers(user))
        .select_related("reports_to", "confirmed_by")
        .order_by("department", "name", "id")
    )


def key_person_for_user(
    user: User, customer_code: str, person_id: int, *, write: bool = False
) -> KeyPerson:
    """One key person, found only inside a customer `user` sees (never by a bare id)."""
    customer = customer_people_for_user(user, customer_code, write=write)
    person = (
        KeyPerson.objects.select_related("customer", "reports_to", "confirmed_by")
        .filter(customer=customer, pk=person_id)
        .first()
    )
    if person is None:
        raise Http404("No such key person")
    return person


def our_person_for_user(
    user: User, customer_code: str, our_id: int, *, write: bool = False
) -> OurPerson:
    customer = customer_people_for_user(user, customer_code, write=write)
    found = OurPerson.objects.filter(customer=customer, pk=our_id).first()
    if found is None:
        raise Http404("No such person")
    return found


def our_people(customer: Customer) -> QuerySet[OurPerson]:
    """Our colleagues on the account, ranked, with whom they cover (two queries)."""
    return (
        OurPerson.objects.filter(customer=customer)
        .select_related("user")
        .prefetch_related(
            Prefetch("covers", queryset=KeyPerson.objects.order_by("department", "name"))
        )
        .order_by("rank", "name", "id")
    )


def people_flags(
    customer_ids: Iterable[int],
    *,
    today: dt.date,
    addressed: Mapping[int, set[int]] | None = None,
    stale_days: int | None = None,
) -> dict[int, PeopleFlags]:
    """The M5 flags of many customers in one query (two without `stale_days`).

    - no_coach: nobody is marked coach.
    - single_threaded: fewer than two people at engagement 1–2.
    - stale_people: entries never confirmed or confirmed more than
      CompanySettings.org_chart_stale_days before `today`.
    - chart_stale: more than a quarter of the entries are stale (rules.CHART_STALE_SHARE).
    - levels_covered: organisation levels with at least one person.
    - economic buyers: how many, how many no one of ours covers, how many at engagement 4–5;
      competitor_backers: high-influence people favouring a competitor (issue 18).
    - unaddressed_pains: people with pains written down whose id is not in
      `addressed[customer_id]` (the plans app passes the people its actions address).

    Not permission-scoped: callers pass ids of customers they obtained through a scoped query.
    Every id passed gets an entry (an account with nobody mapped gets empty flags).
    """
    ids = list(dict.fromkeys(customer_ids))
    if stale_days is None:
        stale_days = CompanySettings.load().org_chart_stale_days
    facts: dict[int, list[rules.PersonFacts]] = {pk: [] for pk in ids}
    if ids:
        covered = OurPerson.covers.through.objects.filter(keyperson_id=OuterRef("pk"))
        rows = (
            KeyPerson.objects.filter(customer_id__in=ids)
            .annotate(covered=Exists(covered))
            .values_list(
                "customer_id",
                "id",
                "level",
                "engagement",
                "is_coach",
                "confirmed_at",
                "pains",
                "is_economic_buyer",
                "influence",
                "favours_competitor",
                "covered",
            )
        )
        for (
            customer_id, pk, level, engagement, coach, confirmed_at, pains, buyer, influence,
            competitor, is_covered,
        ) in rows.iterator():  # fmt: skip
            facts[customer_id].append(
                rules.PersonFacts(
                    pk,
                    level,
                    engagement,
                    coach,
                    local_day(confirmed_at),
                    bool(pains.strip()),
                    economic_buyer=buyer,
                    influence=influence,
                    favours_competitor=competitor,
                    covered=is_covered,
                )
            )
    addressed = addressed or {}
    return {
        pk: rules.people_flags(
            people,
            today=today,
            stale_days=stale_days,
            addressed=frozenset(addressed.get(pk, ())),
        )
        for pk, people in facts.items()
    }


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localdate(moment)


# --- the org chart ---------------------------------------------------------------------


@dataclass
class Box:
    """One person on the drawing, with everything the box shows."""

    id: int
    name: str
    title: str
    department: str
    level: str
    level_label: str
    engagement: int | None
    is_coach: bool
    confirmed_on: dt.date | None
    age_days: int | None
    stale: bool
    outside_boss: str = ""
    children: list[Box] = field(default_factory=list)


@dataclass
class OrgChart:
    customer: Customer
    as_of: dt.date | None  # None: the chart as it is now
    departments: list[tuple[str, list[Box]]]
    people: int
    stale: int
    stale_days: int

    @property
    def roots(self) -> list[Box]:
        return [box for _d, boxes in self.departments for box in boxes]


def org_chart(customer: Customer, *, today: dt.date, as_of: dt.date | None = None) -> OrgChart:
    """The customer's chart now, or as it stood at the end of day `as_of` (from history).

    Two queries either way (settings, people), whatever the size of the chart.
    """
    stale_days = CompanySettings.load().org_chart_stale_days
    fields = (
        "id", "name", "title", "department", "level", "engagement", "is_coach",
        "confirmed_at", "reports_to_id",
    )  # fmt: skip
    if as_of is None:
        rows = list(KeyPerson.objects.filter(customer=customer).values(*fields))
        day = today
    else:
        end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
        rows = [
            {name: getattr(p, name) for name in fields}
            for p in KeyPerson.history.as_of(end).filter(customer_id=customer.pk)
        ]
        day = as_of
    rows.sort(key=lambda r: (rules.LEVELS.index(r["level"]) if r["level"] in rules.LEVELS
                             else 9, r["name"].casefold(), r["id"]))  # fmt: skip
    names = {r["id"]: r["name"] for r in rows}
    labels = dict(Level.choices)
    boxes: dict[int, Box] = {}
    for r in rows:
        confirmed_on = local_day(r["confirmed_at"])
        boxes[r["id"]] = Box(
            id=r["id"],
            name=r["name"],
            title=r["title"],
            department=r["department"],
            level=r["level"],
            level_label=str(labels.get(r["level"], r["level"])),
            engagement=r["engagement"],
            is_coach=r["is_coach"],
            confirmed_on=confirmed_on,
            age_days=rules.age_days(confirmed_on, day),
            stale=rules.is_stale(confirmed_on, day, stale_days),
        )
    forests = rules.department_forests(
        ((r["id"], r["reports_to_id"], r["department"]) for r in rows),
        rules.department_order((r["department"], r["level"]) for r in rows),
    )

    def to_box(node: rules.Node) -> Box:
        box = boxes[node.id]
        box.outside_boss = names.get(node.outside_boss, "") if node.outside_boss else ""
        box.children = [to_box(child) for child in node.children]
        return box

    return OrgChart(
        customer=customer,
        as_of=as_of,
        departments=[(d, [to_box(n) for n in nodes]) for d, nodes in forests],
        people=len(rows),
        stale=sum(b.stale for b in boxes.values()),
        stale_days=stale_days,
    )


# --- coverage: our people × their people --------------------------------------------------


@dataclass
class Coverage:
    """Who of ours covers whom of theirs, and which levels and departments nobody covers."""

    ours: list[OurPerson]
    rows: list[tuple[KeyPerson, list[bool], bool]]  # their person, covered by each of ours, any
    levels: list[tuple[str, str, int, int]]  # (level, label, people, covered people)
    departments: list[tuple[str, int, int]]  # (department, people, covered people)


def coverage(customer: Customer) -> Coverage:
    """Three queries: our people, their people, the links between them."""
    ours = list(OurPerson.objects.filter(customer=customer).order_by("rank", "name", "id"))
    theirs = list(KeyPerson.objects.filter(customer=customer))
    theirs.sort(
        key=lambda p: (
            rules.LEVELS.index(p.level) if p.level in rules.LEVELS else 9,
            p.department.casefold(),
            p.name.casefold(),
        )
    )
    covered = set(
        OurPerson.covers.through.objects.filter(ourperson__customer=customer).values_list(
            "ourperson_id", "keyperson_id"
        )
    )
    done = {t for _o, t in covered}
    levels = [
        (
            value,
            str(label),
            sum(p.level == value for p in theirs),
            sum(p.level == value and p.pk in done for p in theirs),
        )
        for value, label in Level.choices
    ]
    departments = sorted({p.department for p in theirs}, key=str.casefold)
    return Coverage(
        ours=ours,
        rows=[(p, [(o.pk, p.pk) in covered for o in ours], p.pk in done) for p in theirs],
        levels=levels,
        departments=[
            (
                d,
                sum(p.department == d for p in theirs),
                sum(p.department == d and p.pk in done for p in theirs),
            )
            for d in departments
        ],
    )


def people_history(customer: Customer, limit: int = 300) -> list[history.Entry]:
    """Every recorded change of the customer's key people and of our people on the account,
    newest first, field by field (M5: the org chart kept current, with its history)."""
    return history.entries(
        [
            history.Source(KeyPerson.history.filter(customer_id=customer.pk), _name),
            history.Source(OurPerson.history.filter(customer_id=customer.pk), _name),
            history.Source(
                InfluenceLine.history.filter(customer_id=customer.pk), _line_namer(customer)
            ),
        ],
        limit=limit,
    )


def _line_namer(customer: Customer) -> Callable[[Any], str]:
    """ "A → B" from the people's names (history too: either may have been removed since)."""
    names = dict(
        KeyPerson.history.filter(customer_id=customer.pk)
        .order_by("history_date")
        .values_list("id", "name")
    )

    def name(row: Any) -> str:
        return f"{names.get(row.source_id, '?')} → {names.get(row.target_id, '?')}"

    return name


def _name(row: KeyPerson | OurPerson) -> str:
    return row.name
