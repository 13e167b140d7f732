from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from firstchoice.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE, safely while the server runs: SQLite through "
        "its online backup API, PostgreSQL through pg_dump -Fc. Restore with `restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = file.stat().st_size
        self.stdout.write(f"{connection.vendor} database backed up to {file} ({size:,} bytes)")
