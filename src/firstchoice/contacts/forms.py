"""The contact form: few fields, sensible defaults (today, a visit, you as the next step's
owner), choices limited to the account's people, our colleagues on it and its plans'
contact objectives. It validates and converts; `contacts.actions` decides and writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from firstchoice.contacts.actions import ContactData
from firstchoice.contacts.models import Contact
from firstchoice.people.models import KeyPerson
from firstchoice.plans.models import ContactObjective
from firstchoice.teams.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Named(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, KeyPerson):
            return f"{obj.name}" + (f" · {obj.title}" if obj.title else "")
        if isinstance(obj, ContactObjective):
            when = obj.date.isoformat() if obj.date else "—"
            return f"{obj.key_person.name}: {obj.goal} ({when})"
        return str(obj)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Contact.Kind.choices, widget=forms.RadioSelect, initial="visit"
    )
    day = forms.DateField(label=_("When"), widget=DATE)
    their_people = _Named(
        label=_("Their people"),
        queryset=KeyPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    our_people = _Named(
        label=_("Our people"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = _Named(
        label=_("Contact objectives served"),
        queryset=ContactObjective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Also written onto the contact objectives it served."),
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)
    next_step_owner = forms.ModelChoiceField(
        label=_("Next step owner"), queryset=User.objects.none(), required=False
    )
    next_step_due = forms.DateField(label=_("Next step due"), required=False, widget=DATE)
    next_step_done_on = forms.DateField(label=_("Next step done on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self,
        *args: Any,
        people: Any,
        colleagues: Any,
        objectives: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["their_people"].queryset = people  # type: ignore[attr-defined]
        self.fields["our_people"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["next_step_owner"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["objectives"].queryset = objectives  # type: ignore[attr-defined]
        if not editing:
            del self.fields["next_step_done_on"]

    def data_out(self) -> ContactData:
        d = self.cleaned_data
        return ContactData(
            kind=d["kind"],
            day=d["day"],
            their_people=list(d["their_people"]),
            our_people=list(d["our_people"]),
            objectives=list(d["objectives"]),
            notes=d["notes"],
            outcome=d["outcome"],
            next_step=d["next_step"],
            next_step_owner=d["next_step_owner"],
            next_step_due=d["next_step_due"],
            next_step_done_on=d.get("next_step_done_on"),
        )


def initial_for(contact: Contact) -> dict[str, Any]:
    return {
        "kind": contact.kind,
        "day": contact.day,
        "their_people": list(contact.their_people.all()),
        "our_people": list(contact.our_people.all()),
        "objectives": list(contact.objectives.all()),
        "notes": contact.notes,
        "outcome": contact.outcome,
        "next_step": contact.next_step,
        "next_step_owner": contact.next_step_owner,
        "next_step_due": contact.next_step_due,
        "next_step_done_on": contact.next_step_done_on,
        "version": contact.version,
    }


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    done_on = forms.DateField(required=False, widget=DATE)


def default_initial(user: User, today: dt.date, person: KeyPerson | None) -> dict[str, Any]:
    return {
        "kind": "visit",
        "day": today,
        "our_people": [user],
        "next_step_owner": user,
        "their_people": [person] if person else [],
    }
