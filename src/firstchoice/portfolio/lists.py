"""Reading focus lists from a file (`firstchoice import-portfolios`), for audit and adoption.

A company moving to the method first audits the lists it has ("our top 20"): one row per
listed customer, columns `salesperson, customer_code` and optionally `tier, year`. Rows
without a tier land as "not tiered yet" on the salesperson's board.

Validation reads the whole file before anything is written: every bad cell is reported with
its row and column, and one bad row means nothing is imported (the sales import's rule).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.portfolio import rules
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.sales.parsing.readers import open_table
from firstchoice.teams.models import CompanySettings, Salesperson

REQUIRED = ("salesperson", "customer_code")
OPTIONAL = ("tier", "year")
# Header spellings people use for the same column (compared without case, spaces, _ - .).
SPELLINGS = {
    "salesperson": ("salesperson", "sales rep", "rep", "user", "login", "销售员", "业务员"),
    "customer_code": ("customer_code", "customer", "customer no", "account", "客户编码", "客户"),
    "tier": ("tier", "level", "层级"),
    "year": ("year", "年份", "年度"),
}
MAX_ERRORS = 200


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " _-.\ufeff")


_LOOKUP = {_key(spelling): column for column, names in SPELLINGS.items() for spelling in names}


@dataclass(frozen=True)
class ListRow:
    row: int
    salesperson: Salesperson
    customer: Customer
    tier: str  # A, B, C or U (not tiered)
    year: int


@dataclass
class ListFile:
    rows: list[ListRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    read: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                _("row %(row)d, column %(column)s: %(message)s")
                % {"row": row, "column": column, "message": message}
            )
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(_("… more errors not shown"))


def read_lists(path: str | os.PathLike[str], *, default_year: int) -> ListFile:
    """Parse and validate a list file against the database; writes nothing."""
    result = ListFile()
    raw: list[tuple[int, str, str, str, str]] = []
    with open_table(path) as table:
        columns: dict[str, int] = {}
        for index, name in enumerate(table.header):
            column = _LOOKUP.get(_key(name))
            if column and column not in columns:
                columns[column] = index
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            result.errors.append(
                _("The header has no column %(missing)s (found: %(found)s).")
                % {
                    "missing": ", ".join(missing),
                    "found": ", ".join(h for h in table.header if h) or "—",
                }
            )
            return result

        def cell(cells: list[object], column: str) -> str:
            index = columns.get(column)
            if index is None or index >= len(cells) or cells[index] is None:
                return ""
            value = cells[index]
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # spreadsheets hand whole numbers back as floats
            return str(value).strip()

        for number, cells in table.rows():
            result.read += 1
            raw.append((number, *(cell(cells, c) for c in (*REQUIRED, *OPTIONAL))))  # type: ignore[arg-type]

    handles = {r[1] for r in raw if r[1]}
    by_login = {
        p.handle: p
        for p in Salesperson.objects.select_related("user").filter(user__username__in=handles)
    }
    by_code = {p.code: p for p in Salesperson.objects.filter(code__in=handles)}
    codes = {r[2] for r in raw if r[2]}
    customers = {c.code: c for c in Customer.objects.filter(code__in=codes)}

    seen: dict[tuple[int, int, int], int] = {}
    for number, handle, code, tier_text, year_text in raw:
        ok = True
        person = by_login.get(handle) or by_code.get(handle)
        if not handle:
            result.error(number, "salesperson", _("empty"))
            ok = False
        elif person is None:
            result.error(number, "salesperson", _("no salesperson %(h)r") % {"h": handle})
            ok = False
        customer = customers.get(code)
        if not code:
            result.error(number, "customer_code", _("empty"))
            ok = False
        elif customer is None:
            result.error(number, "customer_code", _("no customer %(c)r") % {"c": code})
            ok = False
        tier = tier_text.upper() or rules.UNTIERED
        if tier not in (*rules.TIERS, rules.UNTIERED):
            result.error(number, "tier", _("%(t)r is not A, B, C or empty") % {"t": tier_text})
            ok = False
        year = default_year
        if year_text:
            try:
                year = int(year_text)
            except ValueError:
                year = 0
            if not 1900 <= year <= 2999:
                result.error(number, "year", _("%(y)r is not a year") % {"y": year_text})
                ok = False
        if not ok or person is None or customer is None:
            continue
        key = (person.pk, customer.pk, year)
        if key in seen:
            result.error(
                number,
                "customer_code",
                _("%(c)s is already listed for %(h)s in %(y)d on row %(r)d")
                % {"c": code, "h": handle, "y": year, "r": seen[key]},
            )
            continue
        seen[key] = number
        result.rows.append(ListRow(number, person, customer, tier, year))
    if not result.errors:
        check_fits(result)
    return result


def check_fits(result: ListFile) -> None:
    """Rows must fit the lists as they stand: no customer moved silently, no tier overfilled."""
    capacities = CompanySettings.load().capacities()
    people = {r.salesperson.pk for r in result.rows}
    years = {r.year for r in result.rows}
    existing: dict[tuple[int, int, int], str] = {}
    counts: Counter[tuple[int, int, str]] = Counter()
    for person_id, year, customer_id, tier in PortfolioEntry.objects.filter(
        portfolio__salesperson_id__in=people, portfolio__year__in=years
    ).values_list("portfolio__salesperson_id", "portfolio__year", "customer_id", "tier"):
        existing[(person_id, customer_id, year)] = tier
        counts[(person_id, year, tier)] += 1
    for r in result.rows:
        now = existing.get((r.salesperson.pk, r.customer.pk, r.year))
        if now is not None:
            if now != r.tier:
                result.error(
                    r.row,
                    "tier",
                    _("%(c)s is already in tier %(now)s of this list; move it on the board")
                    % {"c": r.customer.code, "now": now},
                )
            continue
        slot = (r.salesperson.pk, r.year, r.tier)
        counts[slot] += 1
        if r.tier in capacities and counts[slot] > capacities[r.tier]:
            result.error(
                r.row,
                "tier",
                _("tier %(t)s of %(h)s %(y)d would hold %(n)d accounts, more than its %(cap)d")
                % {
                    "t": r.tier,
                    "h": r.salesperson.handle,
                    "y": r.year,
                    "n": counts[slot],
                    "cap": capacities[r.tier],
                },
            )


def new_rows(result: ListFile) -> list[ListRow]:
    """The rows not already listed (re-importing the same file changes nothing)."""
    existing = set(
        PortfolioEntry.objects.filter(
            portfolio__salesperson_id__in={r.salesperson.pk for r in result.rows},
            portfolio__year__in={r.year for r in result.rows},
        ).values_list("portfolio__salesperson_id", "customer_id", "portfolio__year")
    )
    return [r for r in result.rows if (r.salesperson.pk, r.customer.pk, r.year) not in existing]
