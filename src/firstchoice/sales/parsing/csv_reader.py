"""CSV files, streamed: delimiter and encoding detected from a sample."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from firstchoice.sales.parsing.cells import header_cells, is_blank
from firstchoice.sales.parsing.encoding import (
    UndecodableError,
    checked_encoding,
    decoded_lines,
    detect_encoding,
    undecodable_message,
    whole_file_sample,
)
from firstchoice.sales.parsing.headers import MAX_HEADER_CHARS, check_header
from firstchoice.sales.parsing.table import Table

_SAMPLE_BYTES = 1 << 20  # enough to see the header and the delimiter
# A header line in bytes: its characters at up to four bytes each (UTF-16 needs two).
MAX_HEADER_BYTES = 4 * MAX_HEADER_CHARS


def _check_header_size(head: bytes, size: int) -> None:
    """Refuse at once a file whose first non-blank line is past any real header.

    Read from the first block only: a 50 MB one-line header is refused before any of it
    is split into cells.
    """
    start = 0
    while True:
        end = head.find(b"\n", start)
        line = head[start:] if end < 0 else head[start:end]
        if end < 0 or line.strip(b"\r\t ,;\x00\xef\xbb\xbf\xff\xfe"):
            if len(line) > MAX_HEADER_BYTES:
                raise ValueError(
                    f"the header (first line) is longer than {MAX_HEADER_BYTES // 1024} KB: "
                    "check that this is the right file"
                )
            return
        start = end + 1


def _detect_delimiter(text: str) -> str:
    """The delimiter among , ; TAB that occurs most often, outside quotes, on the header line."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv(path: Path, encoding: str | None = None) -> Table:
    """Open a CSV file; `encoding` None: detected from a sample of the whole file."""
    size = path.stat().st_size
    fh = open(path, "rb")  # noqa: SIM115 - closed by the Table
    try:
        sample = fh.read(_SAMPLE_BYTES)
        _check_header_size(sample, size)
        if encoding is None:
            encoding = detect_encoding(whole_file_sample(fh, size))
        else:
            encoding = checked_encoding(encoding)
            if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
        lines: Iterable[str]
        close: Callable[[], None] = fh.close
        sample_text = codecs.getincrementaldecoder(encoding or "ascii")(errors="replace").decode(
            sample
        )
        delimiter = _detect_delimiter(sample_text)
        fh.seek(0)
        old_mac = b"\n" not in sample and b"\r" in sample
        if encoding == "utf-16" or old_mac:
            # Rare: no b"\n" line splitting possible, so let TextIOWrapper find the lines.
            wrapper = io.TextIOWrapper(fh, encoding=encoding or "utf-8", newline="")
            lines, close = wrapper, wrapper.close
        else:
            if encoding == "utf-8-sig":
                fh.seek(len(codecs.BOM_UTF8))

            def decided(name: str) -> None:
                table.encoding = name

            lines = decoded_lines(fh, "utf-8" if encoding == "utf-8-sig" else encoding, decided)
    except BaseException:
        fh.close()
        raise

    reader = csv.reader(lines, delimiter=delimiter)
    row_no = 0

    def records() -> Iterator[list[Any]]:  # str cells; Any: Table.rows is list[object]
        nonlocal row_no
        try:
            for cells in reader:
                row_no += 1
                yield cells
        except csv.Error as exc:
            raise ValueError(f"row {row_no + 1}: the CSV is malformed ({exc})") from exc
        except (UndecodableError, UnicodeDecodeError) as exc:
            raise ValueError(f"row {row_no + 1}: {undecodable_message(exc)}") from exc
        except ValueError as exc:  # a line past any invoice line's size
            raise ValueError(f"row {row_no + 1}: {exc}") from exc

    source = records()
    header: list[str] = []
    try:
        for cells in source:
            if cells and not is_blank(cells):
                header = check_header(header_cells(cells))
                break
    except BaseException:
        fh.close()
        raise

    def rows() -> Iterator[tuple[int, list[object]]]:
        for cells in source:
            # Most rows have a first cell: test it before joining the whole row.
            if cells and (cells[0].strip() or "".join(cells).strip()):
                yield row_no, cells

    table = Table(
        header=header,
        format="csv",
        rows=rows(),
        progress=lambda: fh.tell() / size if size and not fh.closed else 1.0,
        close=close,
        encoding=encoding or "utf-8",
        delimiter=delimiter,
    )
    return table
