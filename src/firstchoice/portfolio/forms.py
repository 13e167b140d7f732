from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.models import Customer
from firstchoice.portfolio import reasons
from firstchoice.portfolio.models import RemovalReason, Tier
from firstchoice.portfolio.scoping import pick_customer
from firstchoice.teams.models import User

REASON_WIDGET = forms.TextInput(attrs={"placeholder": _("Why? (recorded in the history)")})


# The tiers a card can be moved to (an entry can leave "not tiered yet", never enter it).
MOVABLE_TIERS = {
    "choices": [(value, label) for value, label in Tier.choices if value != Tier.UNTIERED]
}


class CustomerField(forms.CharField):
    """A customer named by code or by name (`scoping.pick_customer`), within what the user
    may see: never trust a code from the client. Give it the user (`for_user`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Customer"))
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.user: User | None = None

    def clean(self, value: Any) -> Customer:
        text = super().clean(value)
        assert self.user is not None, "CustomerField needs for_user(user)"
        return pick_customer(self.user, text)


def for_user(form: forms.Form, user: User) -> None:
    """Give every CustomerField of `form` the user whose scope resolves it."""
    for field in form.fields.values():
        if isinstance(field, CustomerField):
            field.user = user


class AddEntryForm(forms.Form):
    customer = CustomerField(label=_("Customer code or name"))
    tier = forms.ChoiceField(choices=Tier.choices[:3], label=_("Tier"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=REASON_WIDGET)
    # An accepted tier suggestion sends its facts, so the reason reads in each reader's
    # language (`portfolio.reasons`); anything that is not facts is ignored, not an error.
    reason_facts = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4000)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for_user(self, user)

    def clean_reason_facts(self) -> dict[str, Any] | None:
        raw = self.cleaned_data.get("reason_facts") or ""
        if not raw:
            return None
        try:
            params = json.loads(raw)
            reasons.facts_from(params)
        except (ValueError, TypeError, AttributeError):
            return None
        return {"facts": params["facts"]}

    def reason_kwargs(self) -> dict[str, Any]:
        """The reason code and parameters for `actions.add_entry`."""
        params = self.cleaned_data.get("reason_facts")
        return {"reason_code": reasons.SUGGESTED, "reason_params": params} if params else {}


class MoveEntryForm(forms.Form):
    customer = forms.CharField(widget=forms.HiddenInput, max_length=64)
    tier = forms.ChoiceField(choices=Tier.choices[:3], label=_("Move to tier"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=REASON_WIDGET)


class RemoveEntryForm(forms.Form):
    customer = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The kind of reason decides whether suggestions may propose the account again soon.
    removal_reason = forms.ChoiceField(label=_("Why"), choices=RemovalReason.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=REASON_WIDGET)
