from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from firstchoice.lib import caching

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    """Whole currency units with thousands separators; '—' when unknown."""
    if not isinstance(value, (Decimal, int, float)):
        return "—"
    return f"{value:,.0f}"


@register.filter
def money_or_unknown(value: Decimal | None) -> str:
    """Like `money`, but a figure the data does not give (a margin no ERP line carried)
    reads "unknown", never "—" or 0."""
    if value is None:
        return _("unknown")
    return money(value)


@register.filter
def terms_or_unknown(value: str | None) -> str:
    """Payment terms as recorded; "unknown" when neither the lines nor the master give any."""
    return value or _("unknown")


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
    return {"A": _("Grow"), "B": _("Develop"), "C": _("Win"), "U": _("Not tiered yet")}.get(
        tier, tier
    )


@register.simple_tag
def tier_description(tier: str) -> str:
    return {
        "A": _("Large, successful business today, not yet at the account's full potential."),
        "B": _("Some business today, well below the account's real potential."),
        "C": _("No business yet, large potential. Rotates as accounts are won or dropped."),
        "U": _("From an imported list. Move each account to tier A, B or C, or remove it."),
    }.get(tier, "")


@register.filter
def share(value: Decimal | float | None) -> str:
    """A fraction 0..1 as a percentage with one decimal; '—' when unknown."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def join_reasons(reasons: Iterable[str]) -> str:
    """Top-customer criteria (M8) a customer fails, named in the user's language."""
    names = {"revenue": _("revenue"), "margin": _("margin"), "potential": _("potential")}
    return ", ".join(str(names[r]) for r in names if r in reasons) or "—"


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: object) -> str:
    """The current query string with `changes` applied (None or "" removes a parameter)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def cached_fragment(context: template.Context, template_name: str, **values: object) -> SafeString:
    """`template_name` rendered with only `values`, drawn once per distinct values and
    language (lib.caching: the key is a digest of the values, so it is never stale). The
    request's CSRF token is put in after the cache; nothing else of the page's context is
    visible to the fragment."""
    key = caching.fragment_key(f"fragment:{template_name}", values)
    html = caching.remember(
        key,
        lambda: render_to_string(template_name, {**values, "csrf_token": caching.CSRF_MARKER}),
    )
    token = context.get("csrf_token")
    return mark_safe(  # noqa: S308 — our own template's output; the token is escaped
        html.replace(caching.CSRF_MARKER, conditional_escape(str(token)) if token else "")
    )
