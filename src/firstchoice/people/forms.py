"""Forms for key people and our account team: validate and convert, no side effects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firstchoice.customers.models import Customer
from firstchoice.people import rules
from firstchoice.people.actions import PersonData
from firstchoice.people.models import ENGAGEMENT_CHOICES, PHONE_CHARACTERS, KeyPerson, Level
from firstchoice.teams.models import User
from firstchoice.teams.queries import visible_salespeople

TEXT = forms.Textarea(attrs={"rows": 2})


class KeyPersonForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("a person's", "Name"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    title = forms.CharField(label=pgettext_lazy("job", "Title"), max_length=200, required=False)
    level = forms.ChoiceField(
        label=_("Organisation level"), choices=Level.choices, initial=Level.SITE
    )
    engagement = forms.TypedChoiceField(
        label=_("Engagement level"),
        choices=[("", _("— not judged yet")), *ENGAGEMENT_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    is_coach = forms.BooleanField(label=_("Coach"), required=False)
    reports_to = forms.ModelChoiceField(
        label=_("Reports to"),
        queryset=KeyPerson.objects.none(),
        required=False,
        empty_label=_("— nobody (top of a tree)"),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    fax = forms.CharField(label=_("Fax"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    pains = forms.CharField(label=_("What causes them pain"), required=False, widget=TEXT)
    responsibility = forms.CharField(
        label=_("Their responsibility in our project"), required=False, widget=TEXT
    )
    good_supplier = forms.CharField(
        label=_("What a good supplier looks like to them"), required=False, widget=TEXT
    )
    interests = forms.CharField(label=_("Personal interests"), required=False, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self, *args: Any, customer: Customer, person: KeyPerson | None = None, **kwargs: Any
    ) -> None:
        if person is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(person, name) for name in self.base_fields if name != "version"},
                "version": person.version,
            }
        super().__init__(*args, **kwargs)
        # Only people of the same customer can be chosen; an id from elsewhere is invalid.
        others = KeyPerson.objects.filter(customer=customer).order_by("name")
        if person is not None:
            others = others.exclude(pk=person.pk)
        field: Any = self.fields["reports_to"]
        field.queryset = others
        field.error_messages["invalid_choice"] = _(
            "Choose someone at this customer; a person cannot report to another customer's people."
        )

    def _phone(self, name: str) -> str:
        value: str = self.cleaned_data.get(name, "").strip()
        if value:
            PHONE_CHARACTERS(value)
            if not rules.valid_phone(value):
                raise forms.ValidationError(
                    _("Enter between %(min)d and %(max)d digits.")
                    % {"min": rules.MIN_PHONE_DIGITS, "max": rules.MAX_PHONE_DIGITS}
                )
        return value

    def clean_phone(self) -> str:
        return self._phone("phone")

    def clean_fax(self) -> str:
        return self._phone("fax")

    def data_out(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(**{name: d[name] for name in PersonData.__dataclass_fields__})


class OurPersonForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("a person's", "Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=99, initial=1)
    user = forms.ModelChoiceField(
        label=_("Login (optional)"), queryset=User.objects.none(), required=False
    )
    covers = forms.ModelMultipleChoiceField(
        label=_("Covers"),
        queryset=KeyPerson.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, customer: Customer, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field: Any = self.fields["user"]
        user_field.queryset = User.objects.filter(
            salesperson__in=visible_salespeople(viewer).values("pk")
        ).order_by("first_name", "username")
        covers: Any = self.fields["covers"]
        covers.queryset = KeyPerson.objects.filter(customer=customer).order_by("name")

    def action_fields(self) -> dict[str, Any]:
        """The cleaned data as `add_our_person` / `update_our_person` take it."""
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "role", "rank", "user")} | {"covers": list(d["covers"])}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV, XLSX or vCard)"),
        help_text=_("Matched by name: existing people are updated, new ones added."),
    )
