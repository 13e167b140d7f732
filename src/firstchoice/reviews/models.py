"""The monthly review (M7): each salesperson's statement and the team's monthly meeting.

A month is stored as its first day. Statements and meeting notes keep their full history
(django-simple-history): the meeting reads what was said then, and a `version` stops two
people editing the same text from silently overwriting each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.teams.models import Salesperson, Team


class Statement(models.Model):
    """What a salesperson says about their month, written before the meeting."""

    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, related_name="review_statements"
    )
    month = models.DateField(_("month"))
    progress = models.TextField(_("progress"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        constraints = [
            models.UniqueConstraint(
                fields=["salesperson", "month"], name="one_statement_per_salesperson_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.salesperson} {self.month:%Y-%m}"

    @property
    def is_empty(self) -> bool:
        return not (self.progress or self.difficulties or self.help_needed)


class Meeting(models.Model):
    """A team's monthly sales meeting, opened by one of its managers."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="review_meetings")
    month = models.DateField(_("month"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly meeting")
        verbose_name_plural = _("monthly meetings")
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="one_meeting_per_team_month")
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.month:%Y-%m}"


class MeetingNote(models.Model):
    """What the meeting recorded about one salesperson."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    salesperson = models.ForeignKey(Salesperson, on_delete=models.CASCADE, related_name="+")
    difficulties = models.TextField(_("difficulties"), blank=True)
    ideas = models.TextField(_("ideas shared"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    kudos = models.TextField(_("kudos"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "salesperson"], name="one_note_per_meeting_salesperson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.salesperson}"

    @property
    def is_empty(self) -> bool:
        return not (self.difficulties or self.ideas or self.decisions or self.kudos)
