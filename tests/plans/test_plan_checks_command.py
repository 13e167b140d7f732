"""`firstchoice plan-checks`: the plan checks on the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from firstchoice.plans.actions import action_items
from tests.base import YEAR
from tests.plans.base import PlanTestCase


class PlanChecksCommandTestCase(PlanTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("plan_checks", *args, stdout=out)
        return out.getvalue()

    def test_it_lists_each_plan_and_its_problems(self) -> None:
        plan = self.start(start="blank")
        action_items.add_action(
            actor=self.alice, plan=plan, what="Visit monthly", objective=None, owner=None, due=None
        )
        self.start(self.tier_b, "blank")
        out = self.run_command("--user", "alice", "--year", str(YEAR))
        assert "AL001 AL Customer 1: 3 problem(s)" in out
        assert "Action “Visit monthly” has no due date." in out
        assert "AL006 AL Customer 6: ✓" in out
        assert out.strip().endswith("2 plans, 1 with problems.")

    def test_it_speaks_json(self) -> None:
        self.start(start="blank")
        rows = json.loads(
            self.run_command("--user", "alice", "--format", "json", "--year", str(YEAR))
        )
        assert rows[0]["customer_code"] == "AL001" and rows[0]["problems"] == []

    def test_it_names_a_wrong_argument(self) -> None:
        with pytest.raises(CommandError, match="--user"):
            self.run_command("--user", "nobody")
        with pytest.raises(CommandError, match="--as-of"):
            self.run_command("--user", "alice", "--as-of", "soon")
