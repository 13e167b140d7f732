"""Target potential on the customer page: record estimates, derived figures (M3)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from firstchoice.customers.models import TargetPotential
from firstchoice.teams.models import CompanySettings
from tests.base import BaseTestCase, sell
from tests.customers.research import estimate

URL = "/customers/AL001/potential/"
PAGE = "/customers/AL001/"
HX = {"HTTP_HX_REQUEST": "true"}


def form(**extra: str) -> dict[str, str]:
    return {
        "estimated_on": timezone.localdate().isoformat(),
        "total": "10000",
        "other_channels": "2000",
        "confidence": "70",
        "source": "purchasing manager",
        **extra,
    }


class PotentialTestCase(BaseTestCase):
    def test_it_records_an_estimate_and_shows_wallet_share_and_headroom(self) -> None:
        sell(self.alice_customers[0], "2000.00", "400.00")
        settings = CompanySettings.load()
        settings.min_target_potential = Decimal(5000)
        settings.save()
        self.login(self.alice)
        r = self.client.post(URL, form(), **HX)
        assert r.status_code == 200
        html = r.content.decode()
        assert "8,000" in html  # 10,000 − 2,000
        assert '<strong class="wallet-share">25.0%</strong>' in html  # OOB summary
        assert '<strong class="headroom">6,000</strong>' in html
        assert 'class="worth"><b class="yes">' in html
        p = TargetPotential.objects.get()
        assert (p.total, p.other_channels, p.confidence, p.created_by) == (
            Decimal(10000),
            Decimal(2000),
            70,
            self.alice,
        )

    def test_it_keeps_earlier_estimates_and_draws_the_trend(self) -> None:
        estimate(self.alice, self.alice_customers[0], total="5000.00", days_ago=200)
        self.login(self.alice)
        html = self.client.post(URL, form(), **HX).content.decode()
        assert TargetPotential.objects.count() == 2
        assert "2 estimates" in html and "<svg" in html

    def test_it_says_unknown_without_an_estimate(self) -> None:
        self.login(self.alice)
        html = self.client.get(PAGE).content.decode()
        assert "No estimate yet: the potential is unknown." in html
        assert '<strong class="wallet-share">—</strong>' in html

    def test_it_refuses_impossible_figures_naming_each_field(self) -> None:
        self.login(self.alice)
        cases = {
            "other_channels": (
                form(other_channels="20000"),
                "cannot exceed the total market volume",
            ),
            "total": (form(total="-5", other_channels="0"), "cannot be negative"),
            "confidence": (form(confidence="101"), "percentage from 0 to 100"),
            "total ": (
                form(total="lots"),
                "Total market volume: enter an amount such as 2,500,000.",
            ),
        }
        for name, (data, message) in cases.items():
            with self.subTest(name):
                r = self.client.post(URL, data, **HX)
                assert r.status_code == 422
                assert message in r.content.decode()
        assert not TargetPotential.objects.exists()

    def test_it_forbids_a_read_only_teammate_and_hides_from_another_team(self) -> None:
        self.login(self.bob)
        assert self.client.post(URL, form(), **HX).status_code == 403
        self.login(self.charlie)
        assert self.client.post(URL, form(), **HX).status_code == 404
        assert not TargetPotential.objects.exists()

    def test_it_refuses_get_and_anonymous(self) -> None:
        assert self.client.post(URL, form()).status_code == 302
        self.login(self.alice)
        assert self.client.get(URL).status_code == 405
