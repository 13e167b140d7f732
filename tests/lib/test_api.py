"""The API's shared answers: errors as JSON, every status code documented, no name clash."""

from __future__ import annotations

from unittest import mock

from django.test import override_settings

from firstchoice.api import api
from tests.base import BaseTestCase


class ApiErrorsTest(BaseTestCase):
    @override_settings(DEBUG=False)
    def test_it_answers_a_server_error_as_json(self) -> None:
        self.login(self.alice)
        with (
            mock.patch("firstchoice.pages.customers.api.search_customers", side_effect=KeyError),
            self.assertLogs("django.request", "ERROR"),
        ):
            r = self.client.get("/api/v1/customers")
        self.assertEqual(r.status_code, 500)
        self.assertEqual(r["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(r.json(), {"detail": "Server error"})

    def test_it_documents_the_error_answers_of_every_operation(self) -> None:
        document = api.get_openapi_schema()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                codes = set(operation["responses"])
                self.assertLessEqual({"400", "401", "403", "404", "422"}, codes, (method, path))

    def test_it_documents_plans_and_assessments_with_their_own_bodies(self) -> None:
        document = api.get_openapi_schema()
        plan = document["paths"]["/api/v1/plans/{handle}/{year}/{customer_code}"]["post"]
        body = plan["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        self.assertEqual(body, "#/components/schemas/PlanStartIn")
        start = document["paths"]["/api/v1/coaching/{handle}/assessments"]["post"]
        body = start["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        self.assertEqual(body, "#/components/schemas/AssessmentStartIn")
        self.assertNotIn("StartIn", document["components"]["schemas"])
