"""The contact log: every visit, call, video meeting, e-mail or event with a customer's
people, who of ours took part, which contact objectives (M6) it served, and the next step
it left with an owner and a due day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.customers.models import Customer
from firstchoice.people.models import KeyPerson
from firstchoice.plans.models import ContactObjective


class Contact(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        VIDEO = "video", _("Video call")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Event")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.VISIT)
    day = models.DateField(_("when"))
    their_people = models.ManyToManyField(
        KeyPerson, blank=True, related_name="contacts", verbose_name=_("their people")
    )
    our_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="customer_contacts",
        verbose_name=_("our people"),
    )
    objectives = models.ManyToManyField(
        ContactObjective,
        blank=True,
        related_name="logged_contacts",
        verbose_name=_("contact objectives served"),
    )
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_next_steps",
        verbose_name=_("next step owner"),
    )
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done_on = models.DateField(_("next step done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit

    history = HistoricalRecords(m2m_fields=[their_people, our_people, objectives])

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["customer", "-day", "-id"], name="contact_customer_day"),
            models.Index(
                fields=["next_step_owner", "next_step_done_on", "next_step_due"],
                name="contact_next_step_owner",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_step_due__isnull=True) | ~models.Q(next_step=""),
                name="contact_due_needs_next_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.day} {self.kind}"
