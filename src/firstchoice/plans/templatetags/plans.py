from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def comments_for(view: Any, on: str, ref: Any) -> list[Any]:
    """The comments on one part of the plan (`ref` is "" for the plan itself)."""
    if view is None:
        return []
    return view.comments_on(on, int(ref) if ref not in ("", None) else None)
