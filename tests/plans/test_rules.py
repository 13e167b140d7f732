"""Pure rules of the plan (M6): phasing, objective progress, the plan checks. No database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstchoice.plans import rules
from firstchoice.plans.rules import ActionFacts, ObjectiveFacts

D = Decimal
AS_OF = dt.date(2026, 6, 30)


# --- phasing ---------------------------------------------------------------------------


def test_it_phases_evenly_to_the_cent() -> None:
    months = rules.phase(D("100000.00"))
    assert len(months) == 12
    assert sum(months) == D("100000.00")
    assert set(months) == {D("8333.33"), D("8333.34")}
    # the 4 remainder cents go to the first months (equal fractions: stable order)
    assert months[:4] == [D("8333.34")] * 4


def test_it_phases_like_last_years_months() -> None:
    weights = [D(10)] * 11 + [D(20)]
    months = rules.phase(D("130000"), weights)
    assert sum(months) == D("130000.00")
    assert months[0] == D("10000.00") and months[11] == D("20000.00")


def test_it_phases_evenly_when_last_year_sold_nothing() -> None:
    assert rules.phase(D("1200"), [D(0)] * 12) == [D("100.00")] * 12


def test_it_ignores_negative_months_of_last_year() -> None:
    weights = [D(-50)] + [D(10)] * 11  # a month of credit notes
    months = rules.phase(D("1100"), weights)
    assert months[0] == D("0.00") and sum(months) == D("1100.00")


def test_it_refuses_a_wrong_number_of_weights() -> None:
    with pytest.raises(ValueError):
        rules.phase(D(100), [D(1)] * 11)


@given(
    annual=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    weights=st.one_of(
        st.none(),
        st.lists(st.decimals(min_value=0, max_value=10**7, places=2), min_size=12, max_size=12),
    ),
)
def test_it_never_loses_or_invents_a_cent(annual: Decimal, weights: list[Decimal] | None) -> None:
    months = rules.phase(annual, weights)
    assert sum(months) == annual
    assert all(m == m.quantize(D("0.01")) for m in months)


def test_it_accumulates() -> None:
    assert rules.cumulative([D(1), D(2), D(3)]) == [D(1), D(3), D(6)]


# --- progress --------------------------------------------------------------------------


def test_it_measures_progress_from_baseline_to_target() -> None:
    assert rules.progress(D(10), D(50), D(30)) == D("0.5")
    assert rules.progress(None, D(4), D(1)) == D("0.25")
    assert rules.progress(D(10), D(50), D(60)) == D("1.25")  # beyond target, not clamped


def test_it_does_not_guess_progress_without_a_target_or_value() -> None:
    assert rules.progress(D(10), None, D(30)) is None
    assert rules.progress(D(10), D(50), None) is None


def test_it_measures_progress_when_target_equals_baseline() -> None:
    assert rules.progress(D(5), D(5), D(5)) == 1
    assert rules.progress(D(5), D(5), D(4)) == 0


def test_it_judges_a_cumulative_objective_against_the_time_elapsed() -> None:
    args = {
        "baseline": D(100000),
        "target": D(120000),
        "start": dt.date(2026, 1, 1),
        "due": dt.date(2026, 12, 31),
        "cumulative_metric": True,
    }
    # half the year gone: about 59,500 expected
    assert rules.on_track(current=D(61000), as_of=AS_OF, **args) is True
    assert rules.on_track(current=D(40000), as_of=AS_OF, **args) is False


def test_it_judges_a_level_objective_from_its_baseline() -> None:
    args = {
        "baseline": D(20),
        "target": D(40),
        "start": dt.date(2026, 1, 1),
        "due": dt.date(2026, 12, 31),
    }
    assert rules.on_track(current=D(31), as_of=AS_OF, **args) is True  # expected ≈ 29.9
    assert rules.on_track(current=D(25), as_of=AS_OF, **args) is False


def test_it_judges_a_target_to_bring_a_figure_down() -> None:
    args = {
        "baseline": D(12),
        "target": D(4),
        "start": dt.date(2026, 1, 1),
        "due": dt.date(2026, 12, 31),
    }
    assert rules.on_track(current=D(7), as_of=AS_OF, **args) is True
    assert rules.on_track(current=D(11), as_of=AS_OF, **args) is False


def test_it_cannot_judge_without_target_date_or_value() -> None:
    base = {"baseline": D(1), "start": dt.date(2026, 1, 1), "as_of": AS_OF}
    assert rules.on_track(target=None, current=D(1), due=dt.date(2026, 12, 31), **base) is None
    assert rules.on_track(target=D(2), current=D(1), due=None, **base) is None
    assert rules.on_track(target=D(2), current=None, due=dt.date(2026, 12, 31), **base) is None


def test_it_counts_time_elapsed() -> None:
    start, due = dt.date(2026, 1, 1), dt.date(2026, 1, 11)
    assert rules.time_elapsed(start, due, dt.date(2025, 12, 1)) == 0
    assert rules.time_elapsed(start, due, dt.date(2026, 1, 6)) == D("0.5")
    assert rules.time_elapsed(start, due, dt.date(2026, 2, 1)) == 1


# --- plan checks -----------------------------------------------------------------------


def action(id: int = 1, **kw: object) -> ActionFacts:
    values: dict[str, object] = {
        "what": f"Action {id}",
        "owner_id": 7,
        "due": dt.date(2026, 9, 30),
        "objective_id": 1,
        "purpose": "",
        "status": "accepted",
    }
    values.update(kw)
    return ActionFacts(id=id, **values)  # type: ignore[arg-type]


GOOD_OBJECTIVE = ObjectiveFacts(1, "Grow sales", D(100), dt.date(2026, 12, 31))


def codes(problems: list[rules.Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.ref) for p in problems]


def test_it_passes_a_measurable_plan() -> None:
    assert rules.check_plan([GOOD_OBJECTIVE], [action()], as_of=AS_OF) == []


def test_it_flags_an_objective_without_target_or_date() -> None:
    vague = ObjectiveFacts(2, "Brief management", None, None)
    assert codes(rules.check_plan([vague], [], as_of=AS_OF)) == [
        ("objective_no_target", 2),
        ("objective_no_due", 2),
    ]


def test_it_flags_an_action_without_owner_date_or_purpose() -> None:
    visit = action(3, what="Visit monthly", owner_id=None, due=None, objective_id=None)
    assert codes(rules.check_plan([], [visit], as_of=AS_OF)) == [
        ("action_no_owner", 3),
        ("action_no_due", 3),
        ("action_no_purpose", 3),
    ]


def test_it_accepts_a_purpose_in_words_instead_of_an_objective() -> None:
    a = action(objective_id=None, purpose="Keep the coach informed of the trial")
    assert rules.check_plan([], [a], as_of=AS_OF) == []


def test_it_treats_a_declined_action_as_ownerless() -> None:
    assert codes(rules.check_plan([], [action(status="declined")], as_of=AS_OF)) == [
        ("action_no_owner", 1)
    ]


def test_it_flags_overdue_open_actions_only() -> None:
    late = dt.date(2026, 5, 1)
    problems = rules.check_plan(
        [],
        [
            action(1, due=late),
            action(2, due=late, status="done"),
            action(3, due=late, status="dropped"),
        ],
        as_of=AS_OF,
    )
    assert codes(problems) == [("action_overdue", 1)]
    assert problems[0].params["due"] == late


def test_it_flags_an_owner_overloaded_in_a_month_once() -> None:
    many = [action(i, due=dt.date(2026, 9, i)) for i in range(1, 9)]
    problems = rules.check_plan([], many, as_of=AS_OF, owner_names={7: "Bob"})
    assert codes(problems) == [("owner_overloaded", 7)]
    assert problems[0].params == {
        "owner": "Bob",
        "month": dt.date(2026, 9, 1),
        "count": 8,
        "limit": rules.MAX_ACTIONS_PER_OWNER_MONTH,
    }


def test_it_counts_the_owners_load_across_all_plans() -> None:
    # Two actions here, but the owner has 7 more on other accounts that month.
    load = {(7, 2026, 9): 9}
    problems = rules.check_plan([], [action(1), action(2)], as_of=AS_OF, owner_load=load)
    assert codes(problems) == [("owner_overloaded", 7)]


def test_it_does_not_count_closed_actions_as_load() -> None:
    done = [action(i, due=dt.date(2026, 9, i), status="done") for i in range(1, 9)]
    assert rules.check_plan([], done, as_of=AS_OF) == []


def test_it_shifts_a_date_a_year_keeping_february() -> None:
    assert rules.shift_year(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert rules.shift_year(dt.date(2025, 3, 31), 1) == dt.date(2026, 3, 31)
    assert rules.shift_year(None, 1) is None
