"""`make axe` keeps only the pinned axe-core: any other file is refused, and nothing kept."""

from __future__ import annotations

import io
import tarfile

import pytest

from tests.axe_fetch import Refused, checked, script_in


def tarball(files: dict[str, bytes]) -> bytes:
    """A gzipped tarball holding ``files``, as npm packs them."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_a_tarball_that_is_not_the_pinned_one_is_refused() -> None:
    changed = tarball({"package/axe.min.js": b"window.axe = {run: () => ({violations: []})}"})
    with pytest.raises(Refused, match="hash"):
        checked(changed)


def test_the_engine_is_read_from_the_tarball_and_its_absence_named() -> None:
    assert script_in(tarball({"package/axe.min.js": b"/*! axe */"})) == b"/*! axe */"
    with pytest.raises(Refused, match=r"no package/axe\.min\.js"):
        script_in(tarball({"package/README.md": b"readme"}))
