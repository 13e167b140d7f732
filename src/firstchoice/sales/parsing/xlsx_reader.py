"""Spreadsheets (XLSX, XLS, ODS…) through calamine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from firstchoice.sales.parsing.cells import header_cells, is_blank
from firstchoice.sales.parsing.errors import quoted_list
from firstchoice.sales.parsing.headers import check_header
from firstchoice.sales.parsing.table import Table


def open_spreadsheet(path: Path, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook  # imported here: CSV imports never need it

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors are not ValueErrors
        raise ValueError(f"{path.name} is not a spreadsheet that can be read ({exc})") from exc
    try:
        names = list(workbook.sheet_names)
        if sheet is None:
            if not names:
                raise ValueError(f"{path.name} has no sheets")
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
            if not folded:
                raise ValueError(
                    f"{path.name} has no sheet named {sheet!r}; its sheets are {quoted_list(names)}"
                )
            name = folded[0]
        # calamine holds the whole sheet in memory (compactly, in Rust); a sheet is at most
        # 1,048,576 rows, so only CSV needs true streaming.
        data = workbook.get_sheet_by_name(name)
    except BaseException:
        workbook.close()
        raise
    end = data.end
    total = end[0] + 1 if end is not None and data.start is not None else 0
    read = 0

    def raw_rows() -> Iterator[list[object]]:
        nonlocal read
        if total == 0:  # iter_rows cannot start on an empty sheet
            return
        # iter_rows pads the empty rows above the data, so its index is the sheet's row index.
        for raw in data.iter_rows():
            read += 1
            yield [None if c == "" else c for c in raw]

    source = raw_rows()
    header: list[str] = []
    header_row = 0
    for cells in source:
        header_row += 1
        if not is_blank(cells):
            header = check_header(header_cells(cells))
            break

    def rows() -> Iterator[tuple[int, list[object]]]:
        number = header_row
        for cells in source:
            number += 1
            if not is_blank(cells):
                yield number, cells

    return Table(
        header=header,
        format="xlsx",
        rows=rows(),
        progress=lambda: read / total if total else 1.0,
        close=workbook.close,
        sheet=name,
    )
