from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.http import as_of_for_year, today
from firstchoice.lib.templatetags.fc import money
from firstchoice.portfolio import suggestions
from firstchoice.portfolio.schemas import suggestions_out
from firstchoice.teams.models import Salesperson, Team


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--as-of: {raw!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Suggest tier A, B and C accounts for a salesperson's 5+5+5 portfolio from the sales "
        "data (the same suggestions as the board and the API), or for every active "
        "salesperson of a team or of the company at once. Changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="salesperson: login name or ERP code")
        who.add_argument("--team", help="every active salesperson of the team with this slug")
        who.add_argument("--all", action="store_true", help="every active salesperson")
        parser.add_argument("--year", type=int, help="portfolio year (default: this year)")
        parser.add_argument(
            "--as-of",
            type=str,
            help="compute the figures as of YYYY-MM-DD (default: today, or 31 Dec of a past year)",
        )
        parser.add_argument("--limit", type=int, default=10, help="suggestions per tier (10)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        salespeople = self._salespeople(options)
        year = options["year"] or today().year
        if not 1900 <= year <= 2999:
            raise CommandError(f"--year: {year} is not a year between 1900 and 2999")
        as_of = _date(options["as_of"]) if options["as_of"] else as_of_for_year(year)
        if options["limit"] < 1:
            raise CommandError("--limit: give at least 1")
        if options["user"]:
            found = suggestions.suggestions(salespeople[0], year, as_of, limit=options["limit"])
            if options["format"] == "json":
                data = suggestions_out(found).model_dump()
                self.stdout.write(json.dumps(data, ensure_ascii=False))
                return
            self._text(found)
            return
        # A team or everyone: one batch, the company-wide ranking computed once.
        batch = suggestions.suggestions_for(salespeople, year, as_of, limit=options["limit"])
        results = [batch[person.pk] for person in salespeople]
        if options["format"] == "json":
            rows = [suggestions_out(found).model_dump() for found in results]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for index, found in enumerate(results):
            if index:
                self.stdout.write("")
            self._text(found)

    def _salespeople(self, options: dict[str, Any]) -> list[Salesperson]:
        people = Salesperson.objects.select_related("user", "team")
        if handle := options["user"]:
            salesperson = (
                people.filter(user__username=handle).first() or people.filter(code=handle).first()
            )
            if salesperson is None:
                raise CommandError(f"--user: no salesperson with login or code {handle!r}")
            return [salesperson]
        active = people.filter(is_active=True).order_by("code")
        if slug := options["team"]:
            team = Team.objects.filter(slug=slug).first()
            if team is None:
                raise CommandError(f"--team: no team with slug {slug!r}")
            return list(active.filter(team=team))
        return list(active)

    def _text(self, found: suggestions.Suggestions) -> None:
        context = found.context
        self.stdout.write(
            f"Suggestions for {found.salesperson} ({found.salesperson.handle}), "
            f"{found.year} portfolio, figures as of {found.as_of.isoformat()}"
        )
        basis = [f"{found.customers_with_sales:,} customers with sales"]
        if context.threshold is not None:
            basis.append(f"top 10% from {money(context.threshold)}")
        if context.own_median is not None:
            basis.append(f"median of own customers {money(context.own_median)}")
        if context.top_segments:
            basis.append("top segments " + ", ".join(context.top_segments))
        self.stdout.write("; ".join(basis))
        for tier, views, room in found.columns:
            self.stdout.write(f"\nTier {tier}: {len(views)} suggested, {room} free slots")
            if not views:
                self.stdout.write("  (none)")
            for view in views:
                self.stdout.write(
                    f"  {view.customer.code:<12} {view.customer.name[:30]:<30}  {view.explanation}"
                )
