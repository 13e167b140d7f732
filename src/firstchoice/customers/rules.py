"""Pure rules about customers. No Django imports."""

from __future__ import annotations

# How ERPs spell cash on delivery, in English and Chinese exports.
COD_SPELLINGS = frozenset(
    {"cod", "c.o.d.", "cash on delivery", "cash", "货到付款", "现金", "现款", "款到发货"}
)


def is_cod(payment_terms: str | None) -> bool:
    """True when the terms mean the customer pays cash on delivery (M8's first test)."""
    if not payment_terms:
        return False
    return payment_terms.strip().lower() in COD_SPELLINGS
