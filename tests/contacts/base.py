"""A customer of alice's (AL001, on her focus list) with three key people, a plan with a
contact objective, and helpers to log contacts."""

from __future__ import annotations

import datetime as dt

from firstchoice.contacts import actions
from firstchoice.contacts.models import Contact
from firstchoice.people.models import KeyPerson
from firstchoice.plans.actions import contacts as plan_contacts
from firstchoice.plans.actions import plans as plan_plans
from firstchoice.teams.models import User
from tests.base import TODAY, YEAR, BaseTestCase, fill_portfolio


class ContactsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fill_portfolio(cls.alice_sp, cls.alice_customers, actor=cls.root)
        fill_portfolio(cls.charlie_sp, cls.charlie_customers, actor=cls.root)
        cls.account = cls.alice_customers[0]
        cls.wu = KeyPerson.objects.create(
            customer=cls.account, name="Wu Buyer", engagement=1, department="Purchasing"
        )
        cls.li = KeyPerson.objects.create(
            customer=cls.account, name="Li Engineer", engagement=3, department="Engineering"
        )
        cls.zhao = KeyPerson.objects.create(customer=cls.account, name="Zhao Boss")
        cls.elsewhere = KeyPerson.objects.create(
            customer=cls.alice_customers[1], name="Other Person"
        )
        cls.plan = plan_plans.start_plan(
            actor=cls.alice, salesperson=cls.alice_sp, customer=cls.account, year=YEAR, start="A"
        )
        cls.objective = plan_contacts.add_contact(
            actor=cls.alice,
            plan=cls.plan,
            key_person=cls.wu,
            goal="Agree the consignment trial",
            date=TODAY,
            owner=cls.alice,
        )

    def log(
        self,
        *,
        actor: User | None = None,
        day: dt.date | None = None,
        people: list[KeyPerson] | None = None,
        **extra: object,
    ) -> Contact:
        data = actions.ContactData(
            kind=str(extra.pop("kind", "visit")),
            day=day or TODAY,
            their_people=people if people is not None else [self.wu],
            our_people=[actor or self.alice],
            **extra,  # type: ignore[arg-type]
        )
        return actions.log_contact(
            actor=actor or self.alice, customer=self.account, data=data, today=TODAY
        )
