"""A refused form comes back in place: open, as typed, each message beside its field."""
# ruff: noqa: E501  (the page below is HTML as templates write it, one element a line)

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from firstchoice.lib.forms import refill

PAGE = """<div id="board">
<details class="card"><summary>Move / remove</summary>
<form method="post" action="/b/move" hx-post="/b/move">
  <input type="hidden" name="csrfmiddlewaretoken" value="t"><input type="hidden" name="customer" value="AL001">
  <label>Move to tier <select name="tier"><option value="A">A</option><option value="B" selected>B</option></select></label>
  <label>Reason <input name="reason" required></label>
</form></details>
<details class="card"><summary>Move / remove</summary>
<form method="post" action="/b/move" hx-post="/b/move">
  <input type="hidden" name="customer" value="AL002">
  <label>Move to tier <select name="tier"><option value="A">A</option><option value="B">B</option></select></label>
  <label>Reason <input name="reason" value="old"></label>
</form></details>
<form method="post" action="/b/objective">
  <input type="hidden" name="version" value="3">
  <label>Title <input name="title" value="saved &amp; shown"></label>
  <label>Target <input name="target" inputmode="decimal"></label>
  <label>Notes <textarea name="notes">saved</textarea></label>
  <fieldset><label><input type="checkbox" name="who" value="1" checked> Ann</label><label><input type="checkbox" name="who" value="2"> Bo</label></fieldset>
  <label><input type="radio" name="mode" value="phase" checked></label><label><input type="radio" name="mode" value="months"></label>
</form>
</div>"""


class _Objective(forms.Form):
    title = forms.CharField(label="Title")
    target = forms.DecimalField(label="Target")


def _data(**values: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_it_refills_the_form_of_the_card_that_was_sent_and_opens_it() -> None:
    data = _data(customer="AL002", tier="A", reason="Tier A is full? <b>")
    source = ValidationError({"tier": ["Tier A is full."]})
    html = refill(PAGE, action="/b/move", data=data, source=source, labels={"tier": "Move to tier"})
    assert html is not None
    first, second = html.split("<details", 2)[1:]
    assert "open" not in first.split(">")[0] and "field-error" not in first
    assert second.startswith(' class="card" open>')
    assert '<option value="A" selected>' in second and '<option value="B">' in second
    assert 'value="Tier A is full? &lt;b&gt;"' in second  # typed, escaped
    assert '<select name="tier" aria-invalid="true" autofocus>' in second
    # Beside the field it failed, naming it.
    assert (
        '</select><span class="field-error" role="alert">Move to tier: Tier A is full.</span>'
        in second
    )


def test_it_keeps_every_value_and_puts_messages_beside_their_fields() -> None:
    data = _data(
        version="3",
        title="Grow & win",
        target="98 percent",
        notes="a\nb <i>",
        who=["2"],
        mode="months",
    )
    form = _Objective(data)
    assert not form.is_valid()
    html = refill(PAGE, action="/b/objective", data=data, source=form)
    assert html is not None
    assert 'name="title" value="Grow &amp; win"' in html
    assert (
        'name="target" inputmode="decimal" value="98 percent" aria-invalid="true" autofocus>'
        in html
    )
    assert "Target: Enter a number." in html
    assert '<textarea name="notes">a\nb &lt;i&gt;</textarea>' in html
    assert '<input type="checkbox" name="who" value="1">' in html
    assert '<input type="checkbox" name="who" value="2" checked>' in html
    assert '<input type="radio" name="mode" value="months" checked>' in html
    assert '<input type="radio" name="mode" value="phase">' in html


def test_it_puts_what_belongs_to_no_visible_field_on_top_of_the_form() -> None:
    data = _data(version="3", title="x", target="1")
    source = ValidationError({"__all__": ["Bob saved this plan meanwhile."], "owner": ["Gone."]})
    html = refill(PAGE, action="/b/objective", data=data, source=source, labels={"owner": "Owner"})
    assert html is not None
    top = html.split('<form method="post" action="/b/objective">', 1)[1]
    assert top.startswith(
        '<div class="errors" role="alert"><p>Bob saved this plan meanwhile.</p>'
        "<p>Owner: Gone.</p></div>"
    )


def test_it_answers_none_when_the_form_is_not_on_the_page() -> None:
    data = _data(customer="AL999", tier="A", reason="gone")
    source = ValidationError({"customer": ["Not on this board."]})
    assert refill(PAGE, action="/b/move", data=data, source=source) is None
    assert refill(PAGE, action="/elsewhere", data=data, source=source) is None
