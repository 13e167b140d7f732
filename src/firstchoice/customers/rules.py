"""Pure rules about customers and their research (M2, M3, M4). No Django imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from firstchoice.lib.money import percent

# How ERPs spell cash on delivery, in English and Chinese exports.
COD_SPELLINGS = frozenset(
    {"cod", "c.o.d.", "cash on delivery", "cash", "货到付款", "现金", "现款", "款到发货"}
)


def is_cod(payment_terms: str | None) -> bool:
    """True when the terms mean the customer pays cash on delivery (M8's first test)."""
    if not payment_terms:
        return False
    return payment_terms.strip().lower() in COD_SPELLINGS


# --- Target potential (M3) ----------------------------------------------------------------


def target_potential(total: Decimal, other_channels: Decimal) -> Decimal:
    """What we can compete for: the account's total volume minus what goes through channels
    we do not take part in (never below zero: the estimate's validation refuses that)."""
    return max(total - other_channels, Decimal(0))


def wallet_share(current: Decimal, potential: Decimal | None) -> Decimal | None:
    """Current sales as a share of the target potential, percent; None = unknown."""
    if potential is None or potential <= 0:
        return None
    return percent(current, potential)


def headroom(current: Decimal, potential: Decimal | None) -> Decimal | None:
    """Target potential − current sales; None = unknown (never zero for unknown)."""
    if potential is None or potential <= 0:
        return None
    return potential - current


def worth_resources(
    potential: Decimal | None,
    confidence: int | None,
    min_potential: Decimal,
    min_confidence: int,
) -> bool | None:
    """M3: worth the resources only when the potential is large enough *and* the confidence
    high enough. None while either figure is unknown."""
    if potential is None or confidence is None:
        return None
    return potential >= min_potential and confidence >= min_confidence


def estimate_errors(
    total: Decimal | None, other_channels: Decimal | None, confidence: int | None
) -> dict[str, str]:
    """Field → reason code for an impossible estimate; callers word it in the user's
    language. One reason per field, the most basic first."""
    errors: dict[str, str] = {}
    if total is not None and total < 0:
        errors["total"] = "negative"
    if other_channels is not None and other_channels < 0:
        errors["other_channels"] = "negative"
    elif total is not None and total >= 0 and other_channels is not None and other_channels > total:
        errors["other_channels"] = "above_total"
    if confidence is not None and not 0 <= confidence <= 100:
        errors["confidence"] = "range"
    return errors


# --- Dossier (M2) ---------------------------------------------------------------------------


def is_answered(value: object) -> bool:
    """An answer counts when it says something: 'unknown', blanks and empty lists do not."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() not in ("", "unknown")
    if isinstance(value, list | tuple | dict):
        return any(is_answered(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def section_score(values: Iterable[object]) -> tuple[int, int]:
    """(answered, asked) for one section's answers."""
    items = list(values)
    return sum(1 for v in items if is_answered(v)), len(items)


def completeness(sections: Iterable[tuple[int, int]]) -> int:
    """Percent complete of a dossier: every section weighs the same (a section with many
    small questions should not outweigh 'pain points'), each scored answered / asked."""
    scores = [answered / asked for answered, asked in sections if asked]
    if not scores:
        return 0
    return int(sum(scores) / len(scores) * 100)


def is_stale(updated: dt.date | dt.datetime | None, today: dt.date, max_age_days: int) -> bool:
    """A section last updated more than `max_age_days` ago is stale; never-filled is empty,
    not stale."""
    if updated is None:
        return False
    day = updated.date() if isinstance(updated, dt.datetime) else updated
    return (today - day).days > max_age_days


# --- Rules of engagement (M4) ----------------------------------------------------------------

RISKY = frozenset({"no", "partly"})


def is_risk(can_execute: str) -> bool:
    """A rule we cannot, or only partly, execute is a risk for the account."""
    return can_execute in RISKY
