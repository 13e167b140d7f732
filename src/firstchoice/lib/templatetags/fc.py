from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    """Whole currency units with thousands separators; '—' when unknown."""
    if not isinstance(value, (Decimal, int, float)):
        return "—"
    return f"{value:,.0f}"


@register.filter
def cents(value: Decimal | None) -> str:
    """An exact amount with thousands separators and both decimals: 20,002.10."""
    if not isinstance(value, Decimal | int):
        return "—"
    return f"{value:,.2f}"


@register.filter
def cell(value: object) -> object:
    """A spreadsheet cell as the user typed it: 3.0 shows as 3, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@register.filter
def join_names(items: Iterable[object]) -> str:
    """A list of names with the language's own separator (Chinese uses 、)."""
    return _(", ").join(str(item) for item in items)


@register.filter
def month_name(month: int) -> str:
    """The month's name in the active language (Jan / 1月)."""
    return date_format(dt.date(2000, month, 1), "M")


@register.simple_tag
def tier_name(tier: str) -> str:
    return {"A": _("Grow"), "B": _("Develop"), "C": _("Win")}.get(tier, tier)


@register.simple_tag
def tier_description(tier: str) -> str:
    return {
        "A": _("Large, successful business today, not yet at the account's full potential."),
        "B": _("Some business today, well below the account's real potential."),
        "C": _("No business yet, large potential. Rotates as accounts are won or dropped."),
    }.get(tier, "")
