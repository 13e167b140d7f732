"""Writes through the API: add, move and remove portfolio entries; auth, scope and CSRF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from firstchoice.portfolio.models import Portfolio, PortfolioEntry, TierChange
from firstchoice.teams.actions import create_token, revoke_token
from tests.base import YEAR, BaseTestCase

ENTRIES = f"/api/v1/portfolios/alice/{YEAR}/entries"


def entry_url(code: str, handle: str = "alice", year: int = YEAR) -> str:
    return f"/api/v1/portfolios/{handle}/{year}/entries/{code}"


def messages(response: Any) -> dict[str, str]:
    """The 422 body as {field: message}, from the last element of each error's loc."""
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


class ApiWriteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.customer = self.alice_customers[0]

    def snapshot(self) -> tuple[int, int, int]:
        return (
            Portfolio.objects.count(),
            PortfolioEntry.objects.count(),
            TierChange.objects.count(),
        )

    def post(self, data: dict[str, Any], url: str = ENTRIES, **kwargs: Any) -> Any:
        return self.client.post(url, data=data, content_type="application/json", **kwargs)

    def patch(self, code: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.client.patch(
            entry_url(code), data=data, content_type="application/json", **kwargs
        )

    def entry(self, code: str = "AL001") -> PortfolioEntry:
        return PortfolioEntry.objects.get(portfolio__salesperson=self.alice_sp, customer__code=code)

    def assertRefused(self, response: Any, status: int, before: tuple[int, int, int]) -> None:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(self.snapshot(), before)


class AddEntryTestCase(ApiWriteTestCase):
    def body(self, **extra: Any) -> dict[str, Any]:
        return {"customer_code": "AL001", "tier": "A", "reason": "biggest account", **extra}

    def test_it_adds_an_entry(self) -> None:
        self.login(self.alice)
        r = self.post(self.body())
        self.assertEqual(r.status_code, 201)
        data = r.json()
        self.assertEqual(data["user"], "alice")
        self.assertEqual([e["customer_code"] for e in data["tiers"]["A"]], ["AL001"])
        self.assertEqual(self.entry().tier, "A")
        change = TierChange.objects.get()
        self.assertEqual(change.kind, TierChange.Kind.ADDED)
        self.assertEqual((change.from_tier, change.to_tier), ("", "A"))
        self.assertEqual(change.reason, "biggest account")
        self.assertEqual(change.changed_by, self.alice)

    def test_it_trims_the_reason(self) -> None:
        self.login(self.alice)
        self.post(self.body(reason="  biggest account  "))
        self.assertEqual(TierChange.objects.get().reason, "biggest account")

    def test_it_lets_the_manager_add(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.post(self.body()).status_code, 201)
        self.assertEqual(TierChange.objects.get().changed_by, self.mary)

    def test_it_lets_the_administrator_add(self) -> None:
        self.login(self.root)
        self.assertEqual(self.post(self.body()).status_code, 201)

    def test_it_lets_a_teammates_customer_be_added(self) -> None:
        self.login(self.alice)
        r = self.post(self.body(customer_code="BO001"))
        self.assertEqual(r.status_code, 201)
        self.assertEqual(r.json()["tiers"]["A"][0]["owner"], "bob")

    def test_it_refuses_a_full_tier(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        before = self.snapshot()
        self.login(self.alice)
        r = self.post(self.body(customer_code="AL016"))
        self.assertRefused(r, 422, before)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "tier"])
        self.assertIn("Tier A is full (5 of 5)", messages(r)["tier"])

    def test_it_creates_no_portfolio_when_the_add_is_refused(self) -> None:
        self.fill(self.alice_sp, self.alice_customers, year=YEAR - 1)
        before = self.snapshot()
        self.login(self.alice)
        url = f"/api/v1/portfolios/alice/{YEAR + 1}/entries"
        r = self.post(self.body(reason="no"), url=url)
        self.assertRefused(r, 422, before)
        self.assertFalse(Portfolio.objects.filter(year=YEAR + 1).exists())

    def test_it_requires_a_reason(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        body = self.body()
        del body["reason"]
        r = self.post(body)
        self.assertRefused(r, 422, before)
        self.assertIn("reason", messages(r))

    def test_it_refuses_a_short_or_blank_reason(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        for reason in ("", "ab", "   ", "  x  "):
            with self.subTest(reason=reason):
                r = self.post(self.body(reason=reason))
                self.assertRefused(r, 422, before)
                self.assertIn("reason", messages(r))

    def test_it_refuses_an_unknown_tier(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.post(self.body(tier="D"))
        self.assertRefused(r, 422, before)
        self.assertIn("tier", messages(r))

    def test_it_refuses_an_unknown_customer_code(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.post(self.body(customer_code="NOPE-1"))
        self.assertRefused(r, 422, before)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "customer_code"])
        self.assertIn("NOPE-1", messages(r)["customer_code"])

    def test_it_refuses_another_teams_customer_like_an_unknown_one(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.post(self.body(customer_code="CH001"))
        self.assertRefused(r, 422, before)
        self.assertEqual(
            messages(r), {"customer_code": "No customer with code CH001."}
        )  # the same answer as for a code that does not exist: nothing leaks

    def test_it_refuses_a_customer_already_on_the_board(self) -> None:
        self.add(self.alice_sp, self.customer, "B")
        before = self.snapshot()
        self.login(self.alice)
        r = self.post(self.body())
        self.assertRefused(r, 422, before)
        self.assertIn("already in tier B", messages(r)["customer"])

    def test_it_forbids_a_teammate_who_may_only_read(self) -> None:
        self.login(self.bob)
        before = self.snapshot()
        r = self.post(self.body())
        self.assertRefused(r, 403, before)
        self.assertIn("Read-only", r.json()["detail"])

    def test_it_hides_the_board_from_another_team(self) -> None:
        self.login(self.charlie)
        before = self.snapshot()
        r = self.post(self.body())
        self.assertRefused(r, 404, before)

    def test_it_hides_unknown_salespeople(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.post(self.body(), url=f"/api/v1/portfolios/nobody/{YEAR}/entries")
        self.assertRefused(r, 404, before)

    def test_it_requires_authentication(self) -> None:
        before = self.snapshot()
        self.assertRefused(self.post(self.body()), 401, before)

    def test_it_refuses_other_methods(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.client.put(ENTRIES, data=self.body(), content_type="application/json")
        self.assertRefused(r, 405, before)
        self.assertRefused(self.client.get(ENTRIES), 405, before)

    def test_it_refuses_a_year_out_of_range(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        for year in (-1, 0, 40000):
            with self.subTest(year=year):
                url = f"/api/v1/portfolios/alice/{year}/entries"
                self.assertRefused(self.post(self.body(), url=url), 422, before)

    def test_it_refuses_a_malformed_body(self) -> None:
        self.login(self.alice)
        before = self.snapshot()
        r = self.client.post(ENTRIES, data="{not json", content_type="application/json")
        self.assertRefused(r, 400, before)


class MoveEntryTestCase(ApiWriteTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.add(self.alice_sp, self.customer, "A")

    def test_it_moves_an_entry_and_records_why(self) -> None:
        self.login(self.alice)
        r = self.patch("AL001", {"tier": "B", "reason": "lost the main contract"})
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["tiers"]["A"], [])
        self.assertEqual([e["customer_code"] for e in data["tiers"]["B"]], ["AL001"])
        self.assertEqual(self.entry().tier, "B")
        change = TierChange.objects.filter(kind=TierChange.Kind.MOVED).get()
        self.assertEqual((change.from_tier, change.to_tier), ("A", "B"))
        self.assertEqual(change.reason, "lost the main contract")
        self.assertEqual(change.changed_by, self.alice)

    def test_it_shows_the_move_in_the_history(self) -> None:
        self.login(self.mary)
        self.patch("AL001", {"tier": "C", "reason": "no potential left"})
        newest = self.client.get(f"/api/v1/portfolios/alice/{YEAR}/history").json()[0]
        self.assertEqual(
            {k: newest[k] for k in ("kind", "from_tier", "to_tier", "reason", "changed_by")},
            {
                "kind": "moved",
                "from_tier": "A",
                "to_tier": "C",
                "reason": "no potential left",
                "changed_by": "mary",
            },
        )

    def test_it_refuses_a_move_into_a_full_tier(self) -> None:
        for customer in self.alice_customers[1:6]:
            self.add(self.alice_sp, customer, "B")
        before = self.snapshot()
        self.login(self.alice)
        r = self.patch("AL001", {"tier": "B", "reason": "shrinking"})
        self.assertRefused(r, 422, before)
        self.assertIn("Tier B is full", messages(r)["tier"])
        self.assertEqual(self.entry().tier, "A")

    def test_it_refuses_a_move_to_the_same_tier(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        r = self.patch("AL001", {"tier": "A", "reason": "no change"})
        self.assertRefused(r, 422, before)
        self.assertIn("already in tier A", messages(r)["tier"])

    def test_it_requires_a_reason_to_move(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        for body in ({"tier": "B"}, {"tier": "B", "reason": "x"}):
            with self.subTest(body=body):
                r = self.patch("AL001", body)
                self.assertRefused(r, 422, before)
                self.assertIn("reason", messages(r))
        self.assertEqual(self.entry().tier, "A")

    def test_it_refuses_to_move_a_customer_not_on_the_board(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        r = self.patch("AL002", {"tier": "B", "reason": "never listed"})
        self.assertRefused(r, 422, before)

    def test_it_hides_another_teams_customer(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        self.assertRefused(self.patch("CH001", {"tier": "B", "reason": "probe"}), 404, before)

    def test_it_forbids_a_teammate_who_may_only_read(self) -> None:
        before = self.snapshot()
        self.login(self.bob)
        self.assertRefused(self.patch("AL001", {"tier": "B", "reason": "bob's idea"}), 403, before)

    def test_it_hides_the_board_from_another_team(self) -> None:
        before = self.snapshot()
        self.login(self.charlie)
        self.assertRefused(self.patch("AL001", {"tier": "B", "reason": "probe"}), 404, before)

    def test_it_requires_authentication_to_move(self) -> None:
        before = self.snapshot()
        self.assertRefused(self.patch("AL001", {"tier": "B", "reason": "anon"}), 401, before)


class RemoveEntryTestCase(ApiWriteTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.add(self.alice_sp, self.customer, "C")

    def test_it_removes_an_entry_and_records_why(self) -> None:
        self.login(self.alice)
        r = self.client.delete(entry_url("AL001") + "?reason=went+bankrupt")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["tiers"]["C"], [])
        self.assertFalse(PortfolioEntry.objects.exists())
        change = TierChange.objects.filter(kind=TierChange.Kind.REMOVED).get()
        self.assertEqual((change.from_tier, change.to_tier), ("C", ""))
        self.assertEqual(change.reason, "went bankrupt")
        self.assertEqual(change.changed_by, self.alice)
        newest = self.client.get(f"/api/v1/portfolios/alice/{YEAR}/history").json()[0]
        self.assertEqual((newest["from_tier"], newest["to_tier"]), ("C", None))

    def test_it_requires_a_reason_to_remove(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        for query in ("", "?reason=", "?reason=ab", "?reason=+++"):
            with self.subTest(query=query):
                r = self.client.delete(entry_url("AL001") + query)
                self.assertRefused(r, 422, before)
                self.assertIn("reason", messages(r))

    def test_it_refuses_to_remove_a_customer_not_on_the_board(self) -> None:
        before = self.snapshot()
        self.login(self.alice)
        self.assertRefused(self.client.delete(entry_url("AL002") + "?reason=gone"), 422, before)

    def test_it_forbids_a_teammate_who_may_only_read(self) -> None:
        before = self.snapshot()
        self.login(self.bob)
        self.assertRefused(self.client.delete(entry_url("AL001") + "?reason=gone"), 403, before)

    def test_it_hides_the_board_from_another_team(self) -> None:
        before = self.snapshot()
        self.login(self.charlie)
        self.assertRefused(self.client.delete(entry_url("AL001") + "?reason=gone"), 404, before)

    def test_it_requires_authentication_to_remove(self) -> None:
        before = self.snapshot()
        self.assertRefused(self.client.delete(entry_url("AL001") + "?reason=gone"), 401, before)

    def test_it_lets_the_manager_remove(self) -> None:
        self.login(self.mary)
        r = self.client.delete(entry_url("AL001") + "?reason=manager+decided")
        self.assertEqual(r.status_code, 200)
        self.assertFalse(PortfolioEntry.objects.exists())


class CsrfTestCase(ApiWriteTestCase):
    """A browser session must prove the request came from our pages; a bearer token need not."""

    def setUp(self) -> None:
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.alice)
        self.body = {"customer_code": "AL001", "tier": "A", "reason": "biggest account"}

    def csrf_headers(self, client: Client) -> dict[str, str]:
        request = RequestFactory().get("/")
        token = get_token(request)
        client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
        return {"X-CSRFToken": token}

    def test_it_refuses_a_session_post_without_csrf_token(self) -> None:
        before = self.snapshot()
        r = self.browser.post(ENTRIES, data=self.body, content_type="application/json")
        self.assertRefused(r, 403, before)
        self.assertIn("CSRF", r.json()["detail"])

    def test_it_refuses_a_session_post_with_a_wrong_csrf_token(self) -> None:
        before = self.snapshot()
        self.csrf_headers(self.browser)
        r = self.browser.post(
            ENTRIES,
            data=self.body,
            content_type="application/json",
            headers={"X-CSRFToken": "x" * 32},
        )
        self.assertRefused(r, 403, before)

    def test_it_refuses_session_patch_and_delete_without_csrf_token(self) -> None:
        self.add(self.alice_sp, self.customer, "A")
        before = self.snapshot()
        r = self.browser.patch(
            entry_url("AL001"),
            data={"tier": "B", "reason": "moved"},
            content_type="application/json",
        )
        self.assertRefused(r, 403, before)
        r = self.browser.delete(entry_url("AL001") + "?reason=gone")
        self.assertRefused(r, 403, before)
        self.assertEqual(self.entry().tier, "A")

    def test_it_accepts_a_session_post_with_csrf_token(self) -> None:
        headers = self.csrf_headers(self.browser)
        r = self.browser.post(
            ENTRIES, data=self.body, content_type="application/json", headers=headers
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(self.entry().tier, "A")

    def test_it_reads_with_a_session_without_csrf_token(self) -> None:
        r = self.browser.get(f"/api/v1/portfolios/alice/{YEAR}")
        self.assertEqual(r.status_code, 200)

    def test_it_accepts_a_bearer_token_without_csrf_token(self) -> None:
        _token, raw = create_token(user=self.alice)
        api_client = Client(enforce_csrf_checks=True)
        auth = {"Authorization": f"Bearer {raw}"}
        r = api_client.post(ENTRIES, data=self.body, content_type="application/json", headers=auth)
        self.assertEqual(r.status_code, 201, r.content)
        r = api_client.patch(
            entry_url("AL001"),
            data={"tier": "B", "reason": "moved down"},
            content_type="application/json",
            headers=auth,
        )
        self.assertEqual(r.status_code, 200, r.content)
        r = api_client.delete(entry_url("AL001") + "?reason=gone", headers=auth)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(
            list(TierChange.objects.order_by("id").values_list("kind", "changed_by__username")),
            [("added", "alice"), ("moved", "alice"), ("removed", "alice")],
        )

    def test_it_applies_the_tokens_permissions(self) -> None:
        _token, raw = create_token(user=self.bob)
        before = self.snapshot()
        r = Client(enforce_csrf_checks=True).post(
            ENTRIES,
            data=self.body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        self.assertRefused(r, 403, before)

    def test_it_answers_401_to_a_revoked_token_on_a_write(self) -> None:
        # Not "CSRF check Failed": a script with a stale token must learn to re-authenticate.
        token, raw = create_token(user=self.alice)
        revoke_token(token=token)
        before = self.snapshot()
        r = Client(enforce_csrf_checks=True).post(
            ENTRIES,
            data=self.body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        self.assertRefused(r, 401, before)

    def test_it_answers_401_to_an_anonymous_write(self) -> None:
        before = self.snapshot()
        r = Client(enforce_csrf_checks=True).post(
            ENTRIES, data=self.body, content_type="application/json"
        )
        self.assertRefused(r, 401, before)
