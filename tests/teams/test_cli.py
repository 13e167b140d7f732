"""The `firstchoice` console script and its commands' --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from firstchoice import cli

SCRIPT = Path(sys.executable).with_name("firstchoice")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def test_it_lists_our_commands(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["firstchoice", "--help"])
    out = capsys.readouterr().out
    for command in ("serve", "demo", "token", "import-sales", "import-batches", "rebuild-rollups"):
        assert f"  {command} " in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["serve", "--help"], "--port"),
        (["demo", "--help"], "Idempotent"),
        (["token", "--help"], "create"),
        (["token", "create", "--help"], "--user"),
        (["import-sales", "--help"], "--skip-invalid"),
        (["import-batches", "--help"], "--rollback"),
        (["rebuild-rollups", "--help"], "roll-ups"),
    ],
)
def test_it_has_help_on_each_command(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production() -> None:
    result = run("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("a-long-random-production-secret-" + "x" * 40)
    result = run("check", DEBUG="false", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="example.com")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", sorted(cli.OUR_COMMANDS))
def test_every_listed_command_has_help_under_the_name_it_is_listed_by(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: firstchoice {command} "), result.stdout[:80]
