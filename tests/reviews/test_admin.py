"""Administrators see statements (with history) and meetings with their notes."""

from __future__ import annotations

from tests.reviews.helpers import ReviewCase


class AdminTests(ReviewCase):
    def test_it_lists_statements_and_meetings(self) -> None:
        self.write_statement()
        self.login(self.root)
        for url in ("/admin/reviews/statement/", "/admin/reviews/meeting/"):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_it_keeps_salespeople_out(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get("/admin/reviews/statement/").status_code, 302)
