"""{% people_card customer %}: the M5 summary other pages (the customer page) include."""

from __future__ import annotations

from typing import Any

from django import template

from firstchoice.customers.models import Customer
from firstchoice.lib.http import today
from firstchoice.people.queries import people_flags

register = template.Library()


@register.inclusion_tag("people/_card.html")
def people_card(customer: Customer) -> dict[str, Any]:
    """Flags and links for one customer the page already obtained through a scoped lookup."""
    return {"customer": customer, "flags": people_flags([customer.pk], today=today())[customer.pk]}
