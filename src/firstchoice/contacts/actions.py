"""Every write to the contact log: log, edit (stale-edit guarded), remove, and mark a next
step done. Pages, the API and the demo call these; callers resolve every object through the
scoped lookups in `contacts.queries` first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.contacts.models import Contact
from firstchoice.contacts.queries import colleagues
from firstchoice.customers.models import Customer
from firstchoice.lib.edits import guarded
from firstchoice.people.models import KeyPerson
from firstchoice.plans.actions.checks import save_as
from firstchoice.plans.models import ContactObjective
from firstchoice.teams.models import User

# How far back a contact may be logged: older than this is almost always a typing mistake.
OLDEST_DAYS = 3 * 366


@dataclass
class ContactData:
    kind: str
    day: dt.date
    their_people: Sequence[KeyPerson] = ()
    our_people: Sequence[User] = ()
    objectives: Sequence[ContactObjective] = ()
    notes: str = ""
    outcome: str = ""
    next_step: str = ""
    next_step_owner: User | None = None
    next_step_due: dt.date | None = None
    next_step_done_on: dt.date | None = None


SCALARS = (
    "kind",
    "day",
    "notes",
    "outcome",
    "next_step",
    "next_step_owner",
    "next_step_due",
    "next_step_done_on",
)


def _validate(customer: Customer, actor: User, data: ContactData, *, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if data.kind not in Contact.Kind.values:
        errors["kind"] = _("Choose visit, call, video call, e-mail or event.")
    if data.day > today:
        errors["day"] = _(
            "A contact is logged after it happened; plan a future meeting as a contact "
            "objective in the account plan."
        )
    elif (today - data.day).days > OLDEST_DAYS:
        errors["day"] = _("Enter a day within the last three years.")
    if any(p.customer_id != customer.pk for p in data.their_people):
        errors["their_people"] = _("Choose key people of this customer.")
    allowed = set(colleagues(customer, actor).values_list("pk", flat=True))
    outsiders = [u for u in data.our_people if u.pk not in allowed]
    if outsiders:
        errors["our_people"] = _("%(name)s does not work on this account.") % {"name": outsiders[0]}
    if any(o.plan.customer_id != customer.pk for o in data.objectives):
        errors["objectives"] = _("Choose contact objectives of this customer's plans.")
    data.notes = (data.notes or "").strip()
    data.outcome = (data.outcome or "").strip()
    data.next_step = (data.next_step or "").strip()
    if data.next_step:
        if data.next_step_owner is not None and data.next_step_owner.pk not in allowed:
            errors["next_step_owner"] = _("%(name)s does not work on this account.") % {
                "name": data.next_step_owner
            }
        if data.next_step_due is not None and data.next_step_due < data.day:
            errors["next_step_due"] = _("The next step cannot be due before the contact.")
    elif data.next_step_due is not None or data.next_step_owner is not None:
        errors["next_step"] = _("Say what the next step is, or leave its owner and due day empty.")
    if data.next_step_done_on is not None and data.next_step_done_on > today:
        errors["next_step_done_on"] = _("A next step is marked done on or after the day it is.")
    if errors:
        raise ValidationError(errors)
    if not data.next_step:
        data.next_step_owner = data.next_step_due = data.next_step_done_on = None
    elif data.next_step_owner is None:
        data.next_step_owner = actor  # whoever logs it owns it unless they name someone


def _record_outcome(actor: User, contact: Contact, objectives: Sequence[ContactObjective]) -> None:
    """The outcome goes onto each contact objective the contact served, dated, so the plan
    shows what its planned meetings achieved (M6) without typing it twice."""
    if not contact.outcome:
        return
    line = f"{contact.day.isoformat()}: {contact.outcome}"
    for objective in objectives:
        locked = ContactObjective.objects.select_for_update().get(pk=objective.pk)
        if line in locked.outcome:
            continue
        locked.outcome = f"{locked.outcome}\n{line}".strip() if locked.outcome else line
        locked.version += 1
        save_as(locked, actor)


def _save_relations(contact: Contact, data: ContactData) -> None:
    contact.their_people.set(data.their_people)
    contact.our_people.set(data.our_people)
    contact.objectives.set(data.objectives)


@transaction.atomic
def log_contact(*, actor: User, customer: Customer, data: ContactData, today: dt.date) -> Contact:
    """Log one contact with `customer`. Raises ValidationError naming the field."""
    _validate(customer, actor, data, today=today)
    contact = Contact(customer=customer, created_by=actor)
    for name in SCALARS:
        setattr(contact, name, getattr(data, name))
    save_as(contact, actor)
    _save_relations(contact, data)
    _record_outcome(actor, contact, data.objectives)
    return contact


@transaction.atomic
def update_contact(
    *, actor: User, contact: Contact, data: ContactData, version: int | None, today: dt.date
) -> Contact:
    """Change a logged contact; StaleEdit when someone saved it after `version`."""
    _validate(contact.customer, actor, data, today=today)
    locked = guarded(Contact, contact, version)
    for name in SCALARS:
        setattr(locked, name, getattr(data, name))
    save_as(locked, actor)
    _save_relations(locked, data)
    _record_outcome(actor, locked, data.objectives)
    return locked


@transaction.atomic
def complete_next_step(
    *, actor: User, contact: Contact, version: int | None, done_on: dt.date, today: dt.date
) -> Contact:
    """Mark the contact's next step done on `done_on` (today unless said)."""
    if not contact.next_step:
        raise ValidationError({"next_step": _("This contact has no next step.")})
    if done_on > today:
        raise ValidationError({"next_step_done_on": _("Enter today or an earlier day.")})
    if done_on < contact.day:
        raise ValidationError(
            {"next_step_done_on": _("A next step cannot be done before the contact.")}
        )
    locked = guarded(Contact, contact, version)
    locked.next_step_done_on = done_on
    save_as(locked, actor)
    return locked


@transaction.atomic
def delete_contact(*, actor: User, contact: Contact, version: int | None = None) -> None:
    locked = guarded(Contact, contact, version)
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.delete()


def data_of(contact: Contact) -> ContactData:
    """The contact as it is, for an edit that changes only some fields."""
    return ContactData(
        kind=contact.kind,
        day=contact.day,
        their_people=list(contact.their_people.all()),
        our_people=list(contact.our_people.all()),
        objectives=list(contact.objectives.select_related("plan")),
        notes=contact.notes,
        outcome=contact.outcome,
        next_step=contact.next_step,
        next_step_owner=contact.next_step_owner,
        next_step_due=contact.next_step_due,
        next_step_done_on=contact.next_step_done_on,
    )
