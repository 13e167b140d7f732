"""A small mapped customer for the people tests, on top of tests.base.BaseTestCase."""

from __future__ import annotations

from typing import Any

from firstchoice.customers.models import Customer
from firstchoice.people import actions
from firstchoice.people.actions import PersonData
from firstchoice.people.models import KeyPerson
from firstchoice.teams.models import User
from tests.base import BaseTestCase


def person(
    customer: Customer, name: str, *, actor: User, boss: KeyPerson | None = None, **kw: Any
) -> KeyPerson:
    return actions.create_key_person(
        actor=actor, customer=customer, data=PersonData(name=name, reports_to=boss, **kw)
    )


class PeopleTestCase(BaseTestCase):
    """alice's customer AL001 with a three-level chart: Chen → Li → Wang (coach)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.customer = cls.alice_customers[0]
        cls.other = cls.charlie_customers[0]
        cls.chen = person(
            cls.customer, "Chen Wei", actor=cls.alice, department="Management",
            title="General manager", level="head_office", engagement=2,
        )  # fmt: skip
        cls.li = person(
            cls.customer, "Li Na", actor=cls.alice, boss=cls.chen, department="Purchasing",
            title="Purchasing director", level="division", engagement=1, pains="Late deliveries",
        )  # fmt: skip
        cls.wang = person(
            cls.customer, "Wang Fang", actor=cls.alice, boss=cls.li, department="Purchasing",
            title="Buyer", level="site", engagement=3, is_coach=True,
        )  # fmt: skip
        cls.stranger = person(cls.other, "Zhao Lei", actor=cls.charlie)

    def data(self, p: KeyPerson, **changes: Any) -> PersonData:
        fields = {name: getattr(p, name) for name in actions.PERSON_FIELDS}
        return PersonData(**{**fields, **changes})
