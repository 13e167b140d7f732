from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.http import today
from firstchoice.portfolio import actions
from firstchoice.portfolio.lists import new_rows, read_lists


class Command(BaseCommand):
    help = (
        "Load focus lists from a CSV or XLSX file, one row per listed customer: columns "
        "salesperson (login or ERP code) and customer_code, optionally tier (A/B/C; empty = "
        "not tiered yet) and year. This is how a company audits its old 'top 20' lists. "
        "Every row is checked first; one bad row and nothing is imported. Rows already "
        "listed are skipped, so the same file can be loaded twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument(
            "--year", type=int, help="year of rows without one (default: this year)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        year = options["year"] or today().year
        if not 1900 <= year <= 2999:
            raise CommandError(f"--year: {year} is not a year between 1900 and 2999")
        try:
            result = read_lists(path, default_year=year)
        except ValueError as exc:  # undecodable text, unreadable spreadsheet
            raise CommandError(f"{path}: {exc}") from None
        added = 0
        if not result.errors and not options["dry_run"]:
            try:
                added = actions.import_lists(actor=None, rows=result.rows, source=path.name)
            except ValidationError as exc:
                result.errors.extend(exc.messages)
        elif not result.errors:
            added = len(new_rows(result))
        summary = {
            "file": str(path),
            "rows": result.read,
            "added": 0 if result.errors else added,
            "already_listed": 0 if result.errors else len(result.rows) - added,
            "salespeople": len({r.salesperson.pk for r in result.rows}),
            "dry_run": bool(options["dry_run"]),
            "errors": result.errors,
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            for error in result.errors:
                self.stderr.write(error)
            if not result.errors:
                verb = "would add" if options["dry_run"] else "added"
                self.stdout.write(
                    f"{path.name}: {result.read} rows, {verb} {added} entries for "
                    f"{summary['salespeople']} salespeople "
                    f"({summary['already_listed']} already listed)"
                )
        if result.errors:
            raise CommandError(f"{path.name}: {len(result.errors)} errors; nothing was imported")
