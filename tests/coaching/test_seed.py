"""The six traits and their behaviours come pre-loaded in English and Chinese."""

from __future__ import annotations

from django.utils import translation

from firstchoice.coaching.models import Behaviour, Trait
from tests.base import BaseTestCase


class SeedTestCase(BaseTestCase):
    def test_it_loads_six_traits_with_their_behaviours(self) -> None:
        traits = list(Trait.objects.order_by("number"))
        self.assertEqual([t.number for t in traits], [1, 2, 3, 4, 5, 6])
        self.assertEqual([t.facing for t in traits], ["customer"] * 3 + ["self"] * 3)
        counts = [t.behaviours.count() for t in traits]
        self.assertEqual(counts, [5, 7, 6, 6, 5, 6])

    def test_it_has_every_text_in_english_and_chinese(self) -> None:
        self.assertFalse(Trait.objects.filter(name_zh="").exists())
        self.assertFalse(Behaviour.objects.filter(text_zh="").exists())
        self.assertFalse(Behaviour.objects.filter(text_en="").exists())

    def test_it_shows_texts_in_the_active_language(self) -> None:
        trait = Trait.objects.get(number=1)
        with translation.override("en"):
            self.assertEqual(trait.name, "Know the customer's business")
        with translation.override("zh-hans"):
            self.assertEqual(trait.name, "了解客户的业务")
        last = Behaviour.objects.filter(trait__number=6).order_by("-position").first()
        with translation.override("zh-hans"):
            self.assertEqual(last.text, "及时跟进。")  # type: ignore[union-attr]


class AdminTestCase(BaseTestCase):
    def test_it_lets_an_administrator_edit_traits_and_add_behaviours(self) -> None:
        self.login(self.root)
        trait = Trait.objects.get(number=4)
        r = self.client.get(f"/admin/coaching/trait/{trait.pk}/change/")
        self.assertContains(r, "Develop all-round capability")
        self.assertContains(r, "全方位发展个人才干")

    def test_it_keeps_the_admin_from_salespeople(self) -> None:
        self.login(self.alice)
        r = self.client.get("/admin/coaching/trait/")
        self.assertEqual(r.status_code, 302)
