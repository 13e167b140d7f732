from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.cli import existing_file, write_row_errors
from firstchoice.sales.importer import ImportRefused
from firstchoice.sales.master import import_customers, refused_json
from firstchoice.sales.parsing.headers import MASTER
from firstchoice.teams.cli import actor_option


class Command(BaseCommand):
    help = (
        "Import the ERP's customer master (CSV or XLSX, English or Chinese headers): "
        + ", ".join(MASTER.canonical)
        + ". Code and name are required. Every row is validated; on any invalid row nothing "
        "is written. New customers are created, existing ones updated with the columns the "
        "file has (an empty cell keeps the value); owner and terms changes keep history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=field",
            help="map a column of the file to a field (repeatable), e.g. --map Kunde=code",
        )
        parser.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        parser.add_argument("--encoding", help="the CSV file's text encoding (default: detected)")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and summarise, write nothing"
        )
        parser.add_argument("--user", help="record the changes as made by this user")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(options["file"])
        actor = actor_option(options["user"])
        overrides = {}
        for item in options["map"]:
            column, sep, name = item.partition("=")
            if not sep or name.strip() not in MASTER.canonical:
                raise CommandError(
                    f"--map {item!r}: expected COLUMN=field, fields are "
                    + ", ".join(MASTER.canonical)
                )
            overrides[column.strip()] = name.strip()
        as_json = options["format"] == "json"
        try:
            result = import_customers(
                path,
                actor=actor,
                overrides=overrides,
                sheet=options["sheet"],
                encoding=options["encoding"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            if as_json:
                self.stdout.write(json.dumps(refused_json(exc), ensure_ascii=False))
            else:
                write_row_errors(self.stderr, exc.errors, exc.error_count)
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(
            f"{verb} {result.rows_seen:,} customers: {result.created:,} new, "
            f"{result.updated:,} updated ({result.owner_changes:,} owner and "
            f"{result.terms_changes:,} terms changes), {result.unchanged:,} unchanged"
        )
