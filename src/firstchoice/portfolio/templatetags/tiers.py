from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import template

from firstchoice.portfolio import reasons
from firstchoice.portfolio.suggestion_rules import Fact

register = template.Library()


@register.filter
def facts_json(facts: Iterable[Fact]) -> str:
    """A suggestion's facts for the accept form (autoescaped in the attribute)."""
    return json.dumps(reasons.facts_params(facts), ensure_ascii=False)


@register.filter
def reason(change: Any) -> str:
    """A tier change's reason in the reader's language."""
    return reasons.reason_of(change)
