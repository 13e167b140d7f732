"""?as_of=YYYY-MM-DD on the board, team and customer pages: figures of that date."""

from __future__ import annotations

from tests.portfolio.history import YEAR, HistoryTestCase

BOARD = f"/board/alice/{YEAR}/"
TEAM = f"/teams/alpha/{YEAR}/"
CUSTOMER = "/customers/AL010/"


class AsOfPagesTestCase(HistoryTestCase):
    def test_it_shows_the_board_as_of_a_date(self) -> None:
        self.login(self.alice)
        html = self.client.get(BOARD, {"as_of": "1998-08-02"}).content.decode()
        self.assertIn("Sales: trailing 12 months to 1998-08-02", html)
        self.assertIn("85,000", html)  # AL010 in tier A, sold in March 1998
        later = self.client.get(BOARD, {"as_of": "1999-06-30"}).content.decode()
        self.assertIn("Sales: trailing 12 months to 1999-06-30", later)
        self.assertNotIn("85,000", later)

    def test_it_keeps_the_end_of_a_past_year_without_as_of(self) -> None:
        self.login(self.alice)
        html = self.client.get(BOARD).content.decode()
        self.assertIn("Sales: trailing 12 months to 1998-12-31", html)

    def test_it_shows_the_team_as_of_a_date(self) -> None:
        self.login(self.mary)
        html = self.client.get(TEAM, {"as_of": "1998-08-02"}).content.decode()
        self.assertIn("85,000", html)
        self.assertNotIn("85,000", self.client.get(TEAM, {"as_of": "2000-01-01"}).content.decode())

    def test_it_shows_a_customer_as_of_a_date(self) -> None:
        self.login(self.alice)
        html = self.client.get(CUSTOMER, {"as_of": "1998-08-02"}).content.decode()
        self.assertIn("Sales: trailing 12 months to 1998-08-02", html)
        self.assertIn("85,000", html)
        self.assertIn("1998", html)  # the month × year grid reaches back from that date

    def test_it_answers_a_bad_as_of_with_400_naming_it(self) -> None:
        self.login(self.mary)
        for url in (BOARD, TEAM, CUSTOMER):
            with self.subTest(url=url):
                r = self.client.get(url, {"as_of": "1998-02-30"})
                self.assertEqual(r.status_code, 400)
                html = r.content.decode()
                self.assertIn("<code>as_of</code>", html)
                self.assertIn("YYYY-MM-DD", html)

    def test_it_still_hides_another_teams_board_with_a_bad_as_of(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(BOARD, {"as_of": "bad"}).status_code, 404)
