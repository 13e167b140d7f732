"""Pure M5 rules: reporting cycles, freshness, flags and the department forests."""

from __future__ import annotations

import datetime as dt

from firstchoice.people import rules
from firstchoice.people.rules import PersonFacts

TODAY = dt.date(2026, 6, 30)


def test_it_finds_the_loop_in_chain_order() -> None:
    boss_of = {1: None, 2: 1, 3: 2}
    assert rules.reporting_cycle(1, 3, boss_of) == [1, 3, 2]


def test_it_accepts_a_line_without_a_loop() -> None:
    assert rules.reporting_cycle(3, 1, {1: None, 2: 1, 3: 2}) is None
    assert rules.reporting_cycle(3, None, {}) is None


def test_it_refuses_reporting_to_oneself() -> None:
    assert rules.reporting_cycle(4, 4, {4: None}) == [4]


def test_it_ignores_an_old_loop_elsewhere() -> None:
    assert rules.reporting_cycle(9, 1, {1: 2, 2: 1, 9: None}) is None


def test_it_counts_phone_digits() -> None:
    assert rules.valid_phone("+86 (21) 5555-0101")
    assert not rules.valid_phone("12-34")
    assert not rules.valid_phone("1" * 21)


def test_it_calls_unconfirmed_and_old_entries_stale() -> None:
    assert rules.is_stale(None, TODAY, 180)
    assert rules.is_stale(TODAY - dt.timedelta(days=181), TODAY, 180)
    assert not rules.is_stale(TODAY - dt.timedelta(days=180), TODAY, 180)


def facts(pk: int, **kw: object) -> PersonFacts:
    base: dict[str, object] = {
        "level": "site", "engagement": 3, "is_coach": False,
        "confirmed_on": TODAY, "has_pains": False,
    }  # fmt: skip
    base.update(kw)
    return PersonFacts(pk, **base)  # type: ignore[arg-type]


def test_it_flags_an_empty_account() -> None:
    flags = rules.people_flags([], today=TODAY, stale_days=180)
    assert flags.no_coach and flags.single_threaded and not flags.chart_stale
    assert flags.levels_missing == rules.LEVELS


def test_it_flags_single_threading_below_two_engaged() -> None:
    one = rules.people_flags(
        [facts(1, engagement=1), facts(2, engagement=3)], today=TODAY, stale_days=180
    )
    two = rules.people_flags(
        [facts(1, engagement=1), facts(2, engagement=2)], today=TODAY, stale_days=180
    )
    assert one.single_threaded and not two.single_threaded


def test_it_calls_the_chart_stale_past_a_quarter() -> None:
    old = TODAY - dt.timedelta(days=400)
    people = [facts(i) for i in range(1, 5)]
    assert not rules.people_flags(
        [*people[:3], facts(4, confirmed_on=old)], today=TODAY, stale_days=180
    ).chart_stale  # exactly a quarter
    flags = rules.people_flags(
        [facts(1), facts(2), facts(3, confirmed_on=old), facts(4, confirmed_on=None)],
        today=TODAY,
        stale_days=180,
    )
    assert flags.chart_stale and flags.stale_people == 2


def test_it_counts_pains_nobody_addresses() -> None:
    people = [facts(1, has_pains=True), facts(2, has_pains=True), facts(3)]
    assert rules.people_flags(people, today=TODAY, stale_days=9).unaddressed_pains == 2
    assert (
        rules.people_flags(people, today=TODAY, stale_days=9, addressed={2}).unaddressed_pains == 1
    )


def test_it_groups_trees_by_department_with_several_roots() -> None:
    forests = rules.department_forests(
        [(1, None, "Board"), (2, 1, "Board"), (3, 1, "Ops"), (4, 3, "Ops"), (5, None, "Ops")],
        ["Board", "Ops"],
    )
    assert [d for d, _ in forests] == ["Board", "Ops"]
    board, ops = forests[0][1], forests[1][1]
    assert [n.id for n in board] == [1] and [c.id for c in board[0].children] == [2]
    assert [n.id for n in ops] == [3, 5]
    assert ops[0].outside_boss == 1 and [c.id for c in ops[0].children] == [4]


def test_it_cuts_an_old_loop_open_instead_of_losing_people() -> None:
    forests = rules.department_forests([(1, 2, "X"), (2, 1, "X"), (3, None, "X")])
    seen: list[int] = []

    def walk(nodes: list[rules.Node]) -> None:
        for n in nodes:
            seen.append(n.id)
            walk(n.children)

    walk(forests[0][1])
    assert sorted(seen) == [1, 2, 3]


def test_it_orders_departments_from_the_top() -> None:
    pairs = [("Plant", "shop_floor"), ("Board", "head_office"), ("Buying", "division")]
    assert rules.department_order(pairs) == ["Board", "Buying", "Plant"]
