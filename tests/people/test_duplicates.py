"""No silent duplicates: a key person who looks like one already mapped (same name, e-mail
or phone at the same customer) is shown, not added, unless the user says it is someone
else; the same in the API and the import. The reports-to list tells people apart."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from firstchoice.people import actions
from firstchoice.people.actions import DuplicatePerson, PersonData
from firstchoice.people.forms import KeyPersonForm
from firstchoice.people.models import KeyPerson
from firstchoice.people.rules import same_person
from firstchoice.teams.actions import create_token
from tests.people.base import PeopleTestCase, person

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_matches_names_emails_and_phones_however_written() -> None:
    assert same_person(("li  NA", "", ""), ("Li Na", "", "")) == ("name",)
    assert same_person(("Lena", "LI@x.cn", ""), ("Li Na", "li@x.cn", "")) == ("email",)
    assert same_person(("Lena", "", "+86 21 5555-0101"), ("Li", "", "+86-21-55550101")) == (
        "phone",
    )
    assert same_person(("Li Na", "", ""), ("Li Nan", "", "")) == ()
    assert same_person(("", "", ""), ("", "", "")) == ()


class DuplicatePeopleTestCase(PeopleTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        KeyPerson.objects.filter(pk=cls.li.pk).update(
            email="li.na@example.com", phone="021 5555 0101"
        )

    def url(self) -> str:
        return reverse("person-add", args=[self.customer.code])

    def test_the_action_refuses_a_look_alike_unless_allowed(self) -> None:
        for data in (
            PersonData(name="li na", title="Engineer"),
            PersonData(name="Lena Li", email="LI.NA@example.com"),
            PersonData(name="Lena Li", phone="+86 (021) 5555-0101"[5:]),
        ):
            with self.subTest(data), pytest.raises(DuplicatePerson) as caught:
                actions.create_key_person(actor=self.alice, customer=self.customer, data=data)
            assert caught.value.existing == [KeyPerson.objects.get(pk=self.li.pk)]
        # Another customer's Li Na is not a look-alike.
        person(self.other, "Li Na", actor=self.charlie)
        added = actions.create_key_person(
            actor=self.alice,
            customer=self.customer,
            data=PersonData(name="Li Na", department="Quality"),
            allow_duplicate=True,
        )
        assert KeyPerson.objects.filter(customer=self.customer, name="Li Na").count() == 2
        assert added.department == "Quality"

    def test_the_page_shows_the_existing_person_keeps_the_input_and_adds_anyway(self) -> None:
        self.login(self.alice)
        typed = {"name": "Li Na", "title": "QA engineer", "department": "Quality", "level": "site",
                 "pains": "Audits every week"}  # fmt: skip
        r = self.client.post(self.url(), typed, **HTMX)
        assert r.status_code == 422
        html = r.content.decode()
        assert reverse("person", args=[self.customer.code, self.li.pk]) in html  # open it
        assert "Purchasing director, Purchasing" in html  # told apart
        assert 'name="allow_duplicate" value="1"' in html  # add anyway
        assert 'value="QA engineer"' in html and "Audits every week" in html  # input kept
        assert KeyPerson.objects.filter(name="Li Na").count() == 1
        r = self.client.post(self.url(), {**typed, "allow_duplicate": "1"}, **HTMX)
        assert r.status_code == 200
        assert KeyPerson.objects.filter(customer=self.customer, name="Li Na").count() == 2

    def test_the_page_says_it_in_chinese(self) -> None:
        self.login(self.alice)
        with translation.override("zh-hans"):
            r = self.client.post(
                self.url(),
                {"name": "Li Na", "level": "site"},
                HTTP_ACCEPT_LANGUAGE="zh-hans",
                **HTMX,
            )
        html = r.content.decode()
        assert r.status_code == 422
        assert "This may be someone already mapped" not in html
        assert "Purchasing director, Purchasing" in html

    def test_the_reports_to_list_tells_people_apart(self) -> None:
        form = KeyPersonForm(customer=self.customer)
        labels = [label for _value, label in form.fields["reports_to"].choices]
        assert "Li Na (Purchasing director, Purchasing)" in labels
        assert "Chen Wei (General manager, Management)" in labels

    def test_the_api_answers_422_naming_the_person_unless_allow_duplicate(self) -> None:
        _token, raw = create_token(user=self.alice)
        api = Client(headers={"Authorization": f"Bearer {raw}"})
        url = f"/api/v1/customers/{self.customer.code}/people"
        body = {"name": "Lena", "email": "li.na@example.com"}
        r = api.post(url, json.dumps(body), content_type="application/json")
        assert r.status_code == 422
        detail = r.json()["detail"][0]
        assert detail["loc"][-1] == "email"
        assert "Li Na (Purchasing director, Purchasing)" in detail["msg"]
        assert f"id {self.li.pk}" in detail["msg"]
        body["allow_duplicate"] = True
        r = api.post(url, json.dumps(body), content_type="application/json")
        assert r.status_code == 201
        assert KeyPerson.objects.filter(email="li.na@example.com").count() == 2

    def test_the_import_reports_a_new_name_with_a_known_email_and_adds_nothing(self) -> None:
        self.login(self.alice)
        csv = (
            b"name,department,level,email\n"
            b"Lena Li,Purchasing,division,li.na@example.com\n"
            b"New Person,Plant,site,new@example.com\n"
        )
        f = SimpleUploadedFile("people.csv", csv)
        r = self.client.post(reverse("people-import", args=[self.customer.code]), {"file": f})
        assert r.status_code == 422
        html = r.content.decode()
        assert "Li Na (Purchasing director, Purchasing)" in html
        assert "Line 2" in html
        assert not KeyPerson.objects.filter(name__in=["Lena Li", "New Person"]).exists()

    def test_a_refused_plain_post_answers_the_whole_page_with_the_form_filled(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url(), {"name": "Zhou Min", "phone": "12", "level": "site"})
        assert r.status_code == 422
        html = r.content.decode()
        assert "<html" in html and 'class="add-person" open' in html
        assert 'value="Zhou Min"' in html
        r = self.client.post(
            reverse("ours-add", args=[self.customer.code]), {"name": "Our Rep", "rank": "0"}
        )
        assert r.status_code == 422
        html = r.content.decode()
        assert "<html" in html and 'value="Our Rep"' in html
