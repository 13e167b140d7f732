"""Buying roles, influence, influence lines and the relationship map (issue 18): pages,
API, history, as_of and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firstchoice.customers.models import DossierSection
from firstchoice.people import actions, influence, relmap
from firstchoice.people.models import InfluenceLine, KeyPerson
from tests.people.base import PeopleTestCase
from tests.people.relmap_data import big_account


def competitors(customer: Any, *names: str) -> None:
    DossierSection.objects.create(
        customer=customer,
        key="market",
        data={"competitors": [{"name": n, "notes": ""} for n in names]},
        updated_at=timezone.now(),
    )


class RelationshipTestCase(PeopleTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        competitors(cls.customer, "Acme Valves", "北方阀门")

    def form(self, p: KeyPerson, **changes: Any) -> dict[str, Any]:
        data = {
            "name": p.name, "level": p.level, "title": p.title, "department": p.department,
            "engagement": p.engagement or "", "roles": p.roles, "influence": p.influence,
            "favours_competitor": p.favours_competitor,
            "reports_to": p.reports_to_id or "", "version": p.version,
        }  # fmt: skip
        data.update(changes)
        return data


class PersonFormTest(RelationshipTestCase):
    def url(self, p: KeyPerson) -> str:
        return reverse("person-edit", args=[self.customer.code, p.pk])

    def test_it_saves_roles_influence_and_competitor_and_keeps_their_history(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url(self.li),
            self.form(self.li, roles=["economic_buyer", "coach"], influence="high",
                      favours_competitor="Acme Valves"),
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        self.assertEqual(r.status_code, 200)
        self.li.refresh_from_db()
        self.assertEqual(self.li.roles, ["economic_buyer", "coach"])
        self.assertTrue(self.li.is_coach)  # the coach role is the coach flag
        self.assertEqual(self.li.influence, "high")
        self.assertEqual(self.li.favours_competitor, "Acme Valves")
        latest = self.li.history.first()
        assert latest is not None
        self.assertTrue(latest.is_economic_buyer)
        self.assertContains(r, "Acme Valves")

    def test_it_refuses_a_competitor_not_in_the_dossier_and_keeps_the_input(self) -> None:
        self.login(self.alice)
        before = self.li.version
        r = self.client.post(
            self.url(self.li),
            self.form(self.li, title="Typed title", favours_competitor="Nobody Inc"),
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, 'data-field="favours_competitor"', status_code=422)
        self.assertContains(r, "Nobody Inc is not one of the available choices", status_code=422)
        self.assertContains(r, 'value="Typed title"', status_code=422)
        self.li.refresh_from_db()
        self.assertEqual((self.li.version, self.li.favours_competitor), (before, ""))

    def test_it_refuses_an_unknown_role_and_influence_naming_the_fields(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url(self.li),
            self.form(self.li, roles=["king"], influence="huge"),
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 422)
        body = r.content.decode()
        self.assertIn("king is not one of the available choices", body)
        self.assertIn("huge is not one of the available choices", body)
        self.li.refresh_from_db()
        self.assertEqual(self.li.roles, [])

    def test_the_action_refuses_a_competitor_for_every_caller(self) -> None:
        data = self.data(self.li, favours_competitor="Someone Else")
        with self.assertRaises(actions.ValidationError) as caught:
            actions.update_key_person(actor=self.alice, person=self.li, data=data)
        self.assertIn("favours_competitor", caught.exception.message_dict)

    def test_a_read_only_teammate_cannot_change_roles(self) -> None:
        self.login(self.bob)
        r = self.client.post(self.url(self.li), self.form(self.li, roles=["economic_buyer"]))
        self.assertEqual(r.status_code, 403)


class InfluenceLinePageTest(RelationshipTestCase):
    def add(self, **data: Any) -> Any:
        return self.client.post(
            reverse("influence-add", args=[self.customer.code]),
            {"source": self.wang.pk, "target": self.chen.pk, "kind": "informal", **data},
            HTTP_HX_REQUEST="true",
        )

    def test_it_adds_shows_and_removes_a_line_with_history(self) -> None:
        self.login(self.alice)
        r = self.add(note="Golf on Sundays")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Golf on Sundays")
        line = InfluenceLine.objects.get()
        self.assertEqual((line.source, line.target, line.kind), (self.wang, self.chen, "informal"))
        page = self.client.get(reverse("people", args=[self.customer.code]))
        self.assertContains(page, "Golf on Sundays")
        r = self.client.post(
            reverse("influence-delete", args=[self.customer.code, line.pk]),
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(InfluenceLine.objects.exists())
        kinds = list(
            InfluenceLine.history.order_by("history_id").values_list(
                "history_type", "history_user__username"
            )
        )
        self.assertEqual(kinds, [("+", "alice"), ("-", "alice")])

    def test_it_refuses_bad_input_naming_the_field_and_changes_nothing(self) -> None:
        self.login(self.alice)
        cases = [
            ({"target": self.wang.pk}, "target", "cannot influence themselves"),
            ({"target": self.stranger.pk}, "target", "Choose one of this customer"),
            ({"kind": "bribe"}, "kind", "not one of the available choices"),
            ({"note": "x" * 301}, "note", "at most 300 characters"),
        ]
        for data, field, message in cases:
            r = self.add(**data)
            self.assertEqual(r.status_code, 422, field)
            self.assertContains(r, message, status_code=422)
            self.assertContains(r, f'data-field="{field}"', status_code=422)
        self.add()
        r = self.add()  # the same pair twice
        self.assertContains(r, "already on the map", status_code=422)
        self.assertEqual(InfluenceLine.objects.count(), 1)

    def test_it_answers_405_403_and_404_as_the_house_does(self) -> None:
        self.login(self.alice)
        self.assertEqual(
            self.client.get(reverse("influence-add", args=[self.customer.code])).status_code, 405
        )
        self.login(self.bob)
        self.assertEqual(self.add().status_code, 403)
        self.login(self.charlie)
        self.assertEqual(self.add().status_code, 404)
        self.assertFalse(InfluenceLine.objects.exists())


class MapPageTest(RelationshipTestCase):
    def test_it_draws_the_map_with_roles_lines_and_our_people(self) -> None:
        actions.update_key_person(
            actor=self.alice,
            person=self.chen,
            data=self.data(self.chen, is_economic_buyer=True, influence="high"),
        )
        influence.create_influence_line(
            actor=self.alice, customer=self.customer, source=self.wang, target=self.chen,
            kind="peer", note="同乡",
        )  # fmt: skip
        ours = actions.add_our_person(
            actor=self.alice, customer=self.customer, name="Our Rep", covers=[self.li]
        )
        self.login(self.bob)
        r = self.client.get(reverse("relationship-map", args=[self.customer.code]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "<svg")
        self.assertContains(r, f'data-influence="{self.wang.pk}-{self.chen.pk}"')
        self.assertContains(r, f'data-covers="{ours.pk}-{self.li.pk}"')
        self.assertContains(r, f'data-reports="{self.li.pk}-{self.chen.pk}"')
        self.assertContains(r, "Economic buyer")
        # The economic buyer is not covered (Our Rep covers Li): the red flag says so.
        self.assertContains(r, 'data-flag="economic_buyer_uncovered"')

    def test_it_draws_the_map_as_of_a_past_day_from_history(self) -> None:
        past = timezone.localdate() - dt.timedelta(days=1)
        # Everything in PeopleTestCase was made "now"; a line and a role added tomorrow
        # must not show in a map as of yesterday, and neither must today's people.
        self.login(self.alice)
        r = self.client.get(
            reverse("relationship-map", args=[self.customer.code]) + f"?as_of={past:%Y-%m-%d}"
        )
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, 'data-person="')
        with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
            influence.create_influence_line(
                actor=self.alice, customer=self.customer, source=self.wang, target=self.chen
            )
            actions.update_key_person(
                actor=self.alice, person=self.chen, data=self.data(self.chen, influence="high")
            )
        today = timezone.localdate()
        r = self.client.get(
            reverse("relationship-map", args=[self.customer.code]) + f"?as_of={today:%Y-%m-%d}"
        )
        self.assertContains(r, f'data-person="{self.chen.pk}"')
        self.assertNotContains(r, "data-influence=")
        self.assertNotContains(r, "Influence: High")
        r = self.client.get(reverse("relationship-map", args=[self.customer.code]))
        self.assertContains(r, "data-influence=")

    def test_it_refuses_a_bad_as_of_and_hides_another_teams_account(self) -> None:
        self.login(self.alice)
        url = reverse("relationship-map", args=[self.customer.code])
        self.assertEqual(self.client.get(url + "?as_of=2026-02-30").status_code, 400)
        self.assertEqual(self.client.post(url).status_code, 405)
        self.login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_pdf_carries_the_same_drawing(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("relationship-map-pdf", args=[self.customer.code]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))

    def test_the_customer_page_brief_carries_the_map(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("customer", args=[self.customer.code]))
        self.assertContains(r, 'class="card brief-relmap"')
        self.assertContains(r, f'data-person="{self.wang.pk}"')


def api(code: str = "AL001") -> str:
    return f"/api/v1/customers/{code}"


class RelationshipApiTest(RelationshipTestCase):
    def patch(self, person: KeyPerson, body: dict[str, Any]) -> Any:
        return self.client.patch(
            f"{api()}/people/{person.pk}", body, content_type="application/json"
        )

    def test_it_reads_and_writes_roles_influence_attitude_and_competitor(self) -> None:
        self.login(self.alice)
        r = self.patch(
            self.li,
            {"roles": ["economic_buyer"], "influence": "high", "favours_competitor": "北方阀门"},
        )
        self.assertEqual(r.status_code, 200, r.content)
        out = r.json()
        self.assertEqual(out["roles"], ["economic_buyer"])
        self.assertEqual((out["influence"], out["attitude"]), ("high", "Champion"))
        self.assertEqual(out["favours_competitor"], "北方阀门")
        self.assertFalse(out["is_coach"])
        wang = self.client.get(f"{api()}/people").json()["people"]
        self.assertEqual(next(p for p in wang if p["name"] == "Wang Fang")["roles"], ["coach"])

    def test_is_coach_alone_keeps_the_other_roles(self) -> None:
        self.login(self.alice)
        self.patch(self.li, {"roles": ["technical_buyer"]})
        out = self.patch(self.li, {"is_coach": True}).json()
        self.assertEqual(out["roles"], ["technical_buyer", "coach"])

    def test_it_answers_422_naming_the_field_and_changes_nothing(self) -> None:
        self.login(self.alice)
        for body, field in (
            ({"favours_competitor": "Nobody Inc"}, "favours_competitor"),
            ({"roles": ["king"]}, "roles"),
            ({"influence": "huge"}, "influence"),
        ):
            r = self.patch(self.li, body)
            self.assertEqual(r.status_code, 422, body)
            self.assertEqual(r.json()["detail"][0]["loc"][-1], field)
        self.li.refresh_from_db()
        self.assertEqual(
            (self.li.roles, self.li.influence, self.li.favours_competitor), ([], "", "")
        )
        r = self.client.post(
            f"{api()}/people",
            {"name": "New One", "favours_competitor": "Nobody Inc"},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertFalse(KeyPerson.objects.filter(name="New One").exists())

    def test_it_creates_lists_and_deletes_influence_lines(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            f"{api()}/influence-lines",
            {"source": self.wang.pk, "target": self.chen.pk, "kind": "adviser", "note": "n"},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        line = r.json()
        self.assertEqual((line["source_name"], line["target_name"]), ("Wang Fang", "Chen Wei"))
        self.assertEqual(len(self.client.get(f"{api()}/influence-lines").json()), 1)
        bad = self.client.post(
            f"{api()}/influence-lines",
            {"source": self.wang.pk, "target": self.stranger.pk},
            content_type="application/json",
        )
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad.json()["detail"][0]["loc"][-1], "target")
        r = self.client.delete(f"{api()}/influence-lines/{line['id']}")
        self.assertEqual(r.status_code, 204)
        self.assertFalse(InfluenceLine.objects.exists())

    def test_it_answers_the_map_as_nodes_and_edges(self) -> None:
        influence.create_influence_line(
            actor=self.alice, customer=self.customer, source=self.wang, target=self.chen
        )
        ours = actions.add_our_person(
            actor=self.alice, customer=self.customer, name="Our Rep", covers=[self.chen]
        )
        self.login(self.bob)
        r = self.client.get(f"{api()}/relationship-map")
        self.assertEqual(r.status_code, 200)
        data = r.json()
        ids = {n["id"] for n in data["nodes"]}
        self.assertEqual(
            ids,
            {f"their-{p.pk}" for p in (self.chen, self.li, self.wang)} | {f"our-{ours.pk}"},
        )
        edges = {(e["kind"], e["source"], e["target"]) for e in data["edges"]}
        self.assertIn(("reports_to", f"their-{self.li.pk}", f"their-{self.chen.pk}"), edges)
        self.assertIn(("influences", f"their-{self.wang.pk}", f"their-{self.chen.pk}"), edges)
        self.assertIn(("covers", f"our-{ours.pk}", f"their-{self.chen.pk}"), edges)
        self.assertIn("no_economic_buyer", data["red_flags"])
        wang = next(n for n in data["nodes"] if n["name"] == "Wang Fang")
        self.assertTrue(wang["is_coach"])
        self.assertEqual(wang["attitude"], "Neutral")

    def test_another_teams_account_answers_404_everywhere(self) -> None:
        line = influence.create_influence_line(
            actor=self.alice, customer=self.customer, source=self.wang, target=self.chen
        )
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"{api()}/relationship-map").status_code, 404)
        self.assertEqual(self.client.get(f"{api()}/influence-lines").status_code, 404)
        self.assertEqual(self.client.delete(f"{api()}/influence-lines/{line.pk}").status_code, 404)
        self.assertEqual(self.patch(self.li, {"influence": "high"}).status_code, 404)
        self.assertTrue(InfluenceLine.objects.exists())
        # A line id of another customer is not found through this customer either.
        self.login(self.alice)
        other = f"/api/v1/customers/{self.other.code}/influence-lines/{line.pk}"
        self.assertEqual(self.client.delete(other).status_code, 404)


class CompetitorSpellingTest(RelationshipTestCase):
    def test_the_action_stores_the_dossiers_spelling(self) -> None:
        data = self.data(self.li, favours_competitor="acme valves")
        actions.update_key_person(actor=self.alice, person=self.li, data=data)
        self.li.refresh_from_db()
        self.assertEqual(self.li.favours_competitor, "Acme Valves")


class BigMapTest(RelationshipTestCase):
    def test_forty_people_take_as_many_queries_as_three_and_stay_readable(self) -> None:
        def count(customer: Any) -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                found = relmap.relationship_map(customer, today=timezone.localdate())
            return len(queries), relmap.draw_map(found)

        count(self.customer)  # warm: settings cache, content types
        small, _svg = count(self.customer)
        big_account(self.alice_customers[1], self.alice, 40)
        large, svg = count(self.alice_customers[1])
        self.assertEqual(small, large)
        self.assertEqual(svg.count('class="rm-person"'), 40)
        width = int(svg.split('width="', 1)[1].split('"', 1)[0])
        self.assertLess(width, 1600)  # stacked teams: fits a laptop screen, one A3 page

    def test_as_of_shows_whom_our_people_covered_then(self) -> None:
        ours = actions.add_our_person(
            actor=self.alice, customer=self.customer, name="Our Rep", covers=[self.chen]
        )
        with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
            actions.update_our_person(
                actor=self.alice, ours=ours, name="Our Rep", covers=[self.li, self.wang]
            )
        today = timezone.localdate()
        then = relmap.relationship_map(self.customer, today=today, as_of=today)
        self.assertEqual([o.covers for o in then.ours], [(self.chen.pk,)])
        later = relmap.relationship_map(
            self.customer, today=today, as_of=today + dt.timedelta(days=3)
        )
        self.assertEqual(sorted(later.ours[0].covers), sorted([self.li.pk, self.wang.pk]))
        self.assertEqual(
            relmap.relationship_map(
                self.customer, today=today, as_of=today - dt.timedelta(days=1)
            ).ours,
            [],
        )


class HistoryAndImportTest(RelationshipTestCase):
    def test_the_history_pages_word_role_and_influence_line_changes(self) -> None:
        self.login(self.alice)
        self.client.post(
            reverse("person-edit", args=[self.customer.code, self.li.pk]),
            self.form(self.li, roles=["economic_buyer"], influence="high"),
        )
        r = self.client.get(reverse("person", args=[self.customer.code, self.li.pk]))
        self.assertContains(r, "Economic buyer</strong>: no → yes")
        self.assertContains(r, "Influence</strong>: — → High")
        influence.create_influence_line(
            actor=self.alice, customer=self.customer, source=self.wang, target=self.chen,
            note="Golf",
        )  # fmt: skip
        r = self.client.get(reverse("people-history", args=[self.customer.code]))
        self.assertContains(r, "Wang Fang → Chen Wei")

    def test_an_import_keeps_roles_influence_and_competitor(self) -> None:
        actions.update_key_person(
            actor=self.alice,
            person=self.li,
            data=self.data(
                self.li, is_economic_buyer=True, influence="high", favours_competitor="北方阀门"
            ),
        )
        actions.import_key_people(
            actor=self.alice,
            customer=self.customer,
            rows=[actions.ImportRow(line=2, data=actions.PersonData(name="Li Na", title="VP"))],
        )
        self.li.refresh_from_db()
        self.assertEqual(self.li.title, "VP")
        self.assertEqual(
            (self.li.roles, self.li.influence, self.li.favours_competitor),
            (["economic_buyer"], "high", "北方阀门"),
        )
