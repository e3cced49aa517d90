"""The sentence encoder's forward pass (BERT as in all-MiniLM-L6-v2), in numpy, given arrays.

Pure: the weights come in as arrays (``bot.encoder_files`` reads and checks them), token ids
come in from the tokenizer. Mean pooling over the attention mask, then L2 normalised, as the
model was trained to be used. Float32 throughout: numpy multiplies fp16 far slower.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float32]
LAYERS = 6
HEADS = 12
HIDDEN = 384
EPS = 1e-12


@dataclass(frozen=True)
class Layer:
    """One transformer layer's weights, matrices already transposed for ``x @ w``."""

    qkv: Array
    qkv_bias: Array
    out: Array
    out_bias: Array
    norm1: tuple[Array, Array]
    up: Array
    up_bias: Array
    down: Array
    down_bias: Array
    norm2: tuple[Array, Array]


@dataclass(frozen=True)
class Encoder:
    """The whole model's weights."""

    words: Array
    positions: Array
    token_type: Array
    norm: tuple[Array, Array]
    layers: tuple[Layer, ...]


def from_tensors(tensors: Mapping[str, npt.NDArray[np.generic]]) -> Encoder:
    """The encoder from the tensors of ``model.safetensors`` (names as BertModel saves them)."""

    def get(name: str) -> Array:
        return np.ascontiguousarray(tensors[name.removeprefix(".")], dtype=np.float32)

    def norm(prefix: str) -> tuple[Array, Array]:
        return get(f"{prefix}.LayerNorm.weight"), get(f"{prefix}.LayerNorm.bias")

    def layer(i: int) -> Layer:
        p = f"encoder.layer.{i}"
        a = f"{p}.attention.self"
        return Layer(
            qkv=np.concatenate([get(f"{a}.{n}.weight").T for n in ("query", "key", "value")], 1),
            qkv_bias=np.concatenate([get(f"{a}.{n}.bias") for n in ("query", "key", "value")]),
            out=np.ascontiguousarray(get(f"{p}.attention.output.dense.weight").T),
            out_bias=get(f"{p}.attention.output.dense.bias"),
            norm1=norm(f"{p}.attention.output"),
            up=np.ascontiguousarray(get(f"{p}.intermediate.dense.weight").T),
            up_bias=get(f"{p}.intermediate.dense.bias"),
            down=np.ascontiguousarray(get(f"{p}.output.dense.weight").T),
            down_bias=get(f"{p}.output.dense.bias"),
            norm2=norm(f"{p}.output"),
        )

    return Encoder(
        words=get("embeddings.word_embeddings.weight"),
        positions=get("embeddings.position_embeddings.weight"),
        token_type=get("embeddings.token_type_embeddings.weight")[0],
        norm=norm("embeddings"),
        layers=tuple(layer(i) for i in range(LAYERS)),
    )


def _layer_norm(x: Array, weights: tuple[Array, Array]) -> Array:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    out: Array = centred / np.sqrt(variance + EPS) * weights[0] + weights[1]
    return out


def _gelu(x: Array) -> Array:
    """GELU with erf (as BERT uses), erf by Abramowitz and Stegun 7.1.26 (error < 2e-7)."""
    z = np.abs(x) * np.float32(1 / np.sqrt(2))
    t = 1 / (1 + np.float32(0.3275911) * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = np.sign(x) * (1 - poly * np.exp(-z * z))
    out: Array = (0.5 * x * (1 + erf)).astype(np.float32)
    return out


def _attention(x: Array, layer: Layer, masked: Array) -> Array:
    batch, length, _ = x.shape
    size = HIDDEN // HEADS
    qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, HEADS, size)
    q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
    scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(size)) + masked
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    scores /= scores.sum(-1, keepdims=True)
    mixed = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
    out: Array = mixed @ layer.out + layer.out_bias
    return out


def encode(model: Encoder, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> Array:
    """Unit-length sentence embeddings for a batch of token ids (rows padded, ``mask`` 1 on
    real tokens)."""
    length = ids.shape[1]
    x = model.words[ids] + model.positions[:length] + model.token_type
    x = _layer_norm(x, model.norm)
    masked = ((1 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
    for layer in model.layers:
        x = _layer_norm(x + _attention(x, layer, masked), layer.norm1)
        up = _gelu(x @ layer.up + layer.up_bias)
        x = _layer_norm(x + up @ layer.down + layer.down_bias, layer.norm2)
    weights = mask[:, :, None].astype(np.float32)
    pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
    return unit(pooled)


def unit(vectors: Array) -> Array:
    """``vectors`` (rows) scaled to length one."""
    lengths = np.linalg.norm(vectors, axis=-1, keepdims=True)
    out: Array = (vectors / np.maximum(lengths, 1e-12)).astype(np.float32)
    return out
