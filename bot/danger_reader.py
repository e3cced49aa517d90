"""The encoder's reading of a message, as cheap as it can be: a cascade.

Every message gets a static embedding: the mean of one vector per token, each the encoder's
own embedding of that token alone (a table distilled once from the checked model and cached
beside it). Only when the static model's score falls in the uncertain band does the full
encoder run. Both are numpy with BLAS on one thread; callers run this off the event loop.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.encoder_files import ModelFiles, load, model_dir
from common.models import DangerReading
from flows.safety.encoder import Array, encode, unit
from flows.safety.leaning import Leaning, read_leaning

log = logging.getLogger(__name__)

TABLE_BATCH = 512
# The vocabulary's first real word piece: those before it are padding, markers and unused.
FIRST_WORD = 999
# Bumped when the way the table is made changes, so an old cached one is not used.
TABLE_RECIPE = 1


def _table_path(files: ModelFiles) -> Path:
    return model_dir() / f"static-{files.digest[:16]}-r{TABLE_RECIPE}.npy"


def build_table(files: ModelFiles) -> Array:
    """Each vocabulary token's embedding as the encoder reads "[CLS] token [SEP]" alone."""
    vocabulary = files.tokenizer.get_vocab_size()
    cls, sep = (files.tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]"))
    rows = []
    for start in range(0, vocabulary, TABLE_BATCH):
        tokens = np.arange(start, min(start + TABLE_BATCH, vocabulary))
        ids = np.stack([np.full_like(tokens, cls), tokens, np.full_like(tokens, sep)], 1)
        rows.append(encode(files.encoder, ids, np.ones_like(ids)))
    return np.concatenate(rows).astype(np.float16)


def static_table(files: ModelFiles) -> Array:
    """The distilled table, centred: every token's vector shares a large common part, which
    would make any two messages look alike (removing it ranks danger better on tuned lines)."""
    table = _cached_table(files)
    centred: Array = table - table[FIRST_WORD:].mean(0)
    return centred


def _cached_table(files: ModelFiles) -> Array:
    """The distilled table, from the cache beside the model, built (and kept) when missing."""
    path = _table_path(files)
    try:
        table: Array = np.load(path)
        if table.shape == (files.tokenizer.get_vocab_size(), files.encoder.words.shape[1]):
            return table.astype(np.float32)
    except (OSError, ValueError):
        pass
    log.info("building the encoder's static table (once; takes a few minutes)")
    table = build_table(files)
    part = path.with_suffix(f".{os.getpid()}.part.npy")
    np.save(part, table)
    part.replace(path)  # whole or not at all, even with two processes at once
    return table.astype(np.float32)


@dataclass(frozen=True)
class Embedder:
    """The model's two ways of embedding a message: static (cheap) and full."""

    files: ModelFiles
    table: Array

    def tokens(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Token ids (at most 128, special tokens included) and their mask, as a batch of one."""
        encoded = self.files.tokenizer.encode(text)
        return np.array([encoded.ids], dtype=np.int64), np.array(
            [encoded.attention_mask], dtype=np.int64
        )

    def static(self, ids: npt.NDArray[np.int64]) -> Array:
        """The mean of the table's vectors for the words (the special tokens left out)."""
        vector: Array = self.statics([ids[0].tolist()])[0]
        return vector

    def statics(self, batch: list[list[int]]) -> Array:
        """``static`` for each message's token ids, as rows, in a few numpy calls."""
        words = [ids[1:-1] if len(ids) > 2 else ids for ids in batch]
        flat = np.fromiter((i for ids in words for i in ids), np.int64)
        starts = np.cumsum([0, *map(len, words)])[:-1]
        sums: Array = np.add.reduceat(self.table[flat], starts, axis=0)
        return unit(sums)  # the mean's direction is the sum's

    def full(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> Array:
        """The full encoder's embedding."""
        vector: Array = encode(self.files.encoder, ids, mask)[0]
        return vector


@dataclass(frozen=True)
class DangerReader:
    """The encoder's reading of a message: static for all, full in the uncertain band."""

    embedder: Embedder
    leaning: Leaning

    def read(self, text: str) -> DangerReading | None:
        """The tier and kind the encoder reads in ``text``, or None."""
        reading, _ = self.read_counted(text)
        return reading

    def read_counted(self, text: str) -> tuple[DangerReading | None, bool]:
        """As ``read``, and whether the full encoder was asked."""
        ids, mask = self.embedder.tokens(text)
        model = self.leaning.static
        score, kind = model.score(self.embedder.static(ids))
        low, high = self.leaning.band
        if not low <= score < high:
            return model.reading(score, kind), False
        model = self.leaning.full
        score, kind = model.score(self.embedder.full(ids, mask))
        return model.reading(score, kind), True

    def read_many(self, texts: list[str]) -> list[DangerReading | None]:
        """``read`` for each of ``texts``, in order: one call off the loop for a batch, the
        static part for all of them at once."""
        encoded = self.embedder.files.tokenizer.encode_batch(texts)
        model = self.leaning.static
        scores, kinds = model.scores(self.embedder.statics([e.ids for e in encoded]))
        low, high = self.leaning.band
        return [
            model.reading(score, kind) if not low <= score < high else self.read(text)
            for text, score, kind in zip(texts, scores, kinds, strict=True)
        ]


@cache
def embedder() -> Embedder:
    """The checked model and its table, loaded once per process."""
    files = load()
    return Embedder(files, static_table(files))


@cache
def reader() -> DangerReader:
    """The reader as shipped, loaded once per process."""
    return DangerReader(embedder(), read_leaning())
