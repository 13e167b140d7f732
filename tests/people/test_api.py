"""/api/v1/customers/{code}/people and /orgchart: reads, writes through the actions, scope."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from firstchoice.people.models import KeyPerson
from firstchoice.teams.actions import create_token
from tests.people.base import PeopleTestCase, person


def people_url(code: str = "AL001") -> str:
    return f"/api/v1/customers/{code}/people"


def orgchart_url(code: str = "AL001") -> str:
    return f"/api/v1/customers/{code}/orgchart"


class ApiReadTest(PeopleTestCase):
    def test_it_lists_people_with_lines_levels_coach_and_confirmation(self) -> None:
        self.login(self.alice)
        r = self.client.get(people_url())
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["customer"], "AL001")
        wang = next(p for p in data["people"] if p["name"] == "Wang Fang")
        self.assertEqual(wang["reports_to"], self.li.pk)
        self.assertEqual(wang["reports_to_name"], "Li Na")
        self.assertEqual(wang["level"], "site")
        self.assertTrue(wang["is_coach"])
        self.assertEqual(wang["confirmed_by"], "alice")
        self.assertIsNotNone(wang["confirmed_at"])
        self.assertFalse(data["flags"]["no_coach"])
        self.assertFalse(data["flags"]["single_threaded"])

    def test_it_answers_a_nested_org_chart(self) -> None:
        self.login(self.bob)
        data = self.client.get(orgchart_url()).json()
        self.assertEqual(data["people"], 3)
        depts = {d["department"]: d["roots"] for d in data["departments"]}
        self.assertEqual([n["name"] for n in depts["Management"]], ["Chen Wei"])
        li = depts["Purchasing"][0]
        self.assertEqual(li["reports_to_outside"], "Chen Wei")
        self.assertEqual([c["name"] for c in li["children"]], ["Wang Fang"])
        self.assertTrue(li["children"][0]["is_coach"])

    def test_it_answers_422_to_a_bad_as_of(self) -> None:
        self.login(self.alice)
        r = self.client.get(orgchart_url() + "?as_of=2026-13-01")
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["query", "as_of"])

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(people_url()).status_code, 404)
        self.assertEqual(self.client.get(orgchart_url()).status_code, 404)

    def test_it_answers_401_without_credentials(self) -> None:
        self.assertEqual(self.client.get(people_url()).status_code, 401)

    def test_it_reads_the_chart_in_a_fixed_number_of_queries(self) -> None:
        _token, raw = create_token(user=self.alice)
        auth = {"Authorization": f"Bearer {raw}"}
        self.client.get(orgchart_url(), headers=auth)  # settings row, token last used
        with CaptureQueriesContext(connection) as few:
            self.client.get(orgchart_url(), headers=auth)
        KeyPerson.objects.bulk_create(
            KeyPerson(customer=self.customer, name=f"P{i}", reports_to=self.wang) for i in range(50)
        )
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(orgchart_url(), headers=auth)
        self.assertEqual(r.json()["people"], 53)
        self.assertEqual(len(few), len(many))
        with CaptureQueriesContext(connection) as listing:
            self.client.get(people_url(), headers=auth)
        self.assertLessEqual(len(listing), len(many) + 3)


class ApiWriteTest(PeopleTestCase):
    def setUp(self) -> None:
        super().setUp()
        _token, raw = create_token(user=self.alice)
        self.api = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    def test_it_creates_through_the_action(self) -> None:
        r = self.api.post(
            people_url(),
            {"name": "Sun Li", "level": "shop_floor", "reports_to": self.wang.pk},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["reports_to_name"], "Wang Fang")
        created = KeyPerson.objects.get(name="Sun Li")
        self.assertEqual(created.history.get().history_user, self.alice)

    def test_it_refuses_a_boss_from_another_customer_without_revealing_it(self) -> None:
        r = self.api.post(
            people_url(),
            {"name": "Sun Li", "reports_to": self.stranger.pk},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "reports_to"])
        self.assertNotIn("Zhao", r.content.decode())
        self.assertFalse(KeyPerson.objects.filter(name="Sun Li").exists())

    def test_it_refuses_a_cycle_with_422_naming_the_people(self) -> None:
        r = self.api.patch(
            f"{people_url()}/{self.chen.pk}",
            {"reports_to": self.wang.pk},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertIn("Chen Wei → Wang Fang → Li Na → Chen Wei", r.json()["detail"][0]["msg"])

    def test_it_patches_only_the_fields_sent(self) -> None:
        r = self.api.patch(
            f"{people_url()}/{self.li.pk}", {"is_coach": True}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.li.refresh_from_db()
        self.assertTrue(self.li.is_coach)
        self.assertEqual(self.li.reports_to, self.chen)
        self.assertEqual(self.li.pains, "Late deliveries")

    def test_it_refuses_a_stale_patch_with_409_naming_who_and_when(self) -> None:
        url = f"{people_url()}/{self.li.pk}"
        seen = self.api.get(people_url()).json()["people"]
        version = next(p["version"] for p in seen if p["id"] == self.li.pk)
        first = self.api.patch(
            url,
            {"title": "Head of purchasing", "version": version},
            content_type="application/json",
        )
        self.assertEqual((first.status_code, first.json()["version"]), (200, version + 1))
        r = self.api.patch(
            url, {"title": "Overwritten", "version": version}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 409, r.content)
        body = r.json()
        self.assertEqual((body["changed_by"], body["current_version"]), ("alice", version + 1))
        self.assertIsNotNone(body["changed_at"])
        self.li.refresh_from_db()
        self.assertEqual(self.li.title, "Head of purchasing")
        # Started again from the current version, the change goes through.
        r = self.api.patch(
            url, {"title": "Overwritten", "version": version + 1}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 200, r.content)

    def test_it_refuses_a_bad_email_with_422(self) -> None:
        r = self.api.post(
            people_url(), {"name": "X", "email": "nope"}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "email"])

    def test_it_confirms_and_deletes(self) -> None:
        r = self.api.post(f"{people_url()}/{self.wang.pk}/confirm")
        self.assertEqual(r.status_code, 200)
        r = self.api.delete(f"{people_url()}/{self.wang.pk}")
        self.assertEqual(r.status_code, 204)
        self.assertFalse(KeyPerson.objects.filter(pk=self.wang.pk).exists())

    def test_it_forbids_a_read_only_teammate(self) -> None:
        _token, raw = create_token(user=self.bob)
        bob = Client(headers={"Authorization": f"Bearer {raw}"})
        r = bob.post(people_url(), {"name": "X"}, content_type="application/json")
        self.assertEqual(r.status_code, 403)
        r = bob.delete(f"{people_url()}/{self.wang.pk}")
        self.assertEqual(r.status_code, 403)

    def test_it_never_reaches_a_person_through_the_wrong_customer(self) -> None:
        r = self.api.patch(
            f"{people_url()}/{self.stranger.pk}", {"name": "Y"}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 404)
        other = person(self.alice_customers[1], "Other", actor=self.alice)
        r = self.api.delete(f"{people_url()}/{other.pk}")
        self.assertEqual(r.status_code, 404)

    def test_it_refuses_a_session_write_without_csrf(self) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.alice)
        r = browser.post(people_url(), {"name": "X"}, content_type="application/json")
        self.assertEqual(r.status_code, 403)

    def test_it_still_serves_the_customers_router(self) -> None:
        self.assertEqual(self.api.get("/api/v1/customers/AL001").status_code, 200)


def ours_url(code: str = "AL001", pk: int | None = None) -> str:
    return f"/api/v1/customers/{code}/our-people" + (f"/{pk}" if pk else "")


class OurPeopleApiTest(PeopleTestCase):
    def post(self, body: dict[str, object], code: str = "AL001"):  # type: ignore[no-untyped-def]
        return self.client.post(ours_url(code), body, content_type="application/json")

    def test_it_adds_lists_replaces_and_removes_our_people(self) -> None:
        self.login(self.alice)
        r = self.post(
            {"name": "Eng. Park", "role": "Application engineer", "rank": 2,
             "covers": [self.li.pk, self.wang.pk]}
        )  # fmt: skip
        self.assertEqual(r.status_code, 201, r.content)
        created = r.json()
        self.assertEqual([c["name"] for c in created["covers"]], ["Li Na", "Wang Fang"])
        self.assertIsNone(created["login"])
        r = self.post({"name": "Alice", "rank": 1, "login": "alice", "covers": [self.chen.pk]})
        self.assertEqual(r.json()["login"], "alice")
        listed = self.client.get(ours_url()).json()
        self.assertEqual([o["name"] for o in listed], ["Alice", "Eng. Park"])  # by rank
        r = self.client.put(
            ours_url(pk=created["id"]),
            {"name": "Eng. Park", "rank": 3, "covers": []},
            content_type="application/json",
        )
        self.assertEqual((r.json()["rank"], r.json()["covers"]), (3, []))
        stale = self.client.put(
            ours_url(pk=created["id"]),
            {"name": "Eng. Lee", "covers": [], "version": created["version"]},
            content_type="application/json",
        )
        self.assertEqual(stale.status_code, 409, stale.content)
        self.assertEqual(stale.json()["current_version"], r.json()["version"])
        self.assertEqual(self.client.delete(ours_url(pk=created["id"])).status_code, 204)
        self.assertEqual(len(self.client.get(ours_url()).json()), 1)

    def test_it_refuses_another_customers_people_and_unknown_logins_by_field(self) -> None:
        self.login(self.alice)
        r = self.post({"name": "X", "covers": [self.stranger.pk], "login": "charlie"})
        self.assertEqual(r.status_code, 422)
        fields = {e["loc"][-1] for e in r.json()["detail"]}
        self.assertEqual(fields, {"covers", "login"})  # charlie is in another team
        r = self.post({"name": "", "rank": 0})
        self.assertEqual({e["loc"][-1] for e in r.json()["detail"]}, {"name", "rank"})
        self.assertEqual(self.client.get(ours_url()).json(), [])

    def test_it_scopes_reads_and_writes(self) -> None:
        self.login(self.bob)  # a teammate reads, cannot write
        self.assertEqual(self.client.get(ours_url()).status_code, 200)
        self.assertEqual(self.post({"name": "Bob"}).status_code, 403)
        self.login(self.charlie)
        self.assertEqual(self.client.get(ours_url()).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(ours_url()).status_code, 401)
