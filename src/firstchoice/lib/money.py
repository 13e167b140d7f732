"""Money and percentages as Decimal: figures must reconcile to the cent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when whole is zero (unknown)."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compact(amount: Decimal | None) -> str:
    """A short human figure for cards: 1,234 / 12.3k / 4.56M."""
    if amount is None:
        return "—"
    value = abs(amount)
    sign = "-" if amount < 0 else ""
    if value >= 1_000_000:
        return f"{sign}{value / 1_000_000:.2f}M"
    if value >= 10_000:
        return f"{sign}{value / 1_000:.1f}k"
    return f"{sign}{value:,.0f}"
