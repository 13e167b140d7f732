"""Sales lines: the company's own invoice lines, the 'actual' of the method (M9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.models import Customer
from firstchoice.lib.fields import MoneyField
from firstchoice.teams.models import Salesperson


class SalesLine(models.Model):
    invoice_date = models.DateField(_("invoice date"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="sales_lines", verbose_name=_("customer")
    )
    salesperson = models.ForeignKey(
        Salesperson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_lines",
        verbose_name=_("salesperson"),
    )
    amount = MoneyField(_("amount"))
    margin = MoneyField(_("margin"))
    payment_terms = models.CharField(_("payment terms"), max_length=50, blank=True)
    invoice_no = models.CharField(_("invoice number"), max_length=64, blank=True)
    line_no = models.CharField(_("line number"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("sales line")
        verbose_name_plural = _("sales lines")
        indexes = [
            models.Index(fields=["customer", "invoice_date"]),
            models.Index(fields=["salesperson", "invoice_date"]),
            models.Index(fields=["invoice_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_date} {self.customer_id} {self.amount}"
