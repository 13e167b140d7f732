"""Coaching on the six traits of elite salespeople (M10).

Traits and behaviours are reference data (pre-loaded from the article in English and
Chinese, edited by administrators). An assessment covers one salesperson and one period;
each behaviour gets a self rating and a coach rating on the same 1–5 scale.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from firstchoice.coaching import rules
from firstchoice.teams.models import Salesperson

# The short anchors of the 1–5 scale, from "never" to "always".
ANCHORS = {
    1: _("never"),
    2: _("rarely"),
    3: _("sometimes"),
    4: _("often"),
    5: _("always"),
}

SCORE_VALIDATORS = [MinValueValidator(rules.SCORE_MIN), MaxValueValidator(rules.SCORE_MAX)]


def _speaks_chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")


class Trait(models.Model):
    class Facing(models.TextChoices):
        CUSTOMER = "customer", _("the customer")
        SELF = "self", _("oneself and one's company")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    facing = models.CharField(_("facing"), max_length=8, choices=Facing.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("trait")
        verbose_name_plural = _("traits")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language (Chinese falls back to English when missing)."""
        return self.name_zh if _speaks_chinese() and self.name_zh else self.name_en

    @property
    def summary(self) -> str:
        return self.summary_zh if _speaks_chinese() and self.summary_zh else self.summary_en


class Behaviour(models.Model):
    """One observable behaviour of a trait (the article's bullet points)."""

    trait = models.ForeignKey(Trait, on_delete=models.CASCADE, related_name="behaviours")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.TextField(_("text (English)"))
    text_zh = models.TextField(_("text (Chinese)"), blank=True)
    # Retired behaviours keep their past ratings but are left out of new assessments.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["trait__number", "position", "id"]
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_zh if _speaks_chinese() and self.text_zh else self.text_en


class Assessment(models.Model):
    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, related_name="assessments"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["salesperson", "period_start"], name="one_assessment_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="assessment_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.salesperson} {self.period_label}"

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period_start, self.period_end)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    behaviour = models.ForeignKey(Behaviour, on_delete=models.PROTECT, related_name="ratings")
    self_score = models.PositiveSmallIntegerField(
        _("self rating"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    evidence = models.TextField(_("evidence notes"), blank=True)
    coach_score = models.PositiveSmallIntegerField(
        _("coach rating"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    coach_note = models.TextField(_("coach's note"), blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "behaviour"], name="one_rating_per_behaviour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.behaviour_id}: {self.self_score}/{self.coach_score}"

    @property
    def gap(self) -> int | None:
        return rules.gap(self.self_score, self.coach_score)

    @property
    def self_anchor(self) -> str:
        return str(ANCHORS[self.self_score]) if self.self_score else ""

    @property
    def coach_anchor(self) -> str:
        return str(ANCHORS[self.coach_score]) if self.coach_score else ""


class Comment(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    role = models.CharField(
        _("as"), max_length=8, choices=[(rules.SELF, _("Self")), (rules.COACH, _("Coach"))]
    )
    text = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class LearningGoal(models.Model):
    """A goal of the personal learning plan, tied to the trait it develops."""

    salesperson = models.ForeignKey(
        Salesperson, on_delete=models.CASCADE, related_name="learning_goals"
    )
    trait = models.ForeignKey(Trait, on_delete=models.PROTECT, related_name="learning_goals")
    goal = models.CharField(_("goal"), max_length=300)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trait__number", "due", "id"]
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")

    def __str__(self) -> str:
        return self.goal


class LearningActivity(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        EXPERT = "expert", _("working with a subject-matter expert")
        PRODUCT_SHOW = "product_show", _("product show")
        SUCCESS_STORY = "success_story", _("learning from another salesperson's success story")

    goal = models.ForeignKey(LearningGoal, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("activity"), max_length=16, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    planned_on = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")

    def __str__(self) -> str:
        return self.description
