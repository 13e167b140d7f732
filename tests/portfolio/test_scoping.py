"""Who sees a customer nobody owns (portfolio.scoping): the teams whose lists hold it."""

from __future__ import annotations

import json

from firstchoice.customers.models import Customer
from firstchoice.people.models import KeyPerson
from firstchoice.portfolio.scoping import can_edit_customer, visible_customers
from tests.base import BaseTestCase


class UnownedCustomerTestCase(BaseTestCase):
    def setUp(self) -> None:
        # Like C10512 in the demo: nobody owns it, charlie (team Beta) keeps it on his list.
        self.listed = Customer.objects.create(code="UL001", name="Listed Unowned")
        self.add(self.charlie_sp, self.listed, "C")
        self.prospect = Customer.objects.create(code="PR001", name="Open Prospect")

    def test_it_hides_an_unowned_customer_listed_by_another_team(self) -> None:
        assert not visible_customers(self.alice).filter(code="UL001").exists()
        self.login(self.alice)
        for path in (
            "/customers/UL001/",
            "/customers/UL001/people/",
            "/api/v1/customers/UL001",
            "/api/v1/customers/UL001/people",
        ):
            self.assertEqual(self.client.get(path).status_code, 404, path)
        self.assertNotContains(self.client.get("/customers/?q=Unowned"), "UL001")
        self.assertEqual(self.client.get("/api/v1/customers", {"search": "UL0"}).json()["count"], 0)

    def test_it_refuses_another_teams_writes_with_404(self) -> None:
        self.login(self.alice)
        patch = self.client.patch(
            "/api/v1/customers/UL001/dossier/credit",
            json.dumps({"values": {"pays_on_time": "yes"}}),
            content_type="application/json",
        )
        self.assertEqual(patch.status_code, 404)
        person = self.client.post(
            "/api/v1/customers/UL001/people",
            json.dumps({"name": "Mallory"}),
            content_type="application/json",
        )
        self.assertEqual(person.status_code, 404)
        self.assertFalse(KeyPerson.objects.filter(customer=self.listed).exists())

    def test_it_lets_the_listing_team_read_and_write(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get("/customers/UL001/").status_code, 200)
        assert can_edit_customer(self.charlie, self.listed)
        patch = self.client.patch(
            "/api/v1/customers/UL001/dossier/credit",
            json.dumps({"values": {"pays_on_time": "yes"}}),
            content_type="application/json",
        )
        self.assertEqual(patch.status_code, 200)
        self.login(self.root)
        self.assertEqual(self.client.get("/api/v1/customers/UL001").status_code, 200)

    def test_it_keeps_an_unlisted_prospect_open_to_every_team(self) -> None:
        for user in (self.alice, self.charlie, self.mary):
            assert visible_customers(user).filter(code="PR001").exists()
            assert can_edit_customer(user, self.prospect)
            self.login(user)
            self.assertEqual(self.client.get("/customers/PR001/").status_code, 200)

    def test_it_lets_a_listing_teammate_read_but_not_write(self) -> None:
        listed = Customer.objects.create(code="UL002", name="Alpha's Unowned")
        self.add(self.alice_sp, listed, "C")
        assert visible_customers(self.bob).filter(code="UL002").exists()
        assert not can_edit_customer(self.bob, listed)
        assert not visible_customers(self.charlie).filter(code="UL002").exists()
