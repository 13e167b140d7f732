"""{% people_card customer %}: the M5 summary other pages (the customer page) include;
`flags|red_flags`: the red flags of an account's people, worded (board card, people page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.models import Customer
from firstchoice.lib.http import today
from firstchoice.people.queries import people_flags
from firstchoice.people.rules import PeopleFlags

register = template.Library()


@register.inclusion_tag("people/_card.html")
def people_card(customer: Customer) -> dict[str, Any]:
    """Flags and links for one customer the page already obtained through a scoped lookup."""
    return {"customer": customer, "flags": people_flags([customer.pk], today=today())[customer.pk]}


# The words of rules.RED_FLAGS: (short label, why it matters). One list for every page.
RED_FLAG_WORDS = {
    "no_economic_buyer": (
        _("no economic buyer"),
        _("Nobody is marked economic buyer: find out who has the final say."),
    ),
    "economic_buyer_uncovered": (
        _("economic buyer not covered"),
        _("None of our people covers the economic buyer."),
    ),
    "economic_buyer_cold": (
        _("economic buyer against us"),
        _("The economic buyer is at engagement level 4–5 (sceptic or opponent)."),
    ),
    "one_level": (
        _("all contacts at one level"),
        _("Every contact sits at one organisation level; the method asks for every level."),
    ),
    "competitor_backer": (
        _("high influence favours a competitor"),
        _("Someone with high influence on this account favours a competitor."),
    ),
    "no_coach": (_("no coach"), _("Nobody covers for us and tells us how to win.")),
}


@register.filter
def red_flags(flags: PeopleFlags | None) -> list[tuple[str, str, str]]:
    """(code, label, explanation) of each red flag `flags` raises (rules.red_flags)."""
    if flags is None:
        return []
    return [
        (code, str(RED_FLAG_WORDS[code][0]), str(RED_FLAG_WORDS[code][1])) for code in flags.red
    ]
