from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from firstchoice.ops.copy import Copied, CopyRefused, copy_database


class Command(BaseCommand):
    help = (
        "Copy every table of this installation's database (usually the SQLite of a trial) "
        "into a new PostgreSQL database, exactly: ids, history, timestamps to the "
        "microsecond, hashes; sequences set past the highest ids. The target must be "
        "migrated (`DATABASE_URL=<target> firstchoice migrate`) and empty. Stop the server "
        "and workers first; then point DATABASE_URL at the target."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            required=True,
            metavar="URL",
            help="the target, postgres://user[:password]@host:port/name",
        )

    def handle(self, *args: Any, to: str, **options: Any) -> None:
        verbose = int(options.get("verbosity", 1))

        def shown(copied: Copied) -> None:
            if verbose > 1:
                self.stdout.write(f"{copied.table:<48} {copied.rows:>12,}")

        try:
            done = copy_database(to, progress=shown)
        except CopyRefused as exc:
            raise CommandError(f"nothing copied: {exc}") from exc
        total = sum(copied.rows for copied in done)
        filled = sum(1 for copied in done if copied.rows)
        self.stdout.write(
            f"copied {total:,} rows of {len(done)} tables ({filled} with rows) from the "
            f"{connection.vendor} database {connection.settings_dict['NAME']} into the "
            "target; sequences reset. Now set DATABASE_URL to the target and restart."
        )
