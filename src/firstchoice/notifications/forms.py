from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from firstchoice.notifications.kinds import Kind


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Send me e-mail"), required=False)
    digest_enabled = forms.BooleanField(label=_("Daily digest"), required=False)
    digest_time = forms.TimeField(
        label=_("Digest at (local time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: the company's time."),
    )
    immediate_kinds = forms.MultipleChoiceField(
        label=_("E-mail me at once about"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not notify me about"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
