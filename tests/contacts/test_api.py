import datetime as dt
import json

from django.test import Client

from firstchoice.contacts.models import Contact
from firstchoice.teams.actions import create_token
from firstchoice.teams.models import User
from tests.base import TODAY
from tests.contacts.base import ContactsTestCase


class ContactsApiTestCase(ContactsTestCase):
    def api(self, user: User) -> Client:
        _token, raw = create_token(user=user)
        return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    def url(self, suffix: str = "") -> str:
        return f"/api/v1/customers/{self.account.code}/contacts{suffix}"

    def send(self, client: Client, method: str, url: str, body: object) -> object:
        return client.generic(method, url, json.dumps(body), content_type="application/json")

    def body(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": "video",
            "day": TODAY.isoformat(),
            "their_people": [self.wu.pk],
            "our_people": ["alice"],
            "objectives": [self.objective.pk],
            "outcome": "Trial agreed",
            "next_step": "Send the trial plan",
            "next_step_due": (TODAY + dt.timedelta(days=2)).isoformat(),
        }
        data.update(extra)
        return data

    def test_it_logs_lists_replaces_and_removes(self) -> None:
        client = self.api(self.alice)
        made = self.send(client, "POST", self.url(), self.body())
        assert made.status_code == 201, made.content  # type: ignore[attr-defined]
        out = made.json()  # type: ignore[attr-defined]
        assert out["their_people"] == [{"id": self.wu.pk, "name": "Wu Buyer"}]
        assert out["next_step_owner"] == "alice" and out["next_step_state"] == "open"
        listed = client.get(self.url()).json()
        assert listed["count"] == 1 and listed["contacts"][0]["id"] == out["id"]
        one = self.url(f"/{out['id']}")
        changed = self.send(client, "PUT", one, self.body(notes="more", version=1))
        assert changed.status_code == 200 and changed.json()["version"] == 2  # type: ignore[attr-defined]
        stale = self.send(client, "PUT", one, self.body(notes="late", version=1))
        assert stale.status_code == 409  # type: ignore[attr-defined]
        assert stale.json()["current_version"] == 2  # type: ignore[attr-defined]
        assert client.delete(one + "?version=1").status_code == 409
        assert client.delete(one + "?version=2").status_code == 204
        assert not Contact.objects.exists()

    def test_it_names_the_field_of_a_mistake(self) -> None:
        client = self.api(self.alice)
        cases = {
            "their_people": self.body(their_people=[self.elsewhere.pk]),
            "our_people": self.body(our_people=["charlie"]),
            "day": self.body(day=(TODAY + dt.timedelta(days=3)).isoformat()),
            "next_step_owner": self.body(next_step_owner="nobody"),
        }
        for field, body in cases.items():
            with self.subTest(field):
                answer = self.send(client, "POST", self.url(), body)
                assert answer.status_code == 422  # type: ignore[attr-defined]
                assert field in json.dumps(answer.json())  # type: ignore[attr-defined]
        assert not Contact.objects.exists()

    def test_it_answers_by_role(self) -> None:
        self.log()
        assert self.api(self.bob).get(self.url()).status_code == 200
        assert self.send(self.api(self.bob), "POST", self.url(), self.body()).status_code == 403  # type: ignore[attr-defined]
        assert self.api(self.charlie).get(self.url()).status_code == 404
        assert self.send(self.api(self.charlie), "POST", self.url(), self.body()).status_code == 404  # type: ignore[attr-defined]
        assert Client().get(self.url()).status_code == 401
        assert Contact.objects.count() == 1

    def test_it_needs_csrf_with_a_session(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        answer = self.send(client, "POST", self.url(), self.body())
        assert answer.status_code == 403  # type: ignore[attr-defined]
