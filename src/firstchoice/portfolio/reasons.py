"""Reasons for tier changes that the product itself writes, worded at read time.

A reason generated for a carried-over list, an import or an accepted tier suggestion is
stored as a code and parameters (`TierChange.reason_code`, `reason_params`) and rendered in
the language of whoever reads the history, not frozen in the language of whoever clicked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from firstchoice.portfolio.suggestion_rules import Fact
from firstchoice.portfolio.suggestions import explain

CARRIED_OVER = "carried_over"
IMPORTED = "imported"
SUGGESTED = "suggested"
CODES = (CARRIED_OVER, IMPORTED, SUGGESTED)
FACT_KINDS = frozenset(
    [
        "sales",
        "margin",
        "growth",
        "new",
        "terms",
        "potential_unknown",
        "headroom",
        "above_median",
        "lapsed",
        "no_sales",
        "segment",
        "unowned",
    ]
)
MAX_FACTS = 12


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


def facts_params(facts: Iterable[Fact]) -> dict[str, Any]:
    """Facts as JSON-safe parameters (amounts as text, so no precision is lost)."""
    return {
        "facts": [
            {
                "kind": f.kind,
                "amount": None if f.amount is None else str(f.amount),
                "share": None if f.share is None else str(f.share),
                "text": f.text,
            }
            for f in facts
        ]
    }


def facts_from(params: Mapping[str, Any]) -> list[Fact]:
    """The facts back from parameters; ValueError on anything that is not one (they may
    come from a form)."""
    raw = params.get("facts")
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_FACTS:
        raise ValueError("facts: a list of 1 to 12")
    facts = []
    for item in raw:
        if not isinstance(item, dict) or item.get("kind") not in FACT_KINDS:
            raise ValueError("facts: an unknown kind")
        text = item.get("text") or ""
        if not isinstance(text, str) or len(text) > 100:
            raise ValueError("facts: text too long")
        facts.append(
            Fact(
                kind=item["kind"],
                amount=_decimal(item.get("amount")),
                share=_decimal(item.get("share")),
                text=text,
            )
        )
    return facts


def render(code: str, params: Mapping[str, Any], written: str) -> str:
    """The reason in the reader's language; what was written when there is no code (or one
    this version does not know)."""
    try:
        if code == CARRIED_OVER:
            return _("Carried over from %(year)d") % {"year": int(params["year"])}
        if code == IMPORTED:
            return _("Imported from %(source)s") % {"source": str(params["source"])}
        if code == SUGGESTED:
            return explain(facts_from(params))
    except (KeyError, TypeError, ValueError):
        pass
    return written


def reason_of(change: Any) -> str:
    """A `TierChange`'s reason for the reader."""
    return render(change.reason_code, change.reason_params or {}, change.reason)
