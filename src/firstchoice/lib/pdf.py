"""HTML -> PDF with WeasyPrint, from the same templates (and inline SVG charts) as the pages.

WeasyPrint fetches stylesheets and images by URL. Fetching them from our own server would
block a single-threaded server on itself, so `/static/...` URLs are answered from the
static-files finders on disk instead. Chinese text needs the Debian package fonts-noto-cjk
and `<html lang="zh-Hans">` in the template (else the Japanese glyph variants are chosen).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

BASE_URL = "http://firstchoice.invalid/"


def _static_fetcher() -> Any:
    # Imported lazily: WeasyPrint loads Pango, which pages without a PDF never need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    prefix = "/" + settings.STATIC_URL.lstrip("/")

    class StaticFetcher(URLFetcher):
        """Answers /static/ from disk and data: URLs; refuses everything else (no network)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlsplit(url).path
            found = _static_file(path[len(prefix) :]) if path.startswith(prefix) else None
            if not isinstance(found, str):
                raise ValueError(f"a PDF may use only static files and data: URLs, not {url!r}")
            with open(found, "rb") as fh:
                body = fh.read()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFetcher()


def _static_file(name: str) -> str | None:
    """A static file on disk: from the app folders, or (production's hashed names, e.g.
    app.3f2a9c1b04de.css) from STATIC_ROOT, where collectstatic put it."""
    if ".." in name.split("/"):
        return None
    found = finders.find(name)
    if isinstance(found, str):
        return found
    if settings.STATIC_ROOT:
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():
            return str(collected)
    return None


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher())
    return bytes(document.write_pdf())


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    language: str | None = None,
) -> bytes:
    """Render `template` in `language` (default: the active one) and return the PDF bytes."""
    return html_to_pdf(render_html(template, context, request=request, language=language))


def render_html(
    template: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    language: str | None = None,
) -> str:
    """The HTML a PDF is made from (lib.builds names and keeps PDFs by it)."""
    with translation.override(language or translation.get_language()):
        return render_to_string(template, context, request=request)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
