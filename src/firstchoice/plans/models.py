"""The year action master plan of one portfolio account (M6).

Every row a person edits carries a `version`: an edit names the version it started from and
is refused when someone saved in between (optimistic concurrency, see actions.save_guarded),
so two people never silently overwrite each other.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.customers.models import Customer
from firstchoice.lib.fields import OptionalMoneyField
from firstchoice.teams.models import Salesperson

EXPECTED_FIELDS = tuple(f"expected_{month:02d}" for month in range(1, 13))


def _expected_label(month: int) -> str:
    return format_lazy(_("expected sales, {month}"), month=MONTHS[month])  # type: ignore[return-value]


class Plan(models.Model):
    class Start(models.TextChoices):
        TIER_A = "A", _("Tier A template: growth objectives")
        TIER_B = "B", _("Tier B template: development steps")
        TIER_C = "C", _("Tier C template: win plan")
        COPY = "copy", _("Copy of last year's plan")
        BLANK = "blank", _("Blank plan")

    salesperson = models.ForeignKey(Salesperson, on_delete=models.CASCADE, related_name="plans")
    # Like the account's key people, a plan has no meaning without its customer; the
    # portfolio's tier changes (PROTECT) are what keeps a deleted customer's story.
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier when started"), max_length=1, blank=True)
    started_from = models.CharField(_("started from"), max_length=5, choices=Start.choices)
    # Expected sales per month, January to December, or all empty when not set: the
    # "expected" of the monthly review (M7). Money like everywhere else (MoneyField, integer
    # cents). Twelve columns rather than twelve rows: they are read and saved whole, the
    # plan's version guards them, and the plan's history records each month's change.
    expected_01 = OptionalMoneyField(_expected_label(1), null=True, blank=True)
    expected_02 = OptionalMoneyField(_expected_label(2), null=True, blank=True)
    expected_03 = OptionalMoneyField(_expected_label(3), null=True, blank=True)
    expected_04 = OptionalMoneyField(_expected_label(4), null=True, blank=True)
    expected_05 = OptionalMoneyField(_expected_label(5), null=True, blank=True)
    expected_06 = OptionalMoneyField(_expected_label(6), null=True, blank=True)
    expected_07 = OptionalMoneyField(_expected_label(7), null=True, blank=True)
    expected_08 = OptionalMoneyField(_expected_label(8), null=True, blank=True)
    expected_09 = OptionalMoneyField(_expected_label(9), null=True, blank=True)
    expected_10 = OptionalMoneyField(_expected_label(10), null=True, blank=True)
    expected_11 = OptionalMoneyField(_expected_label(11), null=True, blank=True)
    expected_12 = OptionalMoneyField(_expected_label(12), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["salesperson", "customer", "year"], name="one_plan_per_account_year"
            ),
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__isnull": True for name in EXPECTED_FIELDS})
                | models.Q(**{f"{name}__isnull": False for name in EXPECTED_FIELDS}),
                name="plan_expected_all_months_or_none",
            ),
        ]
        indexes = [models.Index(fields=["year", "customer"])]

    def __str__(self) -> str:
        return f"{self.salesperson} {self.year} {self.customer}"

    @property
    def expected_by_month(self) -> list[Decimal] | None:
        """The twelve expected amounts, January first; None when not set."""
        values = [getattr(self, name) for name in EXPECTED_FIELDS]
        if any(value is None for value in values):
            return None
        return values

    def set_expected_by_month(self, values: Sequence[Decimal] | None) -> None:
        """Set the twelve months, January first (amounts with at most two places), or clear
        them with None. Saving is the caller's."""
        if values is not None and len(values) != len(EXPECTED_FIELDS):
            raise ValueError(f"expected {len(EXPECTED_FIELDS)} months, got {len(values)}")
        months: Sequence[Decimal | None] = values or [None] * len(EXPECTED_FIELDS)
        for name, value in zip(EXPECTED_FIELDS, months, strict=True):
            setattr(self, name, value)


class Metric(models.TextChoices):
    SALES = "sales", _("Sales")
    MARGIN = "margin", _("Margin")
    VOLUME = "volume", _("Volume")
    SHARE = "share", _("Share of target potential")
    CUSTOM = "custom", _("Custom measure")


# Metrics whose current value comes from the sales lines, not from a person.
AUTOMATIC_METRICS = frozenset({Metric.SALES, Metric.MARGIN})


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=300)
    metric = models.CharField(_("metric"), max_length=8, choices=Metric.choices)
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_objectives",
        verbose_name=_("owner"),
    )
    # Hand-kept current value of a volume/share/custom objective, and the day it was true.
    current_value = models.DecimalField(
        _("current value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    current_on = models.DateField(_("current value on"), null=True, blank=True)
    addresses = models.ManyToManyField(
        "people.KeyPerson",
        blank=True,
        related_name="plan_objectives",
        verbose_name=_("addresses the pains of"),
    )
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[addresses])

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def is_automatic(self) -> bool:
        return self.metric in AUTOMATIC_METRICS


class Action(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")
        DECLINED = "declined", _("Declined by owner")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("why (objective served)"),
    )
    purpose = models.CharField(_("why (in words)"), max_length=300, blank=True)
    how = models.TextField(_("how"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("who"),
    )
    due = models.DateField(_("when (due)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    # Why it was dropped by the plan's owner, or declined by the person asked to do it.
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    resources = models.TextField(_("resources needed"), blank=True)
    addresses = models.ManyToManyField(
        "people.KeyPerson",
        blank=True,
        related_name="plan_actions",
        verbose_name=_("addresses the pains of"),
    )
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[addresses])

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["owner", "status", "due"])]

    def __str__(self) -> str:
        return self.what


class ContactObjective(models.Model):
    """What one planned meeting or call with a key person must achieve, and what it did."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contacts")
    key_person = models.ForeignKey(
        "people.KeyPerson",
        on_delete=models.CASCADE,
        related_name="contact_objectives",
        verbose_name=_("key person"),
    )
    goal = models.CharField(_("what it must achieve"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_contacts",
        verbose_name=_("who meets them"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("objective served"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("contact objective")
        verbose_name_plural = _("contact objectives")

    def __str__(self) -> str:
        return self.goal


class Comment(models.Model):
    """A manager's (or the plan owner's) comment on the plan or one part of it."""

    class On(models.TextChoices):
        PLAN = "plan", _("the plan")
        OBJECTIVE = "objective", _("an objective")
        ACTION = "action", _("an action")
        CONTACT = "contact", _("a contact objective")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    on = models.CharField(_("on"), max_length=10, choices=On.choices, default=On.PLAN)
    ref = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:50]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed URL.

    Stored as is (unlike API tokens) because the feed URL must be shown again whenever the
    person wants to add it to another calendar; it grants read access to their own actions
    only, and revoking it (a new one replaces it) cuts off every calendar that had the URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.token[:6]}…"
