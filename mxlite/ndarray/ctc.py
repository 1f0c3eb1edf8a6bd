"""Connectionist Temporal Classification loss (``nd.CTCLoss`` / ``nd.ctc_loss``).

The forward is the alpha recursion in log space, vectorised over the batch (a loop over T).
Plain backward uses the fused alpha-beta posterior ``softmax - occupancy``. Under
``create_graph=True`` the same gradient is built from differentiable ops (alpha and beta
recursions composed of our own primitives), so second and higher orders are exact.

MXNet's conventions: softmax is applied inside; an impossible alignment gives loss 0 and
gradient 0 (warp-ctc); frames past ``data_lengths`` get zero gradient. Where MXNet
segfaults (an empty label) or reads out of bounds (a label value >= alphabet_size) mxlite
returns the right loss or raises MXNetError.
"""
import numpy as np

from .. import autograd as _ag
from ..base import MXNetError
from .ndarray import NDArray, _wrap
from .reduce import sum as _sum
from .register import primitive
from .unary import exp, log

__all__ = ["CTCLoss", "ctc_loss"]

_BIG = 1e30   # stands for -log(0) in the composed (differentiable) recursion


# ---------------------------------------------------------------- label preprocessing
def _prepare(label, T_n, label_lengths, A, blank_label):
    """(ext (N,S) extended label with blanks, skip (N,S) bool, S_n (N,), blank)."""
    lab = np.asarray(label)
    N, L = lab.shape
    blank = 0 if blank_label == "first" else A - 1
    pad = 0 if blank_label == "first" else -1
    lab = np.rint(lab).astype(np.int64)
    if label_lengths is None:
        is_pad = lab == pad
        L_n = np.where(is_pad.any(axis=1), is_pad.argmax(axis=1), L)
    else:
        L_n = np.asarray(label_lengths).astype(np.int64).reshape(-1)
        if L_n.shape != (N,) or (L_n < 0).any() or (L_n > L).any():
            raise MXNetError(f"label_lengths must have shape ({N},) with values in [0, {L}]")
    valid = np.arange(L)[None, :] < L_n[:, None]
    if ((lab < 0) | (lab >= A))[valid].any():
        raise MXNetError(f"CTCLoss: label values must be in [0, {A}) (alphabet_size {A}), "
                         f"got {lab[valid].min()}..{lab[valid].max()}")
    lab = np.where(valid, lab, blank)
    S = 2 * L + 1
    ext = np.full((N, S), blank, dtype=np.int64)
    ext[:, 1::2] = lab
    skip = np.zeros((N, S), dtype=bool)
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    return ext, skip, 2 * L_n + 1


def _log_softmax(x):
    m = x.max(axis=2, keepdims=True)
    z = x - m
    return z - np.log(np.exp(z).sum(axis=2, keepdims=True))


def _shift(a, k, fill):
    """a[:, s-k] at position s (k > 0), or a[:, s+|k|] (k < 0); `fill` where out of range."""
    r = np.full_like(a, fill)
    if k > 0:
        r[:, k:] = a[:, :-k]
    else:
        r[:, :k] = a[:, -k:]
    return r


def _alphas(E, skip, T_n):
    """Per-step log alphas (T,N,S), holding each sample's last value past its length."""
    T, N, S = E.shape
    ninf = -np.inf
    out = np.empty_like(E)
    a = np.full((N, S), ninf)
    a[:, 0] = E[0, :, 0]
    if S > 1:
        a[:, 1] = E[0, :, 1]
    out[0] = a
    for t in range(1, T):
        a2 = np.where(skip, _shift(a, 2, ninf), ninf)
        with np.errstate(invalid="ignore"):
            new = np.logaddexp(np.logaddexp(a, _shift(a, 1, ninf)), a2) + E[t]
        a = np.where((t < T_n)[:, None], new, a)
        out[t] = a
    return out


def _end_mask(S_n, S):
    s = np.arange(S)[None, :]
    return (s == S_n[:, None] - 1) | ((s == S_n[:, None] - 2) & (S_n[:, None] >= 2))


def _forward_raw(x, ext, skip, S_n, T_n):
    lp = _log_softmax(x.astype(np.float64))
    N = x.shape[1]
    E = lp[:, np.arange(N)[:, None], ext]
    al = _alphas(E, skip, T_n)
    end = _end_mask(S_n, ext.shape[1])
    with np.errstate(divide="ignore"):
        logp = np.logaddexp.reduce(np.where(end, al[-1], -np.inf), axis=1)
    return lp, E, al, end, logp


def _grad_raw(x, ext, skip, S_n, T_n):
    """d loss_n / d x (T,N,A): softmax - posterior occupancy per class (fused alpha-beta)."""
    lp, E, al, end, logp = _forward_raw(x, ext, skip, S_n, T_n)
    T, N, A = x.shape
    ninf = -np.inf
    beta = np.where(end, 0.0, ninf)
    post = np.zeros((T, N, A))
    rows = np.arange(N)[:, None]
    ok = np.isfinite(logp)
    beta_next = beta
    for t in range(T - 1, -1, -1):
        if t < T - 1:
            b = beta_next + E[t + 1]
            b2 = np.where(_shift(skip, -2, False), _shift(b, -2, ninf), ninf)
            with np.errstate(invalid="ignore"):
                rec = np.logaddexp(np.logaddexp(b, _shift(b, -1, ninf)), b2)
            beta = np.where((t < T_n - 1)[:, None], rec, np.where(end, 0.0, ninf))
        with np.errstate(invalid="ignore"):
            gamma = np.exp(al[t] + beta - np.where(ok, logp, 0.0)[:, None])
        gamma = np.where(((t < T_n) & ok)[:, None], gamma, 0.0)
        np.add.at(post[t], (np.broadcast_to(rows, ext.shape), ext), gamma)
        beta_next = beta
    valid = ((np.arange(T)[:, None] < T_n[None, :]) & ok[None, :])[:, :, None]
    return np.where(valid, np.exp(lp) - post, 0.0).astype(x.dtype)


# ---------------------------------------------------------------- composed (create_graph)
def _const(a, like):
    return _wrap(like._ctx.xp.asarray(np.asarray(a, dtype=like._data.dtype)), like._ctx)


def _lse(parts, like):
    """Differentiable log-sum-exp of a list of same-shape arrays (max shift held constant)."""
    m = _const(np.maximum.reduce([p._data for p in parts]), like)
    return log(sum(exp(p - m) for p in parts[1:]) + exp(parts[0] - m)) + m


def _shift_nd(a, k, like):
    from .rnn import rnn_concat
    N = a.shape[0]
    pad = _const(np.full((N, abs(k)), -_BIG), like)
    return rnn_concat(pad, a[:, :-k], dim=1) if k > 0 else rnn_concat(a[:, -k:], pad, dim=1)


def _grad_composed(x, ext, skip, S_n, T_n):
    """The same gradient as _grad_raw, as a differentiable function of x."""
    from .rnn import rnn_stack
    T, N, A = x.shape
    S = ext.shape[1]
    m = _const(x._data.max(axis=2, keepdims=True), x)
    z = x - m
    lp = z - log(_sum(exp(z), axis=2, keepdims=True))
    rows = np.broadcast_to(np.arange(N)[:, None], ext.shape)
    E = lp[(slice(None), rows, ext)]
    skipm = _const(np.where(skip, 0.0, -_BIG), x)
    skipm_up = _const(np.where(_shift(skip, -2, False), 0.0, -_BIG), x)
    endm = _const(np.where(_end_mask(S_n, S), 0.0, -_BIG), x)
    init = _const(np.where(np.arange(S)[None, :] < 2, 0.0, -_BIG) * np.ones((N, 1)), x)
    a = E[0] + init
    alphas = [a]
    for t in range(1, T):
        new = _lse([a, _shift_nd(a, 1, x), _shift_nd(a, 2, x) + skipm], x) + E[t]
        v = _const((t < T_n)[:, None], x)
        a = new * v + a * (1 - v)
        alphas.append(a)
    logp = _lse_axis(a + endm, x)
    ok = np.isfinite(_forward_raw(x._data, ext, skip, S_n, T_n)[-1])
    beta = endm
    betas = [None] * T
    betas[T - 1] = beta
    for t in range(T - 2, -1, -1):
        b = beta + E[t + 1]
        rec = _lse([b, _shift_nd(b, -1, x), _shift_nd(b, -2, x) + skipm_up], x)
        w = _const((t < T_n - 1)[:, None], x)
        beta = rec * w + endm * (1 - w)
        betas[t] = beta
    onehot = _const(np.eye(A)[ext], x)            # (N, S, A)
    soft = exp(lp)
    grads = []
    for t in range(T):
        v = _const(((t < T_n) & ok)[:, None], x)
        gamma = exp(alphas[t] + betas[t] - logp) * v
        post = _sum(gamma.expand_dims(2) * onehot, axis=1)
        grads.append(soft[t] * v - post)
    return rnn_stack(*grads, axis=0)


def _lse_axis(a, like):
    m = _const(a._data.max(axis=1, keepdims=True), like)
    return log(_sum(exp(a - m), axis=1, keepdims=True)) + m


def _ctc_grad(g, data, label, dlen, llen, y, blank_label, use_data_lengths,
              use_label_lengths):
    ext, skip, S_n, T_n = _meta(data._data, label._data, dlen._data, llen._data, blank_label,
                                use_data_lengths, use_label_lengths)
    if _ag.is_recording():
        base = _grad_composed(data, ext, skip, S_n, T_n)
    else:
        base = _wrap(data._ctx.xp.asarray(_grad_raw(data._data, ext, skip, S_n, T_n)),
                     data._ctx)
    return base * g.reshape((1, g.shape[0], 1))


def _meta(x, label, dlen, llen, blank_label, use_data_lengths, use_label_lengths):
    T, N, A = x.shape
    if use_data_lengths:
        T_n = np.asarray(dlen).astype(np.int64).reshape(-1)
        if T_n.shape != (N,) or (T_n < 1).any() or (T_n > T).any():
            raise MXNetError(f"data_lengths must have shape ({N},) with values in [1, {T}]")
    else:
        T_n = np.full(N, T, dtype=np.int64)
    ext, skip, S_n = _prepare(label, T_n, llen if use_label_lengths else None, A, blank_label)
    return ext, skip, S_n, T_n


@primitive(_ctc_grad, None, None, None)
def _ctc_loss(xp, data, label, data_lengths, label_lengths, blank_label="first",
              use_data_lengths=False, use_label_lengths=False):
    ext, skip, S_n, T_n = _meta(data, label, data_lengths, label_lengths, blank_label,
                                use_data_lengths, use_label_lengths)
    logp = _forward_raw(np.asarray(data), ext, skip, S_n, T_n)[-1]
    loss = np.where(np.isfinite(logp), -logp, 0.0)   # impossible alignment: 0, as MXNet
    return xp.asarray(loss.astype(data.dtype))


def CTCLoss(data=None, label=None, data_lengths=None, label_lengths=None,
            use_data_lengths=False, use_label_lengths=False, blank_label="first", out=None,
            name=None, **kwargs):
    """Connectionist Temporal Classification Loss.

    The shapes of the inputs and outputs:

    - **data**: `(sequence_length, batch_size, alphabet_size)`
    - **label**: `(batch_size, label_sequence_length)`
    - **out**: `(batch_size)`

    `data` holds activations (softmax is applied inside). When `blank_label` is ``"first"``
    channel 0 is the blank and labels are padded with ``0``; when ``"last"`` channel
    ``alphabet_size-1`` is the blank and labels are padded with ``-1``.

    Parameters
    ----------
    data : NDArray
        Input ndarray.
    label : NDArray
        Ground-truth labels for the loss.
    data_lengths : NDArray
        Lengths of data for each of the samples. Only required when use_data_lengths is true.
    label_lengths : NDArray
        Lengths of labels for each of the samples. Only required when use_label_lengths is
        true.
    use_data_lengths : boolean, optional, default=0
        Whether the data lengths are decided by `data_lengths`.
    use_label_lengths : boolean, optional, default=0
        Whether the label lengths are decided by `label_lengths`, or derived from the padding.
    blank_label : {'first', 'last'}, optional, default='first'
        Set the label that is reserved for blank label.

    Returns
    -------
    out : NDArray
        The CTC loss of each sample, shape (batch_size,).
    """
    for k in kwargs:
        raise MXNetError(f"Cannot find argument '{k}' of operator CTCLoss")
    if blank_label not in ("first", "last"):
        raise MXNetError(f"Invalid Input: '{blank_label}', valid values are: {{'first', 'last'}}")
    arrays = [a for a in (data, label, data_lengths, label_lengths) if a is not None]
    want = 2 + bool(use_data_lengths) + bool(use_label_lengths)
    if len(arrays) != want:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(arrays)} vs. "
                         f"{want}) : Operator CTCLoss expects {want} inputs, but got "
                         f"{len(arrays)} instead.")
    for a in arrays:
        if not isinstance(a, NDArray):
            raise AssertionError(f"Argument must have NDArray type, but got {a!r}")
    data, label = arrays[0], arrays[1]
    rest = arrays[2:]
    dl = rest.pop(0) if use_data_lengths else None
    ll = rest.pop(0) if use_label_lengths else None
    if data.ndim != 3:
        raise MXNetError(f"Check failed: dshape.ndim() == 3U ({data.ndim} vs. 3) : The number "
                         f"of dimensions of data array must be 3.")
    if label.ndim != 2:
        raise MXNetError(f"Check failed: lshape.ndim() == 2U ({label.ndim} vs. 2) : The number "
                         f"of dimensions of labels array must be 2.")
    T, N, _ = data.shape
    if N != label.shape[0]:
        raise MXNetError(f"Check failed: dshape[1] == lshape[0] ({N} vs. {label.shape[0]}) : "
                         "The batch size for the labels and data arrays must be the same.")
    if label.shape[1] > T:
        raise MXNetError(f"Check failed: dshape[0] >= lshape[1] ({T} vs. {label.shape[1]}) : "
                         "The max number of labels cannot exceed the maximum sequence length "
                         "of the data.")
    if dl is not None and (dl.ndim == 0 or dl.shape[0] != N):
        raise MXNetError(f"Check failed: dlshape[0] == dshape[1] ({dl.shape[0] if dl.ndim else 0} "
                         f"vs. {N}) : The batch size for the data and data lengths must be the "
                         f"same.")
    if ll is not None and (ll.ndim == 0 or ll.shape[0] != N):
        raise MXNetError(f"Check failed: llshape[0] == lshape[0] ({ll.shape[0] if ll.ndim else 0} "
                         f"vs. {N}) : The batch size for the labels and label lengths must be the "
                         f"same.")
    xp = data._ctx.xp
    dl = dl if dl is not None else _wrap(xp.zeros((N,), dtype=np.float32), data._ctx)
    ll = ll if ll is not None else _wrap(xp.zeros((N,), dtype=np.float32), data._ctx)
    return _ctc_loss(data, label, dl, ll, blank_label=blank_label,
                     use_data_lengths=bool(use_data_lengths),
                     use_label_lengths=bool(use_label_lengths), out=out)


ctc_loss = CTCLoss
