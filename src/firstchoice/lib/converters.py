"""URL converters."""

from __future__ import annotations


class YearConverter:
    """A four-digit year, 1900–2999: anything else is not a page (404), not a crash."""

    regex = "(19|2[0-9])[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
