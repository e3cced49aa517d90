"""Fetch axe-core (the accessibility engine the page tests run) from the npm registry.

`make axe` runs this: it downloads the pinned release's tarball, checks it against the
integrity hash the registry published for it (pinned here, so a changed file is refused),
and keeps only ``axe.min.js`` in ``.axe/``, which git ignores. No node or npm is needed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# The registry's `dist.integrity` for this version (`npm view axe-core@4.14.1 dist.integrity`).
INTEGRITY = (
    "sha512-"
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
MEMBER = "package/axe.min.js"
DEST = Path(__file__).resolve().parent.parent / ".axe" / "axe.min.js"


class Refused(Exception):
    """The tarball is not the one pinned, or does not hold axe.min.js."""


def checked(data: bytes) -> bytes:
    """``data`` if its sha512 is the pinned integrity hash; refused otherwise."""
    found = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if found != INTEGRITY:
        raise Refused(f"axe-core {VERSION}: the tarball's hash is {found}, not {INTEGRITY}")
    return data


def script_in(tarball: bytes) -> bytes:
    """The minified engine, read from the npm tarball."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        try:
            member = archive.extractfile(MEMBER)
        except KeyError:
            member = None
        if member is None:
            raise Refused(f"axe-core {VERSION}: the tarball has no {MEMBER}")
        return member.read()


def fetch(dest: Path = DEST) -> None:
    """Download, check and unpack the pinned axe-core into ``dest``."""
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        tarball = checked(response.read())
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".part")
    partial.write_bytes(script_in(tarball))
    partial.replace(dest)  # a run stopped half-way leaves no half a file behind


if __name__ == "__main__":
    try:
        fetch()
    except Refused as error:
        sys.exit(str(error))
    print(f"axe-core {VERSION} checked and saved to {DEST}")
