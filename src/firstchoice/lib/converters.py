"""URL converters."""

from __future__ import annotations


class YearConverter:
    """A four-digit year, 1900–2999: anything else is not a page (404), not a crash."""

    regex = "(19|2[0-9])[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class IdConverter:
    """A row id: ASCII digits within 64 bits, as the id columns. A longer number is no page
    (404), not an overflow in the database driver (SQLite raises on integers past 64 bits)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > 2**63 - 1:
            raise ValueError(value)  # the URL resolver reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
