from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.http import as_of_for_year, today
from firstchoice.plans.queries import plan_status
from firstchoice.teams.models import Salesperson


class Command(BaseCommand):
    help = (
        "Check a salesperson's action plans for the year (the same checks as the plan page): "
        "objectives without target or date, actions without owner, date or purpose, owners "
        "overloaded in a month, overdue actions. Changes nothing; exits 0 either way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="salesperson: login name or ERP code")
        parser.add_argument("--year", type=int, help="plan year (default: this year)")
        parser.add_argument("--as-of", help="judge overdue as of YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        handle = options["user"]
        people = Salesperson.objects.select_related("user")
        person = people.filter(user__username=handle).first() or people.filter(code=handle).first()
        if person is None:
            raise CommandError(f"--user: no salesperson with login or code {handle!r}")
        year = options["year"] or today().year
        if not 1900 <= year <= 2999:
            raise CommandError(f"--year: {year} is not a year between 1900 and 2999")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(
                f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)"
            ) from None
        found = plan_status(person, year, as_of=as_of or as_of_for_year(year))
        rows: list[dict[str, Any]] = [
            {
                "customer_code": s.plan.customer.code,
                "customer_name": s.plan.customer.name,
                "actions_open": s.actions_open,
                "actions_overdue": s.actions_overdue,
                "problems": s.problems,
            }
            for s in sorted(found.values(), key=lambda s: s.plan.customer.code)
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            problems = row["problems"]
            mark = "✓" if not problems else f"{len(problems)} problem(s)"
            self.stdout.write(f"{row['customer_code']} {row['customer_name']}: {mark}")
            for problem in problems:
                self.stdout.write(f"  - {problem['message']}")
        self.stdout.write(
            f"{len(rows)} plans, {sum(1 for r in rows if r['problems'])} with problems."
        )
