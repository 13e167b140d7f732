"""Evidence from the work itself, shown next to the ratings (M10): facts, not scores.

Each rule is a pure function of plain data gathered by `gathering.gather_evidence` and
returns `Evidence` items: which trait, which fact (a code with its numbers), a tone, and
the URL of the page the fact comes from. Wording lives with the pages (`gathering.describe`),
so these rules stay free of Django and are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from firstchoice.portfolio.rules import TIERS

OK, WARN, INFO = "ok", "warn", "info"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Evidence:
    trait: int
    code: str
    values: Mapping[str, object]
    url: str
    tone: str = INFO
    # The accounts behind the fact that need attention, each linking to its page.
    details: tuple[Link, ...] = ()


@dataclass(frozen=True)
class TierMove:
    kind: str  # "added" | "moved" | "removed"
    from_tier: str
    to_tier: str
    day: dt.date
    reason: str


@dataclass(frozen=True)
class PortfolioFacts:
    """The salesperson's 5+5+5 portfolio of the period's year and its changes in the period."""

    year: int
    url: str
    history_url: str
    exists: bool
    counts: Mapping[str, int]
    capacities: Mapping[str, int]
    moves: Sequence[TierMove] = ()


@dataclass(frozen=True)
class AccountSales:
    link: Link
    amount: Decimal  # sales in the period
    year_before: Decimal  # sales in the same period a year earlier


@dataclass(frozen=True)
class AccountResearch:
    link: Link
    completeness: int  # percent of the dossier answered
    is_stale: bool


@dataclass(frozen=True)
class AccountPeople:
    link: Link
    people: int
    has_coach: bool
    levels_covered: int


@dataclass(frozen=True)
class AccountPlan:
    """A tier A account's plan for the year (link: the plan page)."""

    link: Link
    has_plan: bool
    complete: bool  # objectives and actions, and the plan check finds no problem
    updated_in_period: bool
    feedback: int  # comments by someone other than the salesperson in the period


@dataclass(frozen=True)
class ContactFacts:
    """A contact objective dated in the period (link: the plan it belongs to)."""

    link: Link
    day: dt.date
    prepared: bool  # written down before the meeting day
    followed_up: bool  # an outcome is recorded


@dataclass(frozen=True)
class FollowUpFacts:
    """A next step from a logged contact, due in the period (link: the account's timeline)."""

    link: Link
    due: dt.date
    state: str  # "on_time" | "late" | "open" (not yet due) | "overdue"


@dataclass(frozen=True)
class LearningFacts:
    """The salesperson's personal learning plan (this app; link: the plan on the page)."""

    url: str
    goals: int
    open_goals: int
    activities_done: int
    activities_open: int


@dataclass
class Facts:
    portfolio: PortfolioFacts
    tier_a_sales: Sequence[AccountSales] = ()
    # None: the app that holds these facts is not installed (not "zero").
    research: Sequence[AccountResearch] | None = None
    people: Sequence[AccountPeople] | None = None
    plans: Sequence[AccountPlan] | None = None
    contacts: Sequence[ContactFacts] | None = None
    follow_ups: Sequence[FollowUpFacts] | None = None
    learning: LearningFacts | None = None
    extra: list[Evidence] = field(default_factory=list)


# --- Trait 5: sell strategically --------------------------------------------------------


def portfolio_shape(p: PortfolioFacts) -> Evidence:
    """Is the 5+5+5 shape kept? Empty slots mean the focus is not where the value is."""
    if not p.exists:
        return Evidence(5, "no_portfolio", {"year": p.year}, p.url, WARN)
    filled = sum(min(p.counts.get(t, 0), p.capacities.get(t, 0)) for t in TIERS)
    capacity = sum(p.capacities.get(t, 0) for t in TIERS)
    values = {
        "year": p.year,
        "filled": filled,
        "capacity": capacity,
        **{f"count_{t.lower()}": p.counts.get(t, 0) for t in TIERS},
        **{f"capacity_{t.lower()}": p.capacities.get(t, 0) for t in TIERS},
    }
    kept = all(p.counts.get(t, 0) == p.capacities.get(t, 0) for t in TIERS)
    return Evidence(5, "portfolio_shape", values, p.url, OK if kept else WARN)


def tier_changes(p: PortfolioFacts) -> Evidence | None:
    """Tier changes in the period and how many carry a reason (the method asks for one)."""
    if not p.exists:
        return None
    total = len(p.moves)
    if total == 0:
        return Evidence(5, "no_tier_changes", {}, p.history_url, INFO)
    with_reason = sum(1 for m in p.moves if m.reason.strip())
    tone = OK if with_reason == total else WARN
    return Evidence(
        5, "tier_changes", {"total": total, "with_reason": with_reason}, p.history_url, tone
    )


def tier_c_rotation(p: PortfolioFacts) -> Evidence | None:
    """Tier C is where new business is won: accounts won (moved up), brought in, dropped."""
    if not p.exists:
        return None
    won = added = dropped = 0
    for m in p.moves:
        if m.to_tier == "C" and m.from_tier != "C":
            added += 1
        elif m.from_tier == "C" and m.to_tier in ("A", "B"):
            won += 1
        elif m.from_tier == "C":
            dropped += 1
    values = {"won": won, "added": added, "dropped": dropped}
    tone = OK if won else (INFO if added or dropped else WARN)
    return Evidence(5, "tier_c_rotation", values, p.history_url, tone)


# --- Trait 2: passion for the customer's results ------------------------------------------


def tier_a_growth(p: PortfolioFacts, accounts: Sequence[AccountSales]) -> Evidence | None:
    """Are the tier A customers buying more than a year before (their results, in our sales)?"""
    if not accounts:
        return None
    growing = [a for a in accounts if a.amount > a.year_before]
    shrinking = tuple(a.link for a in accounts if a.amount < a.year_before)
    tone = OK if len(growing) * 2 > len(accounts) else WARN
    values = {"growing": len(growing), "accounts": len(accounts)}
    return Evidence(2, "tier_a_growth", values, p.url, tone, shrinking)


# --- Trait 1: know the customer's business (customers' research dossiers) ----------------


def dossier_research(p: PortfolioFacts, accounts: Sequence[AccountResearch]) -> Evidence | None:
    if not accounts:
        return None
    mean = round(sum(a.completeness for a in accounts) / len(accounts))
    stale = [a for a in accounts if a.is_stale]
    attention = tuple(a.link for a in accounts if a.is_stale or a.completeness < 50)
    values = {"completeness": mean, "stale": len(stale), "accounts": len(accounts)}
    tone = OK if mean >= 80 and not stale else WARN
    return Evidence(1, "dossier_research", values, p.url, tone, attention)


# --- Trait 3: a network inside the customer (people and org charts) --------------------


def people_network(p: PortfolioFacts, accounts: Sequence[AccountPeople]) -> Evidence | None:
    if not accounts:
        return None
    people = sum(a.people for a in accounts)
    no_coach = [a for a in accounts if not a.has_coach]
    thin = tuple(a.link for a in accounts if not a.has_coach or a.levels_covered < 2)
    values = {
        "people": people,
        "accounts": len(accounts),
        "no_coach": len(no_coach),
        "multi_level": sum(1 for a in accounts if a.levels_covered >= 2),
    }
    tone = OK if not no_coach else WARN
    return Evidence(3, "people_network", values, p.url, tone, thin)


# --- Trait 4: all-round capability (the personal learning plan) --------------------------


def learning_plan(facts: LearningFacts) -> Evidence:
    """A learning plan made and followed: goals set, activities done."""
    if not facts.goals:
        return Evidence(4, "no_learning_plan", {}, facts.url, WARN)
    values = {
        "goals": facts.goals,
        "open_goals": facts.open_goals,
        "done": facts.activities_done,
        "open": facts.activities_open,
    }
    return Evidence(4, "learning_plan", values, facts.url, OK if facts.activities_done else WARN)


# --- Trait 5: account plans for the high-priority customers --------------------------------


def tier_a_plans(p: PortfolioFacts, plans: Sequence[AccountPlan]) -> Evidence | None:
    """Strategy plans for tier A accounts: written, complete, kept up, shared for feedback."""
    if not plans:
        return None
    values = {
        "accounts": len(plans),
        "with_plan": sum(1 for a in plans if a.has_plan),
        "complete": sum(1 for a in plans if a.complete),
        "updated": sum(1 for a in plans if a.updated_in_period),
        "feedback": sum(1 for a in plans if a.feedback),
    }
    missing = tuple(a.link for a in plans if not a.complete)
    tone = OK if not missing and values["feedback"] else WARN
    return Evidence(5, "tier_a_plans", values, p.url, tone, missing)


# --- Trait 6: prepare customer meetings, follow up promptly -------------------------------


def meeting_preparation(p: PortfolioFacts, contacts: Sequence[ContactFacts]) -> Evidence:
    """Contact objectives written before the meeting, and outcomes recorded after it."""
    if not contacts:
        return Evidence(6, "no_contact_objectives", {}, p.url, WARN)
    values = {
        "meetings": len(contacts),
        "prepared": sum(1 for c in contacts if c.prepared),
        "followed_up": sum(1 for c in contacts if c.followed_up),
    }
    # One link per plan whose meetings lack preparation or an outcome.
    gaps = tuple(dict.fromkeys(c.link for c in contacts if not (c.prepared and c.followed_up)))
    tone = OK if not gaps else WARN
    return Evidence(6, "contact_objectives", values, p.url, tone, gaps)


def follow_up_promptly(p: PortfolioFacts, steps: Sequence[FollowUpFacts]) -> Evidence:
    """Next steps from logged contacts due in the period: done by their due day, done late,
    or still open past it (steps not yet due are left out of the count)."""
    due = [s for s in steps if s.state != "open"]
    if not due:
        return Evidence(6, "no_follow_ups", {}, p.url, WARN)
    values = {
        "due": len(due),
        "on_time": sum(1 for s in due if s.state == "on_time"),
        "late": sum(1 for s in due if s.state == "late"),
        "overdue": sum(1 for s in due if s.state == "overdue"),
    }
    values["percent"] = round(100 * values["on_time"] / len(due))
    gaps = tuple(dict.fromkeys(s.link for s in due if s.state != "on_time"))
    return Evidence(6, "follow_ups", values, p.url, OK if not gaps else WARN, gaps)


def evidence(facts: Facts) -> list[Evidence]:
    """Every fact that applies, by trait."""
    p = facts.portfolio
    found = [
        portfolio_shape(p),
        tier_changes(p),
        tier_c_rotation(p),
        tier_a_growth(p, facts.tier_a_sales),
        dossier_research(p, facts.research or ()),
        people_network(p, facts.people or ()),
        learning_plan(facts.learning) if facts.learning is not None else None,
        tier_a_plans(p, facts.plans or ()),
        meeting_preparation(p, facts.contacts) if facts.contacts is not None else None,
        follow_up_promptly(p, facts.follow_ups) if facts.follow_ups is not None else None,
        *facts.extra,
    ]
    return sorted((e for e in found if e is not None), key=lambda e: e.trait)
