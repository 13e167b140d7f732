"""Issue 12: the vCard export puts the family and given names in their fields (N:Family;Given)."""

from __future__ import annotations

import vobject
from django.urls import reverse

from firstchoice.people.models import KeyPerson
from firstchoice.people.rules import split_name
from tests.base import BaseTestCase


def test_it_splits_names_as_people_write_them() -> None:
    assert split_name("Anna Smith") == ("Smith", "Anna")
    assert split_name("Mary Ann Jones") == ("Jones", "Mary Ann")
    assert split_name("Smith, Anna") == ("Smith", "Anna")
    assert split_name("王芳") == ("王", "芳")
    assert split_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert split_name("Wang Fang 王芳") == ("王", "芳")  # the demo's names
    assert split_name("Wang Fang") == ("Wang", "Fang")  # pinyin: family name first
    assert split_name("Madonna") == ("Madonna", "")
    assert split_name("  ") == ("", "")


class VcardNamesTests(BaseTestCase):
    def test_it_exports_family_and_given_names_in_their_fields(self) -> None:
        customer = self.alice_customers[0]
        self.fill(self.alice_sp, self.alice_customers)
        for name in ("Anna Smith", "Wang Fang 王芳", "欧阳娜娜"):
            KeyPerson.objects.create(customer=customer, name=name)
        self.login(self.alice)
        r = self.client.get(reverse("people-export", args=[customer.code, "vcf"]))
        assert r.status_code == 200
        cards = {c.fn.value: c.n.value for c in vobject.readComponents(r.content.decode())}
        assert (cards["Anna Smith"].family, cards["Anna Smith"].given) == ("Smith", "Anna")
        assert (cards["Wang Fang 王芳"].family, cards["Wang Fang 王芳"].given) == ("王", "芳")
        assert (cards["欧阳娜娜"].family, cards["欧阳娜娜"].given) == ("欧阳", "娜娜")
        assert "N:Smith;Anna;;;" in r.content.decode()
