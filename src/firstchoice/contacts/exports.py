"""The contact log as CSV or XLSX (M12), cells made inert by lib.exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from firstchoice.contacts.models import Contact
from firstchoice.lib.exports import csv_row, xlsx_row


def _header() -> list[str]:
    return [
        _("Day"),
        _("Kind"),
        _("Their people"),
        _("Our people"),
        _("Contact objectives served"),
        _("Notes"),
        _("Outcome"),
        _("Next step"),
        _("Next step owner"),
        _("Next step due"),
        _("Next step done on"),
        _("Logged by"),
    ]


def _rows(contacts: Iterable[Contact]) -> Iterator[list[Any]]:
    yield _header()
    for c in contacts:
        yield [
            c.day.isoformat(),
            c.get_kind_display(),
            "; ".join(p.name for p in c.their_people.all()),
            "; ".join(str(u) for u in c.our_people.all()),
            "; ".join(o.goal for o in c.objectives.all()),
            c.notes,
            c.outcome,
            c.next_step,
            str(c.next_step_owner) if c.next_step_owner else "",
            c.next_step_due.isoformat() if c.next_step_due else "",
            c.next_step_done_on.isoformat() if c.next_step_done_on else "",
            str(c.created_by) if c.created_by else "",
        ]


def to_csv(contacts: Iterable[Contact]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(csv_row(row) for row in _rows(contacts))
    return ("\ufeff" + out.getvalue()).encode()  # BOM: Excel then reads UTF-8 (Chinese names)


def to_xlsx(contacts: Iterable[Contact]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Contacts"))
    for row in _rows(contacts):
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
