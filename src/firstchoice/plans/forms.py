"""Forms of the plan page: they validate and convert; the actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from firstchoice.lib.fields import NumberField
from firstchoice.plans.models import Action, Comment, Metric, Plan
from firstchoice.plans.queries import PlanView

DATE = forms.DateInput(attrs={"type": "date"})


class VersionedForm(forms.Form):
    # The version the editor started from; a stale one is refused by the action.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StartForm(forms.Form):
    start = forms.ChoiceField(choices=Plan.Start.choices, label=_("Start from"))


class _PlanPartForm(forms.Form):
    """A form whose choices (owners, objectives, key people) come from the plan's view."""

    def __init__(self, *args: Any, view: PlanView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = {str(u.pk): u for u in view.owners}
        objectives = {str(r.objective.pk): r.objective for r in view.objectives}
        people = {str(p.pk): p for p in view.people}
        self._choices: dict[str, dict[str, Any]] = {
            "owner": owners,
            "objective": objectives,
            "key_person": people,
            "addresses": people,
        }
        for name, options in self._choices.items():
            if name in self.fields:
                blank = [] if name == "addresses" else [("", "—")]
                self.fields[name].choices = blank + [(k, str(v)) for k, v in options.items()]  # type: ignore[attr-defined]

    def _resolve(self, name: str) -> Any:
        raw = self.cleaned_data.get(name)
        if name == "addresses":
            return [self._choices[name][k] for k in raw or []]
        return self._choices[name].get(raw) if raw else None

    def resolved(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in self._choices:
            if name in self.fields:
                data[name] = self._resolve(name)
        return data


class ObjectiveForm(_PlanPartForm):
    title = forms.CharField(label=_("Objective"), max_length=300)
    metric = forms.ChoiceField(choices=Metric.choices, label=_("Metric"))
    # "98%" is a percentage objective's target as the product writes it.
    baseline = NumberField(label=_("Baseline"), required=False, percent=True, example="12,500")
    target = NumberField(label=_("Target"), required=False, percent=True, example="12,500")
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)
    next_year = forms.BooleanField(label=_("Due next year"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    addresses = forms.MultipleChoiceField(
        label=_("Addresses the pains of"), required=False, widget=forms.CheckboxSelectMultiple
    )


class EditObjectiveForm(ObjectiveForm, VersionedForm):
    pass


class ValueForm(VersionedForm):
    value = NumberField(label=_("Current value"), percent=True, example="12,500")
    on = forms.DateField(label=_("On"), widget=DATE)


class ActionForm(_PlanPartForm):
    what = forms.CharField(label=_("What"), max_length=300)
    objective = forms.ChoiceField(label=_("Why: objective served"), required=False)
    purpose = forms.CharField(label=_("Why, if no objective"), max_length=300, required=False)
    how = forms.CharField(label=_("How"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("Who"), required=False)
    due = forms.DateField(label=_("When (due)"), required=False, widget=DATE)
    next_year = forms.BooleanField(label=_("Due next year"), required=False)
    resources = forms.CharField(label=_("Resources needed"), required=False, max_length=2000)
    addresses = forms.MultipleChoiceField(
        label=_("Addresses the pains of"), required=False, widget=forms.CheckboxSelectMultiple
    )


class EditActionForm(ActionForm, VersionedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—")] + [c for c in Action.Status.choices if c[0] != "declined"],
    )
    reason = forms.CharField(label=_("Reason (when dropped)"), max_length=500, required=False)


class RespondForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], label=_("Decision")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ProgressForm(VersionedForm):
    status = forms.ChoiceField(
        choices=[("in_progress", _("In progress")), ("done", _("Done"))], label=_("Status")
    )


class ContactForm(_PlanPartForm):
    key_person = forms.ChoiceField(label=_("Key person"))
    goal = forms.CharField(label=_("What it must achieve"), max_length=300)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    owner = forms.ChoiceField(label=_("Who meets them"), required=False)
    objective = forms.ChoiceField(label=_("Objective served"), required=False)


class EditContactForm(ContactForm, VersionedForm):
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExpectedForm(VersionedForm):
    mode = forms.ChoiceField(
        choices=[("phase", _("Phase a sales objective")), ("months", _("Month by month"))],
        label=_("How"),
    )
    phase_from = forms.IntegerField(label=_("Sales objective"), required=False)
    seasonal = forms.BooleanField(label=_("Like last year's months"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for month in range(1, 13):
            self.fields[f"month_{month}"] = NumberField(
                label=MONTHS[month], min_value=0, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == "months":
            # A month already refused (not a number) says so once, not twice.
            missing = [
                m
                for m in range(1, 13)
                if data.get(f"month_{m}") is None and f"month_{m}" not in self.errors
            ]
            for m in missing:
                self.add_error(
                    f"month_{m}",
                    _("%(month)s: enter an amount such as 12,500.") % {"month": MONTHS[m]},
                )
        elif data.get("mode") == "phase" and not data.get("phase_from"):
            self.add_error("phase_from", _("Choose the sales objective to phase."))
        return data


class CommentForm(forms.Form):
    on = forms.ChoiceField(choices=Comment.On.choices, initial="plan", label=_("On"))
    ref = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
