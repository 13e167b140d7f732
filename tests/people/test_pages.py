"""The people page, a person's page, the org chart and coverage: who sees what, how fast."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firstchoice.people import actions
from firstchoice.people.models import KeyPerson, OurPerson
from tests.people.base import PeopleTestCase, person


class PeoplePageTest(PeopleTestCase):
    def url(self, code: str | None = None) -> str:
        return reverse("people", args=[code or self.customer.code])

    def test_it_shows_people_flags_and_engagement_definitions(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url())
        self.assertContains(r, "Wang Fang")
        self.assertContains(r, "Coach")
        self.assertContains(r, "Champion")  # the engagement scale is explained
        self.assertContains(r, "Add a key person")

    def test_it_is_read_only_for_a_teammate(self) -> None:
        self.login(self.bob)
        r = self.client.get(self.url())
        self.assertContains(r, "Wang Fang")
        self.assertNotContains(r, "Add a key person")

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_redirects_anonymous_to_login(self) -> None:
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url()).status_code, 405)
        self.assertEqual(
            self.client.get(reverse("person-add", args=[self.customer.code])).status_code, 405
        )

    def test_it_lets_the_manager_edit(self) -> None:
        self.login(self.mary)
        self.assertContains(self.client.get(self.url()), "Add a key person")

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        actions.add_our_person(actor=self.alice, customer=self.customer, name="Alice", covers=[])
        self.login(self.alice)
        self.client.get(self.url())  # warm the session and settings
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        for i in range(30):
            extra = person(self.customer, f"Extra {i}", actor=self.alice, boss=self.li)
            actions.add_our_person(
                actor=self.alice, customer=self.customer, name=f"Ours {i}", covers=[extra]
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get(self.url())
        self.assertEqual(len(few), len(many))


class AddPersonTest(PeopleTestCase):
    def url(self) -> str:
        return reverse("person-add", args=[self.customer.code])

    def post(self, **data: str) -> object:
        return self.client.post(self.url(), {"level": "site", **data}, HTTP_HX_REQUEST="true")

    def test_it_adds_and_rerenders_the_section(self) -> None:
        self.login(self.alice)
        r = self.post(name="Sun Li", reports_to=str(self.li.pk), engagement="2")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Sun Li")
        self.assertTrue(KeyPerson.objects.filter(name="Sun Li", reports_to=self.li).exists())

    def test_it_answers_422_naming_the_field(self) -> None:
        self.login(self.alice)
        r = self.post(name="Sun Li", email="nope", phone="1")
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, 'data-field="email"', status_code=422)
        self.assertContains(r, "Enter a valid email address", status_code=422)
        self.assertContains(r, "digits", status_code=422)
        self.assertFalse(KeyPerson.objects.filter(name="Sun Li").exists())

    def test_it_refuses_a_boss_id_from_another_customer(self) -> None:
        self.login(self.alice)
        r = self.post(name="Sun Li", reports_to=str(self.stranger.pk))
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "another customer", status_code=422)

    def test_it_forbids_a_read_only_teammate(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.post(name="Sun Li").status_code, 403)

    def test_it_hides_from_another_team(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.post(name="Sun Li").status_code, 404)


class PersonPageTest(PeopleTestCase):
    def test_it_shows_details_and_history(self) -> None:
        self.login(self.bob)
        r = self.client.get(reverse("person", args=[self.customer.code, self.li.pk]))
        self.assertContains(r, "Late deliveries")
        self.assertContains(r, "History")
        self.assertNotContains(r, "Save (and confirm")

    def test_it_shows_history_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)
        url = reverse("person", args=[self.customer.code, self.li.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(10):
            actions.update_key_person(
                actor=self.mary, person=self.li, data=self.data(self.li, title=f"T{i}")
            )
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(url)
        self.assertContains(r, "T8 → T9")
        self.assertEqual(len(few), len(many))

    def test_it_never_finds_a_person_through_another_customer(self) -> None:
        self.login(self.alice)
        url = reverse("person", args=[self.customer.code, self.stranger.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.charlie)
        url = reverse("person", args=[self.customer.code, self.li.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_refuses_a_cycle_with_422_naming_the_people(self) -> None:
        self.login(self.alice)
        url = reverse("person-edit", args=[self.customer.code, self.chen.pk])
        r = self.client.post(
            url,
            {"name": "Chen Wei", "level": "head_office", "reports_to": self.wang.pk},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "Chen Wei → Wang Fang → Li Na → Chen Wei", status_code=422)

    def test_it_saves_an_edit_and_records_history(self) -> None:
        self.login(self.alice)
        url = reverse("person-edit", args=[self.customer.code, self.wang.pk])
        r = self.client.post(
            url,
            {"name": "Wang Fang", "level": "site", "title": "Senior buyer", "roles": ["coach"],
             "reports_to": self.li.pk, "version": self.wang.version},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Senior buyer")
        self.assertEqual(self.wang.history.count(), 2)
        # The history says what changed in words: the field's name, before and after.
        self.assertContains(r, "Title</strong>: Buyer → Senior buyer")

    def test_it_keeps_the_input_and_names_who_saved_in_between(self) -> None:
        self.login(self.alice)
        url = reverse("person-edit", args=[self.customer.code, self.wang.pk])
        opened = self.wang.version
        self.wang.title = "Lead buyer"
        self.wang.version += 1
        self.wang._history_user = self.mary  # type: ignore[attr-defined]
        self.wang.save()
        r = self.client.post(
            url,
            {"name": "Wang Fang", "level": "site", "title": "Senior buyer",
             "pains": "Slow quotes", "version": opened},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        self.assertEqual(r.status_code, 422)
        html = r.content.decode()
        self.assertIn("Mary saved this at", html)
        self.assertIn('value="Senior buyer"', html)
        self.assertIn("Slow quotes", html)
        self.wang.refresh_from_db()
        self.assertEqual(self.wang.title, "Lead buyer")

    def test_it_confirms_and_forbids_read_only(self) -> None:
        url = reverse("person-confirm", args=[self.customer.code, self.wang.pk])
        self.login(self.bob)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(url).status_code, 302)

    def test_it_removes_a_person(self) -> None:
        self.login(self.alice)
        url = reverse("person-delete", args=[self.customer.code, self.wang.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(KeyPerson.objects.filter(pk=self.wang.pk).exists())


class OrgChartPageTest(PeopleTestCase):
    def url(self, **query: str) -> str:
        base = reverse("orgchart", args=[self.customer.code])
        return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def test_it_draws_nested_boxes_by_department(self) -> None:
        self.login(self.bob)
        r = self.client.get(self.url())
        html = r.content.decode()
        self.assertIn("Management", html)
        self.assertIn("Purchasing", html)
        # Wang sits inside Li's subtree; Li names the boss in another department.
        self.assertLess(html.index("Li Na"), html.index("Wang Fang"))
        self.assertContains(r, "reports to Chen Wei")
        self.assertContains(r, "is-coach")

    def test_it_draws_the_chart_as_of_a_past_date(self) -> None:
        self.login(self.alice)
        past = timezone.now() - dt.timedelta(days=30)
        KeyPerson.history.filter(id__in=[self.chen.pk, self.li.pk]).update(history_date=past)
        r = self.client.get(self.url(as_of=timezone.localdate(past).isoformat()))
        self.assertContains(r, "Li Na")
        self.assertNotContains(r, "Wang Fang")

    def test_it_answers_a_bad_date_with_400(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url(as_of="yesterday")).status_code, 400)

    def test_it_hides_from_another_team_and_refuses_post(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url()).status_code, 405)

    def test_it_draws_200_people_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)
        self.client.get(self.url())
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        bosses = [self.chen]
        new = []
        for i in range(200):
            boss = bosses[i // 5] if i // 5 < len(bosses) else self.chen
            new.append(
                KeyPerson(customer=self.customer, name=f"P{i:03d}", department=f"D{i % 7}",
                          level="site", reports_to=boss)
            )  # fmt: skip
            if i % 5 == 0:
                pass
        KeyPerson.objects.bulk_create(new)
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(self.url())
        self.assertContains(r, "P199")
        self.assertEqual(len(few), len(many))


class CoverageTest(PeopleTestCase):
    def test_it_shows_gaps_by_level_and_department(self) -> None:
        actions.add_our_person(
            actor=self.alice, customer=self.customer, name="Alice A", rank=1, covers=[self.li]
        )
        self.login(self.alice)
        r = self.client.get(reverse("people-coverage", args=[self.customer.code]))
        self.assertContains(r, "Alice A")
        self.assertContains(r, "1 person, not covered")  # Management: Chen uncovered
        self.assertContains(r, "nobody mapped")  # shop floor
        self.assertContains(r, 'class="uncovered"')

    def test_it_hides_from_another_team(self) -> None:
        self.login(self.charlie)
        r = self.client.get(reverse("people-coverage", args=[self.customer.code]))
        self.assertEqual(r.status_code, 404)


class OurPeopleViewsTest(PeopleTestCase):
    def test_it_adds_one_of_ours_covering_their_people(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("ours-add", args=[self.customer.code]),
            {"name": "Engineer Tom", "rank": "2", "covers": [self.li.pk, self.wang.pk]},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Engineer Tom")
        self.assertContains(r, "Li Na, Wang Fang")

    def test_it_refuses_covering_a_stranger_with_422(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("ours-add", args=[self.customer.code]),
            {"name": "Tom", "rank": "1", "covers": [self.stranger.pk]},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 422)

    def test_it_forbids_a_read_only_teammate(self) -> None:
        self.login(self.bob)
        r = self.client.post(
            reverse("ours-add", args=[self.customer.code]), {"name": "Tom", "rank": "1"}
        )
        self.assertEqual(r.status_code, 403)

    def test_it_edits_and_removes_one_of_ours(self) -> None:
        ours = actions.add_our_person(actor=self.alice, customer=self.customer, name="Tom")
        self.login(self.alice)
        r = self.client.post(
            reverse("ours-edit", args=[self.customer.code, ours.pk]),
            {"name": "Tom", "rank": "3", "covers": [self.chen.pk]},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 200)
        ours.refresh_from_db()
        self.assertEqual((ours.rank, list(ours.covers.all())), (3, [self.chen]))
        r = self.client.post(
            reverse("ours-edit", args=[self.customer.code, ours.pk]),
            {"name": "", "rank": "0"},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 422)
        r = self.client.post(
            reverse("ours-delete", args=[self.customer.code, ours.pk]), HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(OurPerson.objects.filter(pk=ours.pk).exists())

    def test_it_never_reaches_ours_through_another_customer(self) -> None:
        ours = actions.add_our_person(actor=self.charlie, customer=self.other, name="Eve")
        self.login(self.alice)
        url = reverse("ours-delete", args=[self.customer.code, ours.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.login(self.bob)
        mine = actions.add_our_person(actor=self.alice, customer=self.customer, name="Tom")
        url = reverse("ours-edit", args=[self.customer.code, mine.pk])
        self.assertEqual(self.client.post(url, {"name": "X", "rank": 1}).status_code, 403)


class OrgChartPdfTest(PeopleTestCase):
    def test_it_prints_the_same_drawing_as_a_pdf(self) -> None:
        self.login(self.bob)
        r = self.client.get(reverse("orgchart-pdf", args=[self.customer.code]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        out = Path(__file__).resolve().parents[2] / "test-output" / "people"
        out.mkdir(parents=True, exist_ok=True)
        (out / "orgchart.pdf").write_bytes(r.content)

    def test_it_hides_from_another_team(self) -> None:
        self.login(self.charlie)
        r = self.client.get(reverse("orgchart-pdf", args=[self.customer.code]))
        self.assertEqual(r.status_code, 404)


class PeopleCardTest(PeopleTestCase):
    def test_it_renders_the_summary_for_the_customer_page(self) -> None:
        html = Template("{% load people %}{% people_card customer %}").render(
            Context({"customer": self.customer})
        )
        self.assertIn("3 key people", html)
        self.assertIn("1 coach", html)
        self.assertIn(reverse("orgchart", args=[self.customer.code]), html)

    def test_it_renders_in_chinese(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("set-language"), {"language": "zh-hans", "next": "/"})
        r = self.client.get(reverse("orgchart", args=[self.customer.code]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'lang="zh-Hans"')
