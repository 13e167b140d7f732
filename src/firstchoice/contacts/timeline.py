"""The account timeline: contacts, tier changes, plan changes, potential estimates and
research updates of one customer, newest first, filterable by kind.

Bounded: a page of `PAGE_SIZE` items reads at most `page × PAGE_SIZE + 1` rows of each
source, one query per source (plus the contacts' three prefetches), whatever the history's
length; pages stop at `MAX_PAGES` (the full history of each part has its own page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstchoice.contacts.models import Contact
from firstchoice.contacts.queries import contacts_of
from firstchoice.customers import dossier
from firstchoice.customers.models import Customer, DossierSection, EngagementRule, TargetPotential
from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.portfolio.models import TierChange

PAGE_SIZE = 25
MAX_PAGES = 20

KINDS = {
    "contact": gettext_lazy("Contacts"),
    "tier": gettext_lazy("Tier changes"),
    "plan": gettext_lazy("Plan changes"),
    "potential": gettext_lazy("Potential estimates"),
    "research": gettext_lazy("Research updates"),
}


@dataclass(frozen=True)
class Item:
    day: dt.date
    moment: dt.datetime
    kind: str  # a key of KINDS
    title: str
    detail: str
    who: Any
    url: str
    contact: Contact | None = None


@dataclass(frozen=True)
class Timeline:
    items: list[Item]
    kind: str
    page: int
    has_more: bool


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _contacts(customer: Customer, limit: int) -> list[Item]:
    url = reverse("customer-contacts", args=[customer.code])
    found = []
    for c in contacts_of(customer)[:limit]:
        people = ", ".join(p.name for p in c.their_people.all())
        title = f"{c.get_kind_display()}" + (f" · {people}" if people else "")
        detail = " · ".join(x for x in (c.notes, c.outcome) if x)
        found.append(Item(c.day, c.created, "contact", title, detail, c.created_by, url, c))
    return found


def _tiers(customer: Customer, limit: int) -> list[Item]:
    rows = (
        TierChange.objects.filter(customer=customer)
        .select_related("changed_by", "portfolio__salesperson__user")
        .order_by("-changed_at", "-id")[:limit]
    )
    found = []
    for t in rows:
        owner = t.portfolio.salesperson
        if t.kind == TierChange.Kind.ADDED:
            title = _("Added to tier %(to)s of %(who)s's %(year)d list") % {
                "to": t.to_tier,
                "who": owner,
                "year": t.portfolio.year,
            }
        elif t.kind == TierChange.Kind.MOVED:
            title = _("Moved from tier %(from)s to %(to)s on %(who)s's %(year)d list") % {
                "from": t.from_tier,
                "to": t.to_tier,
                "who": owner,
                "year": t.portfolio.year,
            }
        else:
            title = _("Removed from tier %(from)s of %(who)s's %(year)d list") % {
                "from": t.from_tier,
                "who": owner,
                "year": t.portfolio.year,
            }
        url = reverse("board-history", args=[owner.handle, t.portfolio.year])
        found.append(
            Item(_local(t.changed_at), t.changed_at, "tier", title, t.reason, t.changed_by, url)
        )
    return found


_VERBS = {"+": gettext_lazy("added"), "~": gettext_lazy("changed"), "-": gettext_lazy("removed")}


def _history_items(
    rows: Iterable[Any], kind: str, label: Callable[[Any], str], url: Callable[[Any], str]
) -> list[Item]:
    return [
        Item(
            _local(r.history_date),
            r.history_date,
            kind,
            f"{label(r)} · {_VERBS.get(r.history_type, r.history_type)}",
            "",
            r.history_user,
            url(r),
        )
        for r in rows
    ]


def _plans(customer: Customer, limit: int) -> list[Item]:
    plans = {
        p.pk: p
        for p in Plan.objects.filter(customer=customer).select_related(
            "salesperson", "salesperson__user"
        )
    }
    if not plans:
        return []

    def plan_url(row: Any) -> str:
        plan = plans.get(row.plan_id if hasattr(row, "plan_id") else row.id)
        if plan is None:
            return reverse("customer", args=[customer.code])
        return reverse("plan", args=[plan.salesperson.handle, plan.year, customer.code])

    def year(row: Any) -> int:
        plan = plans.get(row.plan_id if hasattr(row, "plan_id") else row.id)
        return plan.year if plan else 0

    ids = list(plans)
    found = _history_items(
        Plan.history.filter(id__in=ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit],
        "plan",
        lambda r: _("%(year)d plan") % {"year": year(r)},
        plan_url,
    )
    found += _history_items(
        Objective.history.filter(plan_id__in=ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit],
        "plan",
        lambda r: _("%(year)d plan: objective “%(title)s”") % {"year": year(r), "title": r.title},
        plan_url,
    )
    found += _history_items(
        Action.history.filter(plan_id__in=ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit],
        "plan",
        lambda r: _("%(year)d plan: action “%(what)s”") % {"year": year(r), "what": r.what},
        plan_url,
    )
    return found


def _potentials(customer: Customer, limit: int) -> list[Item]:
    rows = (
        TargetPotential.objects.filter(customer=customer)
        .select_related("created_by")
        .order_by("-estimated_on", "-created_at", "-id")[:limit]
    )
    url = reverse("customer", args=[customer.code]) + "#potential"
    return [
        Item(
            p.estimated_on,
            p.created_at,
            "potential",
            _("Target potential %(target)s, %(confidence)d%% confidence")
            % {
                "target": f"{p.target:,.0f}",
                "confidence": p.confidence,
            },
            p.source,
            p.created_by,
            url,
        )
        for p in rows
    ]


def _research(customer: Customer, limit: int) -> list[Item]:
    url = reverse("customer-history", args=[customer.code])
    found = _history_items(
        DossierSection.history.filter(customer_id=customer.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit],
        "research",
        lambda r: (
            _("Dossier: %(section)s")
            % {"section": dossier.section(r.key).title if r.key in dossier.BY_KEY else r.key}
        ),
        lambda r: url,
    )
    found += _history_items(
        EngagementRule.history.filter(customer_id=customer.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit],
        "research",
        lambda r: (
            _("Rule of engagement: %(rule)s")
            % {"rule": r.title or EngagementRule.Kind(r.kind).label}
        ),
        lambda r: url,
    )
    return found


SOURCES: dict[str, Callable[[Customer, int], list[Item]]] = {
    "contact": _contacts,
    "tier": _tiers,
    "plan": _plans,
    "potential": _potentials,
    "research": _research,
}


def timeline(customer: Customer, *, kind: str = "", page: int = 1) -> Timeline:
    """One page of the account's timeline, newest first; `kind` one of KINDS or "" for all.
    The caller obtained `customer` through a scoped lookup."""
    kind = kind if kind in KINDS else ""
    page = max(1, min(page, MAX_PAGES))
    limit = page * PAGE_SIZE + 1
    items: list[Item] = []
    for name, source in SOURCES.items():
        if not kind or kind == name:
            items.extend(source(customer, limit))
    items.sort(key=lambda i: (i.day, i.moment), reverse=True)
    start = (page - 1) * PAGE_SIZE
    shown = items[start : start + PAGE_SIZE]
    return Timeline(shown, kind, page, len(items) > start + PAGE_SIZE and page < MAX_PAGES)
