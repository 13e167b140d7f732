"""Parse the research forms of the customer page; the actions validate and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstchoice.customers import dossier
from firstchoice.customers.models import EngagementRule
from firstchoice.lib.fields import NumberField


def section_values(
    spec: dossier.Section, questions: list[dossier.Field], post: QueryDict
) -> dict[str, object]:
    """The native values `dossier.clean` takes, from a section form's POST.

    Inputs are named after the field keys: `markets-0-name`, `markets-0-trend` … for the
    rows of a list, repeated `special_requirements` for check boxes.
    """
    values: dict[str, object] = {"notes": post.get("notes", "")}
    for field in [*spec.fields, *questions]:
        if field.kind == "checks":
            values[field.key] = post.getlist(field.key)
        elif field.kind == "list":
            values[field.key] = [
                {col.key: post.get(f"{field.key}-{i}-{col.key}", "") for col in field.columns}
                for i in range(field.max_items)
            ]
        else:
            values[field.key] = post.get(field.key, "")
    return values


class PotentialForm(forms.Form):
    """Types only: the action says what is allowed (the same words for page and API)."""

    estimated_on = forms.DateField(label=_("Date of the estimate"))
    total = NumberField(label=_("Total market volume"), max_digits=16, example="2,500,000")
    other_channels = NumberField(
        label=_("Through channels we do not serve"),
        max_digits=16,
        required=False,
        initial=Decimal(0),
        example="250,000",
    )
    confidence = NumberField(
        label=_("Confidence of success (%)"), percent=True, whole=True, example="70%"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # ISO text, not a date: <input type=date> takes nothing else, whatever the language.
        kwargs.setdefault("initial", {"estimated_on": timezone.localdate().isoformat()})
        super().__init__(*args, **kwargs)

    source = forms.CharField(label=_("Source"), required=False, max_length=300)


class RuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    requirement = forms.CharField(
        label=_("What the customer requires"), required=False, widget=forms.Textarea
    )
    can_execute = forms.ChoiceField(
        label=_("Can we execute it?"), choices=EngagementRule.CanExecute.choices
    )
    how = forms.CharField(label=_("How"), required=False, widget=forms.Textarea)
    owner = forms.CharField(label=_("Owner on our side"), required=False)
    owner_text = forms.CharField(label=_("Or owned by"), required=False, max_length=200)
