"""Customers: the ERP's customer master, as far as the method needs it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.customers import dossier
from firstchoice.customers.dossier import FIELD_SECTION
from firstchoice.customers.rules import is_cod, is_risk, target_potential
from firstchoice.lib.fields import MoneyField, OptionalMoneyField
from firstchoice.lib.models import LockedDeletion
from firstchoice.teams.models import Salesperson

SECTION_CHOICES = [(s.key, s.title) for s in dossier.SECTIONS]


class Customer(LockedDeletion):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PROSPECT = "prospect", _("Prospect")
        INACTIVE = "inactive", _("Inactive")
        BLOCKED = "blocked", _("Blocked")

    code = models.CharField(_("customer code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(
        Salesperson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
        verbose_name=_("owner"),
    )
    segment = models.CharField(_("segment"), max_length=100, blank=True)
    payment_terms = models.CharField(_("payment terms"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # From the ERP's customer master (`import-customers`); null: not given.
    credit_limit = OptionalMoneyField(_("credit limit"), null=True, blank=True)
    parent_group = models.CharField(_("parent group"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Who owned the account and on what terms, and since when (the master import and every
    # save record a version; bulk loads of new customers do not).
    history = HistoricalRecords(excluded_fields=["created"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"]), models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_cod(self) -> bool:
        return is_cod(self.payment_terms)


# --- Account research (M2, M3, M4) ------------------------------------------------------


class DossierQuestion(models.Model):
    """A company's own question in a dossier section (M2: "a company must be able to add its
    own questions"), added by an administrator in English and Chinese."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "int", _("Number")
        CHOICE = "choice", _("Choice")
        YES_NO = "yesno", _("Yes / no")

    section = models.CharField(_("section"), max_length=32, choices=SECTION_CHOICES)
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_("Names the answer in the API and the import column, e.g. erp_system."),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    label_en = models.CharField(_("question (English)"), max_length=200)
    label_zh = models.CharField(_("question (Chinese)"), max_length=200, blank=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a choice: one per line, 'English | 中文'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("dossier question")
        verbose_name_plural = _("dossier questions")

    def __str__(self) -> str:
        return self.label_en

    def clean(self) -> None:
        if self.key in FIELD_SECTION or self.key == "notes":
            raise ValidationError({"key": _("This key is a standard dossier field.")})
        if self.kind == self.Kind.CHOICE and not self.choice_pairs():
            raise ValidationError({"choices": _("A choice question needs choices.")})

    def choice_pairs(self) -> list[tuple[str, str, str]]:
        """(value, English, Chinese) per line; the English text is the stored value."""
        pairs = []
        for line in self.choices.splitlines():
            english, _sep, chinese = line.partition("|")
            if english.strip():
                pairs.append((english.strip().lower(), english.strip(), chinese.strip()))
        return pairs

    def as_field(self, language: str = "en") -> dossier.Field:
        chinese = language.lower().startswith("zh")
        label = (self.label_zh or self.label_en) if chinese else self.label_en
        kind = "long" if self.kind == self.Kind.TEXT else self.kind
        choices: tuple[tuple[str, str], ...] = ()
        if self.kind == self.Kind.CHOICE:
            choices = tuple((v, (zh or en) if chinese else en) for v, en, zh in self.choice_pairs())
        elif self.kind == self.Kind.YES_NO:
            choices = tuple((k, str(v)) for k, v in dossier.YES_NO)
        return dossier.Field(self.key, label, kind, choices)


class DossierSection(models.Model):
    """One of the eleven sections of a customer's dossier: structured answers + notes."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="dossier_sections"
    )
    key = models.CharField(_("section"), max_length=32, choices=SECTION_CHOICES)
    # Field key → value, in the form `dossier.clean` returns (custom answers included).
    data = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier section")
        verbose_name_plural = _("dossier sections")
        constraints = [
            models.UniqueConstraint(fields=["customer", "key"], name="dossier_section_once")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.key}"


class TargetPotential(models.Model):
    """A dated estimate of what the account could buy from us (M3). Rows are never edited:
    each new estimate is a new row, so the trend stays visible."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="potentials")
    estimated_on = models.DateField(_("date of the estimate"))
    total = MoneyField(_("total market volume"), validators=[MinValueValidator(0)])
    other_channels = MoneyField(
        _("volume through channels we do not serve"), default=0, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence of success (%)"), validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-estimated_on", "-id"]
        verbose_name = _("target potential")
        verbose_name_plural = _("target potentials")
        indexes = [models.Index(fields=["customer", "-estimated_on", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other_channels__lte=models.F("total")),
                name="potential_other_channels_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.estimated_on}"

    @property
    def target(self) -> Decimal:
        return target_potential(self.total, self.other_channels)


class EngagementRule(models.Model):
    """How the account wants to do business, and whether we can (M4).

    `owner` is a salesperson when someone in the system owns it (so it can be listed on
    their plans), and `owner_text` names anyone else (the credit department, a warehouse):
    most rules are executed by people who never log in here.
    """

    class Kind(models.TextChoices):
        INVENTORY = "inventory", _("Inventory (consignment, stocking)")
        CREDIT_TERMS = "credit_terms", _("Credit terms")
        CONTRACT_PRICING = "contract_pricing", _("Contract pricing")
        QUALITY_PLAN = "quality_plan", _("Quality plan")
        INTEGRATED_SUPPLY = "integrated_supply", _("Integrated supply")
        SHIPPING = "shipping", _("Special shipping and handling")
        CREDIT_CARD = "credit_card", _("Credit-card sales")
        TRAINING = "training", _("Training")
        ALLIANCE = "alliance", _("Strategic alliance")
        CARRIERS = "carriers", _("Carriers")
        CUSTOM = "custom", _("Other")

    class CanExecute(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Unknown")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    requirement = models.TextField(_("what the customer requires"), blank=True)
    can_execute = models.CharField(
        _("can we execute it?"),
        max_length=8,
        choices=CanExecute.choices,
        default=CanExecute.UNKNOWN,
    )
    how = models.TextField(_("how"), blank=True)
    owner = models.ForeignKey(
        Salesperson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner on our side"),
    )
    owner_text = models.CharField(_("or owned by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer", "id"]
        verbose_name = _("rule of engagement")
        verbose_name_plural = _("rules of engagement")
        constraints = [
            # One row per standard rule; any number of custom ones.
            models.UniqueConstraint(
                fields=["customer", "kind"],
                condition=~models.Q(kind="custom"),
                name="engagement_rule_standard_once",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def name(self) -> str:
        return self.title if self.kind == self.Kind.CUSTOM else str(self.get_kind_display())

    @property
    def is_risk(self) -> bool:
        return is_risk(self.can_execute)
