"""The salesperson's monthly statement: written before the meeting, history kept."""

from __future__ import annotations

from firstchoice.reviews.models import Statement
from tests.reviews.helpers import MONTH, MONTH_URL, ReviewCase

URL = f"/reviews/alice/{MONTH_URL}/statement"
FORM = {
    "progress": "Trial order from AL001.",
    "difficulties": "Price pressure.",
    "help_needed": "",
    "version": "0",
}


class StatementTests(ReviewCase):
    def test_it_saves_the_statement_and_answers_the_fragment(self) -> None:
        self.login(self.alice)
        r = self.client.post(URL, FORM, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "reviews/_statement.html")
        self.assertContains(r, "Statement saved.")
        st = Statement.objects.get(salesperson=self.alice_sp, month=MONTH)
        self.assertEqual(
            (st.progress, st.version, st.updated_by), (FORM["progress"], 1, self.alice)
        )

    def test_it_redirects_without_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(URL, FORM)
        self.assertRedirects(r, f"/reviews/alice/{MONTH_URL}/")

    def test_it_keeps_every_version(self) -> None:
        self.login(self.alice)
        self.client.post(URL, FORM, HTTP_HX_REQUEST="true")
        r = self.client.post(
            URL, {**FORM, "progress": "Second thoughts.", "version": "1"}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r.status_code, 200)
        history = Statement.history.filter(month=MONTH).order_by("history_date")
        self.assertEqual([h.progress for h in history], [FORM["progress"], "Second thoughts."])
        self.assertEqual(history.last().history_user, self.alice)  # type: ignore[union-attr]
        self.assertContains(r, "2 saved versions")

    def test_it_refuses_a_stale_version(self) -> None:
        self.write_statement("First words.")
        self.login(self.alice)
        r = self.client.post(URL, {**FORM, "version": "0"}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 422)
        # Who saved in between, and when; the editor's own words stay in the form.
        self.assertContains(r, "Alice saved this at", status_code=422)
        self.assertContains(r, "Trial order from AL001.", status_code=422)
        self.assertEqual(Statement.objects.get().progress, "First words.")

    def test_it_names_the_field_that_is_too_long(self) -> None:
        self.login(self.alice)
        r = self.client.post(URL, {**FORM, "difficulties": "x" * 5001}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 422)
        self.assertIn("difficulties", r.context["statement_errors"])
        self.assertFalse(Statement.objects.exists())

    def test_it_lets_only_the_salesperson_write(self) -> None:
        for user in (self.bob, self.mary):
            self.login(user)
            self.assertEqual(self.client.post(URL, FORM).status_code, 403)
        self.assertFalse(Statement.objects.exists())

    def test_it_hides_other_teams(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.post(URL, FORM).status_code, 404)

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(URL).status_code, 405)

    def test_it_shows_the_statement_read_only_to_the_team(self) -> None:
        self.write_statement("Won the ACME trial.")
        self.login(self.bob)
        r = self.client.get(f"/reviews/alice/{MONTH_URL}/")
        self.assertContains(r, "Won the ACME trial.")
        self.assertNotContains(r, 'name="progress"')
