from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from firstchoice.sales.actions import refresh_rollups


class Command(BaseCommand):
    help = "Re-derive the monthly sales roll-ups (customer × salesperson × month) from the lines."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = refresh_rollups()
        self.stdout.write(f"{rows:,} roll-up rows rebuilt in {time.monotonic() - started:.1f} s")
