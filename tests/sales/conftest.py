from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _var(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Uploads and other files of the sales tests go to a folder of the test's own."""
    settings.VAR_DIR = tmp_path
