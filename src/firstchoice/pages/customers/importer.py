"""Import dossiers from a spreadsheet (teams moving from Excel): one row per customer,
columns named by field key (`customer_code`, `company_type`, `top_customers`, …, a
section's free notes as `<section>_notes`, administrators' questions by their key).

All or nothing, like the sales import: every cell is validated first and every bad cell
is reported with its row and column; only a clean file is written, in one transaction,
through the same action as the page (`actions.update_section`). Empty cells keep what
is stored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from firstchoice.customers import actions, dossier
from firstchoice.customers.models import Customer, DossierQuestion
from firstchoice.portfolio.scoping import can_edit_customer
from firstchoice.sales.parsing.cells import cell_text
from firstchoice.sales.parsing.readers import open_table
from firstchoice.teams.models import User

CODE = "customer_code"
MAX_ERRORS = 200  # enough to fix a file; a wrong file would otherwise print thousands


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    value: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class DossierImportRefused(Exception):
    def __init__(self, errors: list[CellError], error_count: int) -> None:
        super().__init__(
            f"{error_count} invalid cell{'s' if error_count != 1 else ''}: nothing was imported"
        )
        self.errors = errors
        self.error_count = error_count


@dataclass
class DossierImportResult:
    rows: int = 0
    customers: int = 0
    sections: int = 0  # sections written (or that would be, in a dry run)
    dry_run: bool = False
    columns: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "customers": self.customers,
            "sections": self.sections,
            "dry_run": self.dry_run,
            "columns": self.columns,
            "errors": [],
            "error_count": 0,
        }


def _fields() -> dict[str, tuple[str, dossier.Field | None]]:
    """Column name → (section key, field); None for a section's notes."""
    columns: dict[str, tuple[str, dossier.Field | None]] = {}
    for spec in dossier.SECTIONS:
        for f in spec.fields:
            columns[f.key] = (spec.key, f)
        columns[spec.key + dossier.NOTES_SUFFIX] = (spec.key, None)
    for question in DossierQuestion.objects.filter(active=True):
        columns[question.key] = (question.section, question.as_field())
    return columns


def import_dossiers(
    path: str | os.PathLike[str],
    *,
    actor: User | None = None,
    dry_run: bool = False,
    sheet: str | None = None,
) -> DossierImportResult:
    """Validate the whole file, then write it in one transaction (or not at all)."""
    known = _fields()
    errors: list[CellError] = []
    count = 0

    def fail(row: int, column: str, value: object, reason: str) -> None:
        nonlocal count
        count += 1
        if len(errors) < MAX_ERRORS:
            errors.append(CellError(row, column, cell_text(value), reason))

    try:
        table = open_table(path, sheet=sheet)
    except ValueError as exc:
        raise DossierImportRefused([CellError(0, "", "", str(exc))], 1) from None
    planned: list[tuple[Customer, dict[str, dict[str, object]]]] = []
    with table:
        header = [h.strip() for h in table.header]
        for index, name in enumerate(header):
            if name and name != CODE and name not in known:
                fail(1, name, name, "unknown column: not a dossier field key or question key")
            if name and header.index(name) != index:
                fail(1, name, name, "this column appears twice")
        if CODE not in header:
            fail(1, CODE, "", "the customer_code column is missing")
        rows = list(table.rows()) if CODE in header else []
    codes = {
        cell_text(cells[header.index(CODE)])
        for _n, cells in rows
        if len(cells) > header.index(CODE)
    }
    customers = {c.code: c for c in Customer.objects.filter(code__in=codes)}
    seen: dict[str, int] = {}
    for number, cells in rows:
        code = cell_text(cells[header.index(CODE)]) if len(cells) > header.index(CODE) else ""
        customer = customers.get(code)
        if not code:
            fail(number, CODE, code, "the customer code is missing")
            continue
        if customer is None:
            fail(number, CODE, code, "no customer with this code")
            continue
        if code in seen:
            fail(number, CODE, code, f"this customer is already on row {seen[code]}")
            continue
        seen[code] = number
        if actor is not None and not can_edit_customer(actor, customer):
            fail(number, CODE, code, f"{actor.username} may not change this customer")
            continue
        by_section: dict[str, dict[str, object]] = {}
        for name, value in zip(header, cells, strict=False):
            if name == CODE or name not in known:
                continue
            text = cell_text(value)
            if not text:
                continue  # empty cells keep what is stored
            section_key, spec = known[name]
            if spec is None:
                by_section.setdefault(section_key, {})["notes"] = text
                continue
            try:
                by_section.setdefault(section_key, {})[spec.key] = dossier.clean_value(
                    spec, dossier.from_text(spec, text)
                )
            except ValueError as exc:
                fail(number, name, value, str(exc))
        planned.append((customer, by_section))
    if count:
        raise DossierImportRefused(errors, count)
    result = DossierImportResult(
        rows=len(rows),
        customers=len(planned),
        sections=sum(len(s) for _c, s in planned),
        dry_run=dry_run,
        columns=[h for h in header if h],
    )
    if not dry_run:
        _write(planned, actor)
    return result


@transaction.atomic
def _write(
    planned: Iterable[tuple[Customer, dict[str, dict[str, object]]]], actor: User | None
) -> None:
    for customer, sections in planned:
        for key, values in sections.items():
            actions.update_section(
                actor=actor, customer=customer, key=key, values=values, partial=True
            )
