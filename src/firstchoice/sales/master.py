"""Import of the ERP's customer master: code, name, owner, segment, payment terms, credit
limit, status and parent group (issue 15). One function for the CLI, the web page and tests.

Read as the sales lines are (parsing/: CSV or XLSX, detected encodings, English or Chinese
headers, bounded headers) and validated the same way: every row is checked first and on
any invalid row nothing is written, the errors named by row, column and value. Then, in
one transaction, new customers are created and existing ones updated with the columns the
file has. An empty cell leaves the existing value as it is (an export that omits a value
never wipes one). Owner and terms changes are kept in the customer's history.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from firstchoice.customers.models import Customer
from firstchoice.sales.importer import MAX_REPORTED_ERRORS, ImportRefused
from firstchoice.sales.parsing.cells import cell_text
from firstchoice.sales.parsing.errors import MappingError, RowError, error_json
from firstchoice.sales.parsing.headers import MASTER, detect_mapping
from firstchoice.sales.parsing.numbers import parse_amount
from firstchoice.sales.parsing.readers import open_table
from firstchoice.teams.models import Salesperson, User

# Text limits, as the customer model stores them.
MAX_LENGTH = {"code": 64, "name": 300, "segment": 100, "payment_terms": 50, "parent_group": 300}
# Status spellings ERP masters use, to the customer's status.
STATUS_SPELLINGS: dict[str, str] = {
    **{s.value: s.value for s in Customer.Status},
    **{str(s.label).casefold(): s.value for s in Customer.Status},
    "open": "active",
    "enabled": "active",
    "yes": "active",
    "y": "active",
    "1": "active",
    "closed": "inactive",
    "disabled": "inactive",
    "no": "inactive",
    "n": "inactive",
    "0": "inactive",
    "lead": "prospect",
    "potential": "prospect",
    "on hold": "blocked",
    "hold": "blocked",
    "frozen": "blocked",
    "正常": "active",
    "有效": "active",
    "活跃": "active",
    "启用": "active",
    "潜在": "prospect",
    "潜在客户": "prospect",
    "意向": "prospect",
    "停用": "inactive",
    "无效": "inactive",
    "禁用": "inactive",
    "冻结": "blocked",
    "暂停": "blocked",
    "黑名单": "blocked",
}


@dataclass
class MasterResult:
    rows_seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    owner_changes: int = 0
    terms_changes: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "rows_read": self.rows_seen,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "owner_changes": self.owner_changes,
            "terms_changes": self.terms_changes,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
        }


def import_customers(
    path: str | os.PathLike[str],
    *,
    actor: User | None,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
) -> MasterResult:
    """Import a customer master file. Raises ImportRefused (nothing written) when it cannot."""
    try:
        table = open_table(path, sheet=sheet, encoding=encoding)
    except ValueError as exc:
        raise ImportRefused(str(exc)) from exc
    with table:
        try:
            mapping = detect_mapping(table.header, overrides, MASTER)
        except MappingError as exc:
            raise ImportRefused(str(exc)) from exc
        people = _salespeople()
        wanted: dict[str, dict[str, Any]] = {}
        first_row: dict[str, int] = {}
        errors: list[RowError] = []
        error_count = seen = 0
        try:
            for row_number, cells in table.rows():
                seen += 1
                parsed = _parse(cells, mapping, table.header, row_number, people)
                problems = parsed if isinstance(parsed, list) else []
                if not problems and isinstance(parsed, dict):
                    code = parsed["code"]
                    if code in first_row:
                        problems = [
                            _error(
                                "code",
                                code,
                                f"repeats the customer of row {first_row[code]}",
                                row_number,
                                mapping,
                                table.header,
                            )
                        ]
                    else:
                        first_row[code] = row_number
                        wanted[code] = parsed
                if problems:
                    error_count += len(problems)
                    errors.extend(problems[: max(0, MAX_REPORTED_ERRORS - len(errors))])
        except ValueError as exc:
            raise ImportRefused(str(exc)) from exc
        header = table.header
    if not seen:
        raise ImportRefused(_("The file has a header but no data rows; nothing was imported."))
    if error_count:
        raise ImportRefused(
            _("%(errors)d errors in the customer master; nothing was imported.")
            % {"errors": error_count},
            errors=errors,
            error_count=error_count,
            rows_seen=seen,
        )
    result = MasterResult(
        rows_seen=seen,
        mapping={name: header[index] for name, index in mapping.items()},
        dry_run=dry_run,
    )
    with transaction.atomic():
        _write(wanted, actor, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _salespeople() -> dict[str, int]:
    """Salesperson id by code and by name (casefolded); a code wins over a name."""
    found: dict[str, int] = {}
    rows = list(Salesperson.objects.values_list("id", "code", "name"))
    for pk, _code, name in rows:
        found.setdefault(name.strip().casefold(), pk)
    for pk, code, _name in rows:
        found[code.strip().casefold()] = pk
    return found


def _error(
    name: str, raw: object, reason: str, row: int, mapping: Mapping[str, int], header: list[str]
) -> RowError:
    index = mapping.get(name, -1)
    column = header[index] if 0 <= index < len(header) and header[index] else name
    shown = raw if isinstance(raw, str) else cell_text(raw)
    return RowError(row=row, column=column, value=shown[:200], reason=reason)


def _parse(
    cells: list[object],
    mapping: Mapping[str, int],
    header: list[str],
    row: int,
    people: Mapping[str, int],
) -> dict[str, Any] | list[RowError]:
    """One master row as the values it gives (absent: not given), or its errors."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, index in mapping.items():
        raw = cells[index] if index < len(cells) else None
        text = cell_text(raw)
        if not text:
            if name in MASTER.required:
                errors.append(_error(name, raw, "empty", row, mapping, header))
            continue
        limit = MAX_LENGTH.get(name)
        if limit is not None and len(text) > limit:
            reason = f"longer than {limit} characters"
            errors.append(_error(name, raw, reason, row, mapping, header))
        elif "\x00" in text:
            errors.append(_error(name, raw, "contains a NUL character", row, mapping, header))
        elif name == "owner":
            owner = people.get(text.casefold())
            if owner is None:
                reason = "no salesperson has this code or name"
                errors.append(_error(name, raw, reason, row, mapping, header))
            values["owner_id"] = owner
        elif name == "credit_limit":
            try:
                amount = parse_amount(raw)
            except (ValueError, ArithmeticError, TypeError) as exc:
                errors.append(_error(name, raw, str(exc), row, mapping, header))
                continue
            if amount < 0:
                errors.append(_error(name, raw, "negative", row, mapping, header))
            values["credit_limit"] = amount
        elif name == "status":
            status = STATUS_SPELLINGS.get(text.casefold())
            if status is None:
                reason = "not a status (active, prospect, inactive, blocked)"
                errors.append(_error(name, raw, reason, row, mapping, header))
            values["status"] = status
        else:
            values[name] = text
    return errors or values


def _write(wanted: dict[str, dict[str, Any]], actor: User | None, result: MasterResult) -> None:
    """Create the new customers and update the existing ones, with history."""
    codes = list(wanted)
    existing: dict[str, Customer] = {}
    for start in range(0, len(codes), 5000):
        chunk = codes[start : start + 5000]
        existing.update(
            (c.code, c) for c in Customer.objects.filter(code__in=chunk).select_for_update()
        )
    new: list[Customer] = []
    for code, values in wanted.items():
        customer = existing.get(code)
        if customer is None:
            new.append(Customer(**values))
            continue
        changed = [name for name, value in values.items() if getattr(customer, name) != value]
        if not changed:
            result.unchanged += 1
            continue
        result.owner_changes += "owner_id" in changed
        result.terms_changes += "payment_terms" in changed
        for name in changed:
            setattr(customer, name, values[name])
        customer._change_reason = "customer master import"  # type: ignore[attr-defined]
        customer._history_user = actor  # type: ignore[attr-defined]
        customer.save(update_fields=changed)
        result.updated += 1
    if new:
        bulk_create_with_history(
            new,
            Customer,
            batch_size=1000,
            default_user=actor,
            default_change_reason="customer master import",
        )
        result.created = len(new)


def refused_json(exc: ImportRefused) -> dict[str, object]:
    return {
        "error": str(exc),
        "errors": [error_json(e) for e in exc.errors],
        "error_count": exc.error_count,
    }
