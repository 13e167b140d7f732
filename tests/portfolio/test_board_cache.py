"""Board cards drawn once per content ({% cached_fragment %}, lib.caching): the same page,
never a stale card, and the session's own CSRF token in every card's forms."""

from __future__ import annotations

import re
from unittest import mock

from django.core.cache import caches
from django.test import Client

from firstchoice.lib.templatetags import fc
from tests.base import YEAR, BaseTestCase, sell

BOARD = f"/board/alice/{YEAR}/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def card_of(html: str, code: str) -> str:
    start = html.index(f'data-customer="{code}"')
    return html[start : html.index("</li>", start)]


class BoardCardCacheTestCase(BaseTestCase):
    def setUp(self) -> None:
        caches["default"].clear()
        self.fill(self.alice_sp, self.alice_customers)
        self.login(self.alice)

    def test_it_draws_each_card_once_and_serves_the_same_page(self) -> None:
        real = fc.render_to_string
        with mock.patch.object(fc, "render_to_string", side_effect=real) as render:
            first = self.client.get(BOARD).content.decode()
            assert render.call_count == 15
            second = self.client.get(BOARD).content.decode()
            assert render.call_count == 15  # all fifteen from the cache
        assert ANY_TOKEN.sub("", first) == ANY_TOKEN.sub("", second)  # masked per request

    def test_a_new_sale_changes_the_card(self) -> None:
        self.client.get(BOARD)
        sell(self.alice_customers[0], "4321.00", "321.00", days_ago=10)
        card = card_of(self.client.get(BOARD).content.decode(), "AL001")
        assert "4,321" in card

    def test_a_move_through_the_page_shows_the_card_in_its_new_tier(self) -> None:
        self.client.get(BOARD)
        self.add(self.bob_sp, self.bob_customers[0], "A")  # unrelated: other board
        self.client.post(
            f"{BOARD}remove",
            {"customer": "AL006", "removal_reason": "lost", "reason": "lost the account"},
        )  # B has room now
        response = self.client.post(
            f"{BOARD}move", {"customer": "AL001", "tier": "B", "reason": "won the trial"}
        )
        assert response.status_code in (200, 302)
        html = self.client.get(BOARD).content.decode()
        card = card_of(html, "AL001")
        # The move form no longer offers tier B (where the card is now), and offers A.
        assert '<option value="B">' not in card
        assert '<option value="A">' in card

    def test_card_forms_carry_the_sessions_own_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.client.get(BOARD)  # another session filled the cache
        html = client.get(BOARD).content.decode()
        assert "\x00" not in html
        token = TOKEN.findall(card_of(html, "AL001"))[0]
        response = client.post(
            f"{BOARD}remove",
            {
                "customer": "AL001",
                "removal_reason": "lost",
                "reason": "lost",
                "csrfmiddlewaretoken": token,
            },
        )
        assert response.status_code in (200, 302)
        assert 'data-customer="AL001"' not in client.get(BOARD).content.decode()

    def test_a_read_only_viewer_gets_cards_without_forms(self) -> None:
        self.client.get(BOARD)  # alice's editable cards are in the cache
        self.login(self.bob)  # bob reads alice's board
        html = self.client.get(BOARD).content.decode()
        assert "move-form" not in card_of(html, "AL001")

    def test_a_renamed_owner_changes_the_card(self) -> None:
        self.client.get(BOARD)
        self.alice_sp.name = "Alice Renamed"
        self.alice_sp.save()
        assert "Alice Renamed" in card_of(self.client.get(BOARD).content.decode(), "AL001")

    def test_keys_never_run_a_query(self) -> None:
        from firstchoice.customers.models import Customer
        from firstchoice.lib import caching

        with self.assertNumQueries(0):
            one = caching.digest(Customer.objects.filter(code="AL001"))
            two = caching.digest(Customer.objects.filter(code="AL002"))
        assert one != two

    def test_the_remove_form_offers_every_reason_fresh_and_from_the_cache(self) -> None:
        for _ in range(2):  # drawn, then served from the cache
            card = card_of(self.client.get(BOARD).content.decode(), "AL001")
            for value in ("no_potential", "lost", "not_engaging", "made_room", "other"):
                assert f'<option value="{value}">' in card
