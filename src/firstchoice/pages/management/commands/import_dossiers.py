from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.cli import existing_file
from firstchoice.pages.customers.importer import DossierImportRefused, import_dossiers
from firstchoice.teams.cli import actor_option


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Import research dossiers from CSV or XLSX: one row per customer, a customer_code "
        "column and columns named by dossier field key (see the API's dossier values), "
        "<section>_notes for a section's notes. Lists: rows separated by ';' or new lines, "
        "columns by '|'. Every cell is validated; on any invalid cell nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and summarise, write nothing"
        )
        parser.add_argument(
            "--user", help="record the changes as made by this user (and check their rights)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(options["file"])
        actor = actor_option(options["user"])
        as_json = options["format"] == "json"
        try:
            result = import_dossiers(
                path, actor=actor, dry_run=options["dry_run"], sheet=options["sheet"]
            )
        except DossierImportRefused as exc:
            if as_json:
                body = {
                    "rows": 0,
                    "error": str(exc),
                    "errors": [e.as_json() for e in exc.errors],
                    "error_count": exc.error_count,
                }
                self.stdout.write(json.dumps(body, ensure_ascii=False))
            else:
                for e in exc.errors:
                    self.stderr.write(
                        f"row {e.row}, column {e.column!r}, value {e.value!r}: {e.reason}"
                    )
                if exc.error_count > len(exc.errors):
                    self.stderr.write(f"… and {exc.error_count - len(exc.errors)} more errors")
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(
            f"{verb} {_count(result.sections, 'dossier section')} for "
            f"{_count(result.customers, 'customer')} from {_count(result.rows, 'row')}"
        )
