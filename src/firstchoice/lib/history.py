"""Readable change history from django-simple-history: who, when, what, and field by field
old → new. One reader for every history page (dossier and rules, key people, plans).

Each historical row is compared with the previous row of the same object; the first row of
an object is its creation. Bookkeeping fields (versions, timestamps, who-saved) are left out:
the row's own who and when say it. Foreign keys and choices read as their labels; answers
kept in a JSON field are compared key by key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

# Never shown as a change of their own.
BOOKKEEPING = frozenset(
    {"id", "version", "created", "updated", "updated_at", "updated_by", "created_by"}
)
LONGEST = 160  # characters of one value on a history page


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    who: Any  # the user who saved, or None (imports, scripts)
    action: str  # "+" created, "~" changed, "-" deleted
    kind: str  # what sort of thing: "key person", "dossier section", …
    subject: str  # which one
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def verb(self) -> str:
        return {"+": _("created"), "-": _("deleted")}.get(self.action, _("changed"))


@dataclass(frozen=True)
class Source:
    """Where to read: the historical rows of one model, and how to word them."""

    rows: Any  # a queryset of historical rows (Model.history.filter(...))
    # Which object a row is about; a callable of the row's own fields avoids a query each.
    subject: Callable[[Any], str] = lambda row: str(row.instance)
    # Labels for the keys of JSON answers (field name → key → label).
    json_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def entries(sources: Iterable[Source], *, limit: int = 300) -> list[Entry]:
    """The newest `limit` changes over all sources, newest first. One query per source plus
    one per foreign-key field whose value differs between rows (at most one per field)."""
    found: list[Entry] = []
    for source in sources:
        found.extend(_entries(source, limit))
    found.sort(key=lambda e: e.when, reverse=True)
    return found[:limit]


def _entries(source: Source, limit: int) -> list[Entry]:
    rows = list(source.rows.select_related("history_user").order_by("-history_date")[:limit])
    if not rows:
        return []
    model = source.rows.model.instance_type
    fields = [
        f for f in model._meta.concrete_fields if f.name not in BOOKKEEPING and not f.primary_key
    ]
    labels = _foreign_labels(fields, rows)
    by_object: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_object[row.id].append(row)
    kind = str(model._meta.verbose_name)
    out: list[Entry] = []
    for history in by_object.values():
        history.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for row in history:
            changes = _changes(fields, previous, row, labels, source.json_labels)
            previous = row
            if row.history_type == "~" and not changes:
                continue  # saved without a visible change (bookkeeping only)
            out.append(
                Entry(
                    when=row.history_date,
                    who=row.history_user,
                    action=row.history_type,
                    kind=kind,
                    subject=source.subject(row),
                    changes=changes if row.history_type == "~" else [],
                )
            )
    return out


def _foreign_labels(fields: list[models.Field[Any, Any]], rows: list[Any]) -> dict[str, dict]:
    labels: dict[str, dict] = {}
    for f in fields:
        if not isinstance(f, models.ForeignKey):
            continue
        values = {getattr(r, f.attname) for r in rows}
        if len(values) < 2:
            continue  # the same on every row (the customer, say): no change to word
        ids = values - {None}
        related = f.related_model
        if ids and related is not None and not isinstance(related, str):
            found = {pk: str(o) for pk, o in related._default_manager.in_bulk(ids).items()}
            gone = ids - set(found)
            if gone and hasattr(related, "history"):
                # Deleted since (a boss who left): their last recorded state names them.
                for old in related.history.filter(id__in=gone).order_by("history_date"):
                    found[old.id] = str(old.instance)
            labels[f.attname] = found
    return labels


def _changes(
    fields: list[models.Field[Any, Any]],
    previous: Any,
    row: Any,
    labels: Mapping[str, Mapping[Any, str]],
    json_labels: Mapping[str, Mapping[str, str]],
) -> list[FieldChange]:
    if previous is None:
        return []
    changes: list[FieldChange] = []
    for f in fields:
        old, new = getattr(previous, f.attname), getattr(row, f.attname)
        if old == new:
            continue
        if isinstance(f, models.JSONField) and isinstance(old, dict) and isinstance(new, dict):
            names = json_labels.get(f.name, {})
            for key in sorted(set(old) | set(new), key=lambda k: (k not in names, k)):
                if old.get(key) != new.get(key):
                    changes.append(
                        FieldChange(
                            str(names.get(key, key)), _show(old.get(key)), _show(new.get(key))
                        )
                    )
            continue
        changes.append(
            FieldChange(
                str(f.verbose_name),
                _value(f, old, labels),
                _value(f, new, labels),
            )
        )
    return changes


def _value(f: models.Field[Any, Any], value: Any, labels: Mapping[str, Mapping[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(f, models.ForeignKey):
        return labels.get(f.attname, {}).get(value, f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return _show(value)


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        text = "; ".join(_show(v) for v in value)
    elif isinstance(value, dict):
        filled = {k: v for k, v in value.items() if v not in (None, "")}
        # A row of a list (top customers: name, notes): the values alone read best.
        text = " · ".join(_show(v) for v in filled.values())
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, dt.datetime):
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    else:
        text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
