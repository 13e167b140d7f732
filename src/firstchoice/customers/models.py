"""Customers: the ERP's customer master, as far as the method needs it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.rules import is_cod
from firstchoice.teams.models import Salesperson


class Customer(models.Model):
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
    created = models.DateTimeField(auto_now_add=True)

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
