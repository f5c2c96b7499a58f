"""Shared fixtures of the test suite (helpers live in tests/helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BAD_INPUTS, SAMPLES


@pytest.fixture(scope="session")
def samples() -> Path:
    """The folder of sample data files (inputs/)."""
    return SAMPLES


@pytest.fixture(scope="session")
def bad_inputs() -> Path:
    """The folder of broken data files (tests/bad_inputs/)."""
    return BAD_INPUTS


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An output folder that does not exist yet (nothing written → it stays absent or empty)."""
    return tmp_path / "out"
