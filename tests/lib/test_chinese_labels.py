"""Issue 12, "Chinese, fully": every choice label the product shows has a Chinese
translation, and the terms are the ones agreed (职位, 姓名, one word for the coach)."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils import translation

from firstchoice.people.forms import KeyPersonForm
from firstchoice.people.models import ENGAGEMENT_CHOICES

# Labels that read the same in both languages (codes, tiers, numbers).
SAME = {"A", "B", "C", "—", "CSV", "XLSX", "PDF", "vCard"}


def _choices() -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("firstchoice."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                found.append((f"{model.__name__}.{field.name}={value}", label))
    return found


def test_it_translates_every_choice_label_of_every_model() -> None:
    choices = _choices()
    assert len(choices) > 30
    untranslated = []
    for where, label in choices:
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            chinese = str(label)
        if english == chinese and english not in SAME and not english.strip().isdigit():
            untranslated.append(f"{where}: {english}")
    assert untranslated == []


def test_it_shows_the_engagement_levels_in_the_readers_language() -> None:
    with translation.override("zh-hans"):
        labels = [str(label) for _value, label in ENGAGEMENT_CHOICES]
        assert labels[0] == "1 · 拥护者"
        assert labels[4] == "5 · 反对者"
        field = KeyPersonForm.base_fields["engagement"]
        assert isinstance(field, forms.ChoiceField)
        rendered = [str(label) for _value, label in field.choices]
        assert "1 · 拥护者" in rendered
    with translation.override("en"):
        assert str(ENGAGEMENT_CHOICES[0][1]) == "1 · Champion"


def test_it_uses_the_agreed_terms() -> None:
    with translation.override("zh-hans"):
        assert str(KeyPersonForm.base_fields["name"].label) == "姓名"
        assert str(KeyPersonForm.base_fields["title"].label) == "职位"
        assert translation.gettext("no coach") == "无教练"
        assert "教练" in translation.gettext("Coach")
        # A rule's title and a customer's name keep their own words.
        assert translation.gettext("Title") == "标题"
        assert translation.gettext("Name") == "名称"
