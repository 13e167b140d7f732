"""Tier suggestion rules (M1, M3, M8, M9): pure functions, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.portfolio import suggestion_rules
from firstchoice.portfolio.suggestion_rules import Candidate, Fact, SuggestionContext, suggest_tiers
from firstchoice.sales.rules import Figures

D = Decimal
CONTEXT = SuggestionContext(
    threshold=D("50000.00"), own_median=D("5000.00"), top_segments=("Steel", "Auto", "Food")
)


def sold(amount: str, margin: str = "0.00", lines: int = 3) -> Figures:
    return Figures(D(amount), D(margin), lines)


def tiers_of(*candidates: Candidate[str], context: SuggestionContext = CONTEXT) -> dict[str, list]:
    found = suggest_tiers(candidates, context)
    return {tier: [s.key for s in items] for tier, items in found.items()}


def kinds(suggestion: suggestion_rules.Suggestion[str]) -> list[str]:
    return [f.kind for f in suggestion.reasons]


def test_it_puts_a_large_account_with_weak_growth_in_a() -> None:
    big = Candidate(
        "big", sold("80000.00", "16000.00"), previous=sold("78000.00"), top_share=D("3")
    )
    (suggestion,) = suggest_tiers([big], CONTEXT)["A"]
    assert suggestion.tier == "A"
    assert suggestion.score == D("80000.00")
    assert suggestion.reasons[0] == Fact("sales", amount=D("80000.00"), share=D("3"))
    assert Fact("growth", share=D("2.6")) in suggestion.reasons
    assert Fact("margin", share=D("20.0")) in suggestion.reasons
    assert Fact("potential_unknown") in suggestion.reasons


def test_it_keeps_a_fast_growing_large_account_in_a_while_potential_is_unknown() -> None:
    fast = Candidate("fast", sold("90000.00"), previous=sold("45000.00"))
    assert tiers_of(fast)["A"] == ["fast"]


def test_it_drops_a_fast_growing_account_already_at_its_known_potential() -> None:
    full = Candidate("full", sold("90000.00"), previous=sold("45000.00"), potential=D("85000.00"))
    assert tiers_of(full) == {"A": [], "B": [], "C": []}


def test_it_reports_headroom_and_wallet_share_when_potential_is_known() -> None:
    room = Candidate("room", sold("60000.00"), previous=sold("59000.00"), potential=D("240000"))
    (suggestion,) = suggest_tiers([room], CONTEXT)["A"]
    assert Fact("headroom", amount=D("180000.00"), share=D("25.0")) in suggestion.reasons
    assert Fact("potential_unknown") not in suggestion.reasons


def test_it_puts_some_business_above_the_median_in_b() -> None:
    mid = Candidate(
        "mid", sold("20000.00", "4000.00"), previous=sold("25000.00"), payment_terms="NET30"
    )
    (suggestion,) = suggest_tiers([mid], CONTEXT)["B"]
    assert kinds(suggestion) == [
        "sales",
        "growth",
        "margin",
        "above_median",
        "potential_unknown",
        "terms",
    ]
    assert suggestion.reasons[1] == Fact("growth", share=D("-20.0"))
    assert suggestion.reasons[-1] == Fact("terms", text="NET30")


def test_it_does_not_suggest_small_business_at_or_below_the_median() -> None:
    at_median = Candidate("median", sold("5000.00"))
    small = Candidate("small", sold("100.00"))
    assert tiers_of(at_median, small) == {"A": [], "B": [], "C": []}


def test_it_treats_the_threshold_itself_as_top() -> None:
    edge = Candidate("edge", sold("50000.00"))
    assert tiers_of(edge)["A"] == ["edge"]


def test_it_says_new_when_there_were_no_sales_the_year_before() -> None:
    new = Candidate("new", sold("20000.00"))
    (suggestion,) = suggest_tiers([new], CONTEXT)["B"]
    assert Fact("new") in suggestion.reasons
    assert all(f.kind != "growth" for f in suggestion.reasons)


def test_it_puts_a_lapsed_customer_in_c() -> None:
    lapsed = Candidate("lapsed", Figures(), previous=sold("3000.00"), earlier=sold("9000.00"))
    (suggestion,) = suggest_tiers([lapsed], CONTEXT)["C"]
    assert suggestion.score == D("12000.00")
    assert suggestion.reasons[0] == Fact("lapsed", amount=D("12000.00"))
    assert lapsed.lapsed and lapsed.sold_last_36_months


def test_it_puts_a_customer_in_a_top_segment_in_c() -> None:
    fit = Candidate("fit", Figures(), segment="Steel")
    other = Candidate("other", Figures(), segment="Toys")
    blank = Candidate("blank", Figures(), segment="")
    found = suggest_tiers([fit, other, blank], CONTEXT)
    assert [s.key for s in found["C"]] == ["fit"]
    assert kinds(found["C"][0]) == ["no_sales", "segment", "potential_unknown"]
    assert not fit.sold_last_36_months


def test_it_ranks_lapsed_customers_before_segment_fits() -> None:
    fit = Candidate("fit", Figures(), segment="Auto")
    lapsed = Candidate("lapsed", Figures(), previous=sold("10.00"))
    assert tiers_of(fit, lapsed)["C"] == ["lapsed", "fit"]


def test_it_names_customers_nobody_owns() -> None:
    prospect = Candidate("p", Figures(), segment="Food", owned=False)
    (suggestion,) = suggest_tiers([prospect], CONTEXT)["C"]
    assert Fact("unowned") in suggestion.reasons


def test_it_never_suggests_portfolio_inactive_or_cod_customers() -> None:
    excluded = [
        Candidate("listed", sold("90000.00"), in_portfolio=True),
        Candidate("blocked", sold("90000.00"), active=False),
        Candidate("cod", sold("90000.00"), cod=True),
        Candidate("cod-b", sold("20000.00"), cod=True),
        Candidate("cod-c", Figures(), previous=sold("500.00"), cod=True),
    ]
    assert tiers_of(*excluded) == {"A": [], "B": [], "C": []}


def test_it_treats_credit_notes_as_no_business() -> None:
    credited = Candidate("credit", sold("-300.00"), previous=sold("2000.00"))
    assert tiers_of(credited)["C"] == ["credit"]


def test_it_suggests_nothing_when_nobody_sells() -> None:
    empty = SuggestionContext(threshold=None, own_median=None)
    assert tiers_of(Candidate("x", Figures(), segment="Steel"), context=empty) == {
        "A": [],
        "B": [],
        "C": [],
    }


def test_it_finds_the_top_segments_by_sales() -> None:
    rows = [
        ("Steel", D("100")),
        ("Auto", D("50")),
        ("Steel", D("30")),
        ("Food", D("60")),
        ("Toys", D("10")),
        ("", D("999")),  # no segment: not a segment
        ("Dead", D("0")),
    ]
    assert suggestion_rules.top_segments(rows) == ("Steel", "Food", "Auto")
    assert suggestion_rules.top_segments([]) == ()


amounts = st.decimals(min_value=D("-100"), max_value=D("200000"), places=2)


@given(
    st.lists(
        st.tuples(amounts, amounts, st.booleans(), st.booleans(), st.sampled_from(["Steel", "X"])),
        max_size=40,
    )
)
def test_it_keeps_at_most_ten_per_tier_best_first_and_each_customer_once(rows: list) -> None:
    candidates = [
        Candidate(
            f"c{i}",
            sold(str(current)),
            previous=sold(str(previous)),
            cod=cod,
            in_portfolio=listed,
            segment=segment,
        )
        for i, (current, previous, cod, listed, segment) in enumerate(rows)
    ]
    found = suggest_tiers(candidates, CONTEXT)
    keys = [s.key for items in found.values() for s in items]
    assert len(keys) == len(set(keys))
    by_key = {c.key: c for c in candidates}
    for tier, items in found.items():
        assert len(items) <= suggestion_rules.SUGGESTIONS_PER_TIER
        assert [s.score for s in items] == sorted((s.score for s in items), reverse=True)
        for s in items:
            c = by_key[s.key]
            assert not c.cod and not c.in_portfolio
            if tier == "A":
                assert c.current.amount >= D("50000.00")
            elif tier == "B":
                assert D("5000.00") < c.current.amount < D("50000.00")
            else:
                assert not c.current.has_business


@given(
    st.tuples(amounts, st.integers(0, 3)),
    st.tuples(amounts, st.integers(0, 3)),
    st.tuples(amounts, st.integers(0, 3)),
    st.sampled_from(["Steel", "X", ""]),
    st.one_of(st.none(), amounts),
    st.one_of(st.none(), amounts),
)
def test_it_fits_the_same_tier_in_cents_as_in_money(
    current: tuple, previous: tuple, earlier: tuple, segment: str, top: object, mid: object
) -> None:
    def in_cents(value: Decimal | None) -> int | None:
        return None if value is None else int(value.scaleb(2))

    def window(pair: tuple) -> tuple[int, int]:
        return int(pair[0].scaleb(2)), pair[1]

    money = suggestion_rules.fitting_tier(
        current, previous, earlier, segment, top, mid, CONTEXT.top_segments
    )
    cents = suggestion_rules.fitting_tier(
        window(current),
        window(previous),
        window(earlier),
        segment,
        in_cents(top),  # type: ignore[arg-type]
        in_cents(mid),  # type: ignore[arg-type]
        CONTEXT.top_segments,
    )
    if money is None:
        assert cents is None
    else:
        assert cents == (money[0], int(money[1].scaleb(2)))


rarely = st.sampled_from([False, False, False, False, True])
# Amounts around the bounds (median 5,000, top 10% from 50,000), ties included.
money = st.sampled_from(
    [
        *("-50.00", "0.00", "10.00", "5000.00", "5000.01", "9000.00", "20000.00"),
        *("49999.99", "50000.00", "54000.00", "60000.00", "90000.00"),
    ]
).map(D)
candidates = st.builds(
    Candidate,
    key=st.uuids(),
    current=st.builds(sold, money.map(str)),
    previous=st.one_of(st.just(Figures()), st.builds(sold, money.map(str))),
    earlier=st.one_of(st.just(Figures()), st.builds(sold, money.map(str))),
    segment=st.sampled_from(["Steel", "X", ""]),
    cod=rarely,
    in_portfolio=rarely,
    active=rarely.map(lambda b: not b),
    potential=st.one_of(st.none(), money),
    ignored=rarely,
    removal=st.one_of(
        st.none(),
        st.none(),
        st.none(),
        st.builds(
            suggestion_rules.Removal,
            on=st.dates(dt.date(2026, 1, 1), dt.date(2026, 6, 16)),
            reason=st.sampled_from(["", "lost", "made_room"]),
        ),
    ),
)


@given(st.lists(candidates, min_size=1, max_size=40), st.integers(1, 4))
def test_a_shortlist_gives_the_same_answer_as_every_candidate(
    every: list[Candidate], limit: int
) -> None:
    context = SuggestionContext(
        threshold=D("50000.00"),
        own_median=D("5000.00"),
        top_segments=("Steel",),
        today=dt.date(2026, 6, 16),
    )
    entries = []
    for c in every:
        fit = suggestion_rules.fitting_tier(
            (c.current.amount, c.current.lines),
            (c.previous.amount, c.previous.lines),
            (c.earlier.amount, c.earlier.lines),
            c.segment,
            context.threshold,
            context.own_median,
            context.top_segments,
        )
        if fit is None or c.in_portfolio or not c.active or c.cod:
            continue
        settled = c.potential is None and not c.ignored and c.removal is None
        entries.append((c, fit[0], fit[1], settled))
    short = suggestion_rules.shortlist(entries, limit)
    assert len(short) <= len(every)
    assert suggestion_rules.suggest_and_hold_back(
        short, context, limit=limit
    ) == suggestion_rules.suggest_and_hold_back(every, context, limit=limit)


def test_it_gathers_the_reasons_when_first_read() -> None:
    big = Candidate("big", sold("80000.00", "16000.00"), previous=sold("78000.00"))
    (suggestion,) = suggest_tiers([big], CONTEXT)["A"]
    assert "reasons" not in vars(suggestion)
    assert kinds(suggestion) == ["sales", "growth", "margin", "potential_unknown"]
    assert suggestion.reasons is suggestion.reasons  # gathered once
    assert suggestion == suggest_tiers([big], CONTEXT)["A"][0]
    other = Candidate("big", sold("80000.00", "16000.00"), previous=sold("70000.00"))
    assert suggestion != suggest_tiers([other], CONTEXT)["A"][0]  # same score, other growth
