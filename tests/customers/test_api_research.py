"""The research through the API: GET /customers/{code} and the writes of each part."""

from __future__ import annotations

from typing import Any

from django.test import Client

from firstchoice.customers.models import DossierSection, EngagementRule, TargetPotential
from firstchoice.teams.actions import create_token
from tests.base import BaseTestCase, sell
from tests.customers.research import estimate, fill_section, rule

URL = "/api/v1/customers/AL001"


def messages(response: Any) -> dict[str, str]:
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


class ApiResearchTestCase(BaseTestCase):
    def call(self, method: str, path: str, data: Any = None, **kwargs: Any) -> Any:
        return getattr(self.client, method)(
            URL + path, data=data, content_type="application/json", **kwargs
        )


class GetCustomerTestCase(ApiResearchTestCase):
    def test_it_keeps_the_customer_fields_and_adds_the_research(self) -> None:
        customer = self.alice_customers[0]
        sell(customer, "250.00", "50.00")
        fill_section(self.alice, customer)
        estimate(self.alice, customer, total="1000.00", other="0.00", confidence=80)
        rule(self.alice, customer, "training", "partly")
        self.login(self.alice)
        body = self.client.get(URL).json()
        assert body["code"] == "AL001" and body["t12m_sales"] == "250.00"  # as before
        assert body["dossier"]["completeness"] == 9
        profile = body["dossier"]["sections"][0]
        assert profile["key"] == "profile" and profile["completeness"] == 100
        assert profile["values"]["company_type"] == "OEM" and profile["updated_by"] == "alice"
        assert profile["stale"] is False
        assert len(body["dossier"]["sections"]) == 11
        potential = body["potential"]
        assert potential["latest"]["target_potential"] == "1000.00"
        assert potential["wallet_share"] == "25.0" and potential["headroom"] == "750.00"
        assert len(body["rules"]) == 10 and body["rule_risks"] == 1
        training = next(r for r in body["rules"] if r["kind"] == "training")
        assert training["risk"] is True and training["can_execute"] == "partly"

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.charlie)
        assert self.client.get(URL).status_code == 404

    def test_it_reads_with_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.bob)
        r = Client().get(URL, headers={"Authorization": f"Bearer {raw}"})
        assert r.status_code == 200 and r.json()["potential"]["latest"] is None


class WriteTestCase(ApiResearchTestCase):
    def test_it_patches_a_section_keeping_other_answers(self) -> None:
        self.login(self.alice)
        r = self.call("patch", "/dossier/credit", {"values": {"pays_on_time": "yes"}})
        assert r.status_code == 200, r.content
        r = self.call(
            "patch", "/dossier/credit", {"values": {"credit_terms": "NET60"}, "notes": "ok"}
        )
        values = r.json()["values"]
        assert values["pays_on_time"] == "yes" and values["credit_terms"] == "NET60"
        assert r.json()["notes"] == "ok"

    def test_it_refuses_to_overwrite_a_newer_save_with_409(self) -> None:
        self.login(self.alice)
        first = self.call("patch", "/dossier/credit", {"values": {"pays_on_time": "yes"}})
        seen = first.json()["version"]
        assert seen == 1
        self.login(self.mary)  # her manager saves the section meanwhile
        r = self.call("patch", "/dossier/credit", {"values": {"credit_terms": "NET30"}})
        assert r.status_code == 200
        self.login(self.alice)
        r = self.call(
            "patch", "/dossier/credit", {"values": {"credit_terms": "NET90"}, "version": seen}
        )
        assert r.status_code == 409, r.content
        conflict = r.json()
        assert conflict["changed_by"] == "mary" and "nothing was saved" in conflict["detail"]
        assert conflict["current_version"] == seen + 1 and conflict["changed_at"]
        section = DossierSection.objects.get(key="credit")
        assert section.data["credit_terms"] == "NET30"  # nothing saved
        r = self.call(
            "patch",
            "/dossier/credit",
            {"values": {"credit_terms": "NET90"}, "version": conflict["current_version"]},
        )
        assert r.status_code == 200 and r.json()["values"]["credit_terms"] == "NET90"

    def test_it_answers_409_for_a_version_of_a_section_nobody_saved_yet(self) -> None:
        # Found by schemathesis: a version sent for a section that does not exist yet was
        # a 500 (the conflict had no row to read the version from).
        self.login(self.alice)
        r = self.call("patch", "/dossier/credit", {"values": {"pays_on_time": "yes"}, "version": 3})
        assert r.status_code == 409, r.content
        conflict = r.json()
        assert conflict["current_version"] == 0
        assert conflict["changed_by"] is None and conflict["changed_at"] is None
        assert not DossierSection.objects.filter(key="credit").exists()

    def test_it_refuses_bad_answers_with_422_naming_the_field(self) -> None:
        self.login(self.alice)
        r = self.call("patch", "/dossier/credit", {"values": {"pays_on_time": "sometimes"}})
        assert r.status_code == 422
        assert "Choose one of" in messages(r)["pays_on_time"]
        r = self.call("patch", "/dossier/credit", {"values": {"nope": 1}})
        assert messages(r) == {"nope": "No such field in this section."}
        assert self.call("patch", "/dossier/nope", {"values": {}}).status_code == 404
        assert not DossierSection.objects.exists()

    def test_it_records_an_estimate(self) -> None:
        self.login(self.alice)
        body = {"total": "5000", "other_channels": "1000", "confidence": 55, "source": "x"}
        r = self.call("post", "/potentials", body)
        assert r.status_code == 201 and r.json()["target_potential"] == "4000.00"
        r = self.call("post", "/potentials", {**body, "other_channels": "6000", "confidence": 120})
        assert r.status_code == 422
        assert set(messages(r)) == {"other_channels", "confidence"}
        assert TargetPotential.objects.count() == 1

    def test_it_records_standard_and_custom_rules(self) -> None:
        self.login(self.alice)
        r = self.call("put", "/rules/carriers", {"can_execute": "no", "owner": "bob"})
        assert r.status_code == 200 and r.json()["risk"] is True and r.json()["owner"] == "bob"
        r = self.call("post", "/rules", {"title": "EDI", "can_execute": "yes"})
        assert r.status_code == 201
        slot = r.json()["slot"]
        r = self.call("put", f"/rules/{slot}", {"title": "EDI 2", "can_execute": "partly"})
        assert r.json()["name"] == "EDI 2"
        assert self.call("delete", f"/rules/{slot}").status_code == 204
        assert self.call("put", "/rules/999999", {"title": "x"}).status_code == 404
        assert self.call("post", "/rules", {"can_execute": "yes"}).status_code == 422
        assert EngagementRule.objects.count() == 1

    def test_it_forbids_a_read_only_teammate(self) -> None:
        self.login(self.bob)
        assert self.call("patch", "/dossier/credit", {"values": {}}).status_code == 403
        assert self.call("post", "/potentials", {"total": "1", "confidence": 1}).status_code == 403
        assert self.call("put", "/rules/carriers", {}).status_code == 403

    def test_it_hides_another_teams_customer(self) -> None:
        self.login(self.charlie)
        assert self.call("put", "/rules/carriers", {}).status_code == 404

    def test_it_requires_credentials_and_csrf_for_sessions(self) -> None:
        assert self.call("put", "/rules/carriers", {}).status_code == 401
        csrf_client = Client(enforce_csrf_checks=True)
        csrf_client.force_login(self.alice)
        r = csrf_client.put(URL + "/rules/carriers", data={}, content_type="application/json")
        assert r.status_code == 403
        _token, raw = create_token(user=self.alice)
        r = Client().put(
            URL + "/rules/carriers",
            data={"can_execute": "yes"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert r.status_code == 200
