"""`firstchoice token create|list|revoke`: personal API tokens from the command line."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from firstchoice.teams.models import ApiToken
from tests.base import YEAR, BaseTestCase

PORTFOLIO = f"/api/v1/portfolios/alice/{YEAR}"


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


class TokenCommandTestCase(BaseTestCase):
    def api_status(self, raw: str) -> int:
        return self.client.get(PORTFOLIO, headers={"Authorization": f"Bearer {raw}"}).status_code

    def test_it_creates_a_token_that_authenticates(self) -> None:
        raw = run("create", "--user", "alice").strip()
        self.assertTrue(raw.startswith("fc_"))
        self.assertEqual(self.api_status(raw), 200)
        token = ApiToken.objects.get()
        self.assertEqual(token.user, self.alice)
        self.assertEqual(token.prefix, raw[:10])
        self.assertNotIn(raw, token.token_hash)

    def test_it_names_the_token(self) -> None:
        run("create", "--user", "alice", "--name", "nightly export")
        self.assertEqual(ApiToken.objects.get().name, "nightly export")

    def test_it_creates_a_token_as_json(self) -> None:
        data = json.loads(run("create", "--user", "bob", "--format", "json"))
        self.assertEqual(set(data), {"user", "prefix", "token"})
        self.assertEqual(data["user"], "bob")
        self.assertEqual(data["prefix"], data["token"][:10])
        self.assertEqual(self.api_status(data["token"]), 200)  # bob reads his teammate's board

    def test_it_creates_a_token_scoped_to_its_user(self) -> None:
        raw = run("create", "--user", "charlie").strip()
        self.assertEqual(self.api_status(raw), 404)

    def test_it_creates_a_different_token_each_time(self) -> None:
        first = run("create", "--user", "alice").strip()
        second = run("create", "--user", "alice").strip()
        self.assertNotEqual(first, second)
        self.assertEqual(ApiToken.objects.count(), 2)

    def test_it_refuses_an_unknown_user(self) -> None:
        with self.assertRaisesRegex(CommandError, "--user") as caught:
            run("create", "--user", "nobody")
        self.assertIn("nobody", str(caught.exception))
        self.assertFalse(ApiToken.objects.exists())

    def test_it_refuses_an_inactive_user(self) -> None:
        self.alice.is_active = False
        self.alice.save()
        with self.assertRaisesRegex(CommandError, "--user"):
            run("create", "--user", "alice")
        self.assertFalse(ApiToken.objects.exists())

    def test_it_requires_the_user_option(self) -> None:
        with self.assertRaises(CommandError):
            run("create")

    def test_it_lists_tokens_without_their_values(self) -> None:
        alice_raw = run("create", "--user", "alice", "--name", "laptop").strip()
        bob_raw = run("create", "--user", "bob").strip()
        text = run("list")
        listing = run("list", "--format", "json")
        for output in (text, listing):
            self.assertNotIn(alice_raw, output)
            self.assertNotIn(bob_raw, output)
            for token in ApiToken.objects.all():
                self.assertNotIn(token.token_hash, output)
        self.assertIn(alice_raw[:10], text)
        self.assertIn("laptop", text)
        self.assertIn("active", text)
        rows = {r["user"]: r for r in json.loads(listing)}
        self.assertEqual(set(rows), {"alice", "bob"})
        self.assertEqual(rows["alice"]["prefix"], alice_raw[:10])
        self.assertEqual(rows["alice"]["name"], "laptop")
        self.assertNotIn("token", rows["alice"])
        self.assertIsNone(rows["alice"]["revoked"])

    def test_it_lists_one_users_tokens(self) -> None:
        run("create", "--user", "alice")
        run("create", "--user", "bob")
        rows = json.loads(run("list", "--user", "bob", "--format", "json"))
        self.assertEqual([r["user"] for r in rows], ["bob"])

    def test_it_shows_when_a_token_was_used(self) -> None:
        raw = run("create", "--user", "alice").strip()
        self.assertIsNone(json.loads(run("list", "--format", "json"))[0]["last_used"])
        self.api_status(raw)
        self.assertIsNotNone(json.loads(run("list", "--format", "json"))[0]["last_used"])

    def test_it_revokes_a_token_by_prefix(self) -> None:
        raw = run("create", "--user", "alice").strip()
        other = run("create", "--user", "alice").strip()
        self.assertEqual(self.api_status(raw), 200)
        out = run("revoke", raw[:10])
        self.assertIn(f"revoked {raw[:10]}", out)
        self.assertNotIn(raw, out)
        self.assertEqual(self.api_status(raw), 401)
        self.assertEqual(self.api_status(other), 200)
        rows = {r["prefix"]: r for r in json.loads(run("list", "--format", "json"))}
        self.assertIsNotNone(rows[raw[:10]]["revoked"])
        self.assertIn("revoked", run("list"))

    def test_it_refuses_an_ambiguous_or_unknown_prefix(self) -> None:
        run("create", "--user", "alice")
        run("create", "--user", "bob")
        with self.assertRaisesRegex(CommandError, "matches 2 active tokens"):
            run("revoke", "fc_")
        with self.assertRaisesRegex(CommandError, "matches 0 active tokens"):
            run("revoke", "nothing")
        self.assertFalse(ApiToken.objects.filter(revoked__isnull=False).exists())

    def test_it_does_not_revoke_twice(self) -> None:
        raw = run("create", "--user", "alice").strip()
        run("revoke", raw[:10])
        with self.assertRaisesRegex(CommandError, "matches 0 active tokens"):
            run("revoke", raw[:10])
