"""Sales lines: the company's own invoice lines, the 'actual' of the method (M9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firstchoice.customers.models import Customer
from firstchoice.lib.fields import MoneyField, OptionalMoneyField
from firstchoice.teams.models import Salesperson


class ImportBatch(models.Model):
    """One import of an ERP file: what came in, from whom, and its totals. Can be rolled back."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    rows = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_seen = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in file"), null=True, blank=True)
    duplicates_skipped = models.PositiveIntegerField(_("duplicate lines skipped"), default=0)
    rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    amount_total = MoneyField(_("amount total"), default=0)
    margin_total = OptionalMoneyField(_("margin total"), null=True, blank=True)  # null: unknown
    customers_created = models.PositiveIntegerField(_("customers created"), default=0)
    salespeople_created = models.PositiveIntegerField(_("salespeople created"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # --replace-period: what the import took out, [{"month": "2026-10", "batch": 17,
    # "lines": 12345}, …]; the lines themselves are kept in ReplacedLine for a rollback.
    replaced = models.JSONField(_("lines replaced"), default=list, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


# The columns of an invoice line as the bulk paths write them (ReplacedLine keeps the same).
LINE_COLUMNS = (
    "invoice_date",
    "customer_id",
    "salesperson_id",
    "amount",
    "margin",
    "payment_terms",
    "invoice_no",
    "line_no",
    "product",
    "quantity",
    "currency",
    "batch_id",
)


class SalesLine(models.Model):
    invoice_date = models.DateField(_("invoice date"))
    # Foreign keys without their own index: the (…, invoice_date) indexes below serve them,
    # and every index costs time on imports of millions of lines.
    #
    # Nor does the database check them row by row (db_constraint=False): on PostgreSQL
    # that queued three trigger events per imported line, 18 million for a 6-million-line
    # file, which took longer than loading the lines. What the checks guarded is kept:
    # - the only bulk writer, the importer, takes every id from the customer and
    #   salesperson tables in its own transaction (or creates the row);
    # - it holds those rows (FOR KEY SHARE, once per row) until it commits, and deleting
    #   a customer or salesperson locks its row first (lib.models.LockedDeletion), so
    #   a deletion waits for a running import and then finds its lines;
    # - on_delete (PROTECT, CASCADE) is Django's, which never relied on the database.
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="sales_lines",
        verbose_name=_("customer"),
        db_index=False,
        db_constraint=False,
    )
    salesperson = models.ForeignKey(
        Salesperson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_lines",
        verbose_name=_("salesperson"),
        db_index=False,
        db_constraint=False,
    )
    amount = MoneyField(_("amount"))
    # Null: the ERP export gave no margin for this line; unknown, never counted as 0.
    margin = OptionalMoneyField(_("margin"), null=True, blank=True)
    payment_terms = models.CharField(_("payment terms"), max_length=50, blank=True)
    invoice_no = models.CharField(_("invoice number"), max_length=100, blank=True)
    line_no = models.CharField(_("line number"), max_length=32, blank=True)
    product = models.CharField(_("product"), max_length=1000, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("import batch"),
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("sales line")
        verbose_name_plural = _("sales lines")
        constraints = [
            # An invoice line counts once, however often the ERP exports it.
            models.UniqueConstraint(
                fields=["invoice_no", "line_no"],
                condition=~Q(invoice_no=""),
                name="invoice_line_once",
            )
        ]
        indexes = [
            models.Index(fields=["batch"], name="salesline_batch"),
            models.Index(fields=["customer", "invoice_date"], name="salesline_customer_date"),
            models.Index(fields=["salesperson", "invoice_date"], name="salesline_salesperson_date"),
            models.Index(fields=["invoice_date"], name="salesline_date"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_date} {self.customer_id} {self.amount}"


class CreatedByImport(models.Model):
    """A customer or salesperson an import created: a rollback of the batch removes it when
    nothing else refers to it by then."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("record created by an import")
        verbose_name_plural = _("records created by imports")

    def __str__(self) -> str:
        return f"#{self.batch_id} {self.customer_id or ''}{self.salesperson_id or ''}"


class ReplacedLine(models.Model):
    """An invoice line a --replace-period import took out of the live table, kept as it was
    (ids and all) so that rolling that import back puts it back."""

    replaced_by = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="replaced_lines", db_index=False
    )
    line_id = models.BigIntegerField()
    invoice_date = models.DateField()
    customer_id = models.BigIntegerField()
    salesperson_id = models.BigIntegerField(null=True)
    amount = MoneyField()
    margin = OptionalMoneyField(null=True)
    payment_terms = models.CharField(max_length=50, blank=True)
    invoice_no = models.CharField(max_length=100, blank=True)
    line_no = models.CharField(max_length=32, blank=True)
    product = models.CharField(max_length=1000, blank=True)
    quantity = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    currency = models.CharField(max_length=3, blank=True)
    batch_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("replaced sales line")
        verbose_name_plural = _("replaced sales lines")
        indexes = [models.Index(fields=["replaced_by"], name="replacedline_batch")]

    def __str__(self) -> str:
        return f"{self.invoice_date} {self.customer_id} {self.amount}"


class MonthlySales(models.Model):
    """Roll-up of sales lines per customer × salesperson × month (M9's actuals).

    Derived data: the import and its rollback keep it current, `rebuild-rollups` re-derives
    it from the lines. Read by analytics that span all customers.
    """

    # Derived rows written in bulk with ids the importer read: not checked row by row in
    # the database, as SalesLine's keys (the importer holds the rows until it commits).
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    salesperson = models.ForeignKey(
        Salesperson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    month = models.DateField(_("month"))  # first day of the month
    amount = MoneyField(_("amount"))
    # The margin of the lines whose margin is known (null: none is) and their amount, so a
    # margin % is taken over the lines it is known for.
    margin = OptionalMoneyField(_("margin"), null=True, blank=True)
    margin_base = MoneyField(_("amount of the lines with a known margin"), default=0)
    cod_amount = MoneyField(_("amount on cash-on-delivery terms"))
    lines = models.PositiveIntegerField(_("lines"))

    class Meta:
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "salesperson", "month"],
                name="one_rollup_per_customer_salesperson_month",
            )
        ]
        indexes = [
            models.Index(fields=["month", "customer"]),
            models.Index(fields=["salesperson", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.customer_id} {self.amount}"
