"""Issue 12: a reason the product wrote (an accepted suggestion, a carry-over, an import) is
kept as a code and parameters and read in the READER's language."""

from __future__ import annotations

import html as htmllib
import importlib
import re
from decimal import Decimal

from django.utils import translation

from firstchoice.portfolio import reasons
from firstchoice.portfolio.models import TierChange
from firstchoice.portfolio.suggestion_rules import Fact
from firstchoice.teams.models import User
from tests.portfolio.history import AS_OF, YEAR, HistoryTestCase

PANEL = f"/board/alice/{YEAR}/suggestions?as_of={AS_OF.isoformat()}"
HTMX = {"HX-Request": "true"}

migration = importlib.import_module("firstchoice.portfolio.migrations.0004_tier_change_reason_code")


def _hidden(form: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', form)
    assert found, form
    return htmllib.unescape(found.group(1))


def test_it_keeps_the_facts_exactly() -> None:
    facts = [Fact("sales", amount=Decimal("100000.00"), share=Decimal("2.1")), Fact("new")]
    assert reasons.facts_from(reasons.facts_params(facts)) == facts


def test_it_refuses_what_is_not_facts() -> None:
    for bad in ({}, {"facts": []}, {"facts": [{"kind": "evil"}]}, {"facts": "x"}):
        try:
            reasons.facts_from(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    # Rendering never fails: the words as written.
    assert reasons.render(reasons.SUGGESTED, {"facts": "x"}, "as written") == "as written"
    assert reasons.render("", {}, "typed by a person") == "typed by a person"


def test_it_words_carried_over_and_imported_for_the_reader() -> None:
    with translation.override("zh-hans"):
        assert reasons.render(reasons.CARRIED_OVER, {"year": 2025}, "x") == "沿用自 2025 年"
    with translation.override("en"):
        assert reasons.render(reasons.IMPORTED, {"source": "a.xlsx"}, "x") == "Imported from a.xlsx"


def test_it_codes_the_reasons_written_before_in_either_language() -> None:
    assert migration.legacy_code("Carried over from 2025") == ("carried_over", {"year": 2025})
    assert migration.legacy_code("沿用自 2025 年") == ("carried_over", {"year": 2025})
    assert migration.legacy_code("从 lists.xlsx 导入") == ("imported", {"source": "lists.xlsx"})
    assert migration.legacy_code("Imported from lists.csv") == (
        "imported",
        {"source": "lists.csv"},
    )
    assert migration.legacy_code("Won a trial order, moving up") is None


class AcceptedSuggestionTests(HistoryTestCase):
    def test_it_reads_an_accepted_suggestion_in_the_readers_language(self) -> None:
        User.objects.filter(pk=self.alice.pk).update(language="zh-hans")
        self.login(self.alice)
        panel = self.client.get(PANEL, headers=HTMX).content.decode()
        form = panel[panel.index('data-customer="AL001"') :]
        form = form[: form.index("</form>")]
        reason = _hidden(form, "reason")
        assert "of customers" not in reason  # worded in Chinese for alice, who accepts it
        r = self.client.post(
            f"/board/alice/{YEAR}/add",
            {
                "customer": "AL001",
                "tier": _hidden(form, "tier"),
                "reason": reason,
                "reason_facts": _hidden(form, "reason_facts"),
                "from_suggestions": "1",
            },
        )
        assert r.status_code in (200, 302)
        change = TierChange.objects.get(customer__code="AL001", portfolio__year=YEAR)
        assert change.reason_code == reasons.SUGGESTED
        assert change.reason == reason  # the words as first written are kept
        # Mary reads the history in English: the same facts, in English.
        self.login(self.mary)
        english = self.client.get(f"/board/alice/{YEAR}/history/").content.decode()
        assert "T12M 100,000 (top 2.1% of customers)" in english
        assert reason not in english
        with translation.override("zh-hans"):
            assert reasons.reason_of(change) == reason

    def test_it_ignores_tampered_facts_and_keeps_the_typed_reason(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"/board/alice/{YEAR}/add",
            {"customer": "AL001", "tier": "A", "reason": "Big buyer", "reason_facts": "{oops"},
        )
        assert r.status_code in (200, 302)
        change = TierChange.objects.get(customer__code="AL001", portfolio__year=YEAR)
        assert (change.reason_code, change.reason) == ("", "Big buyer")
