from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.lib.cli import existing_file, file_progress, write_row_errors
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.parsing.errors import error_json
from firstchoice.sales.parsing.headers import CANONICAL
from firstchoice.teams.cli import actor_option


def replaced_text(taken: dict[str, Any], *, would: bool = False) -> str:
    """ "Replaced 12,345 lines of 2026-10 imported by batch 17" """
    verb = "Would replace" if would else "Replaced"
    source = f"imported by batch {taken['batch']}" if taken["batch"] else "entered directly"
    return f"{verb} {taken['lines']:,} lines of {taken['month']} {source}"


def _mapping(values: list[str]) -> dict[str, str]:
    overrides = {}
    for item in values:
        column, sep, name = item.partition("=")
        if not sep or not column.strip() or not name.strip():
            raise CommandError(f"--map {item!r}: expected ERPCOLUMN=field")
        if name.strip() not in CANONICAL:
            raise CommandError(
                f"--map {item!r}: unknown field {name.strip()!r}; fields are "
                + ", ".join(CANONICAL)
            )
        overrides[column.strip()] = name.strip()
    return overrides


class Command(BaseCommand):
    help = (
        "Import ERP sales lines (CSV with , ; or tab, in UTF-8, GB18030, Big5, Shift-JIS, "
        "Windows-1252… detected from the whole file; or XLSX). Every row is validated; on any "
        "invalid row nothing is written unless --skip-invalid is given. Required: invoice "
        "date, customer, salesperson, amount. Fields: " + ", ".join(CANONICAL) + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="ERPCOLUMN=field",
            help="map a column of the file to a field (repeatable), e.g. --map Kunde=customer_code",
        )
        parser.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        parser.add_argument(
            "--encoding",
            help="the CSV file's text encoding, e.g. utf-8, gb18030, big5, shift_jis, cp1252 "
            "(default: detected from a sample of the whole file)",
        )
        parser.add_argument(
            "--replace-period",
            action="store_true",
            help="the months the file covers replace the lines those months hold (re-exports "
            "of last month or year to date); rolling the import back restores them",
        )
        parser.add_argument(
            "--without-invoice-numbers",
            action="store_true",
            help="import a file that has no invoice-number column (repeated lines cannot be "
            "detected then)",
        )
        order = parser.add_mutually_exclusive_group()
        order.add_argument(
            "--day-first",
            dest="day_first",
            action="store_true",
            default=None,
            help="read 01/02/2026 as 1 February",
        )
        order.add_argument(
            "--month-first",
            dest="day_first",
            action="store_false",
            help="read 01/02/2026 as 2 January",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and summarise, write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            type=Path,
            metavar="REJECTS.csv",
            help="import the valid rows; write the invalid ones, with reasons, here",
        )
        parser.add_argument(
            "--force", action="store_true", help="import a file that was imported before"
        )
        parser.add_argument("--user", help="record the import as made by this user")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(options["file"])
        actor = actor_option(options["user"])
        settings = ImportOptions(
            overrides=_mapping(options["map"]),
            sheet=options["sheet"],
            encoding=options["encoding"],
            replace_period=options["replace_period"],
            without_invoice_numbers=options["without_invoice_numbers"],
            day_first=options["day_first"],
            dry_run=options["dry_run"],
            force=options["force"],
            rejects_path=options["skip_invalid"],
        )
        as_json = options["format"] == "json"
        show_bar = sys.stderr.isatty() or not as_json
        try:
            with file_progress(f"Importing {path.name}", enabled=show_bar) as progress:
                result = import_sales(path, actor=actor, options=settings, progress=progress)
        except ImportRefused as exc:
            if as_json:
                self.stdout.write(
                    json.dumps(
                        {
                            "batch": None,
                            "rows": 0,
                            "error": str(exc),
                            "errors": [error_json(e) for e in exc.errors],
                            "error_count": exc.error_count,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                write_row_errors(self.stderr, exc.errors, exc.error_count)
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        verb = (
            "Would import"
            if result.dry_run
            else f"Imported batch #{result.batch.pk}:"
            if result.batch
            else "Imported"
        )
        self.stdout.write(
            f"{verb} {result.rows:,} lines from {result.rows_seen:,} rows "
            f"(amount {result.amount_total:,}, margin "
            f"{'unknown' if result.margin_total is None else format(result.margin_total, ',')}); "
            f"{result.customers_created} new customers, "
            f"{result.salespeople_created} new salespeople without a login; "
            f"{result.duplicates_skipped:,} duplicate invoice lines skipped"
            + (
                f"; {result.rejected:,} invalid rows written to {settings.rejects_path}"
                if result.rejected
                else ""
            )
        )
        for taken in result.replaced:
            self.stdout.write(replaced_text(taken, would=result.dry_run))
        if "invoice_no" not in result.mapping:
            self.stderr.write(
                "Warning: the file has no invoice-number column; repeated lines cannot be detected."
            )
