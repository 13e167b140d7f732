"""What goes wrong reading a file: a header that cannot be mapped, a bad cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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


def quoted_list(names: Iterable[str], limit: int = 40) -> str:
    names = list(names)
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str  # the file's own header text, e.g. "金额"
    value: str
    reason: str


def error_json(error: RowError) -> dict[str, object]:
    """A row error as stored on an import batch and printed by `import-sales --format json`."""
    return {"row": error.row, "column": error.column, "value": error.value, "reason": error.reason}
