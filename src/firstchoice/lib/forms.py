"""One way to turn what went wrong in a write into messages a page shows.

A write fails three ways: the form did not validate, the action raised ValidationError
(naming fields where it can), or someone saved in between (`lib.edits.StaleEdit`). Pages
show the result either by field (`error_dict`, `add_errors` onto the form) or as one list
of "Field: message" lines (`labelled_errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from firstchoice.lib.edits import StaleEdit, stale_message

Failure = BaseForm | ValidationError | StaleEdit


def offer(field: Any, rows: Iterable[Any]) -> None:
    """Give a model choice field the rows of its queryset that the page has already read:
    its select then renders without a query of its own (the options as the field's
    iterator would give them). What is sent is still checked against the queryset."""
    choices: list[tuple[Any, Any]] = [
        (field.prepare_value(row), field.label_from_instance(row)) for row in rows
    ]
    if getattr(field, "empty_label", None) is not None:
        choices.insert(0, ("", field.empty_label))
    field.choices = choices


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
            # A message that already names its field ("March: enter an amount…") keeps as is.
            _("%(field)s: %(error)s") % {"field": label, "error": m}
            if label and not str(m).startswith((f"{label}:", f"{label}：", f"{label} :"))
            else str(m)
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


# --- Re-rendering a refused form in place -------------------------------------------------

# Inputs whose value the page owns, never the user: they are matched, not refilled.
_NOT_REFILLED = {"hidden", "submit", "button", "reset", "file", "password", "image"}


@dataclass
class _Tag:
    kind: str  # "start" or "end"
    name: str
    attrs: dict[str, str | None]
    start: int
    end: int


class _Scanner(HTMLParser):
    """Every tag with its place in the text, so edits keep the rest of the page as it was."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0]
        for i, char in enumerate(text):
            if char == "\n":
                self.lines.append(i + 1)
        self.tags: list[_Tag] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tags.append(_Tag("start", tag, dict(attrs), start, start + len(raw)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        self.tags.append(_Tag("end", tag, {}, start, self.text.index(">", start) + 1))


def _start_tag(tag: _Tag, attrs: dict[str, str | None]) -> str:
    parts = [tag.name]
    for name, value in attrs.items():
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def _error_html(messages: list[str]) -> str:
    return "".join(f'<span class="field-error" role="alert">{escape(m)}</span>' for m in messages)


def refill(
    html: str,
    *,
    action: str,
    data: QueryDict,
    source: Failure,
    labels: Mapping[str, Any] | Callable[[str], Any] | None = None,
) -> str | None:
    """The page with the refused form as the user left it: open (its `<details>` too),
    every value they entered back in place, each message beside its field (`aria-invalid`,
    focus on the first), messages that belong to no visible field on top of the form.

    The form is the one posting to `action` whose hidden inputs carry what was posted (the
    board has one move form per card, all posting to the same address). The templates stay
    plain HTML; this is the one place that knows how a refused form comes back, whatever
    page it is on. None when no such form is on the page (the caller shows a list instead).
    """
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    tags = scanner.tags
    bounds = _find_form(tags, action, data)
    if bounds is None:
        return None
    first, last = bounds
    errors = error_dict(source)
    form = source if isinstance(source, BaseForm) else None
    # Beside the field, each message still names it ("March: enter an amount…"): read aloud
    # or copied into a chat, it must make sense on its own.
    named = {
        name: labelled_errors(ValidationError({name: messages}), form=form, labels=labels)
        for name, messages in errors.items()
        if name not in (NON_FIELD_ERRORS, "version")
    }
    edits: list[tuple[int, int, str]] = []
    details = [t for t in _open_ancestors(tags, first) if "open" not in t.attrs]
    for t in details:
        edits.append((t.end - 1, t.end - 1, " open"))
    shown: set[str] = set()
    focused = False
    checkbox_ends: dict[str, int] = {}
    i = first + 1
    while i < last:
        tag = tags[i]
        name = tag.attrs.get("name") or ""
        if tag.kind != "start" or not name or tag.name not in ("input", "select", "textarea"):
            i += 1
            continue
        attrs = dict(tag.attrs)
        invalid = name in errors
        after = tag.end
        if tag.name == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in _NOT_REFILLED:
                i += 1
                continue
            if kind in ("checkbox", "radio"):
                chosen = (attrs.get("value") or "on") in data.getlist(name)
                attrs.pop("checked", None)
                if chosen:
                    attrs["checked"] = None
                checkbox_ends[name] = tag.end
            else:
                attrs["value"] = data.get(name, "")
        elif tag.name == "select":
            chosen_values = data.getlist(name)
            j = i + 1
            while j < last and not (tags[j].kind == "end" and tags[j].name == "select"):
                option = tags[j]
                if option.kind == "start" and option.name == "option":
                    option_attrs = dict(option.attrs)
                    option_attrs.pop("selected", None)
                    if (option_attrs.get("value") or "") in chosen_values:
                        option_attrs["selected"] = None
                    edits.append((option.start, option.end, _start_tag(option, option_attrs)))
                j += 1
            after = tags[j].end if j < last else tag.end
        else:  # textarea: its text is the value
            j = i + 1
            while j < last and not (tags[j].kind == "end" and tags[j].name == "textarea"):
                j += 1
            if j < last:
                edits.append((tag.end, tags[j].start, escape(data.get(name, ""))))
                after = tags[j].end
        if invalid:
            attrs["aria-invalid"] = "true"
            if not focused:
                attrs["autofocus"] = None
                focused = True
        edits.append((tag.start, tag.end, _start_tag(tag, attrs)))
        if invalid and name not in shown and (attrs.get("type") or "") not in ("checkbox", "radio"):
            edits.append((after, after, _error_html(named[name])))
            shown.add(name)
        i += 1
    for name, end in checkbox_ends.items():
        if name in errors and name not in shown:
            edits.append((end, end, _error_html(named[name])))
            shown.add(name)
    rest = {n: m for n, m in errors.items() if n not in shown}
    if rest:
        lines = labelled_errors(ValidationError(rest), form=form, labels=labels)
        if NON_FIELD_ERRORS in rest and len(rest) == 1:
            lines = rest[NON_FIELD_ERRORS]
        box = "".join(f"<p>{escape(line)}</p>" for line in lines)
        form_tag = tags[first]
        edits.append((form_tag.end, form_tag.end, f'<div class="errors" role="alert">{box}</div>'))
    out = html
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _find_form(tags: list[_Tag], action: str, data: QueryDict) -> tuple[int, int] | None:
    """The indexes of the start and end tags of the form the data came from: among the
    forms posting to `action` whose hidden inputs carry the posted values, the one with
    the most fields of the posted names (a row's "Accept" and "Decline" forms share an
    address; only the second has the reason that was sent)."""
    best: tuple[int, int, int] | None = None
    for i, tag in enumerate(tags):
        if tag.kind != "start" or tag.name != "form":
            continue
        if action not in (tag.attrs.get("action"), tag.attrs.get("hx-post")):
            continue
        j = i + 1
        matches = True
        names: set[str] = set()
        while j < len(tags) and not (tags[j].kind == "end" and tags[j].name == "form"):
            t = tags[j]
            name = t.attrs.get("name") or ""
            if t.kind == "start" and t.name in ("input", "select", "textarea") and name:
                names.add(name)
                if (
                    (t.attrs.get("type") or "").lower() == "hidden"
                    and name not in ("csrfmiddlewaretoken", "version")
                    and data.get(name) != (t.attrs.get("value") or "")
                ):
                    matches = False
            j += 1
        if not matches or j >= len(tags):
            continue
        score = len(names & set(data))
        if best is None or score > best[0]:
            best = (score, i, j)
    return None if best is None else (best[1], best[2])


def _open_ancestors(tags: list[_Tag], index: int) -> list[_Tag]:
    """The `<details>` elements around the tag at `index`."""
    stack: list[_Tag] = []
    for tag in tags[:index]:
        if tag.name != "details":
            continue
        if tag.kind == "start":
            stack.append(tag)
        elif stack:
            stack.pop()
    return stack


def render_refused(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    source: Failure,
    labels: Mapping[str, Any] | Callable[[str], Any] | None = None,
    errors_key: str = "errors",
) -> HttpResponse:
    """Answer a refused write (422) with `template` (the htmx fragment or the whole page)
    and the form the user sent refilled in place (`refill`). When the page has no such form
    (it was removed meanwhile), the messages go to the template's list under `errors_key`."""
    html = render_to_string(template, context, request=request)
    filled = refill(html, action=request.path, data=request.POST, source=source, labels=labels)
    if filled is None:
        listed = {**context, errors_key: labelled_errors(source, labels=labels)}
        filled = render_to_string(template, listed, request=request)
    return HttpResponse(filled, status=422)
