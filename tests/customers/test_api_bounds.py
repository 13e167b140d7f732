"""/api/v1/customers…: input bounded as the database is (422 naming the field, never 500)."""

from __future__ import annotations

from firstchoice.customers.models import EngagementRule
from tests.base import BaseTestCase

RULES = "/api/v1/customers/AL001/rules"


def locs(r) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(d["loc"][-1]) for d in r.json()["detail"]]


class CustomerApiBoundsTest(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.alice)

    def test_it_refuses_an_offset_or_limit_out_of_bounds(self) -> None:
        for query, name in (
            ("offset=9223372036854775808", "offset"),
            ("offset=-1", "offset"),
            ("limit=-47483", "limit"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
        ):
            r = self.client.get(f"/api/v1/customers?{query}")
            self.assertEqual(r.status_code, 422, query)
            self.assertEqual(locs(r), [name])
        self.assertEqual(self.client.get("/api/v1/customers?limit=500").json()["limit"], 500)

    def test_it_refuses_control_characters_naming_the_field(self) -> None:
        r = self.client.post(
            RULES, {"title": "a\x00b", "can_execute": "no"}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(locs(r), ["title"])
        self.assertIn("control characters", r.json()["detail"][0]["msg"])
        r = self.client.get("/api/v1/customers?search=a%00b")
        self.assertEqual((r.status_code, locs(r)), (422, ["search"]))
        r = self.client.patch(
            "/api/v1/customers/AL001/dossier/profile",
            {"values": {"company_type": "a\x00b"}},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertFalse(EngagementRule.objects.exists())

    def test_it_keeps_tab_and_line_breaks(self) -> None:
        r = self.client.post(
            RULES,
            {"title": "a\tb", "requirement": "one\r\ntwo", "can_execute": "no"},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 201)

    def test_it_refuses_text_longer_than_its_column(self) -> None:
        r = self.client.post(
            RULES, {"title": "x" * 201, "can_execute": "no"}, content_type="application/json"
        )
        self.assertEqual((r.status_code, locs(r)), (422, ["title"]))

    def test_it_answers_404_for_a_rule_slot_of_other_digits(self) -> None:
        for slot in ("%C2%B2", "%D9%A2", "99999999999999999999999"):
            r = self.client.put(
                f"{RULES}/{slot}", {"can_execute": "no"}, content_type="application/json"
            )
            self.assertEqual(r.status_code, 404, slot)
            self.assertEqual(self.client.delete(f"{RULES}/{slot}").status_code, 404, slot)
