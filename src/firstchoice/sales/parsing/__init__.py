"""Reading ERP exports of invoice lines (M9): CSV or XLSX in, typed sales lines out.

Knows no Django, so it is tested without a database and reused by any importer. Files may
hold millions of lines: CSV is streamed (constant memory), and the per-row functions take a
fast path for the common spellings ("1234.56", "2026-01-31") before any regular expression.

Import each name from the module that owns it:

- `readers.open_table` opens a file as a `table.Table` (header, then rows), through
  `csv_reader` (delimiter; `encoding` detects and decodes the text) or `xlsx_reader`;
- `headers` holds the fields (CANONICAL, REQUIRED, SYNONYMS, MAX_LENGTH) and
  `detect_mapping`, the header → field mapping;
- `rows.parse_row` turns one row into a `rows.ParsedLine` or its `errors.RowError`s, using
  `dates` (parse_date, detect_day_first), `numbers` (parse_amount, parse_quantity) and
  `cells` (cell text);
- `errors` holds what goes wrong: MappingError and RowError.
"""
