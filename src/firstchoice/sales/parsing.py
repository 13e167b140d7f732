"""Reading ERP exports of invoice lines (M9): CSV or XLSX in, typed sales lines out.

Knows no Django, so it is tested without a database and reused by any importer. Files may
hold millions of lines: CSV is streamed (constant memory), and the per-row functions take a
fast path for the common spellings ("1234.56", "2026-01-31") before any regular expression.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

CANONICAL: tuple[str, ...] = (
    "invoice_date",
    "customer_code",
    "customer_name",
    "salesperson",
    "amount",
    "margin",
    "payment_terms",
    "invoice_no",
    "line_no",
    "product",
    "quantity",
    "currency",
)
REQUIRED: tuple[str, ...] = (
    "invoice_date",
    "customer_code",
    "customer_name",
    "salesperson",
    "amount",
    "margin",
    "payment_terms",
)

# Header spellings per field, matched after `_normalise_header` (case, spaces, underscores,
# hyphens, dots and a BOM do not matter). A spelling belongs to one field only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "invoice_date": (
        "invoice_date",
        "invoice date",
        "inv_date",
        "date",
        "invoice dt",
        "billing date",
        "bill date",
        "document date",
        "doc date",
        "posting date",
        "transaction date",
        "sales date",
        "日期",
        "开票日期",
        "发票日期",
        "单据日期",
        "业务日期",
        "销售日期",
        "记账日期",
    ),
    "customer_code": (
        "customer_code",
        "customer code",
        "customer",
        "customer no",
        "customer number",
        "customer id",
        "cust_code",
        "cust no",
        "cust id",
        "account",
        "account no",
        "account number",
        "account code",
        "client code",
        "client id",
        "sold-to",
        "客户编码",
        "客户代码",
        "客户编号",
        "客户号",
        "客户id",
    ),
    "customer_name": (
        "customer_name",
        "customer name",
        "name",
        "cust name",
        "client name",
        "account name",
        "company",
        "company name",
        "sold-to name",
        "客户名称",
        "客户",
        "客户全称",
        "客户简称",
        "单位名称",
    ),
    "salesperson": (
        "salesperson",
        "sales person",
        "sales rep",
        "sales representative",
        "rep",
        "clerk",
        "sales clerk",
        "salesman",
        "sales employee",
        "account manager",
        "业务员",
        "销售员",
        "销售人员",
        "销售代表",
        "客户经理",
    ),
    "amount": (
        "amount",
        "net amount",
        "revenue",
        "sales",
        "line amount",
        "net sales",
        "sales amount",
        "net value",
        "invoice amount",
        "金额",
        "销售额",
        "销售金额",
        "不含税金额",
        "无税金额",
        "本币无税金额",
        "收入",
    ),
    "margin": (
        "margin",
        "gross margin",
        "gross profit",
        "profit",
        "margin amount",
        "gm",
        "毛利",
        "毛利额",
        "毛利润",
        "毛利金额",
    ),
    "payment_terms": (
        "payment_terms",
        "payment terms",
        "terms",
        "payment term",
        "terms of payment",
        "payment method",
        "付款方式",
        "付款条件",
        "结算方式",
        "收款条件",
        "收款方式",
    ),
    "invoice_no": (
        "invoice_no",
        "invoice",
        "invoice number",
        "invoice no",
        "inv no",
        "invoice id",
        "document no",
        "document number",
        "doc no",
        "bill no",
        "发票号",
        "发票号码",
        "发票编号",
        "单据编号",
        "单据号",
    ),
    "line_no": (
        "line_no",
        "line",
        "line no",
        "line number",
        "line item",
        "position",
        "行号",
    ),
    "product": (
        "product",
        "item",
        "sku",
        "material",
        "article",
        "product code",
        "product name",
        "item code",
        "item no",
        "产品",
        "产品名称",
        "物料",
        "物料编码",
        "物料名称",
        "存货名称",
        "存货编码",
        "商品",
        "商品名称",
    ),
    "quantity": ("quantity", "qty", "units", "数量", "销售数量"),
    "currency": ("currency", "curr", "ccy", "currency code", "币种", "币别", "货币"),
}

# Text limits, as the sales line model stores them.
MAX_LENGTH: dict[str, int] = {
    "customer_code": 64,
    "customer_name": 300,
    "salesperson": 64,
    "payment_terms": 50,
    "invoice_no": 64,
    "line_no": 16,
    "product": 100,
}

_HEADER_JUNK = re.compile(r"[\s_\-.\ufeff]+")


def _normalise_header(name: str) -> str:
    return _HEADER_JUNK.sub("", name).casefold()


_LOOKUP: dict[str, str] = {}
for _field, _spellings in SYNONYMS.items():
    for _spelling in (_field, *_spellings):
        _key = _normalise_header(_spelling)
        if _LOOKUP.setdefault(_key, _field) != _field:  # pragma: no cover - a typo above
            raise AssertionError(f"header spelling {_spelling!r} claimed by two fields")


class MappingError(ValueError):
    """The header cannot be mapped to the fields: columns missing, or a bad --map."""

    def __init__(
        self,
        message: str,
        *,
        missing: Sequence[str] = (),
        unknown: Sequence[str] = (),
        invalid_fields: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.missing: list[str] = list(missing)
        self.unknown: list[str] = list(unknown)
        self.invalid_fields: list[str] = list(invalid_fields)


def _quoted_list(names: Iterable[str], limit: int = 40) -> str:
    names = list(names)
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


def _examples(field: str) -> str:
    english = [s for s in SYNONYMS[field] if s.isascii() and s != field][:2]
    chinese = [s for s in SYNONYMS[field] if not s.isascii()][:1]
    return ", ".join(repr(s) for s in english + chinese)


def detect_mapping(header: list[str], overrides: Mapping[str, str] | None = None) -> dict[str, int]:
    """Field → column index for `header`; `overrides` maps an ERP column name to a field.

    Overrides win over the synonyms; otherwise the first matching column wins. Raises
    MappingError naming every problem at once: override columns not in the header, override
    fields that do not exist, required fields without a column.
    """
    cells = [str(h).replace("\ufeff", "").strip() for h in header]
    normalised = [_normalise_header(h) for h in cells]
    mapping: dict[str, int] = {}
    claimed: set[int] = set()
    unknown: list[str] = []
    invalid: list[str] = []
    clashes: list[str] = []
    for column, field_name in (overrides or {}).items():
        field = field_name.strip().lower().replace("-", "_").replace(" ", "_")
        if field not in CANONICAL:
            invalid.append(field_name)
        wanted = column.replace("\ufeff", "").strip()
        key = _normalise_header(wanted)
        if wanted in cells:  # the exact spelling first, then as loosely as the synonyms
            index = cells.index(wanted)
        elif key and key in normalised:
            index = normalised.index(key)
        else:
            unknown.append(column)
            continue
        if field not in CANONICAL:
            continue
        if field in mapping:
            clashes.append(field)
            continue
        mapping[field] = index
        claimed.add(index)
    for index, key in enumerate(normalised):
        field_or_none = _LOOKUP.get(key)
        if field_or_none is not None and field_or_none not in mapping and index not in claimed:
            mapping[field_or_none] = index
            claimed.add(index)
    missing = [f for f in REQUIRED if f not in mapping]
    if unknown or invalid or clashes or missing:
        parts = []
        if unknown:
            parts.append(f"--map names columns that are not in the file: {_quoted_list(unknown)}.")
        if invalid:
            parts.append(
                f"--map names unknown fields: {_quoted_list(invalid)}; "
                f"the fields are {', '.join(CANONICAL)}."
            )
        if clashes:
            parts.append(f"--map gives more than one column to: {', '.join(clashes)}.")
        if missing:
            hints = "; ".join(f"{f} (e.g. {_examples(f)})" for f in missing)
            parts.append(
                f"The file has no column for the required fields: {hints}. "
                f'Rename the column or map it with --map "COLUMN=field".'
            )
        if unknown or missing:
            parts.append(f"Columns in the file: {_quoted_list(cells) or '(none)'}.")
        raise MappingError(
            " ".join(parts), missing=missing, unknown=unknown, invalid_fields=invalid
        )
    return mapping


# --- Files --------------------------------------------------------------------------------

_SAMPLE_BYTES = 1 << 20  # enough to see the header and, usually, the first non-ASCII text
_SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


class _UndecodableError(Exception):
    def __init__(self, encoding: str, offset: int) -> None:
        self.encoding = encoding
        self.offset = offset


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


def open_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Table:
    """Open an ERP export: a spreadsheet (first sheet unless `sheet`) or a CSV file.

    Raises ValueError for an unknown sheet or text that is neither UTF-8 nor GB18030.
    """
    path = Path(path)
    with open(path, "rb") as probe:
        magic = probe.read(8)
    if path.suffix.lower() in _SPREADSHEET_SUFFIXES or magic.startswith(_SPREADSHEET_MAGIC):
        return _open_spreadsheet(path, sheet)
    return _open_csv(path)


def _header_cells(cells: Sequence[object]) -> list[str]:
    header = [_text(c).replace("\ufeff", "").strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    return header


def _is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _open_spreadsheet(path: Path, sheet: str | None) -> Table:
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
                    f"{path.name} has no sheet named {sheet!r}; its sheets are "
                    f"{_quoted_list(names)}"
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
        if not _is_blank(cells):
            header = _header_cells(cells)
            break

    def rows() -> Iterator[tuple[int, list[object]]]:
        number = header_row
        for cells in source:
            number += 1
            if not _is_blank(cells):
                yield number, cells

    return Table(
        header=header,
        format="xlsx",
        rows=rows(),
        progress=lambda: read / total if total else 1.0,
        close=workbook.close,
        sheet=name,
    )


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


def _lines(fh: IO[bytes], encoding: str | None, decided: Callable[[str], None]) -> Iterator[str]:
    """The file's lines as text, streamed. `encoding` None: plain ASCII so far, undecided.

    Splitting bytes on b"\\n" is safe for UTF-8 and GB18030: neither uses that byte inside a
    multi-byte character.
    """
    if encoding is None:
        for raw in fh:
            if raw.isascii():
                yield raw.decode("ascii")
                continue
            try:
                text = raw.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "gb18030"
                text = ""
            decided(encoding)
            if not text:
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    raise _UndecodableError(encoding, fh.tell() - len(raw) + exc.start) from exc
            yield text
            break
        else:
            return
    for raw in fh:
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _UndecodableError(encoding, fh.tell() - len(raw) + exc.start) from exc


def _open_csv(path: Path) -> Table:
    size = path.stat().st_size
    fh = open(path, "rb")  # noqa: SIM115 - closed by the Table
    try:
        sample = fh.read(_SAMPLE_BYTES)
        encoding: str | None
        lines: Iterable[str]
        close: Callable[[], None] = fh.close
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif sample.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif sample.isascii():
            encoding = None  # decided at the first non-ASCII line
        else:
            try:
                codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "gb18030"
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

            lines = _lines(fh, "utf-8" if encoding == "utf-8-sig" else encoding, decided)
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
        except (_UndecodableError, UnicodeDecodeError) as exc:
            used = exc.encoding.lower()
            # GB18030 is only tried after UTF-8 failed, so such text is neither.
            what = "neither UTF-8 nor GB18030" if used == "gb18030" else f"not {used.upper()}"
            where = f" (byte {exc.offset})" if isinstance(exc, _UndecodableError) else ""
            raise ValueError(
                f"row {row_no + 1}: the text is {what}{where}; "
                "save the file as UTF-8 and import it again"
            ) from exc

    source = records()
    header: list[str] = []
    try:
        for cells in source:
            if cells and not _is_blank(cells):
                header = _header_cells(cells)
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


# --- Values -------------------------------------------------------------------------------

# Full-width forms (common in Chinese input) and other look-alikes, mapped to ASCII.
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",
        "／": "/",
        "（": "(",
        "）": ")",
        "＋": "+",
        "：": ":",
        "＄": "$",
        "＇": "'",
        "’": "'",
        "\u3000": " ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)

# An optional time of day after the date, ignored: " 00:00:00", "T10:30", " 9:05 PM", "Z"…
_TIME = (
    r"(?:[T ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    r"\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_YMD = re.compile(rf"([0-9]{{4}})([-/.])([0-9]{{1,2}})\2([0-9]{{1,2}}){_TIME}")
_YMD_CN = re.compile(rf"([0-9]{{4}})\s*年\s*([0-9]{{1,2}})\s*月\s*([0-9]{{1,2}})\s*[日号]?{_TIME}")
_YMD_COMPACT = re.compile(rf"([0-9]{{4}})([0-9]{{2}})([0-9]{{2}}){_TIME}")
_DMY_DOTTED = re.compile(rf"([0-9]{{1,2}})\.([0-9]{{1,2}})\.([0-9]{{4}}){_TIME}")
_XY_SLASHED = re.compile(rf"([0-9]{{1,2}})([/-])([0-9]{{1,2}})\2([0-9]{{4}}){_TIME}")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FIRST = 61  # 1900-03-01: serials below it are skewed by Excel's 1900 leap-year bug
_EXCEL_LAST = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days
_fromisoformat = dt.date.fromisoformat


def _make_date(year: int, month: int, day: int, text: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"no such date: {text}") from None


def parse_date(value: object, *, day_first: bool | None = None) -> dt.date:
    """A date from a cell. Raises ValueError with the reason.

    `day_first` decides slash (or dash) dates like 03/04/2026; None: only unambiguous ones.
    """
    if type(value) is str:
        # Fast path: 2026-01-31, optionally followed by 00:00:00.
        n = len(value)
        if n == 10 and value[4] == "-" and value[7] == "-":
            try:
                return _fromisoformat(value)
            except ValueError:
                pass
        elif n == 19 and value[4] == "-" and value[7] == "-" and value[13] == ":" == value[16]:
            try:
                return _fromisoformat(value[:10])
            except ValueError:
                pass
        return _parse_date_text(value.strip(), day_first)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("not a date")
    return _date_from_number(value)


def _date_from_number(value: int | float | Decimal) -> dt.date:
    if not (math.isfinite(value) if isinstance(value, float) else Decimal(value).is_finite()):
        raise ValueError("not a date")
    whole = int(value)
    if whole == value and 1000_01_01 <= whole <= 9999_12_31:  # 20260131 typed as a number
        return _make_date(whole // 10000, whole // 100 % 100, whole % 100, whole)
    if not _EXCEL_FIRST <= whole <= _EXCEL_LAST:
        raise ValueError("not a date (number out of the range of spreadsheet dates)")
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


def _parse_date_text(s: str, day_first: bool | None) -> dt.date:
    if not s:
        raise ValueError("empty")
    text = s.translate(_FULLWIDTH)
    for pattern in (_YMD, _YMD_CN):
        m = pattern.fullmatch(text)
        if m:
            groups = m.groups()
            return _make_date(int(groups[0]), int(groups[-2]), int(groups[-1]), s)
    m = _YMD_COMPACT.fullmatch(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), s)
    m = _DMY_DOTTED.fullmatch(text)
    if m:  # 31.01.2026: the dotted form is day-first wherever it is used
        return _make_date(int(m[3]), int(m[2]), int(m[1]), s)
    m = _XY_SLASHED.fullmatch(text)
    if m:
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if day_first is None:
            if first > 12 or first == second:
                day_first = True
            elif second > 12:
                day_first = False
            else:
                raise ValueError(
                    f"ambiguous date {s!r} (day or month first?); give --day-first or --month-first"
                )
        if day_first:
            return _make_date(year, second, first, s)
        return _make_date(year, first, second, s)
    raise ValueError("not a date (expected e.g. 2026-01-31)")


def detect_day_first(samples: Iterable[object]) -> bool | None:
    """Whether slash dates like 31/01/2026 put the day first, judged from sample cells.

    True once a first part exceeds 12, False once a second part does; None if no sample
    decides (or the samples contradict each other).
    """
    verdict: bool | None = None
    for value in samples:
        if not isinstance(value, str):
            continue
        m = _XY_SLASHED.fullmatch(value.strip().translate(_FULLWIDTH))
        if not m:
            continue
        first, second = int(m[1]), int(m[3])
        this = True if first > 12 else False if second > 12 else None
        if this is None:
            continue
        if verdict is not None and verdict != this:
            return None
        verdict = this
    return verdict


_Decimal = Decimal
_CENT = Decimal("0.01")
_ZERO_AMOUNT = Decimal("0.00")
_TEN_THOUSANDTH = Decimal("0.0001")
_ZERO_QUANTITY = Decimal("0.0000")
_AMOUNT_LIMIT = Decimal(10) ** 16  # 18 digits with two places
_QUANTITY_LIMIT = Decimal(10) ** 14  # 18 digits with four places
_CURRENCY_MARK = r"(?:US\$|HK\$|[$¥￥€£元]|人民币|RMB|CNY|USD|EUR|GBP|HKD|JPY|CHF)"
_PREFIX_MARK = re.compile(rf"{_CURRENCY_MARK}\s*", re.IGNORECASE)
_SUFFIX_MARK = re.compile(rf"\s*{_CURRENCY_MARK}$", re.IGNORECASE)
_NUMBER_BODY = re.compile(r"[0-9][0-9.,' ]*")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:[,.' ][0-9]{3})+")  # not 0,123: that is a fraction


def _unsigned_text_number(body: str) -> str:
    """'1.234,56' → '1234.56'. Raises ValueError when the separators make no sense."""
    if not _NUMBER_BODY.fullmatch(body) or not body[-1].isdigit():
        raise ValueError("not a number")
    dots, commas = body.count("."), body.count(",")
    spaced = " " in body or "'" in body
    if dots and commas:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
    elif dots + commas == 0:
        decimal_sep = ""
    else:
        sep = "." if dots else ","
        count = dots or commas
        if count > 1:
            decimal_sep = ""  # 1,234,567 or 1.234.567: thousands only
        elif spaced or sep == ".":
            decimal_sep = sep  # 1 234,56 / 12.5
        else:  # a single comma: 1,234 is thousands; 12,5 or 1234,56 a decimal comma
            decimal_sep = "" if _GROUPED.fullmatch(body) else ","
    if decimal_sep:
        if body.count(decimal_sep) > 1:
            raise ValueError("not a number")
        whole, fraction = body.split(decimal_sep)
    else:
        whole, fraction = body, ""
    if not whole.isdigit():  # separators inside: they must group by three
        if not _GROUPED.fullmatch(whole) or len({c for c in whole if not c.isdigit()}) > 1:
            raise ValueError("not a number (misplaced thousands separator)")
        whole = re.sub(r"[,.' ]", "", whole)
    if fraction and not fraction.isdigit():
        raise ValueError("not a number")
    return f"{whole}.{fraction}" if fraction else whole


def _text_number(s: str) -> Decimal:
    """The slow path for numbers written for people: signs, currency, grouping, commas."""
    text = s.translate(_FULLWIDTH).strip()
    if not text:
        raise ValueError("empty")
    negatives = 0
    while True:  # peel parentheses, signs and currency marks from both ends
        before = text
        if text.startswith("(") and text.endswith(")"):
            negatives += 1
            text = text[1:-1].strip()
        if text and text[0] in "+-":
            negatives += text[0] == "-"
            text = text[1:].lstrip()
        if text.endswith("-"):  # SAP writes credits as 1,234.56-
            negatives += 1
            text = text[:-1].rstrip()
        m = _PREFIX_MARK.match(text)
        if m:
            text = text[m.end() :]
        m = _SUFFIX_MARK.search(text)
        if m:
            text = text[: m.start()]
        if text == before or not text:
            break
    if negatives > 1 or not text:
        raise ValueError("not a number")
    number = Decimal(_unsigned_text_number(text))
    return -number if negatives else number


def _to_places(
    number: Decimal, quantum: Decimal, limit: Decimal, value: object, places: str
) -> Decimal:
    if not number.is_finite():
        raise ValueError("not a number")
    if abs(number) >= limit:
        raise ValueError("too large")
    fixed = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if fixed != number:
        if isinstance(value, float):  # float noise such as 12.340000000000001
            shown = Decimal(format(value, ".15g"))  # what a spreadsheet shows: 15 digits
            fixed = shown.quantize(quantum, rounding=ROUND_HALF_UP)
            if fixed == shown:
                return fixed if fixed else fixed.copy_abs()
        raise ValueError(f"more than {places} decimal places")
    return fixed if fixed else fixed.copy_abs()  # no "-0.00"


def _decimal(value: object, quantum: Decimal, limit: Decimal, places: str) -> Decimal:
    if type(value) is str:
        try:
            number = Decimal(value)  # fast path: 1234.56 (Decimal also takes 1e5, 1_000, NaN)
        except InvalidOperation:
            number = _text_number(value)
        else:
            if "e" in value or "E" in value:
                raise ValueError("not a number (write it without an exponent)")
            if "_" in value:
                raise ValueError("not a number")
    elif isinstance(value, bool):
        raise ValueError("not a number")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a number")
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif value is None:
        raise ValueError("empty")
    else:
        raise ValueError("not a number")
    try:
        return _to_places(number, quantum, limit, value, places)
    except InvalidOperation:
        raise ValueError("too large") from None


def parse_amount(value: object) -> Decimal:
    """An amount of money with exactly two places. Raises ValueError with the reason."""
    # Fast path: "1234.56", at most 16 digits before the point (so below the limit).
    if type(value) is str and 3 < len(value) <= 19 and value[-3] == "." and "0" <= value[-1] <= "9":
        try:
            number = _Decimal(value)
        except InvalidOperation:
            pass
        else:
            if "_" not in value:
                return number if number else _ZERO_AMOUNT
    return _decimal(value, _CENT, _AMOUNT_LIMIT, "two")


def parse_quantity(value: object) -> Decimal | None:
    """A quantity with four places, or None when the cell is empty."""
    if type(value) is str:
        # Fast path: "12", "17.00"; at most 14 characters, so below the limit.
        if 0 < len(value) <= 14 and "0" <= value[-1] <= "9":
            try:
                number = _Decimal(value)
            except InvalidOperation:
                pass
            else:
                if "e" not in value and "E" not in value and "_" not in value:
                    fixed = number.quantize(_TEN_THOUSANDTH)
                    if fixed == number:
                        return fixed if fixed else _ZERO_QUANTITY
        if not value.strip():
            return None
    elif value is None:
        return None
    return _decimal(value, _TEN_THOUSANDTH, _QUANTITY_LIMIT, "four")


# --- Rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str  # the file's own header text, e.g. "金额"
    value: str
    reason: str


class ParsedLine(NamedTuple):
    """One valid invoice line. A named tuple: immutable, and cheap to build millions of."""

    invoice_date: dt.date
    customer_code: str
    customer_name: str
    salesperson: str
    amount: Decimal
    margin: Decimal
    payment_terms: str
    invoice_no: str = ""
    line_no: str = ""
    product: str = ""
    quantity: Decimal | None = None
    currency: str = ""


def _text(value: object) -> str:
    """A cell as trimmed text; spreadsheet numbers like 1001.0 read as "1001"."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


_CURRENCY_NAMES = {
    "人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}
# The text fields in ParsedLine order: (field, longest allowed, must be non-empty).
_TEXT_FIELDS = tuple(
    (field, MAX_LENGTH[field], field in ("customer_code", "salesperson"))
    for field in (
        "customer_code",
        "customer_name",
        "salesperson",
        "payment_terms",
        "invoice_no",
        "line_no",
        "product",
    )
)
_VALUE_SHOWN = 200  # characters of a bad cell kept in its error
_CELL_ERRORS = (ValueError, ArithmeticError, TypeError)


def _row_error(
    errors: list[tuple[int, RowError]] | None,
    field: str,
    raw: object,
    reason: str,
    row: int,
    mapping: Mapping[str, int],
    header: Sequence[str],
) -> list[tuple[int, RowError]]:
    """`errors` plus this one, keyed by its column's position (None: a new list)."""
    index = mapping.get(field, -1)
    column = header[index] if 0 <= index < len(header) and header[index] else field
    try:
        shown = raw if isinstance(raw, str) else _text(raw)
    except Exception:  # a cell whose str() fails still gets its error
        shown = "?"
    if len(shown) > _VALUE_SHOWN:
        shown = shown[:_VALUE_SHOWN] + "…"
    error = (index, RowError(row=row, column=column, value=shown, reason=reason))
    if errors is None:
        return [error]
    errors.append(error)
    return errors


def parse_row(
    cells: Sequence[object],
    mapping: Mapping[str, int],
    header: Sequence[str],
    *,
    row: int,
    day_first: bool | None,
) -> ParsedLine | list[RowError]:
    """One data row as a ParsedLine, or every problem in it as RowErrors (never raises)."""
    count = len(cells)
    get = mapping.get
    errors: list[tuple[int, RowError]] | None = None

    index = get("invoice_date")
    raw = cells[index] if index is not None and index < count else None
    invoice_date: dt.date | None = None
    try:
        invoice_date = parse_date(raw, day_first=day_first)
    except _CELL_ERRORS as exc:
        reason = "empty" if raw is None else str(exc)
        errors = _row_error(errors, "invoice_date", raw, reason, row, mapping, header)

    money: list[Decimal | None] = []
    for name in ("amount", "margin"):
        index = get(name)
        raw = cells[index] if index is not None and index < count else None
        try:
            money.append(parse_amount(raw))
        except _CELL_ERRORS as exc:
            money.append(None)
            errors = _row_error(errors, name, raw, str(exc), row, mapping, header)

    texts: list[str] = []
    for name, limit, required in _TEXT_FIELDS:
        index = get(name)
        if index is None or index >= count:
            raw, value = None, ""
        else:
            raw = cells[index]
            try:
                value = raw.strip() if type(raw) is str else _text(raw)
            except Exception:  # an object whose str() fails: never from a file
                errors = _row_error(errors, name, raw, "not text", row, mapping, header)
                raw, value = None, "?"
        if value:
            if len(value) > limit:
                reason = f"longer than {limit} characters"
                errors = _row_error(errors, name, raw, reason, row, mapping, header)
            elif "\x00" in value:
                reason = "contains a NUL character"
                errors = _row_error(errors, name, raw, reason, row, mapping, header)
        elif required:
            errors = _row_error(errors, name, raw, "empty", row, mapping, header)
        texts.append(value)

    quantity: Decimal | None = None
    index = get("quantity")
    if index is not None and index < count:
        raw = cells[index]
        try:
            quantity = parse_quantity(raw)
        except _CELL_ERRORS as exc:
            errors = _row_error(errors, "quantity", raw, str(exc), row, mapping, header)

    currency = ""
    index = get("currency")
    if index is not None and index < count:
        raw = cells[index]
        try:
            currency = _text(raw).upper()
        except Exception:
            currency = "?"
        currency = _CURRENCY_NAMES.get(currency, currency)
        if currency and not (len(currency) <= 3 and currency.isascii() and currency.isalpha()):
            reason = "not a currency code (e.g. CNY)"
            errors = _row_error(errors, "currency", raw, reason, row, mapping, header)

    if errors is not None:  # in the file's column order
        return [error for _index, error in sorted(errors, key=lambda pair: pair[0])]
    amount, margin = money
    # No errors means every required value parsed.
    assert invoice_date is not None and amount is not None and margin is not None
    code, name, salesperson, terms, invoice_no, line_no, product = texts
    return ParsedLine(
        invoice_date,
        code,
        name,
        salesperson,
        amount,
        margin,
        terms,
        invoice_no,
        line_no,
        product,
        quantity,
        currency,
    )


__all__ = [
    "CANONICAL",
    "MAX_LENGTH",
    "REQUIRED",
    "SYNONYMS",
    "MappingError",
    "ParsedLine",
    "RowError",
    "Table",
    "detect_day_first",
    "detect_mapping",
    "open_table",
    "parse_amount",
    "parse_date",
    "parse_quantity",
    "parse_row",
]
