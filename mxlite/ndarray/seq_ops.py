"""Sequence ops (MXNet group E): SequenceMask, SequenceLast, SequenceReverse.

⚠ The layout is time-major, (T, N, ...), unless `axis` says otherwise. Lengths are float or
int (truncated) and get no gradient. Re-exported by ``index_ops.py``.
"""
import numpy as np

from ..base import MXNetError, shape_str
from .ndarray import _wrap
from .register import primitive

__all__ = ["SequenceMask", "SequenceLast", "SequenceReverse"]


def _lengths(data, sequence_length, use_sequence_length, axis, op, allowed=(0, 1)):
    """(time axis, integer lengths of shape (N,) or None)."""
    if data.ndim < 2:
        raise MXNetError(f"Check failed: dshape.ndim() > 1U ({data.ndim} vs. 1) : The data "
                         f"array must be of rank 2 or greater.")
    if not use_sequence_length and sequence_length is not None:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs (2 vs. 1) : "
                         f"Operator {op} expects 1 inputs, but got 2 instead.")
    if axis not in allowed:
        raise MXNetError(f"Check failed: (param_.axis == 0) || (param_.axis == 1): Current "
                         f"implementation expects axis to be {' or '.join(map(str, allowed))}."
                         f" ({op}, axis={axis})")
    if not use_sequence_length:
        return axis, None
    if sequence_length is None:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs (1 vs. 2) : Operator "
                         f"{op} expects 2 inputs, but got 1 instead.")
    n = data.shape[1 - axis]
    if sequence_length.shape != (n,):
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(sequence_length.shape)}, "
                         f"inferred shape=({n},) ({op}: sequence_length must have one entry "
                         f"per batch element)")
    return axis, sequence_length.asnumpy().astype(np.int64)


def _check_range(lens, t, op, lo=1):
    # MXNet reads garbage (or crashes) for lengths outside [lo, T]; we refuse them. A length
    # 0 is fine for SequenceReverse (the sequence stays in place) but not for SequenceLast.
    if lens.size and (lens.min() < lo or lens.max() > t):
        raise MXNetError(f"{op}: sequence_length values must be in [{lo}, {t}], got "
                         f"{lens.tolist()}")


def _mask(lens, data, axis):
    t = data.shape[axis]
    keep = np.arange(t)[:, None] < lens[None, :]  # (T, N)
    if axis == 1:
        keep = keep.T
    return keep.reshape(keep.shape + (1,) * (data.ndim - 2))


@primitive(lambda g, x, lens, y, value, axis: _seq_mask(g, lens, value=0.0, axis=axis), None)
def _seq_mask(xp, data, lengths, value=0.0, axis=0):
    lens = lengths.astype(np.int64)
    return xp.where(_mask(lens, data, axis), data, xp.asarray(value, dtype=data.dtype))


def SequenceMask(data, sequence_length=None, use_sequence_length=False, value=0.0, axis=0,
                 **kwargs):
    """Sets the steps t >= sequence_length[n] of each sequence to `value`.

    Parameters
    ----------
    data : NDArray (T, N, ...) for axis=0, (N, T, ...) for axis=1
    sequence_length : NDArray (N,), used only when `use_sequence_length` is True
    value : float, default 0 (masked steps also get gradient 0)
    """
    axis, lens = _lengths(data, sequence_length, use_sequence_length, int(axis), "SequenceMask")
    if lens is None:
        from .unary import identity
        return identity(data)
    return _seq_mask(data, sequence_length, value=float(value), axis=axis, **kwargs)


def SequenceLast(data, sequence_length=None, use_sequence_length=False, axis=0, **kwargs):
    """The last valid step of each sequence: ``out[n] = data[sequence_length[n]-1, n]``
    (the last step T-1 without lengths). Output shape: data.shape without `axis`."""
    axis, lens = _lengths(data, sequence_length, use_sequence_length, int(axis), "SequenceLast")
    t, n = data.shape[axis], data.shape[1 - axis]
    if lens is None:
        lens = np.full(n, t, dtype=np.int64)
    _check_range(lens, t, "SequenceLast")
    rest = data.shape[2:]
    idx = np.broadcast_to((lens - 1).reshape((n,) + (1,) * len(rest)), (n,) + rest)
    from .index_ops import pick
    return pick(data, _wrap(np.ascontiguousarray(idx).astype(np.int32), data.context),
                axis=axis, **kwargs)


def _reverse_index(lens, t):
    steps = np.arange(t)[:, None]
    return np.where(steps < lens[None, :], lens[None, :] - 1 - steps, steps)  # (T, N)


@primitive(lambda g, x, lens, y: _seq_reverse(g, lens), None)
def _seq_reverse(xp, data, lengths):
    lens = lengths.astype(np.int64)
    perm = _reverse_index(lens, data.shape[0]).reshape(data.shape[:2] + (1,) * (data.ndim - 2))
    return xp.take_along_axis(data, xp.broadcast_to(perm, data.shape), axis=0)


def SequenceReverse(data, sequence_length=None, use_sequence_length=False, axis=0, **kwargs):
    """Reverses the first sequence_length[n] steps of each sequence (time axis 0), leaving
    the remaining steps in place; without lengths, reverses the whole time axis."""
    axis, lens = _lengths(data, sequence_length, use_sequence_length, int(axis),
                          "SequenceReverse", allowed=(0,))
    if lens is None:
        from .shape_ext import flip
        return flip(data, axis=0)
    _check_range(lens, data.shape[0], "SequenceReverse", lo=0)
    return _seq_reverse(data, sequence_length, **kwargs)
