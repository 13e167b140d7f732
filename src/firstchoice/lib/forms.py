"""One way to turn what went wrong in a write into messages a page shows.

A write fails three ways: the form did not validate, the action raised ValidationError
(naming fields where it can), or someone saved in between (`lib.edits.StaleEdit`). Pages
show the result either by field (`error_dict`, `add_errors` onto the form) or as one list
of "Field: message" lines (`labelled_errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm
from django.utils.translation import gettext as _

from firstchoice.lib.edits import StaleEdit, stale_message

Failure = BaseForm | ValidationError | StaleEdit


def error_dict(source: Failure) -> dict[str, list[str]]:
    """Messages by field name; `__all__` for those that belong to no field."""
    if isinstance(source, StaleEdit):
        return {"version": [stale_message(source)]}
    if isinstance(source, ValidationError):
        if hasattr(source, "error_dict"):
            return {name: list(messages) for name, messages in source.message_dict.items()}
        return {NON_FIELD_ERRORS: list(source.messages)}
    return {name: [str(m) for m in messages] for name, messages in source.errors.items()}


def add_errors(form: BaseForm, source: ValidationError | StaleEdit) -> None:
    """Put an action's refusal onto the form: beside the field it names, else on top (also
    for a hidden field such as the version, which shows no errors of its own)."""
    for name, messages in error_dict(source).items():
        field = form.fields.get(name)
        for message in messages:
            form.add_error(name if field and not field.widget.is_hidden else None, message)


def labelled_errors(
    source: Failure,
    *,
    form: BaseForm | None = None,
    labels: Mapping[str, Any] | Callable[[str], Any] | None = None,
) -> list[str]:
    """ "Field: message" lines, e.g. "Target: Enter a number.". The label is the form field's,
    else one from `labels` (a mapping, or a function of the field name), else the name."""
    form = form if form is not None else (source if isinstance(source, BaseForm) else None)
    out = []
    for name, messages in error_dict(source).items():
        label = _label(name, form, labels)
        out += [
            _("%(field)s: %(error)s") % {"field": label, "error": m} if label else m
            for m in messages
        ]
    return out


def _label(
    name: str, form: BaseForm | None, labels: Mapping[str, Any] | Callable[[str], Any] | None
) -> str:
    if name in (NON_FIELD_ERRORS, "version"):
        return ""
    found = labels(name) if callable(labels) else (labels or {}).get(name)
    if found is not None:
        return str(found)
    if form is not None and name in form.fields:
        return str(form.fields[name].label or name)
    return name
