"""Every write to key people and our account team (M5): pages, API, CLI and imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from firstchoice.customers.models import Customer
from firstchoice.customers.research import competitor_names
from firstchoice.lib.edits import guarded
from firstchoice.people import rules
from firstchoice.people.models import KeyPerson, Level, OurPerson
from firstchoice.teams.models import User


@dataclass(frozen=True)
class PersonData:
    """The editable facts of a key person, as forms, the API and imports deliver them."""

    name: str
    department: str = ""
    title: str = ""
    level: str = Level.SITE
    phone: str = ""
    fax: str = ""
    email: str = ""
    engagement: int | None = None
    interests: str = ""
    good_supplier: str = ""
    pains: str = ""
    responsibility: str = ""
    reports_to: KeyPerson | None = None
    is_coach: bool = False
    # Buying roles, influence and the competitor they favour (issue 18).
    is_economic_buyer: bool = False
    is_user_buyer: bool = False
    is_technical_buyer: bool = False
    is_gatekeeper: bool = False
    influence: str = ""
    favours_competitor: str = ""


PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(PersonData))
# What a people import does not carry: an update by import keeps them as they are.
RELATIONSHIP_FIELDS = (
    "is_economic_buyer",
    "is_user_buyer",
    "is_technical_buyer",
    "is_gatekeeper",
    "influence",
    "favours_competitor",
)


def _lock(customer: Customer) -> None:
    # Reporting lines are checked against the customer's other people: serialise writers.
    Customer.objects.select_for_update().filter(pk=customer.pk).first()


def _boss_of(customer: Customer) -> dict[int, int | None]:
    return dict(KeyPerson.objects.filter(customer=customer).values_list("id", "reports_to_id"))


def _check(
    person: KeyPerson, data: PersonData, boss_of: dict[int, int | None], names: dict[int, str]
) -> dict[str, list[str]]:
    """User mistakes by field; empty when `data` may be saved for `person`."""
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(exclude=["customer", "reports_to", "confirmed_by"], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in ("phone", "fax"):
        value = getattr(data, name)
        if value and name not in errors and not rules.valid_phone(value):
            errors[name] = [
                _("Enter between %(min)d and %(max)d digits.")
                % {"min": rules.MIN_PHONE_DIGITS, "max": rules.MAX_PHONE_DIGITS}
            ]
    competitor = data.favours_competitor.strip()
    if competitor:
        known = competitor_names(person.customer)
        match = next((n for n in known if n.casefold() == competitor.casefold()), None)
        if match is None:
            errors["favours_competitor"] = [
                _(
                    "%(name)s is not among the competitors in the dossier (market profile): "
                    "%(known)s."
                )
                % {"name": competitor, "known": ", ".join(known) or _("none listed yet")}
            ]
        else:
            person.favours_competitor = match  # the dossier's spelling
    boss = data.reports_to
    if boss is not None:
        if boss.customer_id != person.customer_id:
            errors["reports_to"] = [
                _(
                    "%(boss)s works for another customer; a person can only report to someone "
                    "at %(customer)s."
                )
                % {"boss": boss.name, "customer": person.customer.name}
            ]
        elif person.pk is not None:
            chain = rules.reporting_cycle(person.pk, boss.pk, boss_of)
            if chain is not None:
                loop = " → ".join(
                    [data.name] + [names.get(pk, "?") for pk in chain[1:]] + [data.name]
                )
                errors["reports_to"] = [
                    _(
                        "%(name)s cannot report to %(boss)s: the reporting lines would go round "
                        "in a circle (%(loop)s)."
                    )
                    % {"name": data.name, "boss": boss.name, "loop": loop}
                ]
    return errors


def _apply(person: KeyPerson, data: PersonData) -> None:
    for name in PERSON_FIELDS:
        value = getattr(data, name)
        setattr(person, name, value.strip() if isinstance(value, str) else value)


def _confirm(person: KeyPerson, actor: User, at: dt.datetime | None = None) -> None:
    """Whoever enters or edits an entry vouches for it as of now."""
    person.confirmed_at = at or timezone.now()
    person.confirmed_by = actor


def _names(customer: Customer) -> dict[int, str]:
    return dict(KeyPerson.objects.filter(customer=customer).values_list("id", "name"))


class DuplicatePerson(ValidationError):
    """A new key person looks like one already at the customer (same name, e-mail or phone).
    `existing` lists them; the message, on the field that matched, names each with title
    and department so a person (or an API client) can tell whether it is the same one."""

    def __init__(self, existing: list[tuple[KeyPerson, tuple[str, ...]]]) -> None:
        self.existing = [person for person, _why in existing]
        self.matches = existing
        errors: dict[str, list[str]] = {}
        for person, why in existing:
            field = why[0]
            errors.setdefault(field, []).append(
                _(
                    "%(customer)s already has %(person)s (id %(id)d) with the same %(what)s. "
                    "Open that entry, or add anyway if this is someone else."
                )
                % {
                    "customer": person.customer.name,
                    "person": described(person),
                    "id": person.pk,
                    "what": _join_words([WHAT[w] for w in why]),
                }
            )
        super().__init__(errors)


# What two entries share, in "the same %(what)s" (its own context: a person's name is 姓名).
WHAT = {
    "name": pgettext_lazy("look-alike", "name"),
    "email": pgettext_lazy("look-alike", "e-mail"),
    "phone": pgettext_lazy("look-alike", "phone"),
}


def _join_words(words: list[Any]) -> str:
    return _(" and ").join(str(w) for w in words)


def described(person: KeyPerson) -> str:
    """ "Name (Title, Department)": how two people of the same name are told apart."""
    extra = ", ".join(part for part in (person.title, person.department) if part)
    return f"{person.name} ({extra})" if extra else person.name


def look_alikes(
    customer: Customer, data: PersonData, *, exclude: KeyPerson | None = None
) -> list[tuple[KeyPerson, tuple[str, ...]]]:
    """The customer's key people who look like `data`, with what matched."""
    people = KeyPerson.objects.filter(customer=customer).select_related("customer")
    if exclude is not None and exclude.pk is not None:
        people = people.exclude(pk=exclude.pk)
    new = (data.name, data.email, data.phone)
    found = []
    for person in people.order_by("name", "pk"):
        why = rules.same_person(new, (person.name, person.email, person.phone))
        if why:
            found.append((person, why))
    return found


@transaction.atomic
def create_key_person(
    *, actor: User, customer: Customer, data: PersonData, allow_duplicate: bool = False
) -> KeyPerson:
    """Add a key person. One who looks like someone already there (same name, e-mail or
    phone) is refused with `DuplicatePerson` unless `allow_duplicate` (two people may share
    a name: the person adding says so)."""
    _lock(customer)
    person = KeyPerson(customer=customer)
    _apply(person, data)
    errors = _check(person, data, {}, {})
    if errors:
        raise ValidationError(errors)
    if not allow_duplicate:
        existing = look_alikes(customer, data)
        if existing:
            raise DuplicatePerson(existing)
    _confirm(person, actor)
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    return person


@transaction.atomic
def update_key_person(
    *,
    actor: User,
    person: KeyPerson,
    data: PersonData,
    version: int | None = None,
) -> KeyPerson:
    """Change a key person. `version` (the one the editor started from) refuses an edit
    made on a copy someone else has changed since, instead of overwriting theirs."""
    _lock(person.customer)
    person.version = guarded(KeyPerson, person, version).version
    _apply(person, data)
    errors = _check(person, data, _boss_of(person.customer), _names(person.customer))
    if errors:
        person.refresh_from_db()
        raise ValidationError(errors)
    _confirm(person, actor)
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    return person


@transaction.atomic
def confirm_key_person(*, actor: User, person: KeyPerson) -> KeyPerson:
    """The entry is still right as it stands (M5: keep the org chart up to date)."""
    _confirm(person, actor)
    person._history_user = actor  # type: ignore[attr-defined]
    person.save(update_fields=["confirmed_at", "confirmed_by", "updated"])
    return person


@transaction.atomic
def delete_key_person(*, actor: User, person: KeyPerson) -> None:
    """Remove a person; those who reported to them now report to nobody (recorded too)."""
    _lock(person.customer)
    for report in KeyPerson.objects.filter(reports_to=person):
        report.reports_to = None
        report.version += 1
        report._history_user = actor  # type: ignore[attr-defined]
        report.save(update_fields=["reports_to", "updated", "version"])
    person._history_user = actor  # type: ignore[attr-defined]
    person.delete()


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One line of an import: its number in the file, the facts, and the boss by name."""

    line: int
    data: PersonData
    reports_to_name: str = ""
    confirmed_on: dt.date | None = None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


class ImportRejected(ValidationError):
    """All the row/column mistakes of one import; nothing was written."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        super().__init__(
            [
                _("Line %(line)d, column %(column)s: %(message)s")
                % {"line": line, "column": column, "message": message}
                for line, column, message in problems
            ]
        )


@transaction.atomic
def import_key_people(
    *,
    actor: User,
    customer: Customer,
    rows: Sequence[ImportRow],
    problems: Sequence[tuple[int, str, str]] = (),
) -> ImportResult:
    """Create or update (matched by name) the customer's key people; all rows or none.

    Reports-to names may point at people already there or elsewhere in the file, in any
    order; the whole chart is checked for loops before anything is kept. `problems` are
    those the reader found (line, column, message): they are reported together with ours,
    so one round of corrections fixes the file.
    """
    _lock(customer)
    existing = {p.name.casefold(): p for p in KeyPerson.objects.filter(customer=customer)}
    problems = list(problems)
    seen: dict[str, int] = {}
    for row in rows:
        key = row.data.name.strip().casefold()
        if key in seen:
            problems.append(
                (
                    row.line,
                    "name",
                    _("%(name)s is also on line %(other)d.")
                    % {"name": row.data.name, "other": seen[key]},
                )
            )
        seen[key] = row.line
    known = set(existing) | set(seen)
    for row in rows:
        boss = row.reports_to_name.strip().casefold()
        if boss and boss not in known:
            problems.append(
                (
                    row.line,
                    "reports_to",
                    _("Nobody called %(name)s at %(customer)s.")
                    % {"name": row.reports_to_name, "customer": customer.name},
                )
            )
    now = timezone.now()
    created = updated = 0
    people: dict[str, KeyPerson] = dict(existing)
    # Check every row before saving any: the file lands whole or not at all.
    for row in rows:
        key = row.data.name.strip().casefold()
        person = people.get(key)
        data = dataclasses.replace(row.data, reports_to=None)
        if person is None:
            # A new name with an e-mail or phone already on file is likely someone we
            # know under another spelling: reported, never silently added twice.
            for other, why in look_alikes(customer, row.data):
                problems.append(
                    (
                        row.line,
                        why[0],
                        _(
                            "%(customer)s already has %(person)s with the same %(what)s; "
                            "use that name to update them, or change the %(what)s."
                        )
                        % {
                            "customer": customer.name,
                            "person": described(other),
                            "what": _join_words([WHAT[w] for w in why]),
                        },
                    )
                )
            person = KeyPerson(customer=customer)
            created += 1
        else:
            updated += 1
            data = dataclasses.replace(
                data, **{name: getattr(person, name) for name in RELATIONSHIP_FIELDS}
            )
        _apply(person, data)
        errors = _check(person, data, {}, {})
        for column, messages in errors.items():
            problems.extend((row.line, column, m) for m in messages)
        people[key] = person
    if problems:
        raise ImportRejected(problems)
    lines = {row.data.name.strip().casefold(): row for row in rows}
    for key, row in lines.items():
        person = people[key]
        at = (
            timezone.make_aware(dt.datetime.combine(row.confirmed_on, dt.time(12)))
            if row.confirmed_on
            else now
        )
        _confirm(person, actor, at)
        person._history_user = actor  # type: ignore[attr-defined]
        person.save()
    # Second pass: reporting lines by name, then a loop check over the whole chart.
    boss_of = {p.pk: p.reports_to_id for p in people.values()}
    for key, row in lines.items():
        boss_key = row.reports_to_name.strip().casefold()
        boss_of[people[key].pk] = people[boss_key].pk if boss_key else None
    by_id = {p.pk: p for p in people.values()}
    for key, row in lines.items():
        person = people[key]
        chain = rules.reporting_cycle(person.pk, boss_of[person.pk], boss_of)
        if chain is not None:
            loop = " → ".join(by_id[pk].name for pk in [*chain, person.pk])
            problems.append(
                (
                    row.line,
                    "reports_to",
                    _("The reporting lines go round in a circle: %(loop)s.") % {"loop": loop},
                )
            )
    if problems:  # the exception rolls back the people saved above
        raise ImportRejected(problems)
    for key in lines:
        person = people[key]
        if person.reports_to_id != boss_of[person.pk]:
            person.reports_to_id = boss_of[person.pk]
            person.version += 1
            person._history_user = actor  # type: ignore[attr-defined]
            person.save(update_fields=["reports_to", "updated", "version"])
    return ImportResult(created=created, updated=updated)


# --- our side ---------------------------------------------------------------------------


def _check_covers(customer: Customer, covers: Sequence[KeyPerson]) -> None:
    foreign = [p.name for p in covers if p.customer_id != customer.pk]
    if foreign:
        raise ValidationError(
            {"covers": [_("%(names)s work for another customer.") % {"names": ", ".join(foreign)}]}
        )


@transaction.atomic
def add_our_person(
    *,
    actor: User,
    customer: Customer,
    name: str,
    role: str = "",
    rank: int = 1,
    user: User | None = None,
    covers: Sequence[KeyPerson] = (),
) -> OurPerson:
    _check_covers(customer, covers)
    ours = OurPerson(customer=customer, name=name.strip(), role=role.strip(), rank=rank, user=user)
    try:
        ours.full_clean(exclude=["customer", "user"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    ours._history_user = actor  # type: ignore[attr-defined]
    ours.save()
    ours.covers.set(covers)
    return ours


@transaction.atomic
def update_our_person(
    *,
    actor: User,
    ours: OurPerson,
    name: str,
    role: str = "",
    rank: int = 1,
    user: User | None = None,
    covers: Sequence[KeyPerson] = (),
    version: int | None = None,
) -> OurPerson:
    """Replace one of our people; `version` refuses overwriting a change made since."""
    ours.version = guarded(OurPerson, ours, version).version
    _check_covers(ours.customer, covers)
    ours.name, ours.role, ours.rank, ours.user = name.strip(), role.strip(), rank, user
    try:
        ours.full_clean(exclude=["customer", "user"])
    except ValidationError as exc:
        ours.refresh_from_db()
        raise ValidationError(exc.message_dict) from None
    ours._history_user = actor  # type: ignore[attr-defined]
    ours.save()
    ours.covers.set(covers)
    return ours


@transaction.atomic
def delete_our_person(*, actor: User, ours: OurPerson) -> None:
    ours._history_user = actor  # type: ignore[attr-defined]
    ours.delete()
