"""Reads of the contact log, always through a customer the caller may see (people's
scoping: whoever may change the account's people may log contacts; teammates read).

For other apps: `last_contact_by_customer` (board cards), `freshness` (the people page),
`open_next_steps` (My actions, the calendar feed), `follow_ups_between` (coaching trait 6)
and `next_steps_due_by` (the reminder scanner of the notifications app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.http import Http404

from firstchoice.contacts import rules
from firstchoice.contacts.models import Contact
from firstchoice.customers.models import Customer
from firstchoice.people.models import KeyPerson
from firstchoice.people.queries import customer_people_for_user
from firstchoice.plans.models import ContactObjective
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.portfolio.scoping import visible_customers
from firstchoice.teams.models import CompanySettings, Salesperson, User


def colleagues(customer: Customer, actor: User) -> QuerySet[User]:
    """Our people who may take part in a contact or own its next step: the account's owner
    and the salespeople who list it, their teammates and their managers, and the person
    logging it with their own team."""
    sp_ids = set(
        PortfolioEntry.objects.filter(customer=customer).values_list(
            "portfolio__salesperson_id", flat=True
        )
    )
    if customer.owner_id:
        sp_ids.add(customer.owner_id)
    own = Salesperson.objects.filter(user=actor).values_list("team_id", flat=True).first()
    team_ids = set(
        Salesperson.objects.filter(pk__in=sp_ids, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )
    if own:
        team_ids.add(own)
    scope = (
        Q(pk=actor.pk)
        | Q(salesperson__pk__in=sp_ids)
        | Q(salesperson__team_id__in=team_ids)
        | Q(managed_teams__in=team_ids)
    )
    return User.objects.filter(scope, is_active=True).distinct().order_by("first_name", "username")


def contacts_of(customer: Customer) -> QuerySet[Contact]:
    """A customer's log, newest first, with who took part (four queries when listed)."""
    return (
        Contact.objects.filter(customer=customer)
        .select_related("next_step_owner", "created_by")
        .prefetch_related(
            Prefetch("their_people", queryset=KeyPerson.objects.order_by("name")),
            "our_people",
            Prefetch("objectives", queryset=ContactObjective.objects.select_related("plan")),
        )
        .order_by("-day", "-id")
    )


def contact_for_user(user: User, code: str, pk: int, *, write: bool = False) -> Contact:
    """One contact, found only inside a customer `user` sees (404 otherwise)."""
    customer = customer_people_for_user(user, code, write=write)
    found = contacts_of(customer).filter(pk=pk).first()
    if found is None:
        raise Http404("No such contact")
    return found


def objective_choices(customer: Customer, today: dt.date) -> QuerySet[ContactObjective]:
    """Contact objectives of this customer's plans of this year and the last."""
    return (
        ContactObjective.objects.filter(
            plan__customer=customer, plan__year__gte=today.year - 1, plan__year__lte=today.year
        )
        .select_related("key_person", "plan")
        .order_by("date", "id")
    )


def last_contact_by_customer(customer_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day of each customer's latest contact (one query; absent: never contacted)."""
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = (
        Contact.objects.filter(customer_id__in=ids)
        .values("customer_id")
        .annotate(last=Max("day"))
        .values_list("customer_id", "last")
    )
    return dict(rows)


def last_contact_by_person(customer_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each key person of these customers was last contacted (one query)."""
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = (
        KeyPerson.objects.filter(customer_id__in=ids, contacts__isnull=False)
        .annotate(last=Max("contacts__day"))
        .values_list("pk", "last")
    )
    return dict(rows)


@dataclass(frozen=True)
class Freshness:
    person: KeyPerson
    last: dt.date | None
    days: int | None  # since the last contact
    limit: int  # days allowed at the person's engagement level
    overdue: bool


def freshness(
    customer: Customer, *, today: dt.date, days_by_level: Mapping[int, int] | None = None
) -> list[Freshness]:
    """Every key person of the customer with their last contact, the most overdue first
    (two queries, three without `days_by_level`)."""
    limits = days_by_level or CompanySettings.load().contact_days()
    people = list(
        KeyPerson.objects.filter(customer=customer)
        .annotate(last=Max("contacts__day"))
        .order_by("department", "name", "id")
    )
    found = [
        Freshness(
            p,
            p.last,
            rules.days_since(p.last, today),
            rules.contact_limit(p.engagement, limits),
            rules.is_overdue_for_contact(
                p.last,
                p.engagement,
                today=today,
                days_by_level=limits,
            ),
        )
        for p in people
    ]
    return sorted(found, key=lambda f: (not f.overdue, -(f.days if f.days is not None else 10**6)))


def overdue_people_by_customer(
    customer_ids: Iterable[int], *, today: dt.date, days_by_level: Mapping[int, int]
) -> dict[int, int]:
    """How many key people of each customer are not contacted within their level's days
    (one query; every id passed gets an entry)."""
    ids = list(dict.fromkeys(customer_ids))
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = (
        KeyPerson.objects.filter(customer_id__in=ids)
        .annotate(last=Max("contacts__day"))
        .values_list("customer_id", "engagement", "last")
    )
    for customer_id, engagement, last in rows:
        if rules.is_overdue_for_contact(last, engagement, today=today, days_by_level=days_by_level):
            counts[customer_id] += 1
    return counts


def _steps() -> QuerySet[Contact]:
    return (
        Contact.objects.exclude(next_step="")
        .select_related("customer", "next_step_owner")
        .order_by("next_step_due", "day", "id")
    )


def open_next_steps(user: User) -> QuerySet[Contact]:
    """The next steps `user` owns and has not done, in customers they still see, by due day
    (undated last)."""
    return (
        _steps()
        .filter(
            next_step_owner=user,
            next_step_done_on__isnull=True,
            customer__in=visible_customers(user),
        )
        .order_by(F("next_step_due").asc(nulls_last=True), "day", "id")
    )


def my_next_step(user: User, pk: int) -> Contact:
    """A next step the user owns (404 for anything else)."""
    found = _steps().filter(next_step_owner=user, pk=pk, customer__in=visible_customers(user))
    contact = found.first()
    if contact is None:
        raise Http404("No such next step")
    return contact


def next_steps_due_by(day: dt.date, *, owner: User | None = None) -> QuerySet[Contact]:
    """Open next steps due on or before `day`, oldest due first: for reminders.

    For the notifications app's reminder scanner: call it with the day to remind about
    (e.g. `next_steps_due_by(today + dt.timedelta(days=1))` for "due tomorrow or late"),
    optionally for one `owner`. Each row has `customer` and `next_step_owner` loaded; the
    fields to show are `next_step`, `next_step_due`, `day` (of the contact), `kind`, and
    `customer.code` for the link (`reverse("customer-contacts", args=[code])`). Steps
    without a due day, done steps, and steps whose owner has left (inactive or none) are
    not returned. Not permission-scoped: a scanner runs for everyone, and each row names
    its owner, the only person a reminder goes to.
    """
    found = _steps().filter(
        next_step_done_on__isnull=True,
        next_step_due__isnull=False,
        next_step_due__lte=day,
        next_step_owner__isnull=False,
        next_step_owner__is_active=True,
    )
    if owner is not None:
        found = found.filter(next_step_owner=owner)
    return found


@dataclass(frozen=True)
class FollowUp:
    contact_id: int
    customer_code: str
    customer_name: str
    due: dt.date
    done_on: dt.date | None
    state: str  # rules.ON_TIME | LATE | OPEN | OVERDUE


def follow_ups_between(
    owner: User, first: dt.date, last: dt.date, *, today: dt.date
) -> list[FollowUp]:
    """Next steps `owner` had to do with a due day in [first, last], and how each went
    (one query): coaching trait 6, "follow up promptly"."""
    rows = (
        Contact.objects.filter(
            next_step_owner=owner, next_step_due__gte=first, next_step_due__lte=last
        )
        .exclude(next_step="")
        .select_related("customer")
        .order_by("next_step_due", "id")
    )
    return [
        FollowUp(
            c.pk,
            c.customer.code,
            c.customer.name,
            c.next_step_due,  # type: ignore[arg-type]
            c.next_step_done_on,
            rules.follow_up_state(c.next_step_due, c.next_step_done_on, today=today),
        )
        for c in rows
    ]
