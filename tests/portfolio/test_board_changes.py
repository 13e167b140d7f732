"""Add, move and remove from the board page (plain POST and htmx)."""

from __future__ import annotations

from firstchoice.portfolio.models import PortfolioEntry, TierChange
from tests.base import YEAR, BaseTestCase

BASE = f"/board/alice/{YEAR}"
HTMX = {"HTTP_HX_REQUEST": "true"}


class AddTestCase(BaseTestCase):
    def test_it_adds_and_redirects(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL001", "tier": "C", "reason": "big new plant"}
        )
        assert r.status_code == 302 and r["Location"] == f"{BASE}/"
        assert PortfolioEntry.objects.get().customer.code == "AL001"
        assert TierChange.objects.get().changed_by == self.alice

    def test_it_returns_the_board_fragment_to_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": "grow it"}, **HTMX
        )
        assert r.status_code == 200
        html = r.content.decode()
        assert html.lstrip().startswith('<div id="board"')
        assert "<html" not in html
        assert "AL Customer 1 added to tier A." in html

    def test_it_explains_a_full_tier_and_changes_nothing(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.login(self.alice)
        before = TierChange.objects.count()
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL016", "tier": "B", "reason": "more"}, **HTMX
        )
        assert r.status_code == 422
        assert "Tier: Tier B is full (5 of 5)" in r.content.decode()
        assert TierChange.objects.count() == before
        assert not PortfolioEntry.objects.filter(customer__code="AL016").exists()

    def test_it_names_the_missing_field(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": ""})
        assert r.status_code == 422
        assert "Reason: This field is required." in r.content.decode()
        assert not PortfolioEntry.objects.exists()

    def test_it_does_not_trust_a_customer_code_from_another_team(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"{BASE}/add", {"customer": "CH001", "tier": "A", "reason": "sneaky"})
        assert r.status_code == 422
        assert "No customer with the code or name" in r.content.decode()
        assert not PortfolioEntry.objects.exists()

    def test_it_lets_the_manager_add(self) -> None:
        self.login(self.mary)
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL002", "tier": "B", "reason": "coaching"}
        )
        assert r.status_code == 302
        assert TierChange.objects.get().changed_by == self.mary

    def test_it_is_forbidden_for_a_teammate(self) -> None:
        self.login(self.bob)
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": "not mine"}
        )
        assert r.status_code == 403
        assert not PortfolioEntry.objects.exists()

    def test_it_is_404_for_another_team(self) -> None:
        self.login(self.charlie)
        r = self.client.post(
            f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": "not mine"}
        )
        assert r.status_code == 404
        assert not PortfolioEntry.objects.exists()

    def test_it_redirects_anonymous(self) -> None:
        r = self.client.post(f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": "x" * 5})
        assert r.status_code == 302 and "/login/" in r["Location"]
        assert not PortfolioEntry.objects.exists()

    def test_it_refuses_get(self) -> None:
        self.login(self.alice)
        assert self.client.get(f"{BASE}/add").status_code == 405

    def test_it_requires_csrf(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        r = client.post(f"{BASE}/add", {"customer": "AL001", "tier": "A", "reason": "no token"})
        assert r.status_code == 403
        assert not PortfolioEntry.objects.exists()


class MoveRemoveTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "C")

    def test_it_moves_with_a_reason_and_shows_it_in_history(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/move", {"customer": "AL001", "tier": "B", "reason": "won the trial"}, **HTMX
        )
        assert r.status_code == 200
        html = r.content.decode()
        assert "moved from tier C to tier B" in html
        assert "won the trial" in html  # the history table in the fragment
        assert PortfolioEntry.objects.get().tier == "B"

    def test_it_refuses_a_move_of_a_customer_not_on_the_board(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/move", {"customer": "AL009", "tier": "B", "reason": "not here"}
        )
        assert r.status_code == 422
        assert "Customer: Not on this board." in r.content.decode()

    def test_it_refuses_a_bad_tier(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/move", {"customer": "AL001", "tier": "Z", "reason": "bad tier"}
        )
        assert r.status_code == 422
        assert "Move to tier:" in r.content.decode()
        assert PortfolioEntry.objects.get().tier == "C"

    def test_it_removes_with_a_reason(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{BASE}/remove",
            {"customer": "AL001", "reason": "chose a competitor", "removal_reason": "lost"},
        )
        assert r.status_code == 302
        assert not PortfolioEntry.objects.exists()
        assert TierChange.objects.filter(kind="removed", reason="chose a competitor").exists()

    def test_it_refuses_removal_without_reason(self) -> None:
        self.login(self.alice)
        r = self.client.post(f"{BASE}/remove", {"customer": "AL001", "reason": " "})
        assert r.status_code == 422
        assert PortfolioEntry.objects.exists()

    def test_it_is_forbidden_for_a_teammate_and_hidden_from_another_team(self) -> None:
        self.login(self.bob)
        assert (
            self.client.post(
                f"{BASE}/remove", {"customer": "AL001", "reason": "nope nope"}
            ).status_code
            == 403
        )
        self.login(self.charlie)
        assert (
            self.client.post(
                f"{BASE}/move", {"customer": "AL001", "tier": "A", "reason": "nope"}
            ).status_code
            == 404
        )
        assert PortfolioEntry.objects.get().tier == "C"

    def test_it_refuses_get(self) -> None:
        self.login(self.alice)
        assert self.client.get(f"{BASE}/move").status_code == 405
        assert self.client.get(f"{BASE}/remove").status_code == 405


class HistoryTestCase(BaseTestCase):
    def test_it_lists_every_change_newest_first(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "C")
        self.add(self.alice_sp, self.alice_customers[1], "A")
        self.login(self.mary)
        html = self.client.get(f"{BASE}/history/").content.decode()
        assert html.index("AL Customer 2") < html.index("AL Customer 1")
        assert "set up by the test" in html

    def test_it_scopes_history(self) -> None:
        self.login(self.charlie)
        assert self.client.get(f"{BASE}/history/").status_code == 404
        self.client.logout()
        assert self.client.get(f"{BASE}/history/").status_code == 302
        self.login(self.alice)
        assert self.client.post(f"{BASE}/history/").status_code == 405
