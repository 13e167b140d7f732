"""Evidence gathered from the other apps' data for an assessment's period (traits 1–6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from firstchoice.coaching import evidence, gathering
from firstchoice.customers.models import DossierSection
from firstchoice.people.models import KeyPerson
from firstchoice.plans.models import Action, ContactObjective, Objective, Plan
from firstchoice.plans.models import Comment as PlanComment
from tests.base import TODAY, sell
from tests.coaching.helpers import CoachingTestCase


class GatheringTestCase(CoachingTestCase):
    def setUp(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.assessment = self.start()
        self.a1, self.a2 = self.alice_customers[0], self.alice_customers[1]

    def gathered(self) -> dict[str, evidence.Evidence]:
        return {e.code: e for e in gathering.gather_evidence(self.assessment, today=TODAY)}

    def test_it_reads_the_portfolio_for_trait_5(self) -> None:
        found = self.gathered()
        shape = found["portfolio_shape"]
        self.assertEqual((shape.values["filled"], shape.tone), (15, "ok"))
        self.assertEqual(shape.url, f"/board/alice/{TODAY.year}/")
        self.assertIn("tier_c_rotation", found)

    def test_it_compares_tier_a_sales_for_trait_2(self) -> None:
        sell(self.a1, "100.00", "10.00", days_ago=0)
        growth = self.gathered()["tier_a_growth"]
        self.assertEqual(growth.values, {"growing": 1, "accounts": 5})

    def test_it_reads_research_dossiers_for_trait_1(self) -> None:
        DossierSection.objects.create(
            customer=self.a1, key="business", data={}, updated_at=timezone.now()
        )
        research = self.gathered()["dossier_research"]
        self.assertEqual(research.trait, 1)
        self.assertEqual(research.values["accounts"], 15)
        self.assertEqual(research.details[0].url, f"/customers/{self.a1.code}/")

    def test_it_reads_key_people_for_trait_3(self) -> None:
        KeyPerson.objects.create(
            customer=self.a1, name="Ms Coach", level="head_office", is_coach=True
        )
        KeyPerson.objects.create(customer=self.a1, name="Mr Site", level="site")
        network = self.gathered()["people_network"]
        self.assertEqual(network.values["people"], 2)
        self.assertEqual(network.values["no_coach"], 14)
        self.assertEqual(network.values["multi_level"], 1)
        self.assertEqual(network.details[0].url, f"/customers/{self.a2.code}/people/")

    def test_it_reads_plans_and_contact_objectives_for_traits_5_and_6(self) -> None:
        plan = Plan.objects.create(
            salesperson=self.alice_sp, customer=self.a1, year=TODAY.year, started_from="A"
        )
        objective = Objective.objects.create(
            plan=plan,
            title="Grow 20%",
            metric="sales",
            target=Decimal(1000),
            due=dt.date(TODAY.year, 12, 31),
        )
        Action.objects.create(
            plan=plan,
            what="Visit the plant",
            objective=objective,
            owner=self.alice,
            due=dt.date(TODAY.year, 12, 31),
        )
        PlanComment.objects.create(plan=plan, text="Looks good", author=self.mary)
        contact = ContactObjective.objects.create(
            plan=plan,
            key_person=KeyPerson.objects.create(customer=self.a1, name="Buyer"),
            goal="Agree the trial",
            date=TODAY,
            outcome="Trial agreed",
        )
        ContactObjective.objects.filter(pk=contact.pk).update(
            created=timezone.now() - dt.timedelta(days=3)
        )
        found = self.gathered()
        plans = found["tier_a_plans"]
        self.assertEqual(
            plans.values,
            {"accounts": 5, "with_plan": 1, "complete": 1, "updated": 1, "feedback": 1},
        )
        self.assertEqual(plans.details[0].url, f"/plans/alice/{TODAY.year}/{self.a2.code}/")
        meetings = found["contact_objectives"]
        self.assertEqual(meetings.values, {"meetings": 1, "prepared": 1, "followed_up": 1})
        self.assertEqual(meetings.tone, "ok")

    def test_it_says_when_no_meeting_was_prepared(self) -> None:
        self.assertEqual(self.gathered()["no_contact_objectives"].trait, 6)

    def test_every_gathered_item_reads_as_a_sentence_in_both_languages(self) -> None:
        items = self.gathered().values()
        for language in ("en", "zh-hans"):
            with translation.override(language):
                for item in items:
                    text = gathering.describe(item)
                    self.assertNotEqual(text, item.code, item.code)
                    self.assertNotIn("%(", text, item.code)
        with translation.override("en"):
            shape = gathering.describe(self.gathered()["portfolio_shape"])
        self.assertIn("15 of 15 places filled", shape)
