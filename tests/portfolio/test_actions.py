"""The portfolio's write path: add, move, remove (M1)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from firstchoice.portfolio import actions
from firstchoice.portfolio.models import Portfolio, PortfolioEntry, TierChange
from firstchoice.teams.models import CompanySettings
from tests.base import YEAR, BaseTestCase


class AddEntryTestCase(BaseTestCase):
    def _add(
        self, customer_index: int, tier: str, reason: str = "large potential"
    ) -> actions.EntryResult:
        return actions.add_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.alice_customers[customer_index],
            tier=tier,
            reason=reason,
        )

    def test_it_adds_and_records_who_when_why(self) -> None:
        result = self._add(0, "C", "no business yet, big plant")
        assert result.entry is not None and result.entry.tier == "C"
        change = TierChange.objects.get()
        assert (change.kind, change.from_tier, change.to_tier) == ("added", "", "C")
        assert change.reason == "no business yet, big plant"
        assert change.changed_by == self.alice
        assert abs((timezone.now() - change.changed_at).total_seconds()) < 60

    def test_it_creates_the_year_portfolio_on_first_add(self) -> None:
        assert not Portfolio.objects.exists()
        self._add(0, "A")
        assert Portfolio.objects.get().year == YEAR

    def test_it_refuses_a_full_tier_and_changes_nothing(self) -> None:
        for i in range(5):
            self._add(i, "A")
        before = (PortfolioEntry.objects.count(), TierChange.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self._add(5, "A")
        assert "Tier A is full (5 of 5)" in ctx.exception.message_dict["tier"][0]
        assert (PortfolioEntry.objects.count(), TierChange.objects.count()) == before

    def test_it_uses_the_company_capacity(self) -> None:
        settings = CompanySettings.load()
        settings.tier_c_capacity = 2
        settings.save()
        self._add(0, "C")
        self._add(1, "C")
        with self.assertRaises(ValidationError) as ctx:
            self._add(2, "C")
        assert "(2 of 2)" in ctx.exception.message_dict["tier"][0]
        self._add(2, "B")  # other tiers keep their own capacity

    def test_it_refuses_the_same_customer_twice(self) -> None:
        self._add(0, "A")
        with self.assertRaises(ValidationError) as ctx:
            self._add(0, "B")
        assert "already in tier A" in ctx.exception.message_dict["customer"][0]
        assert PortfolioEntry.objects.count() == 1

    def test_it_requires_a_reason(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self._add(0, "A", reason="  ")
        assert "reason" in ctx.exception.message_dict
        assert not PortfolioEntry.objects.exists()
        assert not Portfolio.objects.exists()

    def test_it_refuses_an_unknown_tier(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self._add(0, "D")
        assert "tier" in ctx.exception.message_dict

    def test_it_reports_other_salespeople_listing_the_customer(self) -> None:
        shared = self.alice_customers[0]
        self.add(self.bob_sp, shared, "B")
        result = self._add(0, "A")
        assert result.also_listed_by == [self.bob_sp]

    def test_it_keeps_years_apart(self) -> None:
        for i in range(5):
            self._add(i, "A")
        actions.add_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR + 1,
            customer=self.alice_customers[5],
            tier="A",
            reason="next year's plan",
        )
        assert Portfolio.objects.count() == 2

    def test_it_backdates_when_asked(self) -> None:
        at = timezone.make_aware(dt.datetime(YEAR, 1, 6, 9, 30))
        result = actions.add_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.alice_customers[0],
            tier="A",
            reason="annual planning",
            at=at,
        )
        assert result.change.changed_at == at
        assert result.entry is not None and result.entry.since == at


class MoveAndRemoveTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.won = self.alice_customers[10]  # in tier C

    def test_it_moves_a_won_account_up_when_there_is_room(self) -> None:
        actions.remove_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.alice_customers[9],
            reason="potential re-estimated",
        )
        actions.move_entry(
            actor=self.mary,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.won,
            to_tier="B",
            reason="first orders after trial",
        )
        entry = PortfolioEntry.objects.get(customer=self.won)
        assert entry.tier == "B"
        change = TierChange.objects.filter(customer=self.won).first()
        assert change is not None
        assert (change.kind, change.from_tier, change.to_tier, change.changed_by) == (
            "moved",
            "C",
            "B",
            self.mary,
        )

    def test_it_refuses_to_move_into_a_full_tier(self) -> None:
        changes = TierChange.objects.count()
        with self.assertRaises(ValidationError) as ctx:
            actions.move_entry(
                actor=self.alice,
                salesperson=self.alice_sp,
                year=YEAR,
                customer=self.won,
                to_tier="B",
                reason="won it",
            )
        assert "Tier B is full" in ctx.exception.message_dict["tier"][0]
        assert PortfolioEntry.objects.get(customer=self.won).tier == "C"
        assert TierChange.objects.count() == changes

    def test_it_refuses_a_move_to_the_same_tier(self) -> None:
        with self.assertRaises(ValidationError):
            actions.move_entry(
                actor=self.alice,
                salesperson=self.alice_sp,
                year=YEAR,
                customer=self.won,
                to_tier="C",
                reason="no-op",
            )

    def test_it_refuses_to_move_a_customer_not_on_the_board(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            actions.move_entry(
                actor=self.alice,
                salesperson=self.alice_sp,
                year=YEAR,
                customer=self.alice_customers[19],
                to_tier="A",
                reason="not listed",
            )
        assert "not in this portfolio" in ctx.exception.message_dict["customer"][0]

    def test_it_removes_and_keeps_the_history(self) -> None:
        actions.remove_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=self.won,
            reason="chose a competitor",
        )
        assert not PortfolioEntry.objects.filter(customer=self.won).exists()
        change = TierChange.objects.filter(customer=self.won).first()
        assert change is not None
        assert (change.kind, change.from_tier, change.to_tier, change.reason) == (
            "removed",
            "C",
            "",
            "chose a competitor",
        )

    def test_it_does_not_create_a_portfolio_when_removing_from_an_empty_year(self) -> None:
        with self.assertRaises(ValidationError):
            actions.remove_entry(
                actor=self.alice,
                salesperson=self.alice_sp,
                year=YEAR + 5,
                customer=self.won,
                reason="nothing there",
            )
        assert not Portfolio.objects.filter(year=YEAR + 5).exists()
