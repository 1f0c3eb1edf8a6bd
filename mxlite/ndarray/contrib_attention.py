"""Contrib operators of transformer models (``nd.contrib.interleaved_matmul_*``) and the
log-uniform candidate sampler ``nd.contrib.rand_zipfian``.

The attention products are compositions of differentiable operators (reshape, transpose,
batch_dot), so their gradients of every order come for free; MXNet's CPU kernels take float32
only, mxlite any float dtype. Layouts (MXNet's): projections are (seq_length, batch,
heads * head_dim * k) with the k = 3 (queries, keys, values) or k = 2 (keys, values)
projections of each head interleaved; attention maps are (batch * heads, len_q, len_k).
"""
import math

import numpy as np

from ..base import MXNetError
from .creation import array as _array
from .linalg import batch_dot
from .random import _rng

__all__ = ["interleaved_matmul_selfatt_qk", "interleaved_matmul_selfatt_valatt",
           "interleaved_matmul_encdec_qk", "interleaved_matmul_encdec_valatt", "rand_zipfian"]


def _heads(heads, op):
    if heads is None:
        raise MXNetError(f"Required parameter heads of int is not presented, in operator "
                         f"_contrib_{op}")
    return int(heads)


def _proj(x, name, what):
    if x.ndim != 3:
        raise MXNetError(f"Check failed: {what}_shape.ndim() == 3U ({x.ndim} vs. 3) : Input "
                         f"{name} should be 3D in seq_length-batch-proj_dim, currently is: "
                         f"{x.ndim}D")


def _split(x, heads, k, i):
    """Projection i of the k interleaved ones of x (L, B, H*k*D) as (B*H, L, D)."""
    L, B, E = x.shape
    if E % (heads * k):
        raise MXNetError(f"the last dimension of the projections ({E}) must be a multiple of "
                         f"heads * {k} ({heads * k})")
    D = E // (heads * k)
    p = x.reshape((L, B, heads, k, D))[:, :, :, i, :] if k > 1 else x.reshape((L, B, heads, D))
    return p.transpose((1, 2, 0, 3)).reshape((B * heads, L, D))


def _merge(o, heads):
    """(B*H, L, D) back to (L, B, H*D)."""
    BH, L, D = o.shape
    return o.reshape((BH // heads, heads, L, D)).transpose((2, 0, 1, 3)).reshape(
        (L, BH // heads, heads * D))


def _result(y, out):
    """`y`, or `y` written into `out` (the operators' out= argument)."""
    if out is not None:
        out[:] = y
        return out
    return y


def _scaled(q):
    return q / math.sqrt(q.shape[-1])


def interleaved_matmul_selfatt_qk(queries_keys_values, heads=None, out=None, name=None):
    """Self-attention scores: the (batch * heads, seq_length, seq_length) products of each
    head's queries (divided by sqrt(head_dim)) and keys, from the interleaved projections
    (seq_length, batch, heads * head_dim * 3)."""
    h = _heads(heads, "interleaved_matmul_selfatt_qk")
    _proj(queries_keys_values, "queries_keys_values", "qkv")
    qkv = queries_keys_values
    return batch_dot(_scaled(_split(qkv, h, 3, 0)), _split(qkv, h, 3, 1), transpose_b=True,
                     out=out)


def _check_att(x, att, xname, heads):
    if att.ndim != 3:
        raise MXNetError(f"Check failed: att_shape.ndim() == 3U ({att.ndim} vs. 3) : Attention "
                         f"maps should be 3D in batch-seq_length-seq_length, currently is: "
                         f"{att.ndim}D")
    if x.shape[0] != att.shape[2]:
        same = ("should be the same, currently are" if xname.startswith("queries") else
                "should be equal to attention.shape[2], currently are")
        rel = "and attention.shape[2] " if xname.startswith("queries") else ""
        raise MXNetError(f"Check failed: {'qkv' if xname.startswith('queries') else 'kv'}"
                         f"_shape[0] == att_shape[2] ({x.shape[0]} vs. {att.shape[2]}) : "
                         f"{xname}.shape[0] {rel}{same} {x.shape[0]} and {att.shape[2]}")
    if x.shape[1] * heads != att.shape[0]:
        raise MXNetError(f"Check failed: {xname}.shape[1] * heads == attention.shape[0] "
                         f"({x.shape[1] * heads} vs. {att.shape[0]})")


def interleaved_matmul_selfatt_valatt(queries_keys_values, attention, heads=None, out=None,
                                      name=None):
    """Self-attention output: each head's attention maps (batch * heads, seq_length,
    seq_length) times its values, as (seq_length, batch, heads * head_dim)."""
    h = _heads(heads, "interleaved_matmul_selfatt_valatt")
    _proj(queries_keys_values, "queries_keys_values", "qkv")
    _check_att(queries_keys_values, attention, "queries_keys_values", h)
    y = _merge(batch_dot(attention, _split(queries_keys_values, h, 3, 2)), h)
    return _result(y, out)


def interleaved_matmul_encdec_qk(queries, keys_values, heads=None, out=None, name=None):
    """Encoder-decoder attention scores: (batch * heads, len_q, len_kv) products of the
    queries (len_q, batch, heads * head_dim), divided by sqrt(head_dim), and the keys of the
    interleaved keys/values (len_kv, batch, heads * head_dim * 2)."""
    h = _heads(heads, "interleaved_matmul_encdec_qk")
    _proj(queries, "queries", "q")
    _proj(keys_values, "keys_values", "kv")
    if queries.shape[1] != keys_values.shape[1]:
        raise MXNetError(f"Check failed: q_shape[1] == kv_shape[1] ({queries.shape[1]} vs. "
                         f"{keys_values.shape[1]}) : queries.shape[1] should be equal to "
                         f"keys_values.shape[1], currently are: {queries.shape[1]} and "
                         f"{keys_values.shape[1]}")
    if queries.shape[2] * 2 != keys_values.shape[2]:
        raise MXNetError(f"Check failed: q_shape[2] * 2 == kv_shape[2] ({queries.shape[2] * 2} "
                         f"vs. {keys_values.shape[2]}) : keys_values.shape[2] should be equal "
                         f"to queries.shape[2] * 2")
    return batch_dot(_scaled(_split(queries, h, 1, 0)), _split(keys_values, h, 2, 0),
                     transpose_b=True, out=out)


def interleaved_matmul_encdec_valatt(keys_values, attention, heads=None, out=None, name=None):
    """Encoder-decoder attention output: each head's attention maps (batch * heads, len_q,
    len_kv) times the values of the interleaved keys/values, as (len_q, batch,
    heads * head_dim)."""
    h = _heads(heads, "interleaved_matmul_encdec_valatt")
    _proj(keys_values, "keys_values", "kv")
    _check_att(keys_values, attention, "keys_values", h)
    y = _merge(batch_dot(attention, _split(keys_values, h, 2, 1)), h)
    return _result(y, out)


def rand_zipfian(true_classes, num_sampled, range_max, ctx=None):
    """Draws `num_sampled` candidates with replacement from [0, range_max) under the
    approximately log-uniform (Zipfian) distribution
    ``P(class) = (log(class + 2) - log(class + 1)) / log(range_max + 1)``.

    Returns
    -------
    samples : NDArray, int64 (num_sampled,)
    expected_count_true : NDArray, float64, the shape of `true_classes`
        ``num_sampled * P(class)`` of each true class.
    expected_count_sample : NDArray, float64 (num_sampled,)
        ``num_sampled * P(class)`` of each sampled class.
    """
    ctx = ctx if ctx is not None else true_classes.context
    log_range = math.log(range_max + 1)
    u = _rng().random(int(num_sampled))
    samples = np.floor(np.exp(u * log_range)).astype(np.int64) - 1
    np.clip(samples, 0, range_max - 1, out=samples)  # exp(~log_range) may round up

    def expected(c):
        c = np.asarray(c, np.float64)
        return (np.log(c + 2) - np.log(c + 1)) / log_range * num_sampled
    return (_array(samples, ctx=ctx, dtype=np.int64),
            _array(expected(true_classes.asnumpy()), ctx=ctx, dtype=np.float64),
            _array(expected(samples), ctx=ctx, dtype=np.float64))
