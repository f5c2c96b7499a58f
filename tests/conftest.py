"""Shared fixtures of the test suite (helpers live in tests/helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import BAD_INPUTS, SAMPLES

from docgen.records.journal import Journal, open_journal


@pytest.fixture(scope="session", autouse=True)
def _template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The template cache in a folder of the test run, not the user's cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_CACHE", str(tmp_path_factory.mktemp("docgen-cache")))
        yield


@pytest.fixture(scope="session")
def samples() -> Path:
    """The folder of sample data files (inputs/)."""
    return SAMPLES


@pytest.fixture(scope="session")
def bad_inputs() -> Path:
    """The folder of broken data files (tests/bad_inputs/)."""
    return BAD_INPUTS


@pytest.fixture(scope="session")
def sample_roll(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose journal holds the sample roll (inputs/roll.csv imported; the sample
    order not applied). Read it only: tests that change the roll make their own."""
    from helpers import run_cli

    folder = tmp_path_factory.mktemp("sample-roll") / "archive"
    result = run_cli("members", "import", SAMPLES / "roll.csv", "--archive", folder)
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An output folder that does not exist yet (nothing written → it stays absent or empty)."""
    return tmp_path / "out"


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """An archive folder that does not exist yet."""
    return tmp_path / "archive"


@pytest.fixture
def journal(archive_dir: Path) -> Iterator[Journal]:
    """A fresh journal in ``archive_dir``."""
    with open_journal(archive_dir) as opened:
        yield opened
