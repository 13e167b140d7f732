"""Pure sales math (M9). No Django imports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from firstchoice.lib.money import ZERO, percent


@dataclass(frozen=True)
class Figures:
    """Sales and margin over a window; lines = how many invoice lines they sum."""

    amount: Decimal = ZERO
    margin: Decimal = ZERO
    lines: int = 0

    @property
    def margin_pct(self) -> Decimal | None:
        return percent(self.margin, self.amount)

    @property
    def has_business(self) -> bool:
        return self.lines > 0 and self.amount > 0
