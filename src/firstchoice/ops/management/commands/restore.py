from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from firstchoice.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace every table of the configured database with those of FILE, a backup made "
        "by `backup` on the same kind of database. Stop the server and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `firstchoice backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        name = connection.settings_dict["NAME"]
        if not yes:
            answer = input(f"Replace every table of {name} with {file}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("not restored")
        try:
            restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{name} restored from {file}")
