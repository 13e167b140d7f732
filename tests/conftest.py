from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests read English messages unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)

    # PBKDF2 is slow by design; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
