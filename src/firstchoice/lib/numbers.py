"""Numbers read the way the product writes them, for every form field and API string.

The product shows amounts as `2,500,000` and percentages as `98%`; people paste them back,
type them with spaces (`2 500 000`, also the thin and no-break spaces a spreadsheet copies),
or with a Chinese input method on (full-width `２５００`, `，`, `％`). `parse_number` reads all
of those and refuses anything it would have to guess at (`1,5`: one and a half, or fifteen?).
No Django here: forms (`lib.fields.NumberField`) and API schemas (`lib.api.Number`) wrap it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# After NFKC (full-width forms become ASCII, no-break and thin spaces become spaces), the
# signs people type besides "-": the minus sign the product prints, and the Chinese dash.
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\uff0d": "-"})
# Spaces NFKC leaves alone or that it maps to a space; all are digit-group separators here.
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u3000']+")
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class NotANumber(ValueError):
    """The text is not a number written in a way the product reads."""


def parse_number(raw: str, *, percent: bool = False) -> Decimal:
    """`raw` as a Decimal. With `percent`, a trailing `%` is allowed (and dropped: `98%` is
    98); without it, a `%` is refused rather than silently read as a plain number."""
    text = unicodedata.normalize("NFKC", str(raw)).translate(MINUS_SIGNS).strip()
    if text.endswith("%"):
        if not percent:
            raise NotANumber(raw)
        text = text[:-1].rstrip()
    # "2 500 000" and "2'500'000": the separators are spaces; groups of three after the first.
    if SPACES.search(text):
        parts = SPACES.split(text)
        head, rest = parts[0], parts[1:]
        if not re.fullmatch(r"[+-]?\d{1,3}", head) or not all(
            re.fullmatch(r"\d{3}", p) for p in rest[:-1]
        ):
            raise NotANumber(raw)
        if rest and not re.fullmatch(r"\d{3}(\.\d+)?", rest[-1]):
            raise NotANumber(raw)
        text = "".join(parts)
    if "," in text:
        if not GROUPED.match(text):
            raise NotANumber(raw)
        text = text.replace(",", "")
    if not PLAIN.match(text):
        raise NotANumber(raw)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only digits
        raise NotANumber(raw) from exc
