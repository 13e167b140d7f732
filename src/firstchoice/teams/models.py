"""Users, teams, salesperson profiles, company settings and API tokens (M11)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from firstchoice.lib import memo
from firstchoice.lib.fields import MoneyField
from firstchoice.lib.models import LockedDeletion


class User(AbstractUser):
    """A login. Roles come from relations: a Salesperson profile, managed teams, is_staff."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.is_staff

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_teams",
        blank=True,
        verbose_name=_("managers"),
        help_text=_("Sales managers who see, review and coach this team."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Salesperson(LockedDeletion):
    """The selling identity behind portfolios and sales lines.

    ERP exports name salespeople by code; a profile may exist without a login until an
    administrator links it to a user.
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salesperson",
        verbose_name=_("login"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salespeople",
        verbose_name=_("team"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("salesperson")
        verbose_name_plural = _("salespeople")

    def __str__(self) -> str:
        return self.name or self.code

    @property
    def handle(self) -> str:
        """What URLs and the API call this salesperson: the login name, else the ERP code."""
        return self.user.username if self.user_id and self.user else self.code


class CompanySettings(models.Model):
    """One row of company-wide settings, edited by an administrator."""

    company_name = models.CharField(_("company name"), max_length=200, default="firstchoice")
    tier_a_capacity = models.PositiveSmallIntegerField(
        _("tier A capacity"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    tier_b_capacity = models.PositiveSmallIntegerField(
        _("tier B capacity"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    tier_c_capacity = models.PositiveSmallIntegerField(
        _("tier C capacity"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    # Research (M2, M5): an entry older than this many days is shown as stale.
    dossier_stale_days = models.PositiveSmallIntegerField(
        _("dossier section stale after (days)"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    org_chart_stale_days = models.PositiveSmallIntegerField(
        _("key person entry stale after (days)"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    # Contact history: a key person not contacted for this many days is flagged, by
    # engagement level (1 = champion … 5 = opponent). Champions and supporters go cold
    # fastest; a person not yet judged counts as neutral (level 3).
    contact_days_1 = models.PositiveSmallIntegerField(
        _("contact a level 1 person at least every (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    contact_days_2 = models.PositiveSmallIntegerField(
        _("contact a level 2 person at least every (days)"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    contact_days_3 = models.PositiveSmallIntegerField(
        _("contact a level 3 person at least every (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    contact_days_4 = models.PositiveSmallIntegerField(
        _("contact a level 4 person at least every (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    contact_days_5 = models.PositiveSmallIntegerField(
        _("contact a level 5 person at least every (days)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    # "Worth the resources?" (M3): both thresholds must be met.
    min_target_potential = MoneyField(
        _("minimum target potential"), default=Decimal(0), validators=[MinValueValidator(0)]
    )
    min_confidence = models.PositiveSmallIntegerField(
        _("minimum confidence of success (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    # Top-customer audit (M8).
    top_customer_percent = models.PositiveSmallIntegerField(
        _("top customers are the top (%) by annual revenue"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    min_margin_percent = models.DecimalField(
        _("minimum margin (%) of a top customer"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
    )

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self) -> str:
        return str(self.company_name)

    MEMO_KEY = "company-settings"

    @classmethod
    def load(cls) -> CompanySettings:
        """The settings row, read once per request (lib.memo): a page's parts all read it."""
        return memo.per_request(cls.MEMO_KEY, cls._read)

    @classmethod
    def _read(cls) -> CompanySettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def contact_days(self) -> dict[int, int]:
        """Days without contact before a key person is flagged, by engagement level 1–5."""
        return {level: getattr(self, f"contact_days_{level}") for level in range(1, 6)}

    def capacities(self) -> dict[str, int]:
        return {"A": self.tier_a_capacity, "B": self.tier_b_capacity, "C": self.tier_c_capacity}


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class DataVersion(models.Model):
    """One row naming the state of the company's data: a new random token whenever any of
    it changes (teams.pagecache). Whole pages are cached under the token they were drawn
    at, so a change of anything makes every cached page unreachable at once. Random, not a
    counter: a database restored from a backup comes back with the token of its own state,
    and no later state can reuse it."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("data version")

    def __str__(self) -> str:
        return str(self.token)
