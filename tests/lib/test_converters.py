"""URL converters: ids are ASCII digits within 64 bits; anything else is no page (404)."""

from __future__ import annotations

from django.urls import Resolver404, resolve

from firstchoice.lib.converters import IdConverter
from tests.people.base import PeopleTestCase


class IdConverterTest(PeopleTestCase):
    def test_it_answers_404_for_an_id_beyond_64_bits(self) -> None:
        self.login(self.alice)
        ok = self.client.get(f"/customers/AL001/people/{self.li.pk}/")
        self.assertEqual(ok.status_code, 200)
        for odd in ("99999999999999999999", "9223372036854775808", "%C2%B2"):
            r = self.client.get(f"/customers/AL001/people/{odd}/")
            self.assertEqual(r.status_code, 404, odd)
            self.assertEqual(self.client.get(f"/imports/{odd}/").status_code, 404, odd)

    def test_it_reads_the_largest_id(self) -> None:
        self.assertEqual(IdConverter().to_python("9223372036854775807"), 2**63 - 1)
        with self.assertRaises(Resolver404):
            resolve("/customers/AL001/people/²/")
