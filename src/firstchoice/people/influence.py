"""Writes of influence lines, "A influences B" beside the reporting lines (issue 18).

The one write path of the people page, the API and the demo; history is kept by
django-simple-history like every other change to an account's people.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.people.models import InfluenceKind, InfluenceLine, KeyPerson
from firstchoice.teams.models import User

NOTE_MAX = 300


@transaction.atomic
def create_influence_line(
    *,
    actor: User,
    customer: Customer,
    source: KeyPerson,
    target: KeyPerson,
    kind: str = InfluenceKind.INFORMAL,
    note: str = "",
) -> InfluenceLine:
    """Record that `source` influences `target`; refused by field for a user's mistake."""
    # Serialise writers of one account: the "once per pair" check counts siblings.
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    errors: dict[str, list[str]] = {}
    for field, person in (("source", source), ("target", target)):
        if person.customer_id != customer.pk:
            errors[field] = [
                _("%(name)s works for another customer; choose someone at %(customer)s.")
                % {"name": person.name, "customer": customer.name}
            ]
    if not errors and source.pk == target.pk:
        errors["target"] = [_("A person cannot influence themselves; choose someone else.")]
    if kind not in InfluenceKind.values:
        errors["kind"] = [
            _("Choose one of: %(kinds)s.")
            % {"kinds": ", ".join(str(label) for label in InfluenceKind.labels)}
        ]
    note = note.strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("At most %(max)d characters.") % {"max": NOTE_MAX}]
    if not errors and InfluenceLine.objects.filter(source=source, target=target).exists():
        errors["target"] = [
            _("%(source)s → %(target)s is already on the map; remove it first to change it.")
            % {"source": source.name, "target": target.name}
        ]
    if errors:
        raise ValidationError(errors)
    line = InfluenceLine(customer=customer, source=source, target=target, kind=kind, note=note)
    line._history_user = actor  # type: ignore[attr-defined]
    line.save()
    return line


@transaction.atomic
def delete_influence_line(*, actor: User, line: InfluenceLine) -> None:
    line._history_user = actor  # type: ignore[attr-defined]
    line.delete()
