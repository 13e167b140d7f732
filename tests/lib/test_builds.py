"""lib.builds: PDFs made once per content and kept on disk; old ones pruned."""

from __future__ import annotations

import os
import time
from pathlib import Path
from unittest import mock

from firstchoice.lib import builds


def test_it_makes_a_pdf_once_per_content(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    with mock.patch.object(builds, "html_to_pdf", side_effect=lambda h: b"%PDF " + h.encode()):
        first = builds.cached_pdf("<p>one</p>")
        again = builds.cached_pdf("<p>one</p>")
        other = builds.cached_pdf("<p>two</p>")
        assert builds.html_to_pdf.call_count == 2  # type: ignore[attr-defined]
    assert first == again == b"%PDF <p>one</p>" and other == b"%PDF <p>two</p>"
    assert len(list((tmp_path / "built").glob("*.pdf"))) == 2
    assert not list((tmp_path / "built").glob("*.partial"))


def test_it_prunes_files_nobody_used_for_a_week(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    with mock.patch.object(builds, "html_to_pdf", return_value=b"%PDF"):
        builds.cached_pdf("<p>old</p>")
        builds.cached_pdf("<p>new</p>")
    old = builds.Build(builds.pdf_key(builds.stable("<p>old</p>"))).path
    stamp = time.time() - 8 * 86400
    os.utime(old, (stamp, stamp))
    assert builds.prune() == 1
    assert not old.exists() and len(list((tmp_path / "built").iterdir())) == 1


def test_it_refuses_a_key_that_is_no_digest() -> None:
    assert builds.find("../../etc/passwd") is None
    assert builds.find("a" * 64) == builds.Build("a" * 64)
