"""The 5+5+5 portfolio (M1): a salesperson's focus accounts for a year, in three tiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.models import Customer
from firstchoice.teams.models import Salesperson


class Tier(models.TextChoices):
    A = "A", _("A — grow")
    B = "B", _("B — develop")
    C = "C", _("C — win")
    # Entries of an imported legacy list ("top 20") that nobody has tiered yet. Only the list
    # import writes it; the board offers to tier each such account or remove it.
    UNTIERED = "U", _("not tiered yet")


class Portfolio(models.Model):
    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, related_name="portfolios"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.UniqueConstraint(fields=["salesperson", "year"], name="one_portfolio_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.salesperson} {self.year}"


class PortfolioEntry(models.Model):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="entries")
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="portfolio_entries"
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices)
    since = models.DateTimeField(_("in this tier since"))

    class Meta:
        ordering = ["tier", "since"]
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "customer"], name="customer_once_per_portfolio"
            )
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} {self.tier} {self.customer}"


class RemovalReason(models.TextChoices):
    """Why an account left a list: whether tier suggestions may propose it again soon
    (`suggestion_rules.REPROPOSABLE`)."""

    NO_POTENTIAL = "no_potential", _("No potential left")
    LOST = "lost", _("Lost to a competitor")
    NOT_ENGAGING = "not_engaging", _("The customer does not engage")
    MADE_ROOM = "made_room", _("Made room for another account")
    OTHER = "other", _("Other")


class TierChange(models.Model):
    """One change of tier membership: who, when, from, to, why (M1).

    Kept as its own table rather than derived from row history because the method reads it
    as a narrative ("won and promoted to B", "dropped: no potential") and it must outlive
    the entry it describes.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("added")
        MOVED = "moved", _("moved")
        REMOVED = "removed", _("removed")

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="changes")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tier_changes")
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    from_tier = models.CharField(_("from"), max_length=1, choices=Tier.choices, blank=True)
    to_tier = models.CharField(_("to"), max_length=1, choices=Tier.choices, blank=True)
    reason = models.TextField(_("reason"))
    # For a removal: the kind of reason (blank before it was asked, and for adds and moves).
    removal_reason = models.CharField(
        _("removal reason"), max_length=16, choices=RemovalReason.choices, blank=True, default=""
    )
    # A reason the product wrote (carried over, imported, an accepted suggestion) is kept as
    # a code and its parameters and worded in the reader's language (`portfolio.reasons`);
    # `reason` keeps the words as first written, for search and exports. Empty: typed.
    reason_code = models.CharField(_("reason code"), max_length=20, blank=True, default="")
    reason_params = models.JSONField(_("reason parameters"), blank=True, default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")

    def __str__(self) -> str:
        return f"{self.customer} {self.from_tier or '∅'}→{self.to_tier or '∅'}"


class IgnoredSuggestion(models.Model):
    """A salesperson's "ignore" of one account in the tier suggestions, until undone."""

    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, related_name="ignored_suggestions"
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    ignored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ignored_at = models.DateTimeField(_("ignored at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["salesperson", "customer"], name="one_ignore_per_salesperson_customer"
            )
        ]
        verbose_name = _("ignored suggestion")
        verbose_name_plural = _("ignored suggestions")

    def __str__(self) -> str:
        return f"{self.salesperson} ignores {self.customer}"
