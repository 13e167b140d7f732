"""research_summaries / latest_potentials (for boards, audits, reviews) and the board card."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firstchoice.customers.models import DossierSection
from firstchoice.customers.research import ResearchSummary, latest_potentials, research_summaries
from firstchoice.portfolio import suggestions
from firstchoice.teams.models import CompanySettings
from tests.base import YEAR, BaseTestCase, sell
from tests.customers.research import estimate, fill_section, rule

TODAY = timezone.localdate()


class SummariesTestCase(BaseTestCase):
    def test_it_gives_every_customer_an_entry(self) -> None:
        ids = [c.pk for c in self.alice_customers[:3]]
        found = research_summaries(ids, today=TODAY)
        assert set(found) == set(ids)
        assert found[ids[0]] == ResearchSummary()
        assert found[ids[0]].is_stale is False and found[ids[0]].target_potential is None

    def test_it_summarises_the_research(self) -> None:
        settings = CompanySettings.load()
        settings.min_target_potential = Decimal(500)
        settings.min_confidence = 50
        settings.save()
        customer = self.alice_customers[0]
        fill_section(self.alice, customer)
        fill_section(self.alice, customer, "credit", pays_on_time="yes")
        DossierSection.objects.filter(key="credit").update(
            updated_at=timezone.now() - dt.timedelta(days=400)
        )
        estimate(self.alice, customer, total="400.00", other="0.00", days_ago=100)
        estimate(self.alice, customer, total="900.00", other="100.00", confidence=70)
        rule(self.alice, customer, "training", "no")
        rule(self.alice, customer, "carriers", "partly")
        rule(self.alice, customer, "alliance", "yes")
        s = research_summaries([customer.pk], today=TODAY)[customer.pk]
        # profile 3/3, credit 1/3, nine empty sections: (1 + 1/3) / 11
        assert s.completeness == 12
        assert (s.stale_sections, s.is_stale, s.rule_risks) == (1, True, 2)
        assert (s.target_potential, s.confidence, s.worth_resources) == (Decimal(800), 70, True)
        assert latest_potentials([customer.pk, self.alice_customers[1].pk]) == {
            customer.pk: Decimal(800),
            self.alice_customers[1].pk: None,
        }

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        CompanySettings.load()
        ids = [c.pk for c in self.alice_customers]
        with CaptureQueriesContext(connection) as empty:
            research_summaries(ids, today=TODAY)
        for customer in self.alice_customers:
            fill_section(self.alice, customer)
            estimate(self.alice, customer)
            estimate(self.alice, customer, days_ago=50)
            rule(self.alice, customer)
        with CaptureQueriesContext(connection) as full:
            research_summaries(ids, today=TODAY)
        assert len(full) == len(empty) == 5
        with CaptureQueriesContext(connection) as latest:
            latest_potentials(ids)
        assert len(latest) == 1


class BoardCardTestCase(BaseTestCase):
    def test_it_shows_research_on_the_card(self) -> None:
        customer = self.alice_customers[0]
        sell(customer, "200.00", "20.00")
        self.add(self.alice_sp, customer, "A")
        fill_section(self.alice, customer)
        estimate(self.alice, customer, total="1000.00", other="200.00")
        rule(self.alice, customer, "training", "no")
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{YEAR}/").content.decode()
        assert 'data-completeness="9"' in html and 'data-rule-risks="1"' in html
        assert "1 rule of engagement we cannot fully execute" in html
        assert "800" in html and "25.0%" in html  # potential, wallet share

    def test_it_feeds_the_potential_to_tier_suggestions(self) -> None:
        customer = self.alice_customers[0]
        sell(customer, "200.00", "20.00")
        estimate(self.alice, customer, total="1000.00", other="0.00")
        found = suggestions.suggestions(self.alice_sp, YEAR, TODAY)
        candidates = [v.candidate for views in found.tiers.values() for v in views]
        mine = [c for c in candidates if c.key == customer.pk]
        assert mine and mine[0].potential == Decimal(1000)
