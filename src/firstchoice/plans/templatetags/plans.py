from __future__ import annotations

from typing import Any

from django import template

from firstchoice.plans.starters import localized

register = template.Library()


@register.filter
def starter(text: str | None) -> str:
    """A plan template's text in the reader's language (see `starters.localized`)."""
    return localized(text) if text else (text or "")


@register.simple_tag
def comments_for(view: Any, on: str, ref: Any) -> list[Any]:
    """The comments on one part of the plan (`ref` is "" for the plan itself)."""
    if view is None:
        return []
    return view.comments_on(on, int(ref) if ref not in ("", None) else None)
