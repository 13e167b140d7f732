"""Notifications (issue 19): what happened for one person, their e-mail preferences, the
company's defaults, the daily digests and the reminders already given.

A notification's text is not stored: its kind and parameters are, and the text is rendered
when shown, in the reader's language (`kinds.TITLES`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstchoice.notifications import kinds
from firstchoice.notifications.kinds import Kind
from firstchoice.teams.models import Team


def _default_immediate() -> list[str]:
    return list(kinds.DEFAULT_IMMEDIATE)


class MailState(models.TextChoices):
    """An e-mail's way out, claimed before it is sent so it is never sent twice."""

    NONE = "", _("not mailed")
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Immediate mail (the kinds the user picked): claimed pending → sending → sent.
    mail_state = models.CharField(
        max_length=8, choices=MailState.choices, default=MailState.NONE, blank=True
    )
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at", "created"], name="notification_inbox"),
            models.Index(fields=["mail_state"], name="notification_mail_state"),
            models.Index(fields=["created"], name="notification_created"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        params: dict[str, Any] = dict(self.params)
        if "answer" in params:
            params["answer"] = kinds.ANSWERS.get(params["answer"], params["answer"])
        try:
            return str(kinds.TITLES[Kind(self.kind)]) % params
        except (KeyError, ValueError, TypeError):
            return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind


class NotificationSettings(models.Model):
    """The company's defaults (one row, edited by an administrator)."""

    email_enabled = models.BooleanField(_("e-mail notifications on"), default=True)
    digest_time = models.TimeField(_("daily digest at (local time)"), default=dt.time(8, 0))
    immediate_kinds = models.JSONField(
        _("kinds mailed at once"), default=_default_immediate, blank=True
    )
    muted_kinds = models.JSONField(_("kinds not notified"), default=list, blank=True)
    meeting_day = models.PositiveSmallIntegerField(
        _("monthly meeting on day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month a team reviews the month before (unless set per team)."),
    )
    statement_days_before = models.PositiveSmallIntegerField(
        _("remind of the statement (days before the meeting)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(27)],
    )
    keep_days = models.PositiveSmallIntegerField(
        _("keep notifications (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(_("notification settings"))

    @classmethod
    def load(cls) -> NotificationSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class TeamMeetingDay(models.Model):
    """The day of the month a team holds its monthly review (else the company's default)."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="meeting_day", verbose_name=_("team")
    )
    day = models.PositiveSmallIntegerField(
        _("meeting on day"), validators=[MinValueValidator(1), MaxValueValidator(28)]
    )

    class Meta:
        verbose_name = _("team meeting day")
        verbose_name_plural = _("team meeting days")

    def __str__(self) -> str:
        return f"{self.team}: {self.day}"


class Preference(models.Model):
    """One person's choices; a missing row (or an empty field) means the company's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("e-mail me"), default=True)
    digest_enabled = models.BooleanField(_("daily digest"), default=True)
    digest_time = models.TimeField(_("digest at (local time)"), null=True, blank=True)
    immediate_kinds = models.JSONField(_("kinds mailed at once"), null=True, blank=True)
    muted_kinds = models.JSONField(_("kinds not notified"), null=True, blank=True)
    # Kinds unsubscribed from by e-mail link: never mailed, still shown in the product.
    unsubscribed_kinds = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Digest(models.Model):
    """One user's daily digest for one local day: at most one, claimed before it is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    since = models.DateTimeField(null=True, blank=True)  # notifications after this...
    until = models.DateTimeField()  # ...up to this one are in it
    count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=8, choices=MailState.choices, default=MailState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Reminder(models.Model):
    """A state someone was reminded of (an action overdue, a stale section) and that still
    holds: the scanners remind once per state, and forget it when the state ends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="remind_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.key}"
