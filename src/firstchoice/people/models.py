"""Key people on both sides of an account and the customer's org chart (M5)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.customers.models import Customer

# Digits with the usual separators and an optional leading +; at least 6 digits is checked
# in rules.valid_phone (a regex cannot count digits among separators readably).
PHONE_CHARACTERS = RegexValidator(
    r"^\+?[0-9 ()./\-]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?$",
    _("Enter a phone number: digits, spaces, ( ) . / - and an optional leading +."),
)


class Level(models.TextChoices):
    """Where in the customer's organisation a person sits, from the top down (M5)."""

    HEAD_OFFICE = "head_office", _("Head office")
    DIVISION = "division", _("Division")
    SITE = "site", _("Site")
    SHOP_FLOOR = "shop_floor", _("Shop floor")


# Shown next to every engagement field: the scale means nothing without its definitions.
ENGAGEMENT_DEFINITIONS = {
    1: _("Sells our case inside their company and opens doors for us."),
    2: _("Prefers us; gives us time and information."),
    3: _("Listens; no preference yet."),
    4: _("Prefers the status quo or a competitor."),
    5: _("Works against us."),
}
ENGAGEMENT_NAMES = {
    1: _("Champion"),
    2: _("Supporter"),
    3: _("Neutral"),
    4: _("Sceptic"),
    5: _("Opponent"),
}
# Lazy: built when the module loads, the labels must still follow each reader's language.
ENGAGEMENT_CHOICES = [(k, format_lazy("{} · {}", k, v)) for k, v in ENGAGEMENT_NAMES.items()]


class KeyPerson(models.Model):
    """A person who matters at a customer: who they are, how engaged, what hurts them."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="key_people", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.CharField(
        _("organisation level"), max_length=12, choices=Level.choices, default=Level.SITE
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[PHONE_CHARACTERS])
    fax = models.CharField(_("fax"), max_length=40, blank=True, validators=[PHONE_CHARACTERS])
    email = models.EmailField(_("email"), blank=True)
    # 1 = highest (METHOD.md M5); None = not yet judged, which is not the same as low.
    engagement = models.PositiveSmallIntegerField(
        _("engagement level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    interests = models.TextField(_("personal interests"), blank=True)
    good_supplier = models.TextField(_("what a good supplier looks like to them"), blank=True)
    pains = models.TextField(_("what causes them pain"), blank=True)
    responsibility = models.TextField(_("their responsibility in our project"), blank=True)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    is_coach = models.BooleanField(_("coach"), default=False)
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit

    history = HistoricalRecords()

    class Meta:
        ordering = ["department", "name", "id"]
        verbose_name = _("key person")
        verbose_name_plural = _("key people")
        indexes = [models.Index(fields=["customer", "department", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(engagement__isnull=True)
                | models.Q(engagement__gte=1, engagement__lte=5),
                name="key_person_engagement_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(reports_to=models.F("pk")),
                name="key_person_not_own_boss",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OurPerson(models.Model):
    """A colleague of ours who works an account, ranked by importance (M5, our side).

    A named colleague rather than a Salesperson: the people an account needs are often
    engineers, service staff or a director who have no login and sell nothing. When the
    colleague does have a login, `user` links it so the row can be found from their side.
    """

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="our_people", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_roles",
        verbose_name=_("login"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, validators=[MinValueValidator(1)])
    covers = models.ManyToManyField(
        KeyPerson, blank=True, related_name="covered_by", verbose_name=_("covers")
    )
    created = models.DateTimeField(auto_now_add=True)

    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit

    history = HistoricalRecords(m2m_fields=[covers])

    class Meta:
        ordering = ["rank", "name", "id"]
        verbose_name = _("our person")
        verbose_name_plural = _("our people")
        indexes = [models.Index(fields=["customer", "rank"])]

    def __str__(self) -> str:
        return self.name
