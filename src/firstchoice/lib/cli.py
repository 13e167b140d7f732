"""Helpers for management commands: progress bars on stderr, JSON on stdout."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rows = task.fields.get("rows", 0)
        elapsed = max(time.monotonic() - task.fields.get("started", time.monotonic()), 1e-6)
        return Text(f"{rows:,} rows  {rows / elapsed:,.0f} rows/s", style="cyan")


@contextmanager
def file_progress(description: str, *, enabled: bool = True) -> Iterator[Any]:
    """A progress bar over a file (fraction read), showing rows, rows/s and ETA on stderr.

    Yields a callback(rows_read, fraction) suitable for the importer.
    """
    if not enabled:
        yield lambda rows, fraction: None
        return
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        _RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=1000, rows=0, started=time.monotonic())

        def update(rows: int, fraction: float) -> None:
            progress.update(task, completed=int(fraction * 1000), rows=rows)

        yield update


def existing_file(path: Path, *, option: str = "FILE") -> Path:
    """The file a command was given, or a CommandError naming the argument."""
    if not path.is_file():
        raise CommandError(f"{option}: {path} does not exist")
    return path


def write_row_errors(stream: Any, errors: Any, total: int) -> None:
    """A refused import's errors, one line each ("row 3, column 'amount', value 'abc': …"),
    and how many more there were than listed (`total` counts them all)."""
    for error in errors:
        stream.write(
            f"row {error.row}, column {error.column!r}, value {error.value!r}: {error.reason}"
        )
    if total > len(errors):
        stream.write(f"… and {total - len(errors)} more errors")
