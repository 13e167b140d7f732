"""The API against its own OpenAPI document (schemathesis, in-process, no server).

Every operation, as a salesperson, a manager and an administrator, with generated valid and
invalid requests: no server error, every answer's status code documented and its body as
documented, and a request that breaks the schema refused with a 4xx.

Path parameters point at the small company below most of the time (a salesperson's handle,
an account on the list, a plan, a key person…), so the handlers' real work runs, not only
their 404s; the rest of the time they are whatever the generator made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from firstchoice.coaching import actions as coaching_actions
from firstchoice.coaching.models import Trait
from firstchoice.contacts import actions as contact_actions
from firstchoice.people.actions import PersonData, add_our_person, create_key_person
from firstchoice.people.influence import create_influence_line
from firstchoice.plans.actions import action_items as plan_action_items
from firstchoice.plans.actions import plans as plan_plans
from firstchoice.teams.actions import create_token
from firstchoice.wsgi import application
from tests.base import TODAY, YEAR, BaseTestCase

TALLY = os.environ.get("FIRSTCHOICE_SCHEMA_CASES", "")
# Bounded so the module fits in CI.
MAX_EXAMPLES = 5

# Generated cases only (examples and fuzzing): the coverage phase's every-edge-of-the-schema
# cases, ~2,800 for one actor, take a quarter of an hour here. The edges that once made a
# 500 have their own regression tests beside the code they hit.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class _Company(BaseTestCase):
    """tests.base's company (alice, bob, charlie, mary, root), built outside a TestCase."""


@pytest.fixture(scope="module")
def _built(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The company once for the module, in a transaction rolled back at its end (as a
    TestCase's setUpTestData); each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def company(_built: dict[str, Any], db: None) -> dict[str, Any]:
    return _built


def _build() -> dict[str, Any]:
    _Company.setUpTestData()
    c = _Company
    for index, customer in enumerate(c.alice_customers[:15]):
        c.add(c, c.alice_sp, customer, "ABC"[index // 5])  # type: ignore[arg-type]
    account = c.alice_customers[0]
    person = create_key_person(
        actor=c.alice, customer=account, data=PersonData(name="Wu Buyer", pains="Late")
    )
    ours = add_our_person(
        actor=c.alice, customer=account, name="Alice A", role="Owner", rank=1, user=c.alice,
        covers=[person],
    )  # fmt: skip
    plan = plan_plans.start_plan(
        actor=c.alice, salesperson=c.alice_sp, customer=account, year=YEAR, start="A"
    )
    objective = plan.objectives.first()
    action = plan_action_items.add_action(
        actor=c.alice, plan=plan, what="Visit", objective=None, purpose="", how="",
        owner=c.alice, due=TODAY, resources="", addresses=[],
    )  # fmt: skip
    trait = Trait.objects.order_by("number").first()
    adviser = create_key_person(actor=c.alice, customer=account, data=PersonData(name="Ma Adviser"))
    line = create_influence_line(
        actor=c.alice, customer=account, source=adviser, target=person, kind="adviser"
    )
    logged = contact_actions.log_contact(
        actor=c.alice,
        customer=account,
        data=contact_actions.ContactData(
            kind="visit", day=TODAY, their_people=[person], next_step="Call back"
        ),
        today=TODAY,
    )
    ids: dict[str, int] = {
        "person_id": person.pk,
        "our_id": ours.pk,
        "line_id": line.pk,
        "contact_id": logged.pk,
    }
    pks: dict[str, int] = {
        "objectives": objective.pk if objective else 0,
        "actions": action.pk,
        "my-actions": action.pk,
    }
    if trait is not None:
        assessment = coaching_actions.start_assessment(
            actor=c.mary,
            salesperson=c.alice_sp,
            period_start=TODAY.replace(day=1),
            period_end=TODAY,
        )
        goal = coaching_actions.add_goal(
            actor=c.mary, salesperson=c.alice_sp, trait=trait, goal="Listen", due=None
        )
        activity = coaching_actions.add_activity(
            actor=c.mary, goal=goal, kind="training", description="Course", planned_on=None
        )
        pks.update(assessments=assessment.pk, goals=goal.pk, activities=activity.pk)
    tokens = {}
    for actor, user in (("salesperson", c.alice), ("manager", c.mary), ("administrator", c.root)):
        tokens[actor] = create_token(user=user)[1]
    return {"tokens": tokens, "ids": ids, "pks": pks}


@pytest.fixture(autouse=True)
def _one_connection() -> Iterator[None]:
    """The test's transaction spans the requests, as with Django's test client, which also
    keeps a request from closing the connection it runs in."""
    request_started.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)


KNOWN = {
    "handle": "alice",
    "year": YEAR,
    "code": "AL001",
    "customer_code": "AL001",
    "slug": "alpha",
    "month": f"{TODAY:%Y-%m}",
    "key": "profile",
    "side": "self",
}


def _aim(case: schemathesis.Case, company: dict[str, Any]) -> None:
    """Point most generated path parameters at the company's records (see the docstring)."""
    params = case.path_parameters or {}
    segments = case.operation.path.split("/")
    for name, value in list(params.items()):
        if len(repr(value)) % 4 == 0:  # now and then, keep what the generator made
            continue
        if name in KNOWN:
            params[name] = KNOWN[name]
        elif name in company["ids"]:
            params[name] = company["ids"][name]
        elif name == "pk":
            before = segments[segments.index("{pk}") - 1]
            params[name] = company["pks"].get(before, value)


def _call(case: schemathesis.Case, actor: str, company: dict[str, Any]) -> None:
    _aim(case, company)
    if TALLY:  # FIRSTCHOICE_SCHEMA_CASES=file: one line per case, to count them
        with open(TALLY, "a") as out:
            out.write(f"{actor}\t{case.operation.label}\n")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {company['tokens'][actor]}"}, checks=CHECKS
    )


@pytest.mark.parametrize("actor", ["salesperson", "manager", "administrator"])
@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_it_answers_as_documented(case: schemathesis.Case, actor: str, company: Any) -> None:
    _call(case, actor, company)
