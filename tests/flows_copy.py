"""A copy of part of the flows package, to see one of its data readers refuse to start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import flows

FLOWS = Path(flows.__file__).parent


def copy_flows(root: Path, *parts: str) -> Path:
    """``flows/`` under ``root`` with only ``parts`` (files or folders below it), and what
    every part needs: the package itself and the data-file reader."""
    copy = root / "flows"
    copy.mkdir()
    for part in ("__init__.py", "data_files.py", *parts):
        source, target = FLOWS / part, copy / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return copy


def import_refused(root: Path, module: str) -> str:
    """Import ``module`` from the copy under ``root``; the last line it said as it refused."""
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=root,
        env={"PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]
