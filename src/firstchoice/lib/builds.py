"""Slow files (PDFs) built once per content, by a background job, and kept on disk.

A PDF is a function of its HTML: the page renders the HTML (as quick as the page itself),
and its SHA-256 names the file. The same data gives the same name, so the file is built
once and then served at once to everybody who asks, on any web process; changed data (a
note saved, an import) gives another name, so nobody gets a stale pack.

State is the files of `VAR_DIR/built/` (shared by web and worker machines, like uploads):

- `<key>.pdf`   — ready;
- `<key>.html`  — asked for: written with exclusive creation (O_EXCL), so of two requests at
  once exactly one queues the job; the job reads it, builds, renames the PDF into place;
- `<key>.failed` — the build failed, with the reason; asking again starts over.

An input older than STALE_AFTER seconds without its PDF lost its worker: asking again
takes over. Files not used for KEEP_DAYS days are removed by the workers (`prune`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django_tasks import task

from firstchoice.lib.pdf import html_to_pdf

log = logging.getLogger(__name__)

STALE_AFTER = 900  # seconds: a PDF build takes well under a minute
KEEP_DAYS = 7


def build_dir() -> Path:
    path = Path(settings.VAR_DIR) / "built"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Build:
    key: str

    @property
    def path(self) -> Path:
        return build_dir() / f"{self.key}.pdf"

    @property
    def source(self) -> Path:
        return build_dir() / f"{self.key}.html"

    @property
    def failure(self) -> Path:
        return build_dir() / f"{self.key}.failed"

    @property
    def ready(self) -> bool:
        return self.path.is_file()

    @property
    def failed(self) -> str | None:
        """The reason the last build failed, if it did (and nobody asked again since)."""
        try:
            return self.failure.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None


_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_GENERATED = re.compile(r"<!--Generated with pygal[^>]*-->")


def stable(html: str) -> str:
    """The same HTML for the same data: pygal gives every chart a random id (chart-<uuid>)
    and stamps the day; number the ids in order of appearance and drop the stamp."""
    numbers: dict[str, str] = {}

    def number(found: re.Match[str]) -> str:
        return numbers.setdefault(found.group(0), f"chart-{len(numbers) + 1}")

    return _CHART_ID.sub(number, _GENERATED.sub("", html))


def pdf_key(html: str) -> str:
    return hashlib.sha256(b"pdf\0" + html.encode("utf-8")).hexdigest()


def find(key: str) -> Build | None:
    """The build of a key given by a client (only ever a hex digest)."""
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        return None
    return Build(key)


def touch(path: Path) -> None:
    """Stamp `path` with `time.time()`, the clock its age is judged by (the ages below
    compare file times with it; a stamp from another clock would age files wrongly)."""
    now = time.time()
    os.utime(path, (now, now))


def request_pdf(html: str, *, again: bool = False) -> Build:
    """The build of this HTML: ready, or queued now (once, however many ask at once)."""
    html = stable(html)
    build = Build(pdf_key(html))
    if build.ready:
        touch(build.path)  # used: kept another KEEP_DAYS
        return build
    if build.failed is not None:
        if not again:
            return build
        build.failure.unlink(missing_ok=True)
    if build.source.is_file() and time.time() - build.source.stat().st_mtime > STALE_AFTER:
        build.source.unlink(missing_ok=True)  # its worker died: take over
    try:
        with open(build.source, "x", encoding="utf-8") as handle:
            handle.write(html)
    except FileExistsError:
        return build  # someone asked first: that job builds it
    touch(build.source)
    build_pdf.enqueue(build.key)
    return build


def cached_pdf(html: str) -> bytes:
    """A PDF quick enough to make while the user waits (an org chart, an assessment): made
    once per content, then read from disk."""
    html = stable(html)
    build = Build(pdf_key(html))
    try:
        content = build.path.read_bytes()
    except FileNotFoundError:
        content = html_to_pdf(html)
        partial = build.path.with_name(f"{build.key}.pdf.{uuid.uuid4().hex}.partial")
        partial.write_bytes(content)
        os.replace(partial, build.path)  # whole or not at all, also with two at once
        touch(build.path)
    else:
        touch(build.path)
    return content


@task()
def build_pdf(key: str) -> str:
    """The job: turn `<key>.html` into `<key>.pdf` (written whole, then renamed)."""
    build = find(key)
    if build is None:
        return "refused: not a build key"
    if build.ready:
        build.source.unlink(missing_ok=True)
        return "ready already"
    try:
        html = build.source.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "skipped: nothing asked for"
    touch(build.source)  # started: not stale for another STALE_AFTER
    partial = build.path.with_name(f"{key}.pdf.partial")
    try:
        partial.write_bytes(html_to_pdf(html))
        os.replace(partial, build.path)
        touch(build.path)
    except Exception as exc:
        log.exception("PDF build %s failed", key)
        partial.unlink(missing_ok=True)
        build.failure.write_text(str(exc) or exc.__class__.__name__, encoding="utf-8")
        build.source.unlink(missing_ok=True)
        return "failed"
    build.source.unlink(missing_ok=True)
    return "built"


def prune(keep_days: int = KEEP_DAYS) -> int:
    """Remove built files nobody used for `keep_days` days; returns how many."""
    limit = time.time() - keep_days * 86400
    removed = 0
    for path in build_dir().iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
