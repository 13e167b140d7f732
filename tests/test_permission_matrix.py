"""The permission matrix: every page and API route × six actors × read and write.

The routes come from the URL configuration (Django's resolver) and the API's OpenAPI
document (one entry per operation), so a new route without a row in `EXPECTED` fails
`test_it_has_a_row_for_every_route`, and a row for a route that went away fails too.

Actors, in the order of each row's answers: anonymous, the owner (alice), a read-only
teammate (bob), another team's salesperson (charlie), another team's manager (olga, who
manages Beta) and an administrator (root).

A page row is `name: (read, write)`: `read` the answers to GET, `write` to POST (a page
that takes no POST answers 405). An API row is `operationId: (method, answers)`.
Writes send an empty form or `{}`: an allowed actor gets the validation answer (a page with
its errors, 422) or the change itself; every request runs in a savepoint that is rolled
back, so cells are independent and each is one request.

Regenerate the table after a deliberate change: `MATRIX_PRINT=1 pytest
tests/test_permission_matrix.py -s` prints the observed rows (then review every change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from firstchoice.api import api
from firstchoice.coaching import actions as coaching_actions
from firstchoice.coaching import rules as coaching_rules
from firstchoice.coaching.models import Trait
from firstchoice.contacts import actions as contact_actions
from firstchoice.lib.dates import add_months
from firstchoice.lib.http import today
from firstchoice.notifications.actions import notify
from firstchoice.notifications.tokens import unsubscribe_token
from firstchoice.people.models import InfluenceLine, KeyPerson, OurPerson
from firstchoice.plans.actions import calendar_tokens as plan_calendar_tokens
from firstchoice.plans.actions import contacts as plan_contacts
from firstchoice.plans.actions import plans as plan_plans
from firstchoice.plans.models import Action, Objective
from firstchoice.reviews import actions as review_actions
from firstchoice.sales.models import ImportBatch
from tests.base import YEAR, BaseTestCase, fill_portfolio, make_customers, make_user

ACTORS = ("anonymous", "owner", "teammate", "other_salesperson", "other_manager", "admin")
WRITE_METHODS = ("post", "put", "patch", "delete")

# Answers per actor: anonymous owner teammate other_salesperson other_manager admin.
# fmt: off
PAGES: dict[str, tuple[str, str]] = {  # name: (GET, POST)
    'action-ics': ('302 200 404 404 404 200', '302 405 405 405 405 405'),
    'action-progress': ('302 405 405 405 405 405', '302 422 404 404 404 422'),
    'action-respond': ('302 405 405 405 405 405', '302 422 404 404 404 422'),
    'admin:index': ('302 302 302 302 302 200', '302 302 302 302 302 200'),
    'api:openapi-json': ('200 200 200 200 200 200', '200 200 200 200 200 200'),
    'api:openapi-view': ('200 200 200 200 200 200', '200 200 200 200 200 200'),
    'audit': ('302 403 403 403 200 200', '302 405 405 405 405 405'),
    'board': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'board-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'board-carry-over': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'board-history': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'board-move': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'board-remove': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'board-suggestions': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'board-suggestion-ignore': ('302 405 405 405 405 405', '302 404 403 404 404 404'),
    'board-suggestion-unignore': ('302 405 405 405 405 405', '302 404 403 404 404 404'),
    'calendar-feed': ('200 200 200 200 200 200', '405 405 405 405 405 405'),
    'calendar-renew': ('302 405 405 405 405 405', '302 302 302 302 302 302'),
    'coaching': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'coaching-activity-add': ('302 405 405 405 405 405', '302 422 404 404 404 403'),
    'coaching-activity-status': ('302 405 405 405 405 405', '302 422 404 404 404 403'),
    'coaching-assessment': ('302 200 404 404 404 200', '302 405 405 405 405 405'),
    'coaching-close': ('302 405 405 405 405 405', '302 403 404 404 404 403'),
    'coaching-comment': ('302 405 405 405 405 405', '302 422 404 404 404 422'),
    'coaching-goal-add': ('302 405 405 405 405 405', '302 422 404 404 404 403'),
    'coaching-goal-status': ('302 405 405 405 405 405', '302 422 404 404 404 403'),
    'coaching-pdf': ('302 200 404 404 404 200', '302 405 405 405 405 405'),
    'coaching-person': ('302 200 404 404 404 200', '302 405 405 405 405 405'),
    'coaching-rate': ('302 405 405 405 405 405', '302 422 404 404 404 422'),
    'coaching-start': ('302 405 405 405 405 405', '302 422 404 404 404 403'),
    'coaching-team': ('302 404 404 404 404 200', '302 405 405 405 405 405'),
    'contact-delete': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'contact-edit': ('302 200 403 404 404 200', '302 422 403 404 404 422'),
    'contact-log-for': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'contact-new': ('302 200 403 404 404 200', '302 422 403 404 404 422'),
    'contacts-export': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'contacts-freshness': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'customer-contacts': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'customer-timeline': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'next-step-done': ('302 405 405 405 405 405', '302 302 404 404 404 404'),
    'customer': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'customer-history': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'customer-potential': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'customer-rule': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'customer-rule-delete': ('302 405 405 405 405 405', '302 404 403 404 404 404'),
    'customer-section': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'customer-section-edit': ('302 200 403 404 404 200', '302 405 405 405 405 405'),
    'customer-section-save': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'customer-suggest': ('302 200 200 200 200 200', '302 405 405 405 405 405'),
    'customers': ('302 200 200 200 200 200', '302 405 405 405 405 405'),
    'favicon': ('301 301 301 301 301 301', '405 405 405 405 405 405'),
    'home': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'import': ('302 404 404 404 404 200', '302 405 405 405 405 405'),
    'import-rejects': ('302 404 404 404 404 404', '302 405 405 405 405 405'),
    'import-rollback': ('302 405 405 405 405 405', '302 404 404 404 404 302'),
    'import-start': ('302 405 405 405 405 405', '302 404 404 404 404 302'),
    'import-upload': ('302 405 405 405 405 405', '302 404 404 404 404 422'),
    'import-customers': ('302 405 405 405 405 405', '302 404 404 404 404 422'),
    'imports': ('302 404 404 404 404 200', '302 405 405 405 405 405'),
    'healthz': ('503 503 503 503 503 503', '405 405 405 405 405 405'),  # no worker in tests
    'login': ('200 302 302 302 302 302', '200 302 302 302 302 302'),
    'logout': ('405 405 405 405 405 405', '302 302 302 302 302 302'),
    'meeting': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'meeting-note': ('302 405 405 405 405 405', '302 403 403 404 404 302'),
    'meeting-open': ('302 405 405 405 405 405', '302 403 403 404 404 302'),
    'meeting-pdf': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'meeting-present': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'meeting-xlsx': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'my-actions': ('302 200 200 200 200 200', '302 405 405 405 405 405'),
    'my-board': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'orgchart': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'orgchart-pdf': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'ours-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'ours-delete': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'ours-edit': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'influence-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'influence-delete': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'people': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'people-coverage': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'people-export': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'people-history': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'people-import': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'person': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'person-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'person-confirm': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'person-delete': ('302 405 405 405 405 405', '302 302 403 404 404 302'),
    'person-edit': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'relationship-map': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'relationship-map-pdf': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'plan-action-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-action-edit': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-comment': ('302 405 405 405 405 405', '302 422 422 404 404 422'),
    'plan-contact-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-contact-edit': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-expected': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-history': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'plan-objective-add': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-objective-edit': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-objective-value': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'plan-start': ('302 405 405 405 405 405', '302 422 403 404 404 422'),
    'review': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'review-statement': ('302 405 405 405 405 405', '302 302 403 404 404 403'),
    'reviews': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'set-language': ('405 405 405 405 405 405', '400 400 400 400 400 400'),
    'team': ('302 200 200 404 404 200', '302 405 405 405 405 405'),
    'teams': ('302 302 302 302 302 302', '302 405 405 405 405 405'),
    'notification-bell': ('302 200 200 200 200 200', '302 405 405 405 405 405'),
    'notification-open': ('302 302 404 404 404 404', '302 405 405 405 405 405'),
    'notification-preferences': ('302 200 200 200 200 200', '302 302 302 302 302 302'),
    'notification-read': ('302 405 405 405 405 405', '302 302 404 404 404 404'),
    'notification-unsubscribe': ('200 200 200 200 200 200', '200 200 200 200 200 200'),
    'notifications': ('302 200 200 200 200 200', '302 405 405 405 405 405'),
    'notifications-read-all': ('302 405 405 405 405 405', '302 302 302 302 302 302'),
}
API: dict[str, tuple[str, str]] = {  # operationId: (method, answers)
    'firstchoice_coaching_api_add_activity': ('POST', '401 201 404 404 404 403'),
    'firstchoice_coaching_api_add_goal': ('POST', '401 201 404 404 404 403'),
    'firstchoice_coaching_api_close_assessment': ('POST', '401 403 404 404 404 403'),
    'firstchoice_coaching_api_get_assessment': ('GET', '401 200 404 404 404 200'),
    'firstchoice_coaching_api_get_coaching': ('GET', '401 200 404 404 404 200'),
    'firstchoice_coaching_api_patch_activity': ('PATCH', '401 200 404 404 404 403'),
    'firstchoice_coaching_api_patch_goal': ('PATCH', '401 200 404 404 404 403'),
    'firstchoice_coaching_api_post_comment': ('POST', '401 201 404 404 404 403'),
    'firstchoice_coaching_api_put_ratings': ('PUT', '401 200 404 404 404 403'),
    'firstchoice_coaching_api_start_assessment': ('POST', '401 422 404 404 404 403'),
    'firstchoice_contacts_api_create_contact': ('POST', '401 201 403 404 404 201'),
    'firstchoice_contacts_api_delete_contact': ('DELETE', '401 204 403 404 404 204'),
    'firstchoice_contacts_api_get_contact': ('GET', '401 200 200 404 404 200'),
    'firstchoice_contacts_api_list_contacts': ('GET', '401 200 200 404 404 200'),
    'firstchoice_contacts_api_put_contact': ('PUT', '401 200 403 404 404 200'),
    'firstchoice_customers_api_add_potential': ('POST', '401 201 403 404 404 201'),
    'firstchoice_customers_api_add_rule': ('POST', '401 422 403 404 404 422'),
    'firstchoice_customers_api_delete_rule': ('DELETE', '401 404 403 404 404 404'),
    'firstchoice_customers_api_get_customer': ('GET', '401 200 200 404 404 200'),
    'firstchoice_customers_api_get_customer_sales': ('GET', '401 200 200 404 404 200'),
    'firstchoice_customers_api_list_customers': ('GET', '401 200 200 200 200 200'),
    'firstchoice_customers_api_patch_section': ('PATCH', '401 200 403 404 404 200'),
    'firstchoice_customers_api_put_rule': ('PUT', '401 200 403 404 404 200'),
    'firstchoice_people_api_add_our_person': ('POST', '401 201 403 404 404 201'),
    'firstchoice_people_api_confirm_person': ('POST', '401 200 403 404 404 200'),
    'firstchoice_people_api_create_person': ('POST', '401 201 403 404 404 201'),
    'firstchoice_people_api_delete_our_person': ('DELETE', '401 204 403 404 404 204'),
    'firstchoice_people_api_delete_person': ('DELETE', '401 204 403 404 404 204'),
    'firstchoice_people_api_get_orgchart': ('GET', '401 200 200 404 404 200'),
    'firstchoice_people_api_list_our_people': ('GET', '401 200 200 404 404 200'),
    'firstchoice_people_api_list_people': ('GET', '401 200 200 404 404 200'),
    'firstchoice_people_api_put_our_person': ('PUT', '401 200 403 404 404 200'),
    'firstchoice_people_api_update_person': ('PATCH', '401 200 403 404 404 200'),
    'firstchoice_people_map_api_create_influence_line': ('POST', '401 201 403 404 404 201'),
    'firstchoice_people_map_api_delete_influence_line': ('DELETE', '401 204 403 404 404 204'),
    'firstchoice_people_map_api_get_relationship_map': ('GET', '401 200 200 404 404 200'),
    'firstchoice_people_map_api_list_influence_lines': ('GET', '401 200 200 404 404 200'),
    'firstchoice_plans_api_add_action': ('POST', '401 201 403 404 404 201'),
    'firstchoice_plans_api_add_contact': ('POST', '401 201 403 404 404 201'),
    'firstchoice_plans_api_add_objective': ('POST', '401 201 403 404 404 201'),
    'firstchoice_plans_api_get_my_actions': ('GET', '401 200 200 200 200 200'),
    'firstchoice_plans_api_get_plan': ('GET', '401 200 200 404 404 200'),
    'firstchoice_plans_api_patch_action': ('PATCH', '401 200 403 404 404 200'),
    'firstchoice_plans_api_patch_objective': ('PATCH', '401 200 403 404 404 200'),
    'firstchoice_plans_api_put_expected': ('PUT', '401 422 403 404 404 422'),
    'firstchoice_plans_api_record_value': ('POST', '401 422 403 404 404 422'),
    'firstchoice_plans_api_respond': ('POST', '401 200 404 404 404 403'),
    'firstchoice_plans_api_start_plan': ('POST', '401 422 422 422 422 422'),
    'firstchoice_portfolio_api_add_entry': ('POST', '401 422 403 404 404 422'),
    'firstchoice_portfolio_api_carry_over': ('POST', '401 422 403 404 404 422'),
    'firstchoice_portfolio_api_get_audit': ('GET', '401 403 403 403 200 200'),
    'firstchoice_portfolio_api_get_history': ('GET', '401 200 200 404 404 200'),
    'firstchoice_portfolio_api_get_portfolio': ('GET', '401 200 200 404 404 200'),
    'firstchoice_portfolio_api_get_suggestions': ('GET', '401 200 200 404 404 200'),
    'firstchoice_portfolio_api_get_team': ('GET', '401 200 200 404 404 200'),
    'firstchoice_portfolio_api_move_entry': ('PATCH', '401 422 403 404 404 422'),
    'firstchoice_portfolio_api_remove_entry': ('DELETE', '401 422 403 404 404 422'),
    'firstchoice_reviews_api_chart': ('GET', '401 200 200 404 404 200'),
    'firstchoice_sales_api_salesperson_sales': ('GET', '401 200 200 404 404 200'),
    'firstchoice_notifications_api_inbox': ('GET', '401 200 200 200 200 200'),
    'firstchoice_notifications_api_read': ('POST', '401 200 404 404 404 404'),
    'firstchoice_notifications_api_read_all': ('POST', '401 200 200 200 200 200'),
}
# fmt: on


def page_routes() -> dict[str, str]:
    """Every named page route (the admin's own pages excepted: its index is a row) and its
    pattern."""

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> dict[str, str]:
        found: dict[str, str] = {}
        for entry in patterns:
            if isinstance(entry, URLResolver):
                found.update(
                    walk(
                        entry.url_patterns,
                        prefix + str(entry.pattern),
                        entry.namespace or namespace,
                    )
                )
            elif isinstance(entry, URLPattern) and namespace is None:
                assert entry.name, f"unnamed route {prefix}{entry.pattern}"
                found[entry.name] = prefix + str(entry.pattern)
        return found

    routes = walk(get_resolver().url_patterns, "/", None)
    routes["admin:index"] = "/admin/"
    routes["api:openapi-json"] = "/api/v1/openapi.json"
    routes["api:openapi-view"] = "/api/v1/docs"
    return routes


def api_operations() -> dict[str, tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        operation["operationId"]: (method, path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


class PermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.olga = make_user("olga", first_name="Olga")
        cls.beta.managers.add(cls.olga)
        fill_portfolio(cls.alice_sp, cls.alice_customers, actor=cls.root)
        fill_portfolio(cls.charlie_sp, cls.charlie_customers, actor=cls.root)
        account = cls.alice_customers[0]
        cls.person = KeyPerson.objects.create(customer=account, name="Wu Buyer", pains="Late")
        cls.ours = OurPerson.objects.create(customer=account, name="Our Engineer")
        cls.adviser = KeyPerson.objects.create(customer=account, name="Ma Adviser")
        cls.line = InfluenceLine.objects.create(
            customer=account, source=cls.adviser, target=cls.person
        )
        plan = plan_plans.start_plan(
            actor=cls.alice, salesperson=cls.alice_sp, customer=account, year=YEAR, start="A"
        )
        cls.objective = Objective.objects.filter(plan=plan).order_by("pk").first()
        cls.action = Action.objects.filter(plan=plan).order_by("pk").first()
        contact = plan_contacts.add_contact(
            actor=cls.alice,
            plan=plan,
            key_person=cls.person,
            goal="Meet the buyer",
            date=today() + dt.timedelta(days=10),
            owner=cls.alice,
        )
        cls.contact = contact
        cls.calendar = plan_calendar_tokens.calendar_token(cls.alice)
        cls.logged = contact_actions.log_contact(
            actor=cls.alice,
            customer=account,
            data=contact_actions.ContactData(
                kind="call", day=today(), their_people=[cls.person], next_step="Call back"
            ),
            today=today(),
        )
        quarter = coaching_rules.quarter_of(today())
        cls.assessment = coaching_actions.start_assessment(
            actor=cls.alice,
            salesperson=cls.alice_sp,
            period_start=quarter.start,
            period_end=quarter.end,
        )
        trait = Trait.objects.order_by("number").first()
        assert trait is not None
        cls.goal = coaching_actions.add_goal(
            actor=cls.alice, salesperson=cls.alice_sp, trait=trait, goal="Ask better questions"
        )
        cls.activity = coaching_actions.add_activity(
            actor=cls.alice, goal=cls.goal, kind="training", description="A course"
        )
        cls.month = add_months(today().replace(day=1), -1)
        review_actions.open_meeting(actor=cls.mary, team=cls.alpha, month=cls.month)
        cls.batch = ImportBatch.objects.create(
            file_name="lines.csv", checksum="0" * 64, imported_by=cls.root, status="done"
        )
        make_customers(None, "PR", 1)  # an open prospect
        notice = notify(
            user=cls.alice, kind="plan_commented", params={"actor": "Mary", "customer": "AL"}
        )
        assert notice is not None
        cls.notice = notice

    def values(self) -> dict[str, str]:
        return {
            "handle": "alice",
            "year": str(YEAR),
            "slug": "alpha",
            "code": "AL001",
            "customer_code": "AL001",
            "key": "credit",
            "slot": "credit_terms",
            "batch_id": str(self.batch.pk),
            "token": self.calendar.token,
            "fmt": "csv",
            "month": f"{self.month:%Y-%m}",
            "person_id": str(self.person.pk),
            "our_id": str(self.ours.pk),
            "line_id": str(self.line.pk),
            "goal_id": str(self.goal.pk),
            "activity_id": str(self.activity.pk),
            "side": "self",
            "notification_id": str(self.notice.pk),
            "contact_id": str(self.logged.pk),
        }

    def fill_path(self, pattern: str, name: str) -> str:
        values = self.values()
        pk = {
            "plan-objective-edit": self.objective.pk,
            "plan-objective-value": self.objective.pk,
            "plan-action-edit": self.action.pk,
            "plan-contact-edit": self.contact.pk,
            "action-respond": self.action.pk,
            "action-progress": self.action.pk,
            "action-ics": self.action.pk,
            "person": self.person.pk,
            "person-edit": self.person.pk,
            "person-confirm": self.person.pk,
            "person-delete": self.person.pk,
            "ours-edit": self.ours.pk,
            "ours-delete": self.ours.pk,
            "influence-delete": self.line.pk,
            "contact-edit": self.logged.pk,
            "contact-delete": self.logged.pk,
            "next-step-done": self.logged.pk,
            "coaching-assessment": self.assessment.pk,
            "coaching-rate": self.assessment.pk,
            "coaching-comment": self.assessment.pk,
            "coaching-close": self.assessment.pk,
            "coaching-pdf": self.assessment.pk,
            "patch_objective": self.objective.pk,
            "record_value": self.objective.pk,
            "patch_action": self.action.pk,
            "respond": self.action.pk,
            "get_assessment": self.assessment.pk,
            "put_ratings": self.assessment.pk,
            "post_comment": self.assessment.pk,
            "close_assessment": self.assessment.pk,
            "patch_goal": self.goal.pk,
            "add_activity": self.goal.pk,
            "patch_activity": self.activity.pk,
            "notification-open": self.notice.pk,
            "notification-read": self.notice.pk,
            "read": self.notice.pk,
        }.get(name.split("_api_")[-1])
        if name == "notification-unsubscribe":
            values["token"] = unsubscribe_token(self.alice.pk, "plan_commented")
        if pk is not None:
            values["pk"] = str(pk)
        path = pattern
        for key, value in values.items():
            for marker in (
                f"<str:{key}>",
                f"<int:{key}>",
                f"<id:{key}>",
                f"<slug:{key}>",
                f"<year:{key}>",
                f"<yyyymm:{key}>",
                f"<{key}>",
                "{" + key + "}",
            ):
                path = path.replace(marker, value)
        assert "<" not in path and "{" not in path, f"{name}: no value for {path}"
        return path

    def users(self) -> dict[str, Any]:
        return {
            "anonymous": None,
            "owner": self.alice,
            "teammate": self.bob,
            "other_salesperson": self.charlie,
            "other_manager": self.olga,
            "admin": self.root,
        }

    def clients(self) -> dict[str, Client]:
        clients = {}
        for actor, user in self.users().items():
            clients[actor] = Client()
            if user is not None:
                clients[actor].force_login(user)
        return clients

    def sign_in_again(self, clients: dict[str, Client]) -> None:
        """After the logout row: the clients' cookies went with their sessions."""
        for actor, user in self.users().items():
            if user is not None:
                clients[actor].force_login(user)

    def api_body(self, operation: str) -> dict[str, Any]:
        """A body the operation's schema accepts, so the answer shows the access rule (the
        action may still refuse it for the owner: 409, 422)."""
        day = today().isoformat()
        return {
            "add_entry": {"customer_code": "PR001", "tier": "A", "reason": "matrix"},
            "move_entry": {"tier": "B", "reason": "matrix"},
            "add_potential": {"total": "1000", "confidence": 50},
            "create_person": {"name": "Matrix Person"},
            "add_our_person": {"name": "Matrix Ours"},
            "create_influence_line": {"source": self.person.pk, "target": self.adviser.pk},
            "put_our_person": {"name": "Matrix Ours"},
            "respond": {"version": self.action.version, "accept": True},
            "add_objective": {"title": "Matrix", "metric": "sales"},
            "patch_objective": {"version": self.objective.version},
            "record_value": {"version": self.objective.version, "value": "1", "on": day},
            "put_expected": {"version": 1},
            "add_action": {"what": "Matrix"},
            "patch_action": {"version": self.action.version},
            "add_contact": {"key_person_id": self.person.pk, "goal": "Matrix"},
            "create_contact": {"day": day},
            "put_contact": {"day": day},
            "put_ratings": {"ratings": []},
            "post_comment": {"text": "Matrix"},
            "add_goal": {"trait": 1, "goal": "Matrix"},
            "patch_goal": {"status": "done"},
            "add_activity": {"kind": "training", "description": "Matrix"},
            "patch_activity": {"status": "done"},
        }.get(operation.split("_api_")[-1], {})

    def answer(
        self, client: Client, method: str, path: str, *, operation: str | None = None
    ) -> int:
        with transaction.atomic():
            if method == "get":
                response = client.get(path)
            elif operation is not None:
                body = json.dumps(self.api_body(operation))
                response = client.generic(
                    method.upper(), path, body, content_type="application/json"
                )
            else:
                response = client.post(path, {})
            transaction.set_rollback(True)
        return response.status_code

    def test_it_has_a_row_for_every_route(self) -> None:
        pages = {n for n in page_routes() if not n.startswith("api:")} | {
            "api:openapi-json",
            "api:openapi-view",
        }
        api_pages = {n for n in page_routes() if n.startswith("api:")} - {
            "api:openapi-json",
            "api:openapi-view",
        }
        assert not api_pages, api_pages
        self.assertEqual(sorted(pages - set(PAGES)), [], "pages without a row in PAGES")
        self.assertEqual(sorted(set(PAGES) - pages), [], "rows for pages that went away")
        operations = set(api_operations())
        self.assertEqual(sorted(operations - set(API)), [], "API operations without a row")
        self.assertEqual(sorted(set(API) - operations), [], "rows for operations gone")

    def test_it_answers_every_cell_as_expected(self) -> None:
        clients = self.clients()
        observed_pages: dict[str, tuple[str, str]] = {}
        observed_api: dict[str, tuple[str, str]] = {}
        failures: list[str] = []
        for name, pattern in sorted(page_routes().items()):
            path = self.fill_path(pattern, name)
            got = {}
            for method in ("get", "post"):
                got[method] = " ".join(str(self.answer(clients[a], method, path)) for a in ACTORS)
            if name == "logout":
                self.sign_in_again(clients)
            observed_pages[name] = (got["get"], got["post"])
            expected = PAGES.get(name)
            if expected is not None and expected != (got["get"], got["post"]):
                failures.append(f"{name} {path}: expected {expected}, got {got}")
        for op, (method, pattern) in sorted(api_operations().items()):
            path = self.fill_path(pattern, op)
            got_api = " ".join(
                str(self.answer(clients[a], method, path, operation=op)) for a in ACTORS
            )
            observed_api[op] = (method.upper(), got_api)
            expected_api = API.get(op)
            if expected_api is not None and expected_api != (method.upper(), got_api):
                failures.append(f"{op} {method} {path}: expected {expected_api}, got {got_api}")
        if os.environ.get("MATRIX_PRINT"):
            for name, row in observed_pages.items():
                print(f"    {name!r}: {row!r},")
            for op, row in observed_api.items():
                print(f"    {op!r}: {row!r},")
        cells = len(observed_pages) * 2 * len(ACTORS) + len(observed_api) * len(ACTORS)
        print(
            f"permission matrix: {len(observed_pages)} pages × 2 + {len(observed_api)} "
            f"operations, × {len(ACTORS)} actors = {cells} cells"
        )
        self.assertEqual(failures, [])
