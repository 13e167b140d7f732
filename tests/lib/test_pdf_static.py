"""PDFs read their stylesheets from disk, also under production's hashed names."""

from __future__ import annotations

from pathlib import Path

from firstchoice.lib.pdf import _static_file


def test_it_finds_hashed_static_files_in_static_root(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = str(tmp_path)
    hashed = tmp_path / "firstchoice" / "app.3f2a9c1b04de.css"
    hashed.parent.mkdir()
    hashed.write_text("body{}", encoding="utf-8")
    assert _static_file("firstchoice/app.3f2a9c1b04de.css") == str(hashed)
    assert (
        _static_file(
            "firstchoice/app.css",
        )
        is not None
    )  # the app folders, as before
    assert _static_file("../secret_key") is None
    assert _static_file("firstchoice/missing.css") is None
