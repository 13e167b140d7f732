"""The REST API root: /api/v1/ (OpenAPI docs at /api/v1/docs)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from firstchoice.coaching.api import router as coaching_router
from firstchoice.contacts.api import router as contacts_router
from firstchoice.lib.api import ERRORS, conflict
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.http import InvalidParameter
from firstchoice.notifications.api import router as notifications_router
from firstchoice.pages.customers.api import router as customers_router
from firstchoice.people.api import router as people_router
from firstchoice.people.map_api import router as relmap_router
from firstchoice.plans.api import router as plans_router
from firstchoice.portfolio.api import audit_router, teams_router
from firstchoice.portfolio.api import router as portfolio_router
from firstchoice.reviews.api import router as reviews_router
from firstchoice.sales.api import router as sales_router
from firstchoice.teams.auth import API_AUTH


class FirstchoiceAPI(NinjaAPI):
    """Declares the error answers every operation may give (lib.api.ERRORS) in the OpenAPI
    document, so a client, and schemathesis, know them: one place, every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        refs = {}
        for status, out in ERRORS.items():
            found = out.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(found.pop("$defs", {}))
            schemas[out.__name__] = found
            refs[status] = {
                "description": _ERROR_TEXT[status],
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{out.__name__}"}}
                },
            }
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, answer in refs.items():
                    responses.setdefault(str(status), answer)
        return document


_ERROR_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    422: "Unprocessable Content",
}

api = FirstchoiceAPI(
    title="firstchoice API",
    version="1",
    description="Tiered Layered Selling (5+5+5). Authenticate with `Authorization: Bearer <token>` "
    "(`firstchoice token create --user NAME`).",
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("/portfolios", portfolio_router)
api.add_router("/customers", customers_router)
api.add_router("/customers", people_router)  # /customers/{code}/people, /orgchart
api.add_router("/customers", relmap_router)  # /customers/{code}/relationship-map, /influence-lines
api.add_router("/customers", contacts_router)  # /customers/{code}/contacts
api.add_router("/teams", teams_router)
api.add_router("/salespeople", sales_router)
api.add_router("/plans", plans_router)
api.add_router("/audit", audit_router)
api.add_router("/coaching", coaching_router)
api.add_router("/reviews", reviews_router)
api.add_router("/notifications", notifications_router)


@api.exception_handler(InvalidParameter)
def invalid_parameter(request: HttpRequest, exc: InvalidParameter) -> HttpResponse:
    detail = [{"loc": ["query", exc.name], "msg": exc.message}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(StaleEdit)
def stale_edit(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    return api.create_response(request, conflict(exc).model_dump(), status=409)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug answers JSON like every other API error, and is logged as Django logs a 500."""
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return api.create_response(request, {"detail": "Server error"}, status=500)
