"""people_flags, key_people and key_person_for_user: what other apps call."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from firstchoice.people.models import KeyPerson
from firstchoice.people.queries import key_people, key_person_for_user, people_flags
from firstchoice.teams.models import CompanySettings
from tests.people.base import PeopleTestCase, person

TODAY = timezone.localdate()


class PeopleFlagsTest(PeopleTestCase):
    def test_it_gives_every_id_an_entry(self) -> None:
        empty = self.alice_customers[5]
        flags = people_flags([self.customer.pk, empty.pk], today=TODAY)
        self.assertEqual(set(flags), {self.customer.pk, empty.pk})
        self.assertEqual(flags[empty.pk].people, 0)
        self.assertTrue(flags[empty.pk].no_coach)
        self.assertTrue(flags[empty.pk].single_threaded)
        self.assertFalse(flags[empty.pk].chart_stale)

    def test_it_reads_a_mapped_account(self) -> None:
        f = people_flags([self.customer.pk], today=TODAY)[self.customer.pk]
        self.assertEqual(f.people, 3)
        self.assertFalse(f.no_coach)
        self.assertFalse(f.single_threaded)  # Chen 2, Li 1
        self.assertEqual(f.levels_covered, {"head_office", "division", "site"})
        self.assertEqual(f.unaddressed_pains, 1)
        self.assertEqual(f.stale_people, 0)

    def test_it_lets_plans_pass_the_people_they_address(self) -> None:
        f = people_flags(
            [self.customer.pk], today=TODAY, addressed={self.customer.pk: {self.li.pk}}
        )[self.customer.pk]
        self.assertEqual(f.unaddressed_pains, 0)

    def test_it_uses_the_company_stale_age(self) -> None:
        settings = CompanySettings.load()
        settings.org_chart_stale_days = 30
        settings.save()
        old = timezone.now() - dt.timedelta(days=31)
        KeyPerson.objects.filter(pk__in=[self.li.pk, self.wang.pk]).update(confirmed_at=old)
        f = people_flags([self.customer.pk], today=TODAY)[self.customer.pk]
        self.assertEqual(f.stale_people, 2)
        self.assertTrue(f.chart_stale)
        later = people_flags([self.customer.pk], today=TODAY, stale_days=60)[self.customer.pk]
        self.assertFalse(later.chart_stale)

    def test_it_flags_single_threading(self) -> None:
        KeyPerson.objects.filter(pk=self.chen.pk).update(engagement=4)
        f = people_flags([self.customer.pk], today=TODAY)[self.customer.pk]
        self.assertTrue(f.single_threaded)

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        ids = [c.pk for c in self.alice_customers]
        for c in self.alice_customers[1:6]:
            person(c, "Someone", actor=self.alice, is_coach=True)
        CompanySettings.load()
        with self.assertNumQueries(2):
            flags = people_flags(ids, today=TODAY)
        self.assertEqual(len(flags), 20)
        with self.assertNumQueries(1):
            people_flags(ids, today=TODAY, stale_days=90)


class LookupTest(PeopleTestCase):
    def test_it_scopes_key_people_to_visible_customers(self) -> None:
        self.assertEqual(len(key_people(self.bob, self.customer)), 3)
        self.assertEqual(list(key_people(self.charlie, self.customer)), [])

    def test_it_finds_a_person_only_inside_the_customer(self) -> None:
        self.assertEqual(key_person_for_user(self.bob, "AL001", self.li.pk), self.li)
        with self.assertRaises(Http404):
            key_person_for_user(self.alice, "AL001", self.stranger.pk)
        with self.assertRaises(Http404):
            key_person_for_user(self.charlie, "AL001", self.li.pk)
        with self.assertRaises(PermissionDenied):
            key_person_for_user(self.bob, "AL001", self.li.pk, write=True)
        self.assertEqual(key_person_for_user(self.mary, "AL001", self.li.pk, write=True), self.li)

    def test_it_lets_a_seller_who_lists_the_customer_write(self) -> None:
        self.add(self.bob_sp, self.customer, "C")
        self.assertEqual(key_person_for_user(self.bob, "AL001", self.li.pk, write=True), self.li)
