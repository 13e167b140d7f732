"""The dossier on the customer page: read, edit and save a section with htmx (M2)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from firstchoice.customers.models import DossierQuestion, DossierSection
from tests.base import BaseTestCase
from tests.customers.research import fill_section

PAGE = "/customers/AL001/"
SAVE = "/customers/AL001/dossier/delivery/save"
EDIT = "/customers/AL001/dossier/delivery/edit"
HX = {"HTTP_HX_REQUEST": "true"}


def delivery_form(**extra: str) -> dict[str, str]:
    return {
        "delivery_days": "21",
        "pain_points": "late parts",
        "top_customers-0-name": "BYD",
        "top_customers-0-notes": "biggest",
        "top_customers-1-name": "Midea",
        "notes": "visit plant",
        **extra,
    }


class DossierPageTestCase(BaseTestCase):
    def test_it_shows_every_section_and_the_completeness(self) -> None:
        fill_section(self.alice, self.alice_customers[0])
        self.login(self.alice)
        html = self.client.get(PAGE).content.decode()
        assert html.count('class="dossier-section') == 11
        assert "Customer profile" in html and "Critical operations" in html
        assert 'data-value="9"' in html  # one of eleven sections complete: 100 / 11
        assert "Updated" in html and "by Alice" in html

    def test_it_marks_old_sections_stale(self) -> None:
        fill_section(self.alice, self.alice_customers[0])
        DossierSection.objects.update(updated_at=timezone.now() - dt.timedelta(days=181))
        self.login(self.alice)
        html = self.client.get(PAGE).content.decode()
        assert "is-stale" in html and "badge-stale" in html
        assert '<strong class="stale-count">1</strong>' in html

    def test_it_offers_edit_buttons_only_to_those_who_may_edit(self) -> None:
        self.login(self.alice)
        assert "edit-section" in self.client.get(PAGE).content.decode()
        self.login(self.bob)  # teammate: reads along
        html = self.client.get(PAGE).content.decode()
        assert "edit-section" not in html and "Record a new estimate" not in html

    def test_it_shows_the_page_in_chinese(self) -> None:
        self.login(self.alice)
        self.client.cookies["django_language"] = "zh-hans"
        r = self.client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert r.status_code == 200
        assert '<html lang="zh-Hans">' in r.content.decode()

    def test_it_reads_the_page_in_a_fixed_number_of_queries(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.alice)
        customer = self.alice_customers[0]
        self.client.get(PAGE)  # the session and the company settings row exist from now on
        with CaptureQueriesContext(connection) as small:
            self.client.get(PAGE)
        for key in ("profile", "technical", "credit"):
            fill_section(self.alice, customer, key, notes="x")
        from tests.customers.research import estimate, rule

        for days in range(5):
            estimate(self.alice, customer, days_ago=days * 30)
        for kind in ("inventory", "training", "carriers"):
            rule(self.alice, customer, kind)
        with CaptureQueriesContext(connection) as full:
            self.client.get(PAGE)
        assert len(full) == len(small)


class SectionEditTestCase(BaseTestCase):
    def test_it_returns_the_edit_form_to_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.get(EDIT, **HX)
        html = r.content.decode()
        assert r.status_code == 200
        assert html.lstrip().startswith('<article id="section-delivery"')
        assert 'name="top_customers-4-name"' in html  # five rows for the top 5
        assert "<html" not in html

    def test_it_saves_a_section_and_swaps_the_summary(self) -> None:
        self.login(self.alice)
        r = self.client.post(SAVE, delivery_form(), **HX)
        assert r.status_code == 200
        html = r.content.decode()
        assert "BYD" in html and "Midea" in html and "21 days" in html
        assert 'id="research-summary"' in html and 'hx-swap-oob="true"' in html
        row = DossierSection.objects.get(customer__code="AL001", key="delivery")
        assert row.data["top_customers"] == [
            {"name": "BYD", "notes": "biggest"},
            {"name": "Midea", "notes": ""},
        ]
        assert row.notes == "visit plant" and row.updated_by == self.alice

    def test_it_keeps_every_change_in_history(self) -> None:
        self.login(self.alice)
        self.client.post(SAVE, delivery_form(), **HX)
        self.client.post(SAVE, delivery_form(delivery_days="30"), **HX)
        self.client.post(SAVE, delivery_form(delivery_days="30"), **HX)  # no change: no entry
        row = DossierSection.objects.get(customer__code="AL001", key="delivery")
        history = list(row.history.order_by("history_date"))
        assert [h.data["delivery_days"] for h in history] == [21, 30]
        assert history[-1].history_user == self.alice

    def test_it_refuses_bad_input_naming_the_field_and_changing_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post(SAVE, delivery_form(delivery_days="three weeks"), **HX)
        assert r.status_code == 422
        html = r.content.decode()
        assert "Enter a whole number." in html
        assert 'value="three weeks"' in html and 'value="BYD"' in html  # what was typed
        assert not DossierSection.objects.exists()

    def test_it_redirects_without_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(SAVE, delivery_form())
        assert r.status_code == 302 and r["Location"].endswith("#section-delivery")

    def test_it_forbids_a_read_only_teammate(self) -> None:
        self.login(self.bob)
        assert self.client.get(EDIT, **HX).status_code == 403
        assert self.client.post(SAVE, delivery_form(), **HX).status_code == 403
        assert not DossierSection.objects.exists()

    def test_it_lets_the_manager_and_administrator_edit(self) -> None:
        for user in (self.mary, self.root):
            self.login(user)
            assert self.client.post(SAVE, delivery_form(), **HX).status_code == 200

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.charlie)
        assert self.client.post(SAVE, delivery_form(), **HX).status_code == 404
        assert self.client.get(EDIT, **HX).status_code == 404
        assert self.client.get("/customers/AL001/dossier/delivery/", **HX).status_code == 404

    def test_it_answers_404_for_an_unknown_section(self) -> None:
        self.login(self.alice)
        assert self.client.post("/customers/AL001/dossier/nope/save", {}, **HX).status_code == 404

    def test_it_refuses_the_wrong_method_and_anonymous(self) -> None:
        assert self.client.post(SAVE, delivery_form()).status_code == 302
        self.login(self.alice)
        assert self.client.get(SAVE).status_code == 405
        assert self.client.post(EDIT).status_code == 405


class CustomQuestionTestCase(BaseTestCase):
    def setUp(self) -> None:
        DossierQuestion.objects.create(
            section="delivery",
            key="erp_system",
            kind=DossierQuestion.Kind.CHOICE,
            label_en="Which ERP do they run?",
            label_zh="他们使用哪个ERP系统？",
            choices="SAP | SAP\nKingdee | 金蝶",
        )

    def test_it_asks_and_stores_administrators_questions(self) -> None:
        self.login(self.alice)
        html = self.client.get(EDIT, **HX).content.decode()
        assert "Which ERP do they run?" in html and 'value="kingdee"' in html
        r = self.client.post(SAVE, delivery_form(erp_system="kingdee"), **HX)
        assert r.status_code == 200 and "Kingdee" in r.content.decode()
        row = DossierSection.objects.get(key="delivery")
        assert row.data["erp_system"] == "kingdee"

    def test_it_refuses_a_choice_not_offered(self) -> None:
        self.login(self.alice)
        r = self.client.post(SAVE, delivery_form(erp_system="oracle"), **HX)
        assert r.status_code == 422 and "Choose one of: sap, kingdee." in r.content.decode()

    def test_it_asks_in_chinese(self) -> None:
        self.login(self.alice)
        self.client.cookies["django_language"] = "zh-hans"
        html = self.client.get(EDIT, HTTP_ACCEPT_LANGUAGE="zh-hans", **HX).content.decode()
        assert "他们使用哪个ERP系统？" in html and "金蝶" in html


class ConcurrentEditTestCase(BaseTestCase):
    def test_it_refuses_to_overwrite_a_section_saved_meanwhile(self) -> None:
        self.login(self.alice)
        html = self.client.get(EDIT, **HX).content.decode()
        assert 'name="version" value="0"' in html  # opened before anyone saved it
        fill_section(self.mary, self.alice_customers[0], "delivery", pain_points="Mary's notes")
        r = self.client.post(SAVE, delivery_form(version="0"), **HX)
        assert r.status_code == 422
        assert "Mary saved this at" in r.content.decode()
        row = DossierSection.objects.get(key="delivery")
        assert row.data["pain_points"] == "Mary's notes"
        # Opened again, the form carries the new version and saves.
        html = self.client.get(EDIT, **HX).content.decode()
        version = str(row.version)
        assert f'name="version" value="{version}"' in html
        r = self.client.post(SAVE, delivery_form(version=version), **HX)
        assert r.status_code == 200
