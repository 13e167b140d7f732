"""lib.exports: user text never becomes a spreadsheet formula."""

from __future__ import annotations

import io

from django.test import SimpleTestCase
from openpyxl import Workbook, load_workbook

from firstchoice.lib.exports import csv_row, inert_text, xlsx_row


class InertTextTests(SimpleTestCase):
    def test_it_prefixes_text_a_spreadsheet_would_run(self) -> None:
        for text in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx", "-1+1"):
            self.assertEqual(inert_text(text), "'" + text)

    def test_it_leaves_other_text_and_numbers_alone(self) -> None:
        self.assertEqual(inert_text("plain = fine"), "plain = fine")
        self.assertEqual(inert_text("-120.50"), "-120.50")  # a credit note's amount
        self.assertEqual(csv_row(["=x", -3, None]), ["'=x", -3, None])

    def test_it_writes_xlsx_text_cells_as_text(self) -> None:
        for write_only in (True, False):
            book = Workbook(write_only=write_only)
            sheet = book.create_sheet("x") if write_only else book.active
            sheet.append(xlsx_row(sheet, ["=1+1", "+x", -3, "a\x00b"]))
            out = io.BytesIO()
            book.save(out)
            cells = list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0][1])
            self.assertEqual([c.data_type for c in cells], ["s", "s", "n", "s"])
            self.assertEqual([c.value for c in cells], ["=1+1", "+x", -3, "ab"])
