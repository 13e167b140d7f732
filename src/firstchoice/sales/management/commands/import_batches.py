from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.sales.actions import rollback_batch
from firstchoice.sales.models import ImportBatch
from firstchoice.teams.models import User


class Command(BaseCommand):
    help = "List sales imports, or roll one back: import-batches [--rollback ID]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rollback", type=int, metavar="ID", help="roll back this batch")
        parser.add_argument("--user", help="record the rollback as made by this user")
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rollback"] is not None:
            self._rollback(options)
            return
        batches = ImportBatch.objects.select_related("imported_by")[: options["limit"]]
        rows: list[dict[str, Any]] = [
            {
                "batch": b.pk,
                "file": b.file_name,
                "status": b.status,
                "started": b.created.isoformat(),
                "by": b.imported_by.username if b.imported_by else None,
                "rows": b.rows,
                "amount_total": str(b.amount_total),
                "margin_total": None if b.margin_total is None else str(b.margin_total),
                "checksum": b.checksum,
            }
            for b in batches
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(
                f"#{r['batch']:<5} {r['status']:<12} {r['started'][:16]}  {r['rows']:>10,} rows  "
                f"{r['amount_total']:>16}  {r['file']}"
            )

    def _rollback(self, options: dict[str, Any]) -> None:
        batch = ImportBatch.objects.filter(pk=options["rollback"]).first()
        if batch is None:
            raise CommandError(f"--rollback: no import batch #{options['rollback']}")
        actor = User.objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            removed = rollback_batch(actor=actor, batch=batch)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Rolled back batch #{batch.pk}: {removed:,} lines removed")
