from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests read English messages unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # PBKDF2 is slow by design; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
