"""/reviews/: this month's review for whoever asks."""

from __future__ import annotations

from firstchoice.lib.http import today
from tests.base import BaseTestCase, make_user


class IndexTests(BaseTestCase):
    month = f"{today():%Y-%m}"

    def test_it_sends_a_salesperson_to_their_chart(self) -> None:
        self.login(self.alice)
        self.assertRedirects(self.client.get("/reviews/"), f"/reviews/alice/{self.month}/")

    def test_it_sends_a_manager_to_the_team_meeting(self) -> None:
        self.login(self.mary)
        self.assertRedirects(self.client.get("/reviews/"), f"/meetings/alpha/{self.month}/")

    def test_it_has_nothing_for_someone_without_a_team(self) -> None:
        self.login(make_user("nobody"))
        self.assertEqual(self.client.get("/reviews/").status_code, 404)

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post("/reviews/").status_code, 405)

    def test_it_links_the_review_from_the_navigation(self) -> None:
        self.login(self.bob)
        self.assertContains(self.client.get(f"/reviews/bob/{self.month}/"), 'href="/reviews/"')
