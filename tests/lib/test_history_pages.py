"""History pages (M2, M4, M5, M6): every saved change, who and when, field by field."""

from __future__ import annotations

import dataclasses

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import DossierQuestion
from firstchoice.lib import history
from firstchoice.people import actions as people_actions
from firstchoice.people.models import KeyPerson
from tests.base import BaseTestCase
from tests.customers.research import fill_section, rule


class ResearchHistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.customer = self.alice_customers[0]
        self.url = f"/customers/{self.customer.code}/history/"

    def test_it_shows_each_answer_before_and_after_with_who_and_when(self) -> None:
        fill_section(self.alice, self.customer, "credit", pays_on_time="no", credit_terms="NET30")
        fill_section(self.mary, self.customer, "credit", pays_on_time="yes", credit_terms="NET30")
        rule(self.alice, self.customer, "training", "no")
        rule(self.alice, self.customer, "training", "partly")
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        entries = r.context["entries"]
        self.assertEqual(
            [(e.action, e.kind, e.who.username) for e in entries],
            [
                ("~", "rule of engagement", "alice"),
                ("+", "rule of engagement", "alice"),
                ("~", "dossier section", "mary"),
                ("+", "dossier section", "alice"),
            ],
        )
        credit = entries[2]
        self.assertEqual(credit.subject, "Credit")
        self.assertEqual(
            [(c.old, c.new) for c in credit.changes], [("no", "yes")]
        )  # terms unchanged: not listed
        self.assertEqual(credit.changes[0].label, "Do they pay on time?")
        self.assertEqual(
            [(c.label, c.old, c.new) for c in entries[0].changes],
            [("can we execute it?", "No", "Partly")],
        )
        self.assertContains(r, "<del>No</del> → <ins>Partly</ins>", html=False)

    def test_it_names_an_administrators_question_by_its_label(self) -> None:
        DossierQuestion.objects.create(
            section="credit", key="insured", label_en="Credit insured <b>", kind="text"
        )
        fill_section(self.alice, self.customer, "credit", insured="no")
        fill_section(self.alice, self.customer, "credit", insured="since May")
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.context["entries"][0].changes[0].label, "Credit insured <b>")
        self.assertContains(r, "Credit insured &lt;b&gt;")

    def test_it_costs_the_same_queries_however_many_changes(self) -> None:
        self.login(self.alice)
        fill_section(self.alice, self.customer, "credit", credit_terms="NET1")
        rule(self.alice, self.customer, "training", "partly")

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.client.get(self.url)
            return len(ctx.captured_queries)

        few = count()
        for n in range(2, 12):
            fill_section(self.alice, self.customer, "credit", credit_terms=f"NET{n}")
            rule(self.alice, self.customer, "custom" if n % 2 else "training", "no")
        self.assertEqual(count(), few)

    def test_it_is_for_those_who_may_see_the_customer(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.bob)  # a teammate reads
        self.assertEqual(self.client.get(self.url).status_code, 200)


class PeopleHistoryTestCase(BaseTestCase):
    def test_it_shows_reporting_lines_levels_and_removals(self) -> None:
        customer = self.alice_customers[0]
        make = people_actions.PersonData
        boss = people_actions.create_key_person(
            actor=self.alice, customer=customer, data=make(name="Ms Boss", level="head_office")
        )
        clerk = people_actions.create_key_person(
            actor=self.alice, customer=customer, data=make(name="Mr Clerk")
        )
        people_actions.update_key_person(
            actor=self.mary,
            person=KeyPerson.objects.get(pk=clerk.pk),
            data=dataclasses.replace(make(name="Mr Clerk"), reports_to=boss, engagement=2),
        )
        people_actions.delete_key_person(actor=self.alice, person=boss)
        self.login(self.alice)
        r = self.client.get(f"/customers/{customer.code}/people/history/")
        entries = r.context["entries"]
        deleted = next(e for e in entries if e.action == "-")
        self.assertEqual(deleted.subject, "Ms Boss")
        changed = next(e for e in entries if e.who == self.mary)
        self.assertEqual((changed.action, changed.subject), ("~", "Mr Clerk"))
        found = {c.label: (c.old, c.new) for c in changed.changes}
        self.assertEqual(found["reports to"], ("—", "Ms Boss"))
        self.assertEqual(found["engagement level"][0], "—")
        self.assertTrue(found["engagement level"][1].startswith("2"))
        self.login(self.charlie)
        self.assertEqual(
            self.client.get(f"/customers/{customer.code}/people/history/").status_code, 404
        )


def test_it_shortens_long_values_and_words_lists() -> None:
    assert history._show(["a", "b"]) == "a; b"
    rows = [{"name": "Haier 海尔", "notes": ""}, {"name": "BYD", "notes": "EV"}]
    assert history._show(rows) == "Haier 海尔; BYD · EV"
    assert history._show("") == "—"
    long = history._show("x" * 500)
    assert len(long) == history.LONGEST and long.endswith("…")
