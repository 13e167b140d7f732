"""The meeting pack's PDF is built by a background job, once per content: the page says it
is being prepared and polls; the download is offered when ready and served from the file
afterwards; changed data makes a new pack; a failed build says why and can be retried."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from firstchoice.lib import builds
from firstchoice.reviews import actions
from firstchoice.reviews.models import Meeting
from tests.jobs import run_jobs
from tests.reviews.test_exports import URL, PackCase

PDF = URL + "pack.pdf?lang=en"


class PackBuildTests(PackCase):
    def setUp(self) -> None:
        super().setUp()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        overridden = override_settings(VAR_DIR=Path(folder.name))
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.login(self.mary)

    def poll(self, key: str) -> str:
        r = self.client.get(f"{PDF}&key={key}", headers={"HX-Request": "true"})
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def key(self) -> str:
        (built,) = [p for p in builds.build_dir().iterdir() if p.suffix in (".html", ".pdf")]
        return built.stem

    def test_it_prepares_the_pack_once_then_offers_and_serves_it(self) -> None:
        r = self.client.get(PDF)
        self.assertEqual(r["Content-Type"], "text/html; charset=utf-8")
        self.assertContains(r, 'id="pack-preparing"')
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.client.get(PDF)  # a second click while it is being built
        self.assertEqual(DBTaskResult.objects.count(), 1)
        key = self.key()
        self.assertIn("pack-preparing", self.poll(key))

        self.assertEqual(run_jobs(), 1)
        ready = self.poll(key)
        self.assertIn('id="pack-download"', ready)
        self.assertNotIn("hx-trigger", ready)  # polling stops
        r = self.client.get(PDF)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("attachment", r["Content-Disposition"])
        self.assertTrue(b"".join(r.streaming_content).startswith(b"%PDF"))  # type: ignore[attr-defined]
        built = builds.Build(key).path.stat().st_mtime_ns

        self.client.get(PDF)  # the same data again: served at once, not built again
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertGreaterEqual(builds.Build(key).path.stat().st_mtime_ns, built)
        self.assertEqual(len(list(builds.build_dir().glob("*.pdf"))), 1)

    def test_it_makes_a_new_pack_when_the_data_changed(self) -> None:
        self.client.get(PDF)
        run_jobs()
        first = self.key()
        meeting = Meeting.objects.get(team=self.alpha)
        note = meeting.notes.get(salesperson=self.alice_sp)
        actions.save_note(
            actor=self.mary,
            meeting=meeting,
            salesperson=self.alice_sp,
            difficulties="",
            ideas=note.ideas,
            decisions="Mary and Bob join the next visit.",
            kudos=note.kudos,
            version=note.version,
        )
        r = self.client.get(PDF)
        self.assertContains(r, 'id="pack-preparing"')
        self.assertEqual(DBTaskResult.objects.count(), 2)
        self.assertEqual(run_jobs(), 1)
        self.assertEqual(len(list(builds.build_dir().glob("*.pdf"))), 2)
        stems = {path.stem for path in builds.build_dir().glob("*.pdf")}
        self.assertIn(first, stems)  # the old pack stays until pruned; the new one is served
        self.assertEqual(self.client.get(PDF)["Content-Type"], "application/pdf")

    def test_it_says_why_a_build_failed_and_tries_again(self) -> None:
        self.client.get(PDF)
        key = self.key()
        with mock.patch.object(builds, "html_to_pdf", side_effect=RuntimeError("no fonts")):
            run_jobs()
        failed = self.poll(key)
        self.assertIn("could not be made: no fonts", failed)
        self.assertIn('id="pack-again"', failed)
        self.assertNotIn("hx-trigger", failed)
        self.assertContains(self.client.get(PDF), "no fonts")  # asking alone does not retry
        self.assertEqual(DBTaskResult.objects.count(), 1)
        r = self.client.get(PDF + "&again=1")
        self.assertContains(r, 'id="pack-preparing"')
        self.assertEqual(run_jobs(), 1)
        self.assertEqual(self.client.get(PDF)["Content-Type"], "application/pdf")

    def test_it_shows_another_teams_pack_to_nobody(self) -> None:
        self.client.get(PDF)
        key = self.key()
        self.login(self.charlie)
        self.assertEqual(self.client.get(f"{PDF}&key={key}").status_code, 404)
        self.assertEqual(self.client.post(PDF).status_code, 405)

    def test_it_takes_over_a_build_whose_worker_died(self) -> None:
        self.client.get(PDF)
        source = builds.Build(self.key()).source
        DBTaskResult.objects.all().delete()  # the job is lost with its worker
        old = time.time() - builds.STALE_AFTER - 5
        os.utime(source, (old, old))
        self.client.get(PDF)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(run_jobs(), 1)
        self.assertEqual(self.client.get(PDF)["Content-Type"], "application/pdf")


A = "0b3eba59-9901-42f9-9933-104837fcf587"
B = "c9ae4874-fc80-4844-9f0e-7cceef2d1402"


def test_it_names_the_same_charts_alike() -> None:
    stamp = "<!--Generated with pygal 3.1.3 (etree) on 2026-12-0{}-->"
    one = f'<svg id="chart-{A}">{stamp.format(1)}#chart-{A} path{{}}'
    two = f'<svg id="chart-{B}">{stamp.format(2)}#chart-{B} path{{}}'
    assert builds.stable(one) == builds.stable(two) == '<svg id="chart-1">#chart-1 path{}'
