"""Forms of the monthly review: they validate and convert, nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from firstchoice.reviews.actions import MAX_TEXT


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatementForm(forms.Form):
    progress = _text(_("Progress"), _("What moved forward this month, account by account."))
    difficulties = _text(_("Difficulties"), _("What is in the way."))
    help_needed = _text(_("Help needed"), _("What you ask of the team or your manager."))
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    difficulties = _text(_("Difficulties"))
    ideas = _text(_("Ideas shared"))
    decisions = _text(_("Decisions"))
    kudos = _text(_("Kudos"))
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
