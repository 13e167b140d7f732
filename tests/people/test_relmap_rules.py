"""Red flags of an account's people and the map's drawing: pure, no database."""

from __future__ import annotations

import datetime as dt
import re

from firstchoice.people import mapdraw
from firstchoice.people.rules import PersonFacts, people_flags, red_flags

TODAY = dt.date(2026, 6, 16)


def facts(pk: int, level: str = "site", **kw: object) -> PersonFacts:
    base: dict[str, object] = {
        "engagement": 2, "is_coach": False, "confirmed_on": TODAY, "has_pains": False,
    }  # fmt: skip
    base.update(kw)
    return PersonFacts(pk, level, **base)  # type: ignore[arg-type]


def flags_of(*people: PersonFacts) -> tuple[str, ...]:
    return red_flags(people_flags(people, today=TODAY, stale_days=180))


def test_it_raises_every_missing_role_on_an_empty_account() -> None:
    assert flags_of() == ("no_economic_buyer", "no_coach")


def test_it_raises_nothing_for_a_well_mapped_account() -> None:
    assert (
        flags_of(
            facts(1, "head_office", economic_buyer=True, covered=True, engagement=2),
            facts(2, "site", is_coach=True),
        )
        == ()
    )


def test_it_flags_an_economic_buyer_nobody_of_ours_covers() -> None:
    found = flags_of(facts(1, "head_office", economic_buyer=True), facts(2, is_coach=True))
    assert found == ("economic_buyer_uncovered",)


def test_it_flags_an_economic_buyer_at_engagement_four_or_five_only() -> None:
    for level, flagged in ((3, False), (4, True), (5, True), (None, False)):
        found = flags_of(
            facts(1, "head_office", economic_buyer=True, covered=True, engagement=level),
            facts(2, is_coach=True),
        )
        assert ("economic_buyer_cold" in found) is flagged, level


def test_it_flags_every_contact_at_one_level() -> None:
    found = flags_of(facts(1, economic_buyer=True, covered=True), facts(2, is_coach=True), facts(3))
    assert found == ("one_level",)


def test_it_flags_a_high_influence_person_favouring_a_competitor_but_not_a_low_one() -> None:
    base = [facts(1, "head_office", economic_buyer=True, covered=True), facts(2, is_coach=True)]
    high = facts(3, influence="high", favours_competitor="Acme")
    low = facts(4, influence="low", favours_competitor="Acme")
    assert flags_of(*base, high) == ("competitor_backer",)
    assert flags_of(*base, low) == ()


def test_it_keeps_the_no_coach_flag_in_the_same_list() -> None:
    found = flags_of(facts(1, "head_office", economic_buyer=True, covered=True), facts(2))
    assert found == ("no_coach",)


# --- the drawing ------------------------------------------------------------------------


def words() -> mapdraw.Words:
    return mapdraw.Words(
        roles={"economic_buyer": "Economic buyer", "coach": "Coach", "user_buyer": "User"},
        influence={"high": "High", "medium": "Medium", "low": "Low"},
        influence_label="Influence",
        attitudes={1: "Champion", 2: "Supporter", 3: "Neutral", 4: "Sceptic", 5: "Opponent"},
        unjudged="not judged",
        coach="Coach",
        favours="Favours %s",
        freshness=lambda d: "never" if d is None else f"{d} days",
        kinds={"informal": "Informal", "peer": "Peer", "adviser": "Adviser"},
        legend={"reports": "reports to", "covers": "covers", "stale": "stale"},
        nobody="Nobody",
    )


def person(pk: int, boss: int | None = None, **kw: object) -> mapdraw.Person:
    base: dict[str, object] = {
        "name": f"P{pk}", "title": "", "level": "site", "roles": (), "influence": "",
        "engagement": None, "favours_competitor": "", "fresh_on": None, "age_days": None,
        "stale": False,
    }  # fmt: skip
    base.update(kw)
    return mapdraw.Person(id=pk, reports_to=boss, **base)  # type: ignore[arg-type]


def test_it_lays_out_a_real_tree_with_several_roots_and_no_overlap() -> None:
    people = [person(1), person(2, 1), person(3, 1), person(4, 2), person(5, 2), person(9)]
    found = mapdraw.layout(people, [])
    boxes = found.boxes
    assert boxes[2].y > boxes[1].y and boxes[4].y > boxes[2].y
    assert boxes[9].y == boxes[1].y  # a second root on the top row
    for a in boxes.values():
        for b in boxes.values():
            if a is not b:
                apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
                assert apart, (a, b)


def test_it_stacks_many_leaf_reports_in_a_column_so_forty_people_stay_readable() -> None:
    people = [person(1)] + [person(i, 1) for i in range(2, 41)]
    found = mapdraw.layout(people, [])
    assert found.width < 800  # a row of 39 boxes would be over 8,000 px wide
    assert {b.x for pk, b in found.boxes.items() if pk != 1} == {found.boxes[1].x + 22}


def test_it_survives_a_reporting_loop_in_old_data() -> None:
    people = [person(1, 2), person(2, 1)]
    found = mapdraw.layout(people, [])
    assert set(found.boxes) == {1, 2}


def test_it_measures_chinese_wider_than_latin_and_cuts_to_fit() -> None:
    assert mapdraw.text_width("采购总监", 12) > mapdraw.text_width("abcd", 12)
    cut = mapdraw.fit("采购总监采购总监采购总监采购总监采购总监", 13, 100)
    assert cut.endswith("…") and mapdraw.text_width(cut, 13) <= 100


def test_it_draws_boxes_lines_and_escapes_every_text() -> None:
    people = [
        person(1, name="<b>Boss</b>", roles=("economic_buyer", "coach"), influence="high",
               engagement=1, favours_competitor="Acme & Co"),
        person(2, 1, engagement=5, stale=True),
    ]  # fmt: skip
    ours = [mapdraw.Ours(id=7, name="Our rep", role="Account manager", covers=(1,))]
    lines = [mapdraw.Line(source=2, target=1, kind="peer", note="golf <friends>")]
    svg = mapdraw.draw(people, ours, lines, words(), label="Map")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<b>" not in svg and "&lt;b&gt;Boss&lt;/b&gt;" in svg
    assert "Acme &amp; Co" in svg and "golf &lt;friends&gt;" in svg
    assert 'data-influence="2-1"' in svg and 'data-covers="7-1"' in svg
    assert 'data-reports="2-1"' in svg
    assert "Coach" in svg and "Economic buyer" in svg and "Supporter" not in svg
    assert "<script" not in svg
    assert re.search(r'width="\d+" height="\d+"', svg)
