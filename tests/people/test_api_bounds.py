"""/api/v1/customers/{code}/people and /our-people: input bounded as the database is."""

from __future__ import annotations

from firstchoice.people.models import KeyPerson, OurPerson
from tests.people.base import PeopleTestCase

PEOPLE = "/api/v1/customers/AL001/people"


def locs(r) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(d["loc"][-1]) for d in r.json()["detail"]]


class PeopleApiBoundsTest(PeopleTestCase):
    def setUp(self) -> None:
        self.login(self.alice)

    def test_it_refuses_null_for_a_text_field(self) -> None:
        for name in ("title", "pains", "interests", "responsibility", "department", "name"):
            r = self.client.patch(
                f"{PEOPLE}/{self.li.pk}", {name: None}, content_type="application/json"
            )
            self.assertEqual(r.status_code, 422, name)
            self.assertEqual(locs(r), [name])
        self.li.refresh_from_db()
        self.assertEqual(self.li.title, "Purchasing director")
        # Nullable columns still clear with null; text clears with "".
        r = self.client.patch(
            f"{PEOPLE}/{self.li.pk}",
            {"engagement": None, "reports_to": None, "title": ""},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 200)
        self.li.refresh_from_db()
        self.assertEqual((self.li.engagement, self.li.reports_to, self.li.title), (None, None, ""))

    def test_it_refuses_an_id_beyond_64_bits(self) -> None:
        r = self.client.post(
            "/api/v1/customers/AL001/our-people",
            {"name": "Us", "covers": [99999999999999999999]},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(locs(r), ["0"])
        self.assertFalse(OurPerson.objects.exists())
        r = self.client.patch(
            f"{PEOPLE}/99999999999999999999", {"title": "x"}, content_type="application/json"
        )
        self.assertEqual((r.status_code, locs(r)), (422, ["person_id"]))

    def test_it_refuses_a_nul_byte(self) -> None:
        r = self.client.post(PEOPLE, {"name": "a\x00b"}, content_type="application/json")
        self.assertEqual((r.status_code, locs(r)), (422, ["name"]))
        self.assertFalse(KeyPerson.objects.filter(name__startswith="a").exists())
