"""Forms of the coaching pages: they validate and convert, nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from firstchoice.coaching import rules
from firstchoice.coaching.models import ANCHORS, LearningActivity, Status, Trait
from firstchoice.lib.forms import offer

# Browsers read and send a date input as ISO 8601 whatever the page language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class StartForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)

    @classmethod
    def for_quarter(cls, day: dt.date) -> StartForm:
        quarter = rules.quarter_of(day)
        return cls(initial={"period_start": quarter.start, "period_end": quarter.end})


def _score(value: str) -> int | None:
    return int(value) if value else None


class RatingsForm(forms.Form):
    """One side's score and note for every behaviour of the assessment."""

    def __init__(self, *args: Any, behaviour_ids: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.behaviour_ids = list(behaviour_ids)
        choices = [("", "—"), *((str(s), f"{s} · {ANCHORS[s]}") for s in rules.SCORES)]
        for pk in self.behaviour_ids:
            self.fields[f"score_{pk}"] = forms.TypedChoiceField(
                label=_("Rating"),
                choices=choices,
                coerce=_score,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Notes"), required=False, max_length=2000
            )

    def ratings(self) -> list[tuple[int, int | None, str]]:
        data = self.cleaned_data
        return [
            (pk, data.get(f"score_{pk}"), data.get(f"note_{pk}", "")) for pk in self.behaviour_ids
        ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalForm(forms.Form):
    trait = forms.ModelChoiceField(
        queryset=Trait.objects.order_by("number"), label=_("Trait"), empty_label=None
    )
    goal = forms.CharField(label=_("Goal"), max_length=300)
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args: Any, traits: list[Trait] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if traits is not None:
            # The page has read the six traits already: the select offers them without a
            # query of its own (two, in fact: the options and the required-attribute check).
            offer(self.fields["trait"], traits)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(choices=LearningActivity.Kind.choices, label=_("Activity"))
    description = forms.CharField(label=_("Description"), max_length=300)
    planned_on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, label=_("Status"))
