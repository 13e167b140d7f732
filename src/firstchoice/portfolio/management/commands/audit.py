from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.http import as_of_for_year, today
from firstchoice.portfolio.audit import run_audit
from firstchoice.teams.models import Salesperson, Team


def _percent(share: str | None) -> str:
    """A share as the JSON gives it ("0.3333") in percent: 33.3%."""
    if share is None:
        return "—"
    return f"{(Decimal(share) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


class Command(BaseCommand):
    help = (
        "Audit the focus lists of the whole sales force, a team or one salesperson for a year "
        "(M8): listed customers, the share on cash-on-delivery terms, the share failing the "
        "top-customer criteria (revenue, margin, potential; each counted), customers on two "
        "lists and lists that break the 5+5+5 shape. Changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="list year (default: this year)")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--team", help="only the team with this slug")
        who.add_argument("--user", help="only this salesperson (login name or ERP code)")
        parser.add_argument(
            "--as-of",
            help="trailing-12-month figures as of YYYY-MM-DD (default: 31 Dec of the year, "
            "or today for this year)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or today().year
        if not 1900 <= year <= 2999:
            raise CommandError(f"--year: {year} is not a year between 1900 and 2999")
        as_of = as_of_for_year(year)
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD)"
                ) from None
        data = run_audit(self._scope(options), year, as_of=as_of).as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._text(data)

    def _scope(self, options: dict[str, Any]) -> Any:
        people = Salesperson.objects.all()
        if slug := options["team"]:
            team = Team.objects.filter(slug=slug).first()
            if team is None:
                known = ", ".join(Team.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"--team: no team {slug!r} (teams: {known})")
            return people.filter(team=team)
        if handle := options["user"]:
            found = people.filter(user__username=handle) or people.filter(code=handle)
            if not found:
                raise CommandError(f"--user: no salesperson with login or code {handle!r}")
            return found
        return people

    def _text(self, data: dict[str, Any]) -> None:
        out = self.stdout.write
        out(f"Top-customer audit {data['year']} (figures as of {data['as_of']})")
        out(
            f"{data['salespeople']} salespeople, {data['listed']} listed customers: "
            f"{_percent(data['cod_share'])} cash on delivery, "
            f"{_percent(data['failing_share'])} failing the top-customer criteria "
            f"(revenue {data['failing']['revenue']}, margin {data['failing']['margin']}, "
            f"potential {data['failing']['potential']}); "
            f"margin unknown {data['margin_unknown']}, terms unknown {data['terms_unknown']}"
        )
        for row in data["by_salesperson"]:
            shape = "" if row["shape_ok"] else "  shape broken"
            out(
                f"  {row['salesperson']:<16} {row['listed']:>4} listed  "
                f"COD {_percent(row['cod_share']):>6}  failing {_percent(row['failing_share']):>6}"
                f"{shape}"
            )
        for dup in data["duplicates"]:
            owners = ", ".join(dup["salespeople"])
            out(f"  on several lists: {dup['customer']} {dup['name']} ({owners})")
        if data["without_list"]:
            out(f"  no list for {data['year']}: {', '.join(data['without_list'])}")
