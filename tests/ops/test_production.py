"""The documented production environment (contrib/systemd/firstchoice.env): `check --deploy`
has nothing to say, and pages link static files by hashed names (cache-busting); without it
(development, tests) static files are served by their plain names, no manifest needed."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

from firstchoice.teams.management.commands.serve import static_is_current

FIRSTCHOICE = Path(sys.executable).parent / "firstchoice"
ENV_FILE = Path(__file__).resolve().parents[2] / "contrib" / "systemd" / "firstchoice.env"


def production_env(tmp_path: Path) -> dict[str, str]:
    """The documented environment file, with a secret key and folders of the test's own."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "PYTEST"))
    }
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    env.update(
        SECRET_KEY_FILE=str(key_file),
        FIRSTCHOICE_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.pop("STATIC_ROOT", None)
    env.pop("STATIC_MANIFEST", None)
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FIRSTCHOICE), *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_it_has_no_deploy_warning_with_the_documented_environment(tmp_path: Path) -> None:
    done = run(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_it_links_hashed_static_files_in_production(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    collected = run(env, "collectstatic", "--noinput", "-v", "0")
    assert collected.returncode == 0, collected.stderr
    page = run(
        env,
        "shell",
        "-c",
        "from django.test import Client; print(Client().get('/login/', secure=True, "
        "HTTP_HOST='sales.example.com').content.decode())",
    )
    assert page.returncode == 0, page.stderr
    found = re.search(r'href="/static/firstchoice/app\.([0-9a-f]{12})\.css"', page.stdout)
    assert found, page.stdout[:2000]
    assert re.search(r'src="/static/firstchoice/app\.[0-9a-f]{12}\.js"', page.stdout)
    served = tmp_path / "static" / "firstchoice" / f"app.{found.group(1)}.css"
    assert served.is_file() and Path(f"{served}.gz").is_file()


def test_it_links_plain_static_names_without_a_manifest_in_development(client: Client) -> None:
    html = client.get("/login/").content.decode()
    assert 'href="/static/firstchoice/app.css"' in html


def test_it_collects_static_files_again_only_when_a_file_changed(
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.STATIC_ROOT = str(tmp_path)
    assert not static_is_current()  # never collected
    (tmp_path / "staticfiles.json").write_text("{}", encoding="utf-8")
    assert static_is_current()
    changed = Path(settings.STATICFILES_DIRS[0]) / "firstchoice" / "app.css"
    os.utime(tmp_path / "staticfiles.json", (changed.stat().st_mtime - 10,) * 2)
    assert not static_is_current()  # app.css is newer than the manifest: a new release


def test_it_shares_the_cache_through_redis_when_redis_url_is_set(tmp_path: Path) -> None:
    env = production_env(tmp_path) | {"REDIS_URL": "redis://cache.example:6379/0"}
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    done = run(env, "shell", "-v", "0", "-c", code)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert last == "django.core.cache.backends.redis.RedisCache", done.stdout + done.stderr
