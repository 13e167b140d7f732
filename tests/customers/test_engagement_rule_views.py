"""Rules of engagement on the customer page (M4): record, risk, custom rules."""

from __future__ import annotations

from firstchoice.customers.models import EngagementRule
from tests.base import BaseTestCase
from tests.customers.research import rule

PAGE = "/customers/AL001/"
HX = {"HTTP_HX_REQUEST": "true"}


def url(slot: str) -> str:
    return f"/customers/AL001/rules/{slot}/"


class RuleTestCase(BaseTestCase):
    def test_it_lists_the_ten_standard_rules(self) -> None:
        self.login(self.alice)
        html = self.client.get(PAGE).content.decode()
        for name in ("Inventory (consignment, stocking)", "Credit-card sales", "Carriers"):
            assert name in html
        assert html.count('class=" unrecorded"') == 10

    def test_it_records_a_rule_and_flags_the_risk(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            url("credit_terms"),
            {"requirement": "90 days", "can_execute": "partly", "how": "", "owner": "alice"},
            **HX,
        )
        assert r.status_code == 200
        html = r.content.decode()
        assert "1 rule we cannot fully execute" in html
        assert '<strong class="rule-risks">1</strong>' in html  # OOB summary
        saved = EngagementRule.objects.get()
        assert (saved.kind, saved.can_execute, saved.owner) == (
            "credit_terms",
            "partly",
            self.alice_sp,
        )
        # A second save changes the same row and keeps history.
        self.client.post(url("credit_terms"), {"can_execute": "yes"}, **HX)
        saved.refresh_from_db()
        assert saved.can_execute == "yes" and saved.history.count() == 2

    def test_it_adds_changes_and_removes_a_custom_rule(self) -> None:
        self.login(self.alice)
        r = self.client.post(url("new"), {"title": "", "can_execute": "no"}, **HX)
        assert r.status_code == 422 and "Name the rule." in r.content.decode()
        assert not EngagementRule.objects.exists()
        self.client.post(url("new"), {"title": "EDI invoices", "can_execute": "no"}, **HX)
        custom = EngagementRule.objects.get()
        self.client.post(url(str(custom.pk)), {"title": "EDI", "can_execute": "yes"}, **HX)
        custom.refresh_from_db()
        assert custom.title == "EDI" and custom.can_execute == "yes"
        r = self.client.post(url(str(custom.pk)) + "delete", **HX)
        assert r.status_code == 200 and not EngagementRule.objects.exists()

    def test_it_refuses_an_unknown_owner_and_answer(self) -> None:
        self.login(self.alice)
        r = self.client.post(url("training"), {"can_execute": "maybe", "owner": "charlie"}, **HX)
        assert r.status_code == 422
        html = r.content.decode()
        assert "Select a valid choice." in html
        r = self.client.post(url("training"), {"can_execute": "no", "owner": "charlie"}, **HX)
        assert r.status_code == 422 and "No such salesperson." in r.content.decode()
        assert not EngagementRule.objects.exists()

    def test_it_answers_404_for_a_rule_of_another_customer(self) -> None:
        other = rule(self.alice, self.alice_customers[1], "custom", "no")
        self.login(self.alice)
        r = self.client.post(url(str(other.pk)), {"title": "x", "can_execute": "no"}, **HX)
        assert r.status_code == 404
        assert self.client.post(url("inventory") + "delete", **HX).status_code == 404

    def test_it_answers_404_for_a_slot_of_other_digits(self) -> None:
        self.login(self.alice)
        for slot in ("²", "٢", "99999999999999999999999"):
            r = self.client.post(url(slot), {"title": "x", "can_execute": "no"}, **HX)
            assert r.status_code == 404, slot

    def test_it_forbids_a_read_only_teammate_and_hides_from_another_team(self) -> None:
        self.login(self.bob)
        assert self.client.post(url("training"), {"can_execute": "no"}, **HX).status_code == 403
        self.login(self.charlie)
        assert self.client.post(url("training"), {"can_execute": "no"}, **HX).status_code == 404
        assert not EngagementRule.objects.exists()

    def test_it_refuses_get(self) -> None:
        self.login(self.alice)
        assert self.client.get(url("training")).status_code == 405
