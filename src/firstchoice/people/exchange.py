"""Key people in and out as CSV, XLSX and vCard (M5). Parsing only: writes go to actions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

import vobject
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from firstchoice.customers.models import Customer
from firstchoice.lib.exports import csv_row, xlsx_row
from firstchoice.people.actions import ImportRejected, ImportRow, PersonData
from firstchoice.people.models import KeyPerson, Level
from firstchoice.people.rules import split_name

COLUMNS = (
    "name", "department", "title", "level", "engagement", "coach", "reports_to", "phone",
    "fax", "email", "pains", "responsibility", "good_supplier", "interests", "confirmed_on",
)  # fmt: skip
TEXT_COLUMNS = (
    "name", "department", "title", "phone", "fax", "email", "pains", "responsibility",
    "good_supplier", "interests",
)  # fmt: skip
YES = {"1", "yes", "y", "true", "x", "是"}
NO = {"", "0", "no", "n", "false", "否"}
# A vCard has no place for the method's own facts; these extension properties keep them.
X_LEVEL, X_ENGAGEMENT, X_COACH, X_REPORTS_TO = (
    "x-firstchoice-level", "x-firstchoice-engagement", "x-firstchoice-coach",
    "x-firstchoice-reports-to",
)  # fmt: skip
MAX_ROWS = 5000


def _rows_out(people: Iterable[KeyPerson]) -> Iterable[list[str]]:
    yield list(COLUMNS)
    for p in people:
        yield [
            p.name, p.department, p.title, p.level,
            "" if p.engagement is None else str(p.engagement), "yes" if p.is_coach else "",
            p.reports_to.name if p.reports_to else "", p.phone, p.fax, p.email, p.pains,
            p.responsibility, p.good_supplier, p.interests,
            timezone.localdate(p.confirmed_at).isoformat() if p.confirmed_at else "",
        ]  # fmt: skip


def to_csv(people: Iterable[KeyPerson]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(csv_row(row) for row in _rows_out(people))
    return ("\ufeff" + out.getvalue()).encode()  # BOM: Excel then reads UTF-8 (Chinese names)


def to_xlsx(people: Iterable[KeyPerson]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Key people"))
    for row in _rows_out(people):
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_vcard(customer: Customer, people: Iterable[KeyPerson]) -> bytes:
    cards = []
    for p in people:
        card = vobject.vCard()
        card.add("fn").value = p.name
        family, given = split_name(p.name)  # N:Family;Given
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        card.add("org").value = [customer.name, p.department] if p.department else [customer.name]
        if p.title:
            card.add("title").value = p.title
        if p.email:
            card.add("email").value = p.email
            card.email.type_param = "INTERNET"
        for number, kind in ((p.phone, "WORK"), (p.fax, "FAX")):
            if number:
                tel = card.add("tel")
                tel.value = number
                tel.type_param = kind
        card.add(X_LEVEL).value = p.level
        if p.engagement is not None:
            card.add(X_ENGAGEMENT).value = str(p.engagement)
        if p.is_coach:
            card.add(X_COACH).value = "yes"
        if p.reports_to:
            card.add(X_REPORTS_TO).value = p.reports_to.name
        if p.pains:
            card.add("note").value = p.pains
        cards.append(card.serialize())
    return "".join(cards).encode()


# --- reading ---------------------------------------------------------------------------


Problems = list[tuple[int, str, str]]  # (line, column, message)


def read_upload(name: str, stream: IO[bytes]) -> tuple[list[ImportRow], Problems]:
    """Rows of an uploaded file by its extension, and the mistakes found in them.

    A file that cannot be read at all raises ImportRejected; mistakes in rows come back with
    the rows so the import reports them together with its own (duplicates, unknown bosses).
    """
    lower = name.lower()
    raw = stream.read()
    if lower.endswith(".vcf"):
        return _from_vcard(raw)
    if lower.endswith((".xlsx", ".xls", ".ods")):
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_index(0)
            table = [[_cell(v) for v in row] for row in sheet.to_python()]
        except Exception:  # any unreadable file is the same user mistake
            raise ImportRejected(
                [(1, "file", _("This is not a spreadsheet we can read."))]
            ) from None
        return _from_table(table)
    if lower.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected([(1, "file", _("Save the CSV file as UTF-8."))]) from None
        return _from_table(list(csv.reader(io.StringIO(text))))
    raise ImportRejected([(1, "file", _("Upload a .csv, .xlsx or .vcf file."))])


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _from_table(table: Sequence[Sequence[str]]) -> tuple[list[ImportRow], Problems]:
    if not table:
        raise ImportRejected([(1, "file", _("The file is empty."))])
    header = [h.strip().lower().replace(" ", "_") for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    problems: Problems = [
        (1, h, _("Unknown column; the columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
        for h in unknown
    ]
    if "name" not in header:
        problems.append((1, "name", _("The name column is missing.")))
    if len(table) - 1 > MAX_ROWS:
        problems.append((1, "file", _("At most %(n)d people per file.") % {"n": MAX_ROWS}))
    if problems:
        raise ImportRejected(problems)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        record = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        if not any(record.values()):
            continue
        rows.append(_row(number, record, problems))
    if not rows:
        raise ImportRejected([(1, "file", _("The file has no people in it."))])
    return rows, problems


def _row(line: int, record: dict[str, str], problems: Problems) -> ImportRow:
    level = record.get("level", "") or Level.SITE
    levels = {v: v for v in Level.values} | {str(label).lower(): v for v, label in Level.choices}
    if level.lower() not in levels:
        problems.append(
            (line, "level", _("Use one of: %(values)s.") % {"values": ", ".join(Level.values)})
        )
    engagement: int | None = None
    if record.get("engagement"):
        try:
            engagement = int(record["engagement"])
            if not 1 <= engagement <= 5:
                raise ValueError
        except ValueError:
            problems.append((line, "engagement", _("Enter a whole number from 1 to 5.")))
    coach = record.get("coach", "").lower()
    if coach not in YES | NO:
        problems.append((line, "coach", _("Enter yes or no.")))
    confirmed_on = None
    if record.get("confirmed_on"):
        try:
            confirmed_on = dt.date.fromisoformat(record["confirmed_on"][:10])
        except ValueError:
            problems.append((line, "confirmed_on", _("Enter a date as YYYY-MM-DD.")))
    texts: dict[str, Any] = {c: record.get(c, "") for c in TEXT_COLUMNS}
    data = PersonData(
        **texts,
        level=levels.get(level.lower(), Level.SITE),
        engagement=engagement,
        is_coach=coach in YES,
    )
    return ImportRow(line, data, record.get("reports_to", ""), confirmed_on)


def _from_vcard(raw: bytes) -> tuple[list[ImportRow], Problems]:
    try:
        cards = list(vobject.readComponents(raw.decode("utf-8-sig")))
    except Exception:  # any unreadable file is the same user mistake
        raise ImportRejected([(1, "file", _("This is not a vCard file we can read."))]) from None
    rows = []
    problems: Problems = []
    for number, card in enumerate(cards, start=1):
        c = card.contents
        record = {
            "name": c["fn"][0].value if "fn" in c else "",
            "department": (c["org"][0].value[1:2] or [""])[0] if "org" in c else "",
            "title": c["title"][0].value if "title" in c else "",
            "email": c["email"][0].value if "email" in c else "",
            "pains": c["note"][0].value if "note" in c else "",
            "level": c[X_LEVEL][0].value if X_LEVEL in c else "",
            "engagement": c[X_ENGAGEMENT][0].value if X_ENGAGEMENT in c else "",
            "coach": c[X_COACH][0].value if X_COACH in c else "",
            "reports_to": c[X_REPORTS_TO][0].value if X_REPORTS_TO in c else "",
        }
        for tel in c.get("tel", []):
            kinds = {t.upper() for t in tel.params.get("TYPE", [])}
            record["fax" if "FAX" in kinds else "phone"] = tel.value
        rows.append(_row(number, {k: str(v).strip() for k, v in record.items()}, problems))
    if not rows:
        raise ImportRejected([(1, "file", _("The file has no people in it."))])
    return rows, problems
