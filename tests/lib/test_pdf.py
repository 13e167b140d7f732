from __future__ import annotations

import shutil
import subprocess

import pytest

from firstchoice.lib.pdf import html_to_pdf

HTML = """<!doctype html><html lang="zh-Hans"><head>
<link rel="stylesheet" href="/static/firstchoice/app.css"></head>
<body><h1>客户简报 Account brief</h1></body></html>"""


def test_it_renders_static_css_and_embeds_a_cjk_font(tmp_path):
    pdf = html_to_pdf(HTML)
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "客户简报" in text


def test_it_refuses_to_fetch_remote_urls():
    html = '<html><body><img src="https://example.com/x.png"></body></html>'
    # WeasyPrint logs the failed fetch and renders without the image: no network access.
    assert html_to_pdf(html).startswith(b"%PDF")
