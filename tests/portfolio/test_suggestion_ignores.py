"""Tier suggestions remember "ignore" per salesperson and account (with undo), and do not
re-propose an account taken off the list in the last 90 days unless the reason allows it,
saying why in the panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from firstchoice.customers.models import Customer
from firstchoice.portfolio import actions, suggestion_rules, suggestions
from firstchoice.portfolio.models import IgnoredSuggestion, TierChange
from firstchoice.sales.rules import Figures
from tests.base import TODAY
from tests.portfolio.history import AS_OF, YEAR, HistoryTestCase

PANEL = f"/board/alice/{YEAR}/suggestions"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _rule(
    removal: suggestion_rules.Removal | None, ignored: bool = False
) -> tuple[list[str], list[suggestion_rules.HeldBack[str]]]:
    candidate = suggestion_rules.Candidate(
        key="X",
        current=Figures(amount=Decimal(50), margin=Decimal(5), lines=1),
        ignored=ignored,
        removal=removal,
    )
    context = suggestion_rules.SuggestionContext(
        threshold=Decimal(40), own_median=Decimal(10), today=dt.date(2026, 6, 16)
    )
    tiers, held = suggestion_rules.suggest_and_hold_back([candidate], context)
    return [s.key for found in tiers.values() for s in found], held


def test_the_rule_holds_back_ignored_and_recently_removed_accounts() -> None:
    removed = dt.date(2026, 6, 1)
    assert _rule(None) == (["X"], [])
    assert _rule(None, ignored=True)[1][0].kind == "ignored"
    found, held = _rule(suggestion_rules.Removal(removed, "lost"))
    assert found == [] and held[0].until == removed + dt.timedelta(days=90)
    assert _rule(suggestion_rules.Removal(removed, ""))[0] == []  # no reason: held back
    assert _rule(suggestion_rules.Removal(removed, "made_room"))[0] == ["X"]
    assert _rule(suggestion_rules.Removal(dt.date(2026, 3, 17), "lost"))[0] == ["X"]  # 91 days


class SuggestionIgnoreTestCase(HistoryTestCase):
    def suggested(self) -> set[str]:
        found = suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
        return {v.customer.code for views in found.tiers.values() for v in views}

    def held(self) -> dict[str, str]:
        found = suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
        return {h.customer.code: h.why for h in found.held_back}

    def test_it_remembers_ignore_per_salesperson_and_undoes_it_from_the_panel(self) -> None:
        assert "AL001" in self.suggested()
        self.login(self.alice)
        r = self.client.post(
            f"{PANEL}/ignore?as_of={AS_OF.isoformat()}", {"customer": "AL001"}, **HTMX
        )
        assert r.status_code == 200
        html = r.content.decode()
        assert 'data-customer="AL001" data-kind="ignored"' in html
        assert "You chose to ignore it." in html and "Undo ignore" in html
        assert "AL001" not in self.suggested()
        ignored = IgnoredSuggestion.objects.get()
        assert (ignored.salesperson, ignored.ignored_by) == (self.alice_sp, self.alice)
        # Only alice's suggestions: bob's are his own.
        assert not IgnoredSuggestion.objects.filter(salesperson=self.bob_sp).exists()
        r = self.client.post(f"{PANEL}/unignore", {"customer": "AL001"})
        assert r.status_code == 302
        assert "AL001" in self.suggested()
        assert not IgnoredSuggestion.objects.exists()

    def test_a_read_only_teammate_and_another_team_cannot_ignore(self) -> None:
        self.login(self.bob)
        assert self.client.post(f"{PANEL}/ignore", {"customer": "AL001"}).status_code == 403
        self.login(self.charlie)
        assert self.client.post(f"{PANEL}/ignore", {"customer": "AL001"}).status_code == 404
        self.login(self.alice)
        assert self.client.get(f"{PANEL}/ignore").status_code == 405
        assert not IgnoredSuggestion.objects.exists()

    def _remove(self, code: str, removal_reason: str, days_ago: int) -> None:
        customer = Customer.objects.get(code=code)
        self.add_to(self.alice_sp, customer, "A", YEAR)
        actions.remove_entry(
            actor=self.alice,
            salesperson=self.alice_sp,
            year=YEAR,
            customer=customer,
            reason="test",
            removal_reason=removal_reason,
            at=timezone.now() - dt.timedelta(days=days_ago),
        )

    def test_it_holds_back_an_account_removed_lately_and_says_until_when(self) -> None:
        self._remove("AL001", "lost", 10)
        assert "AL001" not in self.suggested()
        until = (TODAY - dt.timedelta(days=10) + dt.timedelta(days=90)).isoformat()
        why = self.held()["AL001"]
        assert "Lost to a competitor" in why and until in why
        with translation.override("zh-hans"):
            assert "Lost to a competitor" not in self.held()["AL001"]

    def test_it_says_why_in_the_language_it_was_asked_in_when_read(self) -> None:
        self._remove("AL001", "lost", 10)
        for language in ("en", "zh-hans"):
            with translation.override(language):
                (held,) = suggestions.suggestions(self.alice_sp, YEAR, AS_OF).held_back
                eager = suggestions.held_back_reason(held.held)
            assert "why" not in vars(held)
            assert held.why == eager
            assert ("Lost to a competitor" in eager) == (language == "en")

    def test_it_proposes_again_when_the_reason_allows_and_says_so(self) -> None:
        self._remove("AL001", "made_room", 10)
        found = suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
        view = next(
            v for views in found.tiers.values() for v in views if v.customer.code == "AL001"
        )
        assert "to make room for another account" in view.explanation

    def test_it_proposes_again_after_90_days(self) -> None:
        self._remove("AL001", "no_potential", 91)
        assert "AL001" in self.suggested()

    def test_the_board_asks_why_an_account_is_removed(self) -> None:
        customer = Customer.objects.get(code="AL001")
        self.add_to(self.alice_sp, customer, "A", YEAR)
        self.login(self.alice)
        url = f"/board/alice/{YEAR}/remove"
        r = self.client.post(url, {"customer": "AL001", "reason": "gone quiet"}, **HTMX)
        assert r.status_code == 422
        assert "Why: This field is required." in r.content.decode()
        r = self.client.post(
            url, {"customer": "AL001", "reason": "gone quiet", "removal_reason": "not_engaging"}
        )
        assert r.status_code == 302
        assert TierChange.objects.get(kind="removed").removal_reason == "not_engaging"
