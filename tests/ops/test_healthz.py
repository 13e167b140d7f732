"""GET /healthz: the database, the migrations and a worker; 200 or 503 naming what failed."""

from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import TestCase

from firstchoice.lib import heartbeats
from firstchoice.ops import health


class HealthzTestCase(TestCase):
    def test_it_is_healthy_with_a_worker_beating(self) -> None:
        with heartbeats.Pulse("worker:test-healthy", every=0.2):
            r = self.client.get("/healthz")
        assert r.status_code == 200
        assert r.json() == {
            "status": "ok",
            "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
        }
        assert "no-cache" in r.headers["Cache-Control"]

    def test_it_fails_when_no_worker_was_seen_in_the_last_minute(self) -> None:
        with mock.patch.object(heartbeats, "beats", return_value=[]):
            r = self.client.get("/healthz")
        assert r.status_code == 503
        body = r.json()
        assert body["status"] == "failing" and body["checks"]["database"] == "ok"
        assert body["checks"]["worker"].startswith("no worker seen in the last 60 s")

    def test_it_fails_an_old_worker_beat(self) -> None:
        old = heartbeats.Beat(key="worker:old", age=61.0, detail={})
        with mock.patch.object(heartbeats, "beats", return_value=[old]):
            assert self.client.get("/healthz").status_code == 503

    def test_it_names_unapplied_migrations(self) -> None:
        with (
            mock.patch.object(health, "unapplied_migrations", return_value=2),
            heartbeats.Pulse("worker:test-migrations", every=0.2),
        ):
            r = self.client.get("/healthz")
        assert r.status_code == 503
        assert r.json()["checks"]["migrations"].startswith("2 migrations not applied")

    def test_it_counts_no_unapplied_migrations_on_a_migrated_database(self) -> None:
        health._migrated = False
        assert health.unapplied_migrations() == 0

    def test_it_fails_when_the_database_does_not_answer(self) -> None:
        broken = mock.MagicMock(side_effect=OperationalError("connection refused"))
        with mock.patch.object(health.connection, "cursor", broken):
            r = self.client.get("/healthz")
        assert r.status_code == 503
        checks = r.json()["checks"]
        assert checks["database"] == "unreachable: connection refused"
        assert checks["worker"] == "not checked: no database"

    def test_it_needs_no_login_and_refuses_other_methods(self) -> None:
        assert self.client.get("/healthz").status_code in (200, 503)  # anonymous: no redirect
        assert self.client.post("/healthz").status_code == 405
