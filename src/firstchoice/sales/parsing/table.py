"""An open CSV or spreadsheet, read once, front to back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import TracebackType


class Table:
    """An open CSV or spreadsheet: its header, then its rows, read once, front to back.

    Use as a context manager (or call close()). `rows()` yields (row number as a spreadsheet
    shows it, cells); blank rows are skipped but keep their number.
    """

    header: list[str]
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None

    def __init__(
        self,
        *,
        header: list[str],
        format: str,
        rows: Iterator[tuple[int, list[object]]],
        progress: Callable[[], float],
        close: Callable[[], None],
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.header = header
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet
        self._rows = rows
        self._progress = progress
        self._close = close

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """The data rows after the header: one pass; a second call continues where it stopped.

        Cells are str for CSV; for a spreadsheet they are its own values (str, float, int,
        bool, date, datetime…) and None for an empty cell. Rows may be shorter or longer than
        the header.
        """
        return self._rows

    def progress(self) -> float:
        """Fraction of the file consumed so far, 0..1."""
        return min(1.0, max(0.0, self._progress()))

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
