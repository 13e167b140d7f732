"""Writes to key people: validation, reporting lines, history, our side."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from firstchoice.lib.edits import StaleEdit
from firstchoice.people import actions
from firstchoice.people.models import KeyPerson, OurPerson
from tests.people.base import PeopleTestCase, person


class KeyPersonActionsTest(PeopleTestCase):
    def test_it_creates_confirmed_by_the_actor_with_history(self) -> None:
        p = person(self.customer, "Sun Li", actor=self.alice, email="sun@example.com")
        self.assertEqual(p.confirmed_by, self.alice)
        self.assertIsNotNone(p.confirmed_at)
        record = p.history.get()
        self.assertEqual(record.history_type, "+")
        self.assertEqual(record.history_user, self.alice)

    def test_it_refuses_a_bad_email_and_phone_naming_the_fields(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            person(self.customer, "Bad", actor=self.alice, email="not-an-email", phone="12")
        self.assertEqual(set(caught.exception.message_dict), {"email", "phone"})
        with self.assertRaises(ValidationError) as caught:
            person(self.customer, "Bad", actor=self.alice, fax="call me")
        self.assertIn("fax", caught.exception.message_dict)
        self.assertFalse(KeyPerson.objects.filter(name="Bad").exists())

    def test_it_refuses_an_engagement_outside_one_to_five(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            person(self.customer, "Bad", actor=self.alice, engagement=6)
        self.assertIn("engagement", caught.exception.message_dict)

    def test_it_refuses_a_cycle_naming_the_people(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.update_key_person(
                actor=self.alice, person=self.chen, data=self.data(self.chen, reports_to=self.wang)
            )
        message = caught.exception.message_dict["reports_to"][0]
        for name in ("Chen Wei", "Wang Fang", "Li Na"):
            self.assertIn(name, message)
        self.chen.refresh_from_db()
        self.assertIsNone(self.chen.reports_to)

    def test_it_refuses_reporting_to_oneself(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.update_key_person(
                actor=self.alice, person=self.li, data=self.data(self.li, reports_to=self.li)
            )
        self.assertIn("reports_to", caught.exception.message_dict)

    def test_it_refuses_a_boss_at_another_customer(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.update_key_person(
                actor=self.alice, person=self.li, data=self.data(self.li, reports_to=self.stranger)
            )
        self.assertIn("another customer", caught.exception.message_dict["reports_to"][0])
        self.li.refresh_from_db()
        self.assertEqual(self.li.reports_to, self.chen)

    def test_it_refuses_an_edit_of_a_copy_changed_since(self) -> None:
        seen = self.li.version
        actions.update_key_person(
            actor=self.alice, person=self.li, data=self.data(self.li), version=seen
        )
        self.assertEqual(self.li.version, seen + 1)
        stale = KeyPerson.objects.get(pk=self.li.pk)
        with self.assertRaises(StaleEdit) as caught:
            actions.update_key_person(
                actor=self.mary,
                person=stale,
                data=self.data(stale, title="Overwritten"),
                version=seen,
            )
        self.assertEqual(
            (caught.exception.changed_by, caught.exception.version), (self.alice, seen + 1)
        )
        self.li.refresh_from_db()
        self.assertEqual((self.li.title, self.li.version), ("Purchasing director", seen + 1))

    def test_it_refuses_a_stale_edit_of_our_person(self) -> None:
        ours = actions.add_our_person(actor=self.alice, customer=self.li.customer, name="Ann")
        actions.update_our_person(actor=self.alice, ours=ours, name="Ann Lee", version=1)
        with self.assertRaises(StaleEdit):
            actions.update_our_person(
                actor=self.mary, ours=OurPerson.objects.get(pk=ours.pk), name="Ann B", version=1
            )
        ours.refresh_from_db()
        self.assertEqual((ours.name, ours.version), ("Ann Lee", 2))

    def test_it_records_each_change_with_who(self) -> None:
        actions.update_key_person(
            actor=self.mary, person=self.wang, data=self.data(self.wang, engagement=2)
        )
        latest = self.wang.history.first()
        self.assertEqual(latest.history_user, self.mary)
        self.assertEqual(latest.engagement, 2)
        self.assertEqual(self.wang.history.count(), 2)

    def test_it_frees_the_reports_of_a_removed_person(self) -> None:
        actions.delete_key_person(actor=self.alice, person=self.li)
        self.wang.refresh_from_db()
        self.assertIsNone(self.wang.reports_to)
        self.assertEqual(self.wang.history.first().history_user, self.alice)


class OurPersonActionsTest(PeopleTestCase):
    def test_it_ranks_our_people_and_their_cover(self) -> None:
        ours = actions.add_our_person(
            actor=self.alice, customer=self.customer, name="Alice", rank=1, covers=[self.li]
        )
        self.assertEqual(list(ours.covers.all()), [self.li])
        actions.update_our_person(
            actor=self.alice, ours=ours, name="Alice", rank=2, covers=[self.li, self.wang]
        )
        self.assertEqual(ours.covers.count(), 2)
        # Every save and every change of cover is recorded (simple-history m2m_fields).
        latest = ours.history.first()
        self.assertEqual(latest.rank, 2)
        self.assertEqual(latest.history_user, self.alice)
        self.assertEqual({c.keyperson_id for c in latest.covers.all()}, {self.li.pk, self.wang.pk})

    def test_it_refuses_covering_another_customers_person(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.add_our_person(
                actor=self.alice, customer=self.customer, name="X", covers=[self.stranger]
            )
        self.assertIn("covers", caught.exception.message_dict)
        self.assertFalse(OurPerson.objects.exists())

    def test_it_refuses_a_blank_name(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.add_our_person(actor=self.alice, customer=self.customer, name="  ")
        self.assertIn("name", caught.exception.message_dict)
