"""Forms for key people and our account team: validate and convert, no side effects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firstchoice.customers.models import Customer
from firstchoice.customers.research import competitor_names
from firstchoice.people import rules
from firstchoice.people.actions import PersonData, described
from firstchoice.people.models import (
    ENGAGEMENT_CHOICES,
    PHONE_CHARACTERS,
    ROLE_COLUMNS,
    Influence,
    InfluenceKind,
    KeyPerson,
    Level,
    Role,
)
from firstchoice.teams.models import User
from firstchoice.teams.queries import visible_salespeople

TEXT = forms.Textarea(attrs={"rows": 2})


class PersonChoiceField(forms.ModelChoiceField[KeyPerson]):
    """Key people told apart in a list: "Name (Title, Department)"."""

    def label_from_instance(self, obj: Any) -> str:
        return described(obj)


class RelationshipForm(forms.Form):
    """Buying roles, influence and the favoured competitor (issue 18): part of the person
    form, and alone what the API's people endpoints validate these fields with."""

    roles = forms.MultipleChoiceField(
        label=_("Buying roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Economic buyer: final say. User buyer: uses what we sell. Technical buyer: "
            "screens suppliers. Coach: helps us win. Gatekeeper: controls access."
        ),
    )
    influence = forms.ChoiceField(
        label=_("Influence on this account's decisions"),
        choices=[("", _("— not judged yet")), *Influence.choices],
        required=False,
    )
    favours_competitor = forms.ChoiceField(
        label=_("Favours competitor"),
        choices=[],
        required=False,
        help_text=_("One of the competitors listed in the dossier (market profile)."),
    )

    def __init__(
        self, *args: Any, customer: Customer, person: KeyPerson | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competitor_choices(customer, person)

    def competitor_choices(self, customer: Customer, person: KeyPerson | None) -> None:
        """The dossier's competitors (and the person's, if renamed there since)."""
        competitors = competitor_names(customer)
        current = person.favours_competitor if person is not None else ""
        if current and current not in competitors:
            competitors.append(current)
        rival: Any = self.fields["favours_competitor"]
        rival.choices = [("", _("— none")), *((n, n) for n in competitors)]
        if not competitors:
            rival.help_text = _(
                "List the account's competitors in the dossier (market profile) to choose one."
            )

    def role_flags(self) -> dict[str, Any]:
        roles = set(self.cleaned_data["roles"])
        return {column: role in roles for role, column in ROLE_COLUMNS.items()}


class KeyPersonForm(RelationshipForm):
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
    reports_to = PersonChoiceField(
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

    field_order = [
        "name", "department", "title", "level", "engagement", "roles", "influence",
        "favours_competitor", "reports_to",
    ]  # fmt: skip

    def __init__(
        self, *args: Any, customer: Customer, person: KeyPerson | None = None, **kwargs: Any
    ) -> None:
        if person is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(person, name)
                    for name in self.base_fields
                    if name not in ("version", "roles")
                },
                "roles": person.roles,
                "version": person.version,
            }
        super().__init__(*args, customer=customer, person=person, **kwargs)
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
        flags = self.role_flags()
        return PersonData(
            **{name: d[name] for name in PersonData.__dataclass_fields__ if name not in flags},
            **flags,
        )


class InfluenceLineForm(forms.Form):
    """ "A influences B": both chosen among the account's people, so a forged id is refused."""

    source = forms.ModelChoiceField(label=_("Who"), queryset=KeyPerson.objects.none())
    target = forms.ModelChoiceField(label=_("Influences whom"), queryset=KeyPerson.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=InfluenceKind.choices, initial=InfluenceKind.INFORMAL
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = KeyPerson.objects.filter(customer=customer).order_by("name")
        for name in ("source", "target"):
            field: Any = self.fields[name]
            field.queryset = people
            field.error_messages["invalid_choice"] = _("Choose one of this customer's people.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") is not None and data.get("source") == data.get("target"):
            self.add_error(
                "target", _("A person cannot influence themselves; choose someone else.")
            )
        return data


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
