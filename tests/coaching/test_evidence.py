"""Each evidence rule on plain data (no database): facts, their tone and their link."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.coaching import evidence as ev

DAY = dt.date(2026, 5, 10)
FULL = {"A": 5, "B": 5, "C": 5}


def portfolio(
    counts: dict[str, int] | None = None,
    moves: list[ev.TierMove] | None = None,
    exists: bool = True,
) -> ev.PortfolioFacts:
    return ev.PortfolioFacts(
        2026,
        "/board/alice/2026/",
        "/board/alice/2026/history/",
        exists,
        counts or FULL,
        FULL,
        tuple(moves or ()),
    )


def move(kind: str, from_tier: str, to_tier: str, reason: str = "why") -> ev.TierMove:
    return ev.TierMove(kind, from_tier, to_tier, DAY, reason)


def link(name: str) -> ev.Link:
    return ev.Link(name, f"/customers/{name}/")


def test_it_sees_the_portfolio_shape_kept() -> None:
    item = ev.portfolio_shape(portfolio())
    assert (item.trait, item.code, item.tone, item.url) == (
        5,
        "portfolio_shape",
        ev.OK,
        "/board/alice/2026/",
    )
    assert item.values["filled"] == 15 and item.values["capacity"] == 15


def test_it_warns_when_a_tier_is_short() -> None:
    item = ev.portfolio_shape(portfolio({"A": 5, "B": 3, "C": 5}))
    assert item.tone == ev.WARN
    assert item.values["filled"] == 13 and item.values["count_b"] == 3


def test_it_warns_without_a_portfolio_and_skips_the_change_facts() -> None:
    p = portfolio(exists=False)
    assert ev.portfolio_shape(p).code == "no_portfolio"
    assert ev.tier_changes(p) is None
    assert ev.tier_c_rotation(p) is None


def test_it_counts_tier_changes_with_reasons() -> None:
    item = ev.tier_changes(portfolio(moves=[move("moved", "C", "B"), move("added", "", "C", " ")]))
    assert item is not None
    assert item.values == {"total": 2, "with_reason": 1}
    assert item.tone == ev.WARN
    assert item.url.endswith("/history/")


def test_it_says_when_no_tier_changed() -> None:
    item = ev.tier_changes(portfolio())
    assert item is not None and item.code == "no_tier_changes"


def test_it_reads_tier_c_rotation() -> None:
    item = ev.tier_c_rotation(
        portfolio(
            moves=[
                move("moved", "C", "B"),
                move("moved", "C", "A"),
                move("added", "", "C"),
                move("removed", "C", ""),
                move("moved", "A", "B"),
            ]
        )
    )
    assert item is not None
    assert item.values == {"won": 2, "added": 1, "dropped": 1}
    assert item.tone == ev.OK


def test_it_warns_when_tier_c_stands_still() -> None:
    item = ev.tier_c_rotation(portfolio())
    assert item is not None and item.tone == ev.WARN


def test_it_compares_tier_a_sales_with_a_year_before() -> None:
    accounts = [
        ev.AccountSales(link("A1"), Decimal(120), Decimal(100)),
        ev.AccountSales(link("A2"), Decimal(80), Decimal(100)),
        ev.AccountSales(link("A3"), Decimal(50), Decimal(10)),
    ]
    item = ev.tier_a_growth(portfolio(), accounts)
    assert item is not None
    assert (item.trait, item.values, item.tone) == (2, {"growing": 2, "accounts": 3}, ev.OK)
    assert item.details == (link("A2"),)  # the shrinking account, linked to its page
    assert ev.tier_a_growth(portfolio(), []) is None


def test_it_summarises_research_dossiers() -> None:
    accounts = [
        ev.AccountResearch(link("A1"), 100, False),
        ev.AccountResearch(link("A2"), 40, False),
        ev.AccountResearch(link("A3"), 90, True),
    ]
    item = ev.dossier_research(portfolio(), accounts)
    assert item is not None
    assert item.trait == 1
    assert item.values == {"completeness": 77, "stale": 1, "accounts": 3}
    assert item.details == (link("A2"), link("A3"))
    assert item.tone == ev.WARN


def test_it_summarises_the_network_inside_customers() -> None:
    accounts = [
        ev.AccountPeople(link("A1"), 5, True, 3),
        ev.AccountPeople(link("A2"), 1, False, 1),
    ]
    item = ev.people_network(portfolio(), accounts)
    assert item is not None
    assert item.trait == 3
    assert item.values == {"people": 6, "accounts": 2, "no_coach": 1, "multi_level": 1}
    assert item.details == (link("A2"),)


def test_it_leaves_out_facts_from_apps_not_there_yet() -> None:
    items = ev.evidence(ev.Facts(portfolio=portfolio(), research=None, people=None))
    assert [i.trait for i in items] == [5, 5, 5]
    assert {i.code for i in items} == {"portfolio_shape", "no_tier_changes", "tier_c_rotation"}


def plan(name: str, **kw: object) -> ev.AccountPlan:
    fields = {"has_plan": True, "complete": True, "updated_in_period": True, "feedback": 1}
    fields.update(kw)
    return ev.AccountPlan(ev.Link(name, f"/plans/alice/2026/{name}/"), **fields)  # type: ignore[arg-type]


def test_it_summarises_tier_a_plans() -> None:
    item = ev.tier_a_plans(
        portfolio(),
        [
            plan("A1"),
            plan("A2", complete=False, feedback=0),
            plan("A3", has_plan=False, complete=False, updated_in_period=False, feedback=0),
        ],
    )
    assert item is not None
    assert item.trait == 5
    assert item.values == {
        "accounts": 3,
        "with_plan": 2,
        "complete": 1,
        "updated": 2,
        "feedback": 1,
    }
    assert [d.label for d in item.details] == ["A2", "A3"]  # each links to its plan page
    assert item.details[0].url == "/plans/alice/2026/A2/"
    assert item.tone == ev.WARN
    assert ev.tier_a_plans(portfolio(), [plan("A1")]).tone == ev.OK  # type: ignore[union-attr]
    assert ev.tier_a_plans(portfolio(), []) is None


def test_it_checks_meetings_were_prepared_and_followed_up() -> None:
    a1, a2 = link("A1"), link("A2")
    item = ev.meeting_preparation(
        portfolio(),
        [
            ev.ContactFacts(a1, DAY, True, True),
            ev.ContactFacts(a2, DAY, False, True),
            ev.ContactFacts(a2, DAY, True, False),
        ],
    )
    assert (item.trait, item.code) == (6, "contact_objectives")
    assert item.values == {"meetings": 3, "prepared": 2, "followed_up": 2}
    assert item.details == (a2,)  # one link per plan, not per meeting
    assert ev.meeting_preparation(portfolio(), []).code == "no_contact_objectives"


def test_it_orders_every_fact_by_trait() -> None:
    facts = ev.Facts(
        portfolio=portfolio(),
        tier_a_sales=[ev.AccountSales(link("A1"), Decimal(2), Decimal(1))],
        research=[ev.AccountResearch(link("A1"), 90, False)],
        people=[ev.AccountPeople(link("A1"), 3, True, 2)],
        plans=[plan("A1")],
        contacts=[],
        learning=ev.LearningFacts("/coaching/alice/#plan", 1, 1, 0, 1),
    )
    assert [i.trait for i in ev.evidence(facts)] == [1, 2, 3, 4, 5, 5, 5, 5, 6]


def test_it_reads_the_learning_plan_for_trait_4() -> None:
    none = ev.learning_plan(ev.LearningFacts("/coaching/alice/#plan", 0, 0, 0, 0))
    assert (none.trait, none.code, none.tone) == (4, "no_learning_plan", ev.WARN)
    item = ev.learning_plan(ev.LearningFacts("/coaching/alice/#plan", 2, 1, 3, 1))
    assert item.values == {"goals": 2, "open_goals": 1, "done": 3, "open": 1}
    assert (item.tone, item.url) == (ev.OK, "/coaching/alice/#plan")
    stalled = ev.learning_plan(ev.LearningFacts("/coaching/alice/#plan", 1, 1, 0, 2))
    assert stalled.tone == ev.WARN
