"""The loss "output" layers (MXNet group H): SoftmaxOutput, the regression outputs,
SVMOutput, softmax_cross_entropy, smooth_l1.

The ``*Output`` layers are MXNet's "loss heads": their backward IGNORES the head gradient
and returns the loss gradient directly; the label gets a zero gradient.
"""
import numpy as np

from ..base import MXNetError, shape_str
from .ndarray import _wrap
from .nn_softmax import _float_only, _softmax_raw, softmax
from .register import primitive
from .unary import sign, zeros_like

__all__ = ["LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput",
           "SVMOutput", "Softmax", "SoftmaxOutput", "smooth_l1", "softmax_cross_entropy"]


# ---------------------------------------------------------------- loss heads
def _same_dtype(data, label, what="label"):
    if data.dtype != label.dtype:
        raise MXNetError(f"Check failed: (*in_type)[i] == dtype ({label.dtype} vs. {data.dtype}) "
                         f": This layer requires uniform type. Expected '{data.dtype}' v.s. "
                         f"given '{label.dtype}' at '{what}'")


def _onehot(xp, label, k, dtype, axis):
    """One-hot of truncated labels along `axis`; labels outside [0, k) give all-zero rows."""
    lab = label.astype(np.int64)
    shape = [1] * (lab.ndim + 1)
    shape[axis] = k
    return (xp.expand_dims(lab, axis) == xp.arange(k).reshape(shape)).astype(dtype)


def _so_layout(shape, multi_output, preserve_shape):
    """(softmax axis, shape of the data as the op sees it, label shape used by the gradient).

    Without multi_output or preserve_shape MXNet takes the softmax over (N, -1) but checks
    the label against data.shape[:-1] and reads its first N entries (flat order)."""
    if multi_output:  # MXNet checks multi_output before preserve_shape
        if len(shape) < 2:
            raise MXNetError("SoftmaxOutput: multi_output needs data of at least 2 dimensions")
        return 1, shape, (shape[0],) + shape[2:]
    if preserve_shape:
        return len(shape) - 1, shape, shape[:-1]
    n = shape[0] if len(shape) > 1 else 1
    k = int(np.prod(shape)) // max(n, 1) if shape else 1
    return 1, (n, k), (n,)


def _so_check_label(dshape, lshape, multi_output):
    """MXNet's label shape check: data.shape[:-1], or with multi_output (N, d2, ...) or
    (N, d2*...)."""
    if multi_output:
        full = (dshape[0],) + tuple(dshape[2:])
        flat = (dshape[0], int(np.prod(dshape[2:], dtype=np.int64)))
        if lshape not in (full, flat):
            raise MXNetError(f"Expecting {shape_str(flat)} or {shape_str(full)}. But got "
                             f"{shape_str(lshape)}")
    elif lshape != tuple(dshape[:-1]):
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(lshape)}, inferred "
                         f"shape={shape_str(dshape[:-1])}")


def _so_grad(g, data, label, y, grad_scale, ignore_label, multi_output, use_ignore,
             preserve_shape, normalization, out_grad, smooth_alpha):
    ax, vshape, lshape = _so_layout(data.shape, multi_output, preserve_shape)
    n = int(np.prod(lshape, dtype=np.int64))
    full = label._data
    lab = full.reshape(-1)[:n].reshape(lshape)
    k = vshape[ax]
    xp = data._ctx.xp
    t = _onehot(xp, lab, k, data._data.dtype, ax)
    if smooth_alpha:
        t = t * (1 - smooth_alpha - smooth_alpha / (k - 1)) + smooth_alpha / (k - 1)
    ignored = lab.astype(np.int64) == int(ignore_label)
    keep = None
    if use_ignore:
        keep = xp.expand_dims(~ignored, ax).astype(data._data.dtype)
        t = t * keep
    # the normalizations count the whole label, even where only its first N entries are used
    if normalization == "batch":  # MXNet: label.size(0) of its 2-D (or flat) label view
        cnt = full.shape[0] if multi_output else full.size
    elif normalization == "valid":
        cnt = max(int(full.size - (full.astype(np.int64) == int(ignore_label)).sum()), 1)
    else:
        cnt = 1
    scale = float(grad_scale) / cnt
    if multi_output and normalization != "valid":
        scale /= int(np.prod(vshape[2:], dtype=np.int64))
    yv = y if len(vshape) == y.ndim and vshape == y.shape else _nn_reshape(y, vshape)
    gx = yv - _wrap(t, data._ctx)
    if keep is not None:
        gx = gx * _wrap(keep, data._ctx)
    gx = gx * scale
    if out_grad:  # MXNet multiplies by its own output here (a bug); we use the head gradient
        gx = gx * (g if g.shape == vshape else _nn_reshape(g, vshape))
    if gx.shape != data.shape:
        gx = _nn_reshape(gx, data.shape)
    return gx, zeros_like(label)


def _nn_reshape(x, shape):
    from .shape import _reshape_exact
    return _reshape_exact(x, shape)


_NORMS = ("batch", "null", "valid")


@primitive(grad=_so_grad, n_in=2)
def SoftmaxOutput(xp, data, label, grad_scale=1.0, ignore_label=-1.0, multi_output=False,
                  use_ignore=False, preserve_shape=False, normalization="null", out_grad=False,
                  smooth_alpha=0.0):
    """Softmax with a cross-entropy loss gradient (a loss head).

    The forward is a softmax (over axis 1 after flattening to (N, -1); over axis 1 keeping
    the shape with ``multi_output``; over the last axis with ``preserve_shape``). The
    backward ignores the head gradient and returns
    ``(softmax - onehot(label)) * grad_scale / norm`` ('null': 1, 'batch': N, 'valid': the
    number of labels != ignore_label; with multi_output 'null' and 'batch' also divide by
    the spatial size; 'batch' and 'valid' count the whole label). ``use_ignore`` zeroes
    rows whose label is ``ignore_label``; ``smooth_alpha`` smooths the one-hot target. The
    label has data's shape without its last axis (MXNet's check; without multi_output or
    preserve_shape only its first N entries are used); with multi_output it is (N, d2, ...)
    or (N, d2*...). The label gets a zero gradient.
    """
    _float_only(data.dtype)
    _same_dtype(data, label)
    if normalization not in _NORMS:
        raise MXNetError(f"Invalid Input: '{normalization}', valid values are: {{'batch', "
                         f"'null', 'valid'}}, in operator SoftmaxOutput(name=\"\", "
                         f"normalization=\"{normalization}\")")
    ax, vshape, _ = _so_layout(data.shape, multi_output, preserve_shape)
    _so_check_label(data.shape, label.shape, multi_output)
    y = _softmax_raw(xp, data.reshape(vshape), ax)
    return y.reshape(data.shape)


Softmax = SoftmaxOutput


def _regression_check(data, label, opname):
    if data.dtype != label.dtype:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                         f"at 1-th input: expected {data.dtype}, got {label.dtype}")
    ok = label.shape == data.shape or (label.ndim == 1 and data.ndim == 2 and data.shape[1] == 1
                                       and label.shape[0] == data.shape[0])
    if not ok:
        raise MXNetError(f"Shape inconsistent, Provided={shape_str(label.shape)}, inferred "
                         f"shape={shape_str(data.shape)}")


def _regression(kind):
    def grad(g, data, label, y, grad_scale):
        n = data.shape[0] if data.ndim else 1
        num_output = max(data.size // max(n, 1), 1)
        lab = label if label.shape == data.shape else _nn_reshape(label, data.shape)
        if kind == "mae":
            d = ((y - lab) > 0) * 2 - 1  # MXNet: sign with sign(0) = -1
        else:
            d = y - lab
        return d * (float(grad_scale) / num_output), zeros_like(label)
    return grad


def _make_regression(kind, opname, forward_doc):
    def fwd(xp, data, label, grad_scale=1.0):
        _regression_check(data, label, opname)
        if kind == "logistic":  # the tanh form cannot overflow
            return (xp.tanh(data * 0.5) + 1) * 0.5
        return data.copy()
    fwd.__name__ = opname
    fwd.__doc__ = (f"{forward_doc}\n\n    A loss head: the backward ignores the head gradient "
                   f"and returns the loss gradient scaled by grad_scale / (size / batch); the "
                   f"label gets a zero gradient.\n    ")
    return primitive(grad=_regression(kind), n_in=2)(fwd)


LinearRegressionOutput = _make_regression(
    "linear", "LinearRegressionOutput",
    "Computes and optimizes for squared loss: forward is the identity, the gradient "
    "(out - label).")
LogisticRegressionOutput = _make_regression(
    "logistic", "LogisticRegressionOutput",
    "Applies a logistic function to the input: forward sigmoid(x), the gradient "
    "(out - label).")
MAERegressionOutput = _make_regression(
    "mae", "MAERegressionOutput",
    "Computes mean absolute error of the input: forward is the identity, the gradient "
    "sign(out - label) (with -1 at 0).")


def _svm_grad(g, data, label, y, margin, regularization_coefficient, use_linear):
    xp = data._ctx.xp
    x = data._data.reshape(-1, data.shape[-1])  # the classes are the last axis
    sgn = 1 - 2 * _onehot(xp, label._data.reshape(-1), x.shape[1], x.dtype, 1)
    s = x * sgn  # -x at the label, x elsewhere
    active = (margin + s > 0)
    d = sgn * active if use_linear else 2 * (margin + s) * active * sgn
    d = (d * regularization_coefficient).astype(x.dtype).reshape(data.shape)
    return zeros_like(data) + _wrap(d, data._ctx), zeros_like(label)


@primitive(grad=_svm_grad, n_in=2)
def SVMOutput(xp, data, label, margin=1.0, regularization_coefficient=1.0, use_linear=False):
    """Computes a support vector machine based transformation of the input (a loss head).

    The forward is the identity; the backward ignores the head gradient and returns the
    L2-SVM (default) or L1-SVM (``use_linear``) hinge gradient times
    ``regularization_coefficient``. The classes are the last axis of data; label has
    data's shape without it.
    """
    _same_dtype(data, label)
    if data.ndim < 1 or label.shape != data.shape[:-1]:
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(label.shape)}, inferred "
                         f"shape={shape_str(data.shape[:-1])}")
    return data.copy()


def _sce_grad(g, data, label, y):
    xp = data._ctx.xp
    t = _wrap(_onehot(xp, label._data, data.shape[1], data._data.dtype, 1), data._ctx)
    return (softmax(data) - t) * g, zeros_like(label)


@primitive(grad=_sce_grad, n_in=2)
def softmax_cross_entropy(xp, data, label):
    """Calculate cross entropy of softmax output and one-hot label, summed over the batch.

    data is (batch, classes), label (batch,) class indices; the result has shape (1,).
    """
    if data.ndim != 2:
        raise MXNetError(f"Check failed: (*in_attrs)[0].ndim() == 2U ({data.ndim} vs. 2) : "
                         f"SoftmaxCrossEntropy only accept 2D data")
    if data.dtype != label.dtype:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                         f"at 1-th input: expected {data.dtype}, got {label.dtype}")
    if label.shape[0] != data.shape[0]:
        raise MXNetError(f"SoftmaxCrossEntropy: Check failed: (*in_attrs)[0][0] == "
                         f"(*in_attrs)[1][0] "
                         f"({data.shape[0]} vs. {label.shape[0]}) : data label shape mismatch")
    m = data.max(axis=1, keepdims=True)
    lsm = data - m - xp.log(xp.exp(data - m).sum(axis=1, keepdims=True))
    t = _onehot(xp, label.reshape(-1), data.shape[1], data.dtype, 1)
    return xp.asarray(-(lsm * t).sum(), dtype=data.dtype).reshape(1)


def _smooth_l1_grad(g, x, y, scalar):
    s2 = float(scalar) * float(scalar)
    inner = (x < 1.0 / s2) * (x > -1.0 / s2)
    return g * (inner * (x * s2) + (1 - inner) * sign(x))


@primitive(_smooth_l1_grad)
def smooth_l1(xp, data, scalar=1.0):
    """Calculate Smooth L1 Loss(lhs, scalar) element-wise:
    0.5 (sigma x)^2 if |x| < 1/sigma^2, else |x| - 0.5/sigma^2 (sigma = scalar)."""
    s2 = data.dtype.type(float(scalar) ** 2)
    a = xp.abs(data)
    c = xp.minimum(a, 1 / s2)  # the Huber form, without a branch
    return (0.5 * s2 * c * c + (a - c)).astype(data.dtype, copy=False)
