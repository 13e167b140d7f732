"""Every write to an account's research (M2, M3, M4): pages, API and import call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers import dossier, rules
from firstchoice.customers.models import (
    Customer,
    DossierQuestion,
    DossierSection,
    EngagementRule,
    TargetPotential,
)
from firstchoice.lib.edits import check_version
from firstchoice.teams.models import Salesperson, User

AMOUNT_LIMIT = Decimal(10) ** 14  # what a 64-bit column of cents holds, with room to add
STANDARD_RULES = [k for k, _label in EngagementRule.Kind.choices if k != EngagementRule.Kind.CUSTOM]


def _questions(key: str) -> list[dossier.Field]:
    return [q.as_field() for q in DossierQuestion.objects.filter(section=key, active=True)]


@transaction.atomic
def update_section(
    *,
    actor: User | None,
    customer: Customer,
    key: str,
    values: Mapping[str, object],
    partial: bool = False,
    version: int | None = None,
) -> DossierSection:
    """Save one dossier section's answers (and notes). With `partial`, keys not given keep
    their stored answer (API PATCH, import); otherwise the section is replaced as a whole
    (the page sends every field). Raises ValidationError naming each bad field.

    `version` is the section's version when the editor opened it (0 before its first
    save): if someone saved it since, StaleEdit refuses the save rather than silently
    overwriting their answers."""
    if key not in dossier.BY_KEY:
        raise ValidationError({"section": _("No such dossier section: %(key)s.") % {"key": key}})
    row = DossierSection.objects.select_for_update().filter(customer=customer, key=key).first()
    check_version(row, version)
    questions = _questions(key)
    given = dict(values)
    if partial and row is not None:
        # Answers to questions an administrator has since retired are dropped, not refused.
        asked = {f.key for f in [*dossier.section(key).fields, *questions]}
        stored = {k: v for k, v in row.data.items() if k in asked}
        given = {**stored, "notes": row.notes, **given}
    cleaned = dossier.clean(key, given, questions)
    notes = str(cleaned.pop("notes"))
    if row is None:
        row = DossierSection(customer=customer, key=key)
    if row.pk is not None and row.data == cleaned and row.notes == notes:
        return row  # nothing changed: no history entry, the section's date stays honest
    row.version = row.version + 1 if row.pk is not None else 1
    row.data = cleaned
    row.notes = notes
    row.updated_at = timezone.now()
    row.updated_by = actor
    row._history_user = actor  # type: ignore[attr-defined]  # simple-history reads this
    row.save()
    return row


@transaction.atomic
def add_potential(
    *,
    actor: User | None,
    customer: Customer,
    estimated_on: dt.date,
    total: Decimal | None,
    other_channels: Decimal | None,
    confidence: int | None,
    source: str = "",
) -> TargetPotential:
    """Record a new dated estimate of the target potential; earlier ones stay as history."""
    errors: dict[str, str] = {}
    if total is None:
        errors["total"] = _("Enter the total market volume.")
    if confidence is None:
        errors["confidence"] = _("Enter the confidence of success, 0 to 100.")
    messages = {
        ("total", "negative"): _("The total market volume cannot be negative."),
        ("other_channels", "negative"): _("The volume through other channels cannot be negative."),
        ("other_channels", "above_total"): _(
            "The volume through other channels cannot exceed the total market volume."
        ),
        ("confidence", "range"): _("The confidence of success is a percentage from 0 to 100."),
    }
    for name, reason in rules.estimate_errors(total, other_channels, confidence).items():
        errors.setdefault(name, messages[(name, reason)])
    for name, amount in (("total", total), ("other_channels", other_channels)):
        if amount is not None and (
            not amount.is_finite()
            or amount.as_tuple().exponent < -2  # type: ignore[operator]
            or abs(amount) >= AMOUNT_LIMIT
        ):
            errors[name] = _("Enter an amount with at most two decimal places.")
    if len(source) > 300:
        errors["source"] = _("Keep it under %(limit)d characters.") % {"limit": 300}
    if estimated_on > timezone.localdate() + dt.timedelta(days=1):
        errors["estimated_on"] = _("The date of an estimate cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    assert total is not None and confidence is not None
    return TargetPotential.objects.create(
        customer=customer,
        estimated_on=estimated_on,
        total=total,
        other_channels=other_channels or Decimal(0),
        confidence=confidence,
        source=source.strip(),
        created_by=actor,
    )


@transaction.atomic
def save_rule(
    *,
    actor: User | None,
    customer: Customer,
    kind: str,
    rule: EngagementRule | None = None,
    title: str = "",
    requirement: str = "",
    can_execute: str = EngagementRule.CanExecute.UNKNOWN,
    how: str = "",
    owner: Salesperson | None = None,
    owner_text: str = "",
) -> EngagementRule:
    """Record a rule of engagement: a standard one by its kind (one per account), or a custom
    one (`rule` to change an existing one, None to add)."""
    errors: dict[str, str] = {}
    if kind not in EngagementRule.Kind.values:
        errors["kind"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(EngagementRule.Kind.values)
        }
    if can_execute not in EngagementRule.CanExecute.values:
        errors["can_execute"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(EngagementRule.CanExecute.values)
        }
    if kind == EngagementRule.Kind.CUSTOM and not title.strip():
        errors["title"] = _("Name the rule.")
    for name, value, limit in (
        ("title", title, 200),
        ("owner_text", owner_text, 200),
        ("requirement", requirement, 4000),
        ("how", how, 4000),
    ):
        if len(value) > limit:
            errors[name] = _("Keep it under %(limit)d characters.") % {"limit": limit}
    if rule is not None and (rule.customer_id != customer.pk or rule.kind != kind):
        errors["kind"] = _("This rule belongs to another account or kind.")
    if errors:
        raise ValidationError(errors)
    if rule is None and kind != EngagementRule.Kind.CUSTOM:
        rule = (
            EngagementRule.objects.select_for_update().filter(customer=customer, kind=kind).first()
        )
    if rule is None:
        rule = EngagementRule(customer=customer, kind=kind)
    rule.title = title.strip() if kind == EngagementRule.Kind.CUSTOM else ""
    rule.requirement = requirement.strip()
    rule.can_execute = can_execute
    rule.how = how.strip()
    rule.owner = owner
    rule.owner_text = owner_text.strip()
    rule.updated_at = timezone.now()
    rule.updated_by = actor
    rule._history_user = actor  # type: ignore[attr-defined]
    rule.save()
    return rule


@transaction.atomic
def delete_rule(*, actor: User | None, rule: EngagementRule) -> None:
    """Remove a custom rule (standard ones are set to 'unknown' instead: they always apply)."""
    if rule.kind != EngagementRule.Kind.CUSTOM:
        raise ValidationError({"kind": _("A standard rule cannot be removed.")})
    rule._history_user = actor  # type: ignore[attr-defined]
    rule.delete()
