"""A year of logged contacts for every account on this year's focus lists.

The owner visits and calls (tier A most often, tier C least), now and then with a teammate
or the manager; most contacts leave a next step, most of which were done on time, some
late, some are still open past their due day. Each planned contact objective already past
has its contact, serving it. Some key people are never contacted, so the freshness flags
have something to show. Bulk-written (with history rows) so the demo stays fast.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from firstchoice.contacts.models import Contact
from firstchoice.people.models import KeyPerson
from firstchoice.plans.models import ContactObjective
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.teams.models import Salesperson, User

SEED = 7117
# Days between contacts by tier: (shortest, longest).
GAP = {"A": (7, 21), "B": (12, 30), "C": (20, 45)}
KINDS = [("visit", 35), ("call", 35), ("email", 15), ("video", 10), ("event", 5)]
NOTES = [
    "Reviewed open orders and the delivery schedule for next quarter.",
    "Discussed the consignment stock proposal; they want figures by site.",
    "Walked the production line; packaging pain points noted.",
    "Price review: they compare us with their second supplier.",
    "Introduced our application engineer for the new line.",
    "Quarterly business review: on-time delivery 96%, they ask for 98%.",
    "讨论了下季度的供货计划和库存安排。",
    "客户希望缩短交货周期，需要技术支持。",
    "Met at the trade fair; interested in the new product range.",
    "Follow-up on the quality complaint; corrective action accepted.",
]
NEXT_STEPS = [
    "Send the consignment stock proposal",
    "Quote the new line's consumables",
    "Arrange a plant visit with our engineer",
    "Send samples for trial",
    "Confirm the delivery schedule in writing",
    "Prepare the quarterly review figures",
    "发送报价单",
    "安排技术交流会",
]


def load(*, today: dt.date) -> int:
    """Create the contacts; returns how many."""
    rng = random.Random(SEED)
    entries = (
        PortfolioEntry.objects.filter(portfolio__year=today.year)
        .select_related("customer", "portfolio__salesperson__user")
        .order_by("portfolio__salesperson__code", "tier", "customer__code")
    )
    people: dict[int, list[KeyPerson]] = defaultdict(list)
    for p in KeyPerson.objects.order_by("customer_id", "id"):
        people[p.customer_id].append(p)
    teammates: dict[int | None, list[User]] = defaultdict(list)
    for sp in Salesperson.objects.filter(user__isnull=False).select_related("user"):
        assert sp.user is not None
        teammates[sp.team_id].append(sp.user)
    objectives: dict[int, list[ContactObjective]] = defaultdict(list)
    past = ContactObjective.objects.filter(date__lt=today).select_related("plan")
    for o in past.order_by("date", "id"):
        objectives[o.plan.customer_id].append(o)

    rows: list[Contact] = []
    links: list[tuple[int, list[int], list[int], list[int]]] = []  # index, people, ours, obj
    seen: set[int] = set()
    for entry in entries:
        customer = entry.customer
        owner = entry.portfolio.salesperson.user
        if customer.pk in seen or owner is None:
            continue
        seen.add(customer.pk)
        theirs = people.get(customer.pk, [])
        # A fifth of each account's people are never contacted (kept out of the draw).
        reachable = [p for i, p in enumerate(theirs) if i % 5 != 4] or theirs
        team = [u for u in teammates.get(entry.portfolio.salesperson.team_id, []) if u != owner]
        low, high = GAP.get(entry.tier, (20, 45))
        day = today - dt.timedelta(days=365 - rng.randint(0, high))
        while day <= today:
            kind = rng.choices([k for k, _w in KINDS], [w for _k, w in KINDS])[0]
            met = _pick_people(rng, reachable)
            ours = [owner] + (
                [rng.choice(team)] if team and kind == "visit" and rng.random() < 0.2 else []
            )
            contact = Contact(
                customer=customer,
                kind=kind,
                day=day,
                notes=rng.choice(NOTES),
                created_by=owner,
            )
            if rng.random() < 0.65:
                _next_step(rng, contact, owner, today)
            links.append((len(rows), [p.pk for p in met], [u.pk for u in ours], []))
            rows.append(contact)
            day += dt.timedelta(days=rng.randint(low, high))
        for o in objectives.get(customer.pk, []):
            assert o.date is not None
            contact = Contact(
                customer=customer,
                kind="visit",
                day=o.date,
                notes=o.goal,
                outcome=o.outcome,
                created_by=owner,
            )
            links.append((len(rows), [o.key_person_id], [owner.pk], [o.pk]))
            rows.append(contact)
    if not rows:
        return 0
    stamp = timezone.make_aware(dt.datetime.combine(today, dt.time(18, 0)))
    made = bulk_create_with_history(rows, Contact, batch_size=500, default_date=stamp)
    # bulk_create sets primary keys on SQLite and PostgreSQL alike.
    by_index = [c.pk for c in (made if made and made[0].pk else rows)]
    their = Contact.their_people.through
    ours_t = Contact.our_people.through
    objs_t = Contact.objectives.through
    their.objects.bulk_create(
        [their(contact_id=by_index[i], keyperson_id=p) for i, ps, _o, _b in links for p in ps],
        batch_size=1000,
    )
    ours_t.objects.bulk_create(
        [ours_t(contact_id=by_index[i], user_id=u) for i, _p, us, _b in links for u in us],
        batch_size=1000,
    )
    objs_t.objects.bulk_create(
        [
            objs_t(contact_id=by_index[i], contactobjective_id=o)
            for i, _p, _u, os in links
            for o in os
        ],
        batch_size=1000,
    )
    return len(rows)


def _pick_people(rng: random.Random, people: list[KeyPerson]) -> list[KeyPerson]:
    if not people:
        return []
    # The engaged are met more often: weight by 6 - level (unjudged as neutral).
    weights = [6 - (p.engagement or 3) for p in people]
    first = rng.choices(people, weights)[0]
    if len(people) > 1 and rng.random() < 0.3:
        second = rng.choice([p for p in people if p != first])
        return [first, second]
    return [first]


def _next_step(rng: random.Random, contact: Contact, owner: User, today: dt.date) -> None:
    contact.next_step = rng.choice(NEXT_STEPS)
    contact.next_step_owner = owner
    due = contact.day + dt.timedelta(days=rng.randint(5, 21))
    contact.next_step_due = due
    if due >= today:
        return  # not due yet: open
    roll = rng.random()
    if roll < 0.65:
        contact.next_step_done_on = min(today, due - dt.timedelta(days=rng.randint(0, 4)))
        contact.next_step_done_on = max(contact.next_step_done_on, contact.day)
    elif roll < 0.9:
        contact.next_step_done_on = min(today, due + dt.timedelta(days=rng.randint(1, 12)))
    # else: still open, past its due day
