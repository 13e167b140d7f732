"""`firstchoice suggest-tiers --user NAME | --team SLUG | --all` [--year, --as-of, --format]."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from firstchoice import cli
from firstchoice.portfolio import suggestions
from firstchoice.portfolio.models import TierChange
from firstchoice.portfolio.schemas import suggestions_out
from firstchoice.teams.models import Salesperson
from tests.portfolio.history import AS_OF, YEAR, HistoryTestCase


def run(*args: str) -> str:
    out = StringIO()
    call_command("suggest_tiers", *args, stdout=out)
    return out.getvalue()


class SuggestTiersCommandTestCase(HistoryTestCase):
    def test_it_prints_the_suggestions_per_tier(self) -> None:
        out = run("--user", "alice", "--year", str(YEAR), "--as-of", "1998-08-02")
        self.assertIn("figures as of 1998-08-02", out)
        self.assertIn("48 customers with sales; top 10% from 30,000", out)
        self.assertIn("Tier A: 2 suggested, 4 free slots", out)
        self.assertIn("AL001", out)
        self.assertIn("T12M 100,000 (top 2.1% of customers), +5.3% year on year", out)
        self.assertIn("Tier C: 5 suggested", out)

    def test_it_prints_the_api_shape_as_json(self) -> None:
        data = json.loads(
            run("--user", "alice", "--year", str(YEAR), "--as-of", "1998-08-02", "--format", "json")
        )
        self.assertEqual(data["as_of"], "1998-08-02")
        self.assertEqual([s["customer_code"] for s in data["tiers"]["A"]], ["AL001", "AL002"])
        self.assertEqual(data["tiers"]["B"][0]["t12m_sales"], "20000.00")

    def test_it_defaults_to_the_end_of_a_past_year(self) -> None:
        data = json.loads(run("--user", "alice", "--year", str(YEAR), "--format", "json"))
        self.assertEqual(data["as_of"], "1998-12-31")

    def test_it_finds_a_salesperson_by_erp_code_and_caps_the_tiers(self) -> None:
        self.alice_sp.code = "S-0042"
        self.alice_sp.save()
        data = json.loads(
            run(
                "--user",
                "S-0042",
                "--year",
                str(YEAR),
                "--as-of",
                "1998-08-02",
                "--limit",
                "1",
                "--format",
                "json",
            )
        )
        self.assertEqual([len(data["tiers"][t]) for t in "ABC"], [1, 1, 1])

    def test_it_changes_nothing(self) -> None:
        before = TierChange.objects.count()
        run("--user", "alice", "--year", str(YEAR), "--as-of", "1998-08-02")
        self.assertEqual(TierChange.objects.count(), before)

    def test_it_suggests_for_every_active_salesperson_as_json(self) -> None:
        Salesperson.objects.create(code="gone", name="Gone", is_active=False)
        data = json.loads(
            run("--all", "--year", str(YEAR), "--as-of", "1998-08-02", "--format", "json")
        )
        self.assertEqual([d["user"] for d in data], ["alice", "bob", "charlie"])
        alice = suggestions.suggestions(self.alice_sp, YEAR, AS_OF)
        self.assertEqual(data[0], json.loads(json.dumps(suggestions_out(alice).model_dump())))
        self.assertEqual([s["customer_code"] for s in data[0]["tiers"]["A"]], ["AL001", "AL002"])
        self.assertEqual({d["customers_with_sales"] for d in data}, {48})

    def test_it_suggests_for_a_team_as_text(self) -> None:
        out = run("--team", "alpha", "--year", str(YEAR), "--as-of", "1998-08-02", "--limit", "1")
        self.assertIn("Suggestions for Alice A (alice)", out)
        self.assertIn("Suggestions for Bob B (bob)", out)
        self.assertNotIn("charlie", out)
        self.assertIn("T12M 100,000 (top 2.1% of customers), +5.3% year on year", out)

    def test_it_needs_one_of_user_team_or_all(self) -> None:
        for args in ([], ["--all", "--user", "alice"], ["--team", "alpha", "--all"]):
            with self.subTest(args=args), self.assertRaises(CommandError):
                run(*args, "--year", str(YEAR))

    def test_it_names_bad_arguments(self) -> None:
        cases = [
            (["--user", "nobody"], "--user"),
            (["--team", "nobody"], "--team"),
            (["--user", "alice", "--as-of", "1998-02-30"], "--as-of"),
            (["--user", "alice", "--year", "98"], "--year"),
            (["--user", "alice", "--limit", "0"], "--limit"),
        ]
        for args, name in cases:
            with self.subTest(args=args), self.assertRaises(CommandError) as caught:
                run(*args)
            self.assertIn(name, str(caught.exception))


def test_it_is_listed_among_our_commands(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["firstchoice", "--help"])
    assert "  suggest-tiers " in capsys.readouterr().out
