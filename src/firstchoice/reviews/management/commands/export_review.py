from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.http import InvalidParameter, parse_month
from firstchoice.reviews import exports
from firstchoice.teams.models import Team


class Command(BaseCommand):
    help = (
        "Export a team's monthly meeting pack (M7): the team summary and each salesperson's "
        "15-account chart, statement and meeting notes, as PDF or XLSX (a summary sheet and "
        "one sheet per salesperson). Changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--month", required=True, help="the review month, YYYY-MM")
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--language", choices=exports.LANGUAGES, default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            known = ", ".join(Team.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"--team: no team {options['team']!r} (teams: {known})")
        try:
            month = parse_month("--month", options["month"])
        except InvalidParameter as exc:
            raise CommandError(f"--month: {options['month']!r}: {exc.message}") from None
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"--out: the folder {str(out.parent)!r} does not exist")
        export = exports.meeting_pdf if options["format"] == "pdf" else exports.meeting_xlsx
        content = export(team, month, language=options["language"])
        out.write_bytes(content)
        self.stdout.write(
            f"Wrote the {month:%Y-%m} meeting pack of {team.name} to {out} "
            f"({options['format'].upper()}, {len(content):,} bytes)"
        )
