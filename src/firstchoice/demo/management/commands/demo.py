from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from firstchoice.demo import generator


class Command(BaseCommand):
    help = (
        "Load the deterministic demo company (2 teams, users manager and rep1…rep10 with "
        "password 'demo', ~600 customers, 3 years of sales, 5+5+5 portfolios). "
        "Idempotent: does nothing when the demo data is already there. Development only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=600, help="how many customers")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="generate as if today were YYYY-MM-DD (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = generator.load(today=options["today"], customers=options["customers"])
        if not summary.created:
            self.stdout.write("Demo data already loaded; nothing added.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {summary.users} users, {summary.customers} customers, "
                f"{summary.sales_lines:,} sales lines, "
                f"{summary.portfolio_entries} portfolio entries."
            )
        )
