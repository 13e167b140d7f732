"""The Django-free reading layer of the sales import: files, headers, cells, rows."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstchoice.sales.parsing.dates import detect_day_first, parse_date
from firstchoice.sales.parsing.errors import MappingError, RowError
from firstchoice.sales.parsing.headers import CANONICAL, REQUIRED, SYNONYMS, detect_mapping
from firstchoice.sales.parsing.numbers import parse_amount, parse_quantity
from firstchoice.sales.parsing.readers import open_table
from firstchoice.sales.parsing.rows import ParsedLine, parse_row

HEADER_EN = [
    "Invoice Date",
    "Customer No",
    "Customer Name",
    "Sales Rep",
    "Net Amount",
    "Gross Margin",
    "Payment Terms",
    "Invoice No",
    "Line",
    "SKU",
    "Qty",
    "Currency",
]
HEADER_ZH = ["开票日期", "客户编码", "客户名称", "业务员", "金额", "毛利", "付款方式"]
ROW_EN = [
    "2026-01-31",
    "C1001",
    "Acme Ltd",
    "alice",
    "1234.56",
    "234.50",
    "Net 30",
    "INV-1",
    "1",
    "SKU-9",
    "3",
    "cny",
]


def write_csv(path: Path, lines: list[str], *, encoding: str = "utf-8", eol: str = "\n") -> Path:
    path.write_bytes((eol.join(lines) + eol).encode(encoding))
    return path


def read_all(path: Path, **kwargs: object) -> tuple[list[str], list[tuple[int, list[object]]]]:
    with open_table(path, **kwargs) as table:  # type: ignore[arg-type]
        return table.header, list(table.rows())


# --- Amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1234", "1234.00"),
        (" 7 ", "7.00"),
        ("+5", "5.00"),
        ("-0.5", "-0.50"),
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("-1,234.56", "-1234.56"),
        ("(1,234.56)", "-1234.56"),
        ("1,234.56-", "-1234.56"),
        ("1,234", "1234.00"),
        ("1,234,567", "1234567.00"),
        ("12,5", "12.50"),
        ("1234,56", "1234.56"),
        ("¥1,234.56", "1234.56"),
        ("￥1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("-$1,234.56", "-1234.56"),
        ("$(1,234.56)", "-1234.56"),
        ("€1.234,56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("RMB 1,234.56", "1234.56"),
        ("CNY1234.56", "1234.56"),
        ("1234.56 USD", "1234.56"),
        ("1,234.56元", "1234.56"),
        ("人民币1,234.56", "1234.56"),
        ("¥-1,234.56", "-1234.56"),
        ("１２３４．５６", "1234.56"),
        ("￥１，２３４．５６", "1234.56"),
        ("1.50", "1.50"),
        ("1.500", "1.50"),
        ("-0.00", "0.00"),
    ],
)
def test_it_parses_amounts_in_every_style(text: str, expected: str) -> None:
    amount = parse_amount(text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # exactly two places, no "-0.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1, "0.10"),
        (0.1 + 0.2, "0.30"),  # float noise from a spreadsheet formula
        (12.340000000000002, "12.34"),
        (1234.5, "1234.50"),
        (3, "3.00"),
        (-7, "-7.00"),
        (Decimal("1.5"), "1.50"),
    ],
)
def test_it_parses_spreadsheet_numbers(value: object, expected: str) -> None:
    assert str(parse_amount(value)) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1.505", "more than two decimal places"),
        (1.005, "more than two decimal places"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("abc", "not a number"),
        ("1e5", "not a number"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        (float("nan"), "not a number"),
        (float("inf"), "not a number"),
        (True, "not a number"),
        ("--5", "not a number"),
        ("(-5)", "not a number"),
        ("1,23,4", "not a number"),
        ("12 34", "not a number"),
        ("1.2.3,4,5", "not a number"),
        ("1_000", "not a number"),
        ("0,123", "more than two decimal places"),  # a decimal comma, not 123
        ("1" * 17, "too large"),
        ("9" * 40, "too large"),
        (dt.date(2026, 1, 1), "not a number"),
    ],
)
def test_it_rejects_bad_amounts_with_a_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_amount(value)


def test_it_parses_quantities_with_four_places_and_empty_as_none() -> None:
    assert parse_quantity("12") == Decimal("12")
    assert str(parse_quantity("12")) == "12.0000"
    assert parse_quantity("1.2345") == Decimal("1.2345")
    assert parse_quantity("1,5") == Decimal("1.5")
    assert str(parse_quantity("-0")) == "0.0000"
    assert str(parse_quantity("17.00")) == "17.0000"
    assert parse_quantity("1" * 14) == Decimal("1" * 14)
    with pytest.raises(ValueError, match="too large"):
        parse_quantity("1" * 15)
    with pytest.raises(ValueError, match="not a number"):
        parse_quantity("1e3")
    assert parse_quantity(2.5) == Decimal("2.5")
    assert parse_quantity("") is None
    assert parse_quantity("  ") is None
    assert parse_quantity(None) is None
    with pytest.raises(ValueError, match="more than four decimal places"):
        parse_quantity("1.23456")
    with pytest.raises(ValueError, match="not a number"):
        parse_quantity("lots")


# --- Dates --------------------------------------------------------------------------------

JAN31 = dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-31",
        "2026-01-31 00:00:00",
        "2026-01-31T10:30:00",
        "2026-01-31 10:30",
        "2026-01-31T10:30:00Z",
        " 2026-01-31 ",
        "2026/1/31",
        "2026/01/31 0:00",
        "2026.01.31",
        "2026-1-31",
        "20260131",
        "2026年1月31日",
        "2026年01月31日",
        "２０２６年１月３１日",
        "31.01.2026",
        "31.1.2026",
        "31/01/2026",
        "31-01-2026",
        "01/31/2026",
        "1/31/2026 9:05 PM",
    ],
)
def test_it_parses_dates_in_every_style(text: str) -> None:
    assert parse_date(text) == JAN31


def test_it_parses_spreadsheet_dates() -> None:
    assert parse_date(dt.datetime(2026, 1, 31, 17, 5)) == JAN31
    assert parse_date(JAN31) == JAN31
    assert parse_date(45292) == dt.date(2024, 1, 1)
    assert parse_date(45292.0) == dt.date(2024, 1, 1)
    assert parse_date(45292.75) == dt.date(2024, 1, 1)  # the time of day is dropped
    assert parse_date(20260131) == JAN31  # yyyymmdd typed as a number
    assert parse_date(Decimal(45292)) == dt.date(2024, 1, 1)


def test_it_reads_ambiguous_slash_dates_as_told() -> None:
    assert parse_date("03/04/2026", day_first=True) == dt.date(2026, 4, 3)
    assert parse_date("03/04/2026", day_first=False) == dt.date(2026, 3, 4)
    assert parse_date("05/05/2026") == dt.date(2026, 5, 5)  # same either way
    with pytest.raises(ValueError, match=r"ambiguous date.*--day-first or --month-first"):
        parse_date("03/04/2026")
    with pytest.raises(ValueError, match="no such date"):
        parse_date("31/01/2026", day_first=False)  # told month first: there is no month 31


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-02-30", "no such date"),
        ("2026-13-01", "no such date"),
        ("20261301", "no such date"),
        ("", "empty"),
        ("yesterday", "not a date"),
        ("2026-01-31 garbage", "not a date"),
        ("31/01/26", "not a date"),
        (True, "not a date"),
        (None, "not a date"),
        (-5, "not a date"),
        (10**9, "not a date"),
        (float("nan"), "not a date"),
        (dt.time(10, 0), "not a date"),
    ],
)
def test_it_rejects_bad_dates_with_a_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


def test_it_detects_day_or_month_first_from_samples() -> None:
    assert detect_day_first(["01/02/2026", "13/02/2026"]) is True
    assert detect_day_first(["01/02/2026", "02/13/2026"]) is False
    assert detect_day_first(["01/02/2026", "03/04/2026"]) is None
    assert detect_day_first(["2026-01-31", 45292, None, "31.01.2026"]) is None  # no slash dates
    assert detect_day_first([]) is None
    assert detect_day_first(["13/02/2026", "02/13/2026"]) is None  # contradictory: undecided


# --- Header mapping -----------------------------------------------------------------------


def test_it_maps_english_headers() -> None:
    assert detect_mapping(HEADER_EN) == {field: i for i, field in enumerate(CANONICAL)}


def test_it_maps_chinese_headers() -> None:
    header = [*HEADER_ZH, "发票号码", "行号", "物料", "数量", "币别"]
    assert detect_mapping(header) == {field: i for i, field in enumerate(CANONICAL)}


@pytest.mark.parametrize(
    ("spelling", "field"),
    [
        ("DATE", "invoice_date"),
        ("inv_date", "invoice_date"),
        ("单据日期", "invoice_date"),
        ("cust_code", "customer_code"),
        ("Customer ID", "customer_code"),
        ("account", "customer_code"),
        ("客户代码", "customer_code"),
        ("name", "customer_name"),
        ("客户", "customer_name"),
        ("clerk", "salesperson"),
        ("销售人员", "salesperson"),
        ("Revenue", "amount"),
        ("line_amount", "amount"),
        ("不含税金额", "amount"),
        ("Gross Profit", "margin"),
        ("毛利额", "margin"),
        ("terms", "payment_terms"),
        ("结算方式", "payment_terms"),
        ("Invoice", "invoice_no"),
        ("单据编号", "invoice_no"),
        ("Line Number", "line_no"),
        ("存货名称", "product"),
        ("qty", "quantity"),
        ("curr", "currency"),
    ],
)
def test_it_knows_header_synonyms(spelling: str, field: str) -> None:
    assert norm(spelling) in {norm(s) for s in SYNONYMS[field]}
    header = [*HEADER_EN[:7]]
    index = CANONICAL.index(field)
    if index < 7:
        header[index] = spelling
    else:
        header.append(spelling)
        index = 7
    assert detect_mapping(header)[field] == index


def norm(spelling: str) -> str:
    return spelling.replace(" ", "").replace("_", "").lower()


def test_it_ignores_case_spaces_underscores_and_bom_in_headers() -> None:
    header = ["\ufeffINVOICE_DATE", " customer  code ", "Customer-Name", "SALES_REP", "amount"]
    mapping = detect_mapping([*header, "margin", "Payment_Terms"])
    assert set(mapping) == {*REQUIRED, "customer_name", "margin", "payment_terms"}


def test_every_synonym_belongs_to_one_field() -> None:
    assert set(SYNONYMS) == set(CANONICAL)
    seen: dict[str, str] = {}
    for field, spellings in SYNONYMS.items():
        for spelling in spellings:
            assert seen.setdefault(norm(spelling), field) == field, spelling


def test_it_takes_the_first_of_duplicate_columns() -> None:
    header = ["date", "customer", "name", "rep", "amount", "margin", "terms", "net amount"]
    assert detect_mapping(header)["amount"] == 4


def test_it_applies_overrides_before_synonyms() -> None:
    header = ["Belegdatum", "Kunde", "name", "rep", "amount", "Netto", "margin", "terms"]
    mapping = detect_mapping(
        header, {"Belegdatum": "invoice_date", "kunde": "customer_code", "Netto": "amount"}
    )
    assert mapping["invoice_date"] == 0
    assert mapping["customer_code"] == 1  # matched without regard to case
    assert mapping["amount"] == 5  # the override beats the "amount" column
    assert mapping["margin"] == 6


def test_it_refuses_an_override_for_a_column_not_in_the_file() -> None:
    with pytest.raises(MappingError) as caught:
        detect_mapping(HEADER_EN, {"Net Amt": "amount"})
    assert caught.value.unknown == ["Net Amt"]
    assert caught.value.missing == []
    assert "'Net Amt'" in str(caught.value)


def test_it_refuses_an_override_to_an_unknown_field() -> None:
    with pytest.raises(MappingError) as caught:
        detect_mapping(HEADER_EN, {"Net Amount": "amout"})
    assert caught.value.invalid_fields == ["amout"]
    assert "unknown fields: 'amout'" in str(caught.value)


def test_it_refuses_two_columns_for_one_field() -> None:
    with pytest.raises(MappingError, match="more than one column to: amount"):
        detect_mapping(HEADER_EN, {"Net Amount": "amount", "Gross Margin": "amount"})


def test_it_names_every_missing_field_and_the_columns_it_saw() -> None:
    with pytest.raises(MappingError) as caught:
        detect_mapping(["Datum", "Kunde", "Betrag", "Sales Rep", "Customer Name", "Terms"])
    error = caught.value
    # Only date, customer, salesperson and amount are required; a customer name stands in
    # for a missing customer code.
    assert error.missing == ["invoice_date", "amount"]
    assert isinstance(error, ValueError)
    message = str(error)
    for name in ("invoice_date", "amount", "'Datum'", "'Betrag'"):
        assert name in message
    assert "--map" in message


# --- CSV files ----------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_detects_the_delimiter(tmp_path: Path, delimiter: str) -> None:
    lines = [
        delimiter.join(HEADER_ZH),
        delimiter.join(["2026-01-31", "C1", "甲公司", "王", "1.50", "1", ""]),
    ]
    with open_table(write_csv(tmp_path / "x.csv", lines)) as table:
        assert table.delimiter == delimiter
        assert table.format == "csv"
        assert table.header == HEADER_ZH
        assert list(table.rows()) == [(2, ["2026-01-31", "C1", "甲公司", "王", "1.50", "1", ""])]


def test_it_counts_delimiters_outside_quotes(tmp_path: Path) -> None:
    lines = ['"a;b;c;d",date,customer', "1,2,3"]
    with open_table(write_csv(tmp_path / "x.csv", lines)) as table:
        assert table.delimiter == ","
        assert table.header == ["a;b;c;d", "date", "customer"]


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")],
)
def test_it_detects_the_encoding(tmp_path: Path, encoding: str, reported: str) -> None:
    lines = [",".join(HEADER_ZH), "2026-01-31,C1,上海甲公司,王伟,100.00,10.00,月结30天"]
    header, rows = read_all(write_csv(tmp_path / "x.csv", lines, encoding=encoding))
    with open_table(tmp_path / "x.csv") as table:
        assert table.encoding == reported
    assert header == HEADER_ZH  # no BOM left on the first name
    assert rows == [(2, ["2026-01-31", "C1", "上海甲公司", "王伟", "100.00", "10.00", "月结30天"])]


def test_it_decides_from_the_whole_file_when_chinese_text_comes_late(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    ascii_rows = ["2026-01-31,C1,Acme,alice,1.00,0.10,COD"] * 40_000  # > the 1 MiB sample
    with open(path, "wb") as f:
        f.write(("\n".join([",".join(HEADER_EN[:7]), *ascii_rows]) + "\n").encode())
        f.write("2026-01-31,C2,北京乙公司,王伟,2.00,0.20,月结\n".encode("gb18030"))
    with open_table(path) as table:
        assert table.encoding == "gb18030"  # the sample spans the whole file, its end too
        rows = list(table.rows())
    assert rows[-1] == (40_002, ["2026-01-31", "C2", "北京乙公司", "王伟", "2.00", "0.20", "月结"])


def test_it_names_the_row_of_text_it_cannot_decode(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "2026-01-31,C1,Äpfel Müller,alice,1.00,0.10,COD\n".encode() * 5
    path.write_bytes(b"date,customer,name,rep,amount,margin,terms\n" + good + b"x,\xff\xfe,y\n")
    with (
        open_table(path) as table,
        pytest.raises(ValueError, match=r"row 7: the text is not UTF-8 \(byte 290\); choose"),
    ):
        list(table.rows())


def test_it_names_the_row_that_breaks_utf8_after_the_sample(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "2026-01-31,C1,Ä,alice,1.00,0.10,COD\n".encode() * 40_000  # > the 1 MiB sample
    path.write_bytes(b"date,customer,name,rep,amount,margin,terms\n" + good + b"x,\xff,y\n")
    with (
        open_table(path) as table,
        pytest.raises(ValueError, match="row 40002: the text is not UTF-8"),
    ):
        list(table.rows())


def test_it_skips_blank_rows_but_keeps_their_numbers(tmp_path: Path) -> None:
    lines = ["", "a,b,c", "1,2,3", "", ",,", "  , ,", "4,,6", "7"]
    header, rows = read_all(write_csv(tmp_path / "x.csv", lines))
    assert header == ["a", "b", "c"]
    assert rows == [(3, ["1", "2", "3"]), (7, ["4", "", "6"]), (8, ["7"])]


def test_it_reads_quoted_cells_with_newlines_as_one_row(tmp_path: Path) -> None:
    lines = ["a,b", '"x, y","two', 'lines"', "3,4"]
    _header, rows = read_all(write_csv(tmp_path / "x.csv", lines, eol="\r\n"))
    assert rows == [(2, ["x, y", "two\r\nlines"]), (3, ["3", "4"])]


def test_it_reads_old_mac_line_endings_and_utf16(tmp_path: Path) -> None:
    mac = write_csv(tmp_path / "mac.csv", ["a;b", "1;2", "3;4"], eol="\r")
    assert read_all(mac) == (["a", "b"], [(2, ["1", "2"]), (3, ["3", "4"])])
    utf16 = write_csv(tmp_path / "u.txt", ["名称\t金额", "甲\t1"], encoding="utf-16", eol="\r\n")
    with open_table(utf16) as table:
        assert (table.encoding, table.delimiter, table.header) == ("utf-16", "\t", ["名称", "金额"])
        assert list(table.rows()) == [(2, ["甲", "1"])]


def test_it_reads_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert read_all(tmp_path / "empty.csv") == ([], [])


def test_it_reports_malformed_csv_with_the_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a,b", "1,2", '"' + "x" * 200_000])
    with open_table(path) as table, pytest.raises(ValueError, match="row 3: the CSV is malformed"):
        list(table.rows())


def test_it_reports_progress_through_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a,b", *[f"{i},{i}" for i in range(100_000)]])
    with open_table(path) as table:
        seen = []
        for number, _cells in table.rows():
            if number % 10_000 == 0:
                seen.append(table.progress())
        assert seen == sorted(seen)
        assert 0 < seen[0] < 0.5
        assert table.progress() == 1.0


def test_it_streams_a_large_csv_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(HEADER_EN) + "\n")
        for i in range(200_000):
            f.write(
                f"2026-01-{i % 28 + 1:02d},C{i % 5000:05d},Customer {i % 5000} Company Limited,"
                f"salesperson number {i % 50},{i % 100000}.{i % 100:02d},{i % 999}.50,Net 30 days,"
                f"INV{i:010d},{i % 20},SKU-{i % 999:05d},{i % 100},CNY\n"
            )
    assert path.stat().st_size > 25_000_000  # reading it whole would show in the peak
    tracemalloc.start()
    try:
        with open_table(path) as table:
            mapping = detect_mapping(table.header)
            count = 0
            for number, cells in table.rows():
                count += 1
                if number % 100 == 0:  # every row would be slow under tracemalloc
                    line = parse_row(cells, mapping, table.header, row=number, day_first=None)
                    assert isinstance(line, ParsedLine)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < 20 * 1024 * 1024


# --- Spreadsheets -------------------------------------------------------------------------


def write_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Summary"
    first.append(["Report", "not the data"])
    data = book.create_sheet("Lines 2026")
    data.append([" 发票日期 ", "客户编号", "客户名称", "销售员", "销售额", "毛利", "付款条件"])
    data.append([dt.datetime(2026, 1, 31), 1001, "甲公司", "王伟", 1234.5, 0.1, "货到付款"])
    data.append([])
    data.append([45292, "C2", None, "李娜", 10, -2.25, None])
    data.append([dt.date(2026, 2, 1), 1003.0, "丙", "王伟", "1,000.00", 100])
    book.save(path)
    return path


def test_it_reads_the_first_sheet_by_default(tmp_path: Path) -> None:
    with open_table(write_xlsx(tmp_path / "book.xlsx")) as table:
        assert (table.format, table.sheet, table.encoding, table.delimiter) == (
            "xlsx",
            "Summary",
            None,
            None,
        )
        assert table.header == ["Report", "not the data"]
        assert list(table.rows()) == []


def test_it_reads_a_named_sheet_with_native_values(tmp_path: Path) -> None:
    with open_table(write_xlsx(tmp_path / "book.xlsx"), sheet="Lines 2026") as table:
        assert table.header == [
            "发票日期",
            "客户编号",
            "客户名称",
            "销售员",
            "销售额",
            "毛利",
            "付款条件",
        ]
        rows = list(table.rows())
        assert table.progress() == 1.0
    assert [number for number, _ in rows] == [2, 4, 5]  # the blank row 3 is skipped
    assert rows[0][1] == [JAN31, 1001, "甲公司", "王伟", 1234.5, 0.1, "货到付款"]
    assert rows[1][1][2] is None  # empty cells are None
    mapping = detect_mapping(table.header)
    lines = [parse_row(c, mapping, table.header, row=n, day_first=None) for n, c in rows]
    assert lines[0] == ParsedLine(
        invoice_date=JAN31,
        customer_code="1001",
        customer_name="甲公司",
        salesperson="王伟",
        amount=Decimal("1234.50"),
        margin=Decimal("0.10"),
        payment_terms="货到付款",
    )
    assert isinstance(lines[1], ParsedLine)
    assert (lines[1].invoice_date, lines[1].customer_name, lines[1].margin) == (
        dt.date(2024, 1, 1),
        "",
        Decimal("-2.25"),
    )
    assert isinstance(lines[2], ParsedLine)
    assert (lines[2].customer_code, lines[2].amount, lines[2].payment_terms) == (
        "1003",
        Decimal("1000.00"),
        "",
    )


def test_it_finds_a_sheet_regardless_of_case(tmp_path: Path) -> None:
    with open_table(write_xlsx(tmp_path / "book.xlsx"), sheet="lines 2026") as table:
        assert table.sheet == "Lines 2026"


def test_it_names_the_sheets_when_the_sheet_is_unknown(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no sheet named 'Lines'.*'Summary', 'Lines 2026'"):
        open_table(write_xlsx(tmp_path / "book.xlsx"), sheet="Lines")


def test_it_recognises_a_workbook_by_its_content(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "book.xlsx")
    renamed = book.rename(tmp_path / "export.dat")
    with open_table(renamed) as table:
        assert table.format == "xlsx"


def test_it_refuses_a_broken_spreadsheet_with_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "fake.xlsx").write_text("date,amount\n")
    with pytest.raises(ValueError, match=r"fake\.xlsx is not a spreadsheet that can be read"):
        open_table(tmp_path / "fake.xlsx")


def test_it_numbers_rows_as_the_sheet_shows_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B3"] = "amount"
    sheet["B4"] = 5
    sheet["B6"] = 6
    book.save(tmp_path / "offset.xlsx")
    with open_table(tmp_path / "offset.xlsx") as table:
        assert table.header == ["amount"]
        assert list(table.rows()) == [(4, [5]), (6, [6])]


def test_it_reads_an_empty_workbook(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    assert read_all(tmp_path / "empty.xlsx") == ([], [])


# --- Rows ---------------------------------------------------------------------------------

MAPPING_EN = detect_mapping(HEADER_EN)


def test_it_parses_a_row() -> None:
    line = parse_row(ROW_EN, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert line == ParsedLine(
        invoice_date=JAN31,
        customer_code="C1001",
        customer_name="Acme Ltd",
        salesperson="alice",
        amount=Decimal("1234.56"),
        margin=Decimal("234.50"),
        payment_terms="Net 30",
        invoice_no="INV-1",
        line_no="1",
        product="SKU-9",
        quantity=Decimal("3"),
        currency="CNY",
    )


def test_a_parsed_line_is_an_immutable_parsed_line() -> None:
    line = parse_row(ROW_EN, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert type(line) is ParsedLine
    assert hash(line) == hash(line._replace())
    with pytest.raises(AttributeError):
        line.amount = Decimal(0)  # type: ignore[misc]


def test_it_trims_text_and_allows_empty_name_and_terms() -> None:
    cells = ["2026-01-31", "  C1 ", "", " bob ", "1", "0", "  "]
    line = parse_row(cells, detect_mapping(HEADER_ZH), HEADER_ZH, row=2, day_first=None)
    assert isinstance(line, ParsedLine)
    assert (line.customer_code, line.customer_name, line.salesperson, line.payment_terms) == (
        "C1",
        "",
        "bob",
        "",
    )
    assert (line.invoice_no, line.quantity, line.currency) == ("", None, "")


def test_it_reports_every_problem_of_a_row_by_the_files_column_names() -> None:
    cells = ["31/02/2026", "", "甲", " ", "1.234", "abc", "x" * 51]
    errors = parse_row(cells, detect_mapping(HEADER_ZH), HEADER_ZH, row=7, day_first=True)
    assert errors == [  # in the file's column order
        RowError(7, "开票日期", "31/02/2026", "no such date: 31/02/2026"),
        RowError(7, "客户编码", "", "empty"),
        RowError(7, "业务员", " ", "empty"),
        RowError(7, "金额", "1.234", "more than two decimal places"),
        RowError(7, "毛利", "abc", "not a number"),
        RowError(7, "付款方式", "x" * 51, "longer than 50 characters"),
    ]


def test_it_counts_missing_cells_of_a_short_row_as_empty() -> None:
    errors = parse_row(["2026-01-31", "C1"], MAPPING_EN, HEADER_EN, row=3, day_first=None)
    assert isinstance(errors, list)
    assert [(e.column, e.reason) for e in errors] == [
        ("Sales Rep", "empty"),
        ("Net Amount", "empty"),
    ]  # a margin not given is unknown, not an error


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [
        (1, "C" * 65, "longer than 64 characters"),
        (2, "N" * 301, "longer than 300 characters"),
        (3, "r" * 65, "longer than 64 characters"),
        (7, "I" * 101, "longer than 100 characters"),
        (8, "1" * 33, "longer than 32 characters"),
        (9, "P" * 1001, "longer than 1000 characters"),
        (10, "1.23456", "more than four decimal places"),
        (11, "EURO", "not a currency code"),
        (11, "€", "not a currency code"),
        (2, "Acme\x00", "contains a NUL character"),
        (0, "", "empty"),
    ],
)
def test_it_checks_each_field(index: int, value: str, reason: str) -> None:
    cells = [*ROW_EN]
    cells[index] = value
    errors = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert isinstance(errors, list)
    assert len(errors) == 1
    assert errors[0].column == HEADER_EN[index]
    assert errors[0].reason.startswith(reason)


def test_it_shortens_huge_bad_values_in_errors() -> None:
    cells = [*ROW_EN]
    cells[4] = "x" * 10_000
    errors = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert isinstance(errors, list)
    assert len(errors[0].value) == 201


@pytest.mark.parametrize(
    ("value", "expected"), [("usd", "USD"), (" Rmb ", "RMB"), ("人民币", "CNY"), ("美元", "USD")]
)
def test_it_normalises_currencies(value: str, expected: str) -> None:
    cells = [*ROW_EN]
    cells[11] = value
    line = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert isinstance(line, ParsedLine)
    assert line.currency == expected


def test_it_reports_ambiguous_dates_as_row_errors() -> None:
    cells = [*ROW_EN]
    cells[0] = "03/04/2026"
    errors = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=None)
    assert isinstance(errors, list)
    assert "--day-first" in errors[0].reason
    line = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=False)
    assert isinstance(line, ParsedLine)
    assert line.invoice_date == dt.date(2026, 3, 4)


# --- Properties ---------------------------------------------------------------------------


def _grouped(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *[digits[i : i + 3] for i in range(head, len(digits), 3)]])


def _styles(amount: Decimal) -> list[str]:
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    fullwidth = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    return [
        f"{amount:.2f}",
        f"{sign}{_grouped(whole, ',')}.{cents}",
        f"{sign}{_grouped(whole, '.')},{cents}",
        f"{sign}{_grouped(whole, ' ')},{cents}",
        sign + _grouped(whole, "'") + f".{cents}",
        f"{sign}{whole},{cents}",
        f"({_grouped(whole, ',')}.{cents})" if sign else f"{whole}.{cents}",
        f"{_grouped(whole, ',')}.{cents}{sign}",
        f"{sign}¥{_grouped(whole, ',')}.{cents}",
        f"{sign}$ {whole}.{cents}",
        f"{sign}{_grouped(whole, '.')},{cents} €",
        f"RMB {sign}{whole}.{cents}",
        f"{sign}{whole}.{cents} CNY",
        f"{sign}{_grouped(whole, ',')}.{cents}".translate(fullwidth),
    ]


AMOUNTS = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(AMOUNTS)
def test_amounts_survive_every_style(amount: Decimal) -> None:
    for text in _styles(amount):
        assert parse_amount(text) == amount, text
    assert parse_amount(float(amount)) == amount  # as a spreadsheet stores it


def _date_styles(day: dt.date) -> list[tuple[object, bool | None]]:
    y, m, d = day.year, day.month, day.day
    return [
        (day.isoformat(), None),
        (f"{day.isoformat()} 00:00:00", None),
        (f"{y}/{m}/{d}", None),
        (f"{y}.{m:02d}.{d:02d}", None),
        (f"{y}{m:02d}{d:02d}", None),
        (f"{y}年{m}月{d}日", None),
        (f"{d:02d}.{m:02d}.{y}", None),
        (f"{d:02d}/{m:02d}/{y}", True),
        (f"{m}/{d}/{y}", False),
        (f"{d}-{m}-{y} 13:45", True),
        (dt.datetime(y, m, d, 8, 30), None),
        (day, None),
        ((day - dt.date(1899, 12, 30)).days, None),
        (float((day - dt.date(1899, 12, 30)).days) + 0.5, None),
    ]


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_survive_every_style(day: dt.date) -> None:
    for value, day_first in _date_styles(day):
        if day.year < 1000 and isinstance(value, str):
            continue
        assert parse_date(value, day_first=day_first) == day, value


CELLS = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["", " ", "2026-01-31", "31/01/2026", "1,234.56", "(5)", "C1", "人民币"]),
        st.none(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.booleans(),
        st.dates(),
        st.datetimes(),
    ),
    max_size=14,
)


@given(CELLS, st.sampled_from([None, True, False]))
@settings(max_examples=300)
def test_parse_row_never_raises(cells: list[object], day_first: bool | None) -> None:
    result = parse_row(cells, MAPPING_EN, HEADER_EN, row=2, day_first=day_first)
    if isinstance(result, list):
        assert result
        assert all(isinstance(e, RowError) and e.row == 2 and e.reason for e in result)
    else:
        assert isinstance(result, ParsedLine)


@given(st.lists(st.text(max_size=30), max_size=14), st.sampled_from([None, True, False]))
def test_parse_row_never_raises_on_text(cells: list[str], day_first: bool | None) -> None:
    result = parse_row(cells, MAPPING_EN, HEADER_EN, row=9, day_first=day_first)
    assert isinstance(result, ParsedLine) or (
        isinstance(result, list) and result and all(isinstance(e, RowError) for e in result)
    )


NUMBERISH = st.from_regex(r"[-+(¥$ ]{0,3}[0-9][0-9.,' ]{0,14}[)\- ]{0,2}", fullmatch=True)


@given(st.one_of(st.text(max_size=25), NUMBERISH), st.sampled_from([None, True, False]))
def test_cell_parsers_fail_only_with_value_error(text: str, day_first: bool | None) -> None:
    for parse in (parse_amount, parse_quantity):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)
    try:
        parse_date(text, day_first=day_first)
    except ValueError as exc:
        assert str(exc)


def test_it_reports_cells_that_are_not_text() -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no")

    cells: list[object] = [*ROW_EN]
    cells[1] = Unprintable()
    errors = parse_row(cells, MAPPING_EN, HEADER_EN, row=4, day_first=None)
    assert errors == [RowError(4, "Customer No", "?", "not text")]
