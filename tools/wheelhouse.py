"""Fill a wheelhouse with docgen's dependencies and its build backend, for offline installs.

    python tools/wheelhouse.py DIR

The wheels are the locked versions (``requirements.lock``, checked against its hashes), so the
install test installs exactly what the tests ran with. ``pip install --no-index --find-links
DIR docgen-*.whl`` then needs no index; the install test (tests/test_install.py) uses
``<venv>/wheelhouse``, which ``make venv`` fills.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(target: Path) -> None:
    """Download (or reuse from pip's cache) the wheels into ``target``."""
    lock = ROOT / "requirements.lock"
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet",
                    "--disable-pip-version-check", "--only-binary", ":all:", "--no-deps",
                    "--require-hashes", "-r", str(lock), "--dest", str(target)], check=True)
    (target / ".complete").write_text(lock.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(sys.prefix) / "wheelhouse")
