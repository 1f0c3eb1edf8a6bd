"""Optimizer update operators (``mx.nd.sgd_update``, ``adam_update`` ...), MXNet 1.9.1's kernels.

These write the new weight into ``out`` (``out=weight`` updates in place) and always update
their state inputs (momentum, mean, var ...) in place. They are plain raw-array updates:
never recorded by autograd, exactly as in MXNet. Scalar hyper-parameters are float32 in
MXNet's C++ parameter structs and are cast to the weight dtype inside the kernels; the
formulas below keep MXNet's operation order so float32 results agree to the last bits.
Gradient clipping is off when ``clip_gradient`` is negative.
"""
import functools
import inspect

import numpy as np

from .. import _parallel
from ..base import MXNetError, _Null, shape_str
from .elemwise import dtype_mismatch
from .ndarray import NDArray, _wrap

__all__ = ["sgd_update", "sgd_mom_update", "nag_mom_update", "mp_sgd_update",
           "mp_sgd_mom_update", "mp_nag_mom_update", "adam_update", "rmsprop_update",
           "rmspropalex_update", "ftrl_update", "ftml_update", "signsgd_update",
           "signum_update", "lamb_update_phase1", "lamb_update_phase2", "mp_lamb_update_phase1",
           "mp_lamb_update_phase2", "multi_sum_sq", "all_finite", "multi_all_finite",
           "multi_sgd_update", "multi_sgd_mom_update", "multi_mp_sgd_update",
           "multi_mp_sgd_mom_update", "preloaded_multi_sgd_update",
           "preloaded_multi_sgd_mom_update", "preloaded_multi_mp_sgd_update",
           "preloaded_multi_mp_sgd_mom_update", "adamw_update", "mp_adamw_update"]


# ---------------------------------------------------------------- helpers
def _strict(fn):
    """MXNet rejects unknown keyword arguments of an operator."""
    params = inspect.signature(fn).parameters
    known = set(params)
    # float parameters: None is not a float to MXNet's parameter parser
    floats = {k for k, p in params.items()
              if type(p.default) is float or k in ("lr", "eta") or (k == "wd" and
                                                                    p.default is _Null)}

    @functools.wraps(fn)
    def op(*args, **kwargs):
        for k in kwargs:
            if k not in known:
                raise MXNetError(f"Cannot find argument '{k}', Possible Arguments: "
                                 f"{', '.join(sorted(known - {'out', 'name', 'kwargs'}))}, "
                                 f"in operator {fn.__name__}")
            if kwargs[k] is None and k in floats:
                raise MXNetError(f"Invalid Parameter format for {k} expect float but value="
                                 f"'None', in operator {fn.__name__}(name=\"\", {k}=\"None\")")
        return fn(*args, **kwargs)
    return op


def _check(opname, arrays, names, dtypes=None):
    """MXNet's input checks: NDArray inputs, one shape, one dtype (unless `dtypes` given)."""
    for a, n in zip(arrays, names):
        if not isinstance(a, NDArray):
            if a is None:
                raise MXNetError(f"Operator {opname} expects {len(arrays)} inputs, but got "
                                 f"{sum(x is not None for x in arrays)} instead.")
            raise AssertionError(f"Argument {n} must have NDArray type, but got {a!r}")
    w = arrays[0]
    for i, a in enumerate(arrays[1:], 1):
        if a.shape != w.shape:
            raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node "
                             f" at {i}-th input: expected {shape_str(w.shape)}, got "
                             f"{shape_str(a.shape)}")
        want = (dtypes or {}).get(i, w._data.dtype)
        if a._data.dtype != want:
            if dtypes and i in dtypes:  # a float32 state of a mixed-precision update
                raise MXNetError(f"Type inconsistent, Provided = {a._data.dtype.name}, "
                                 f"inferred type = {np.dtype(want).name}")
            raise dtype_mismatch(want, a._data.dtype, i)
    if w._data.dtype.kind != "f":
        raise MXNetError(f"This operation only support floating point types, not "
                         f"{w._data.dtype.name}")


def _req(opname, name, v):
    if v is _Null or v is None:
        raise MXNetError(f"Required parameter {name} of float is not presented, in operator "
                         f"{opname}(name=\"\")")
    if type(v) is str:
        try:
            float(v)
        except ValueError:
            raise MXNetError(f"Invalid Parameter format for {name} expect float but value="
                             f"'{v}', in operator {opname}(name=\"\", {name}=\"{v}\")") from None
    return v


_S = {}  # (value, dtype) -> the scalar (learning rates and decays repeat every step)


def _s(x, dt):
    """A hyper-parameter as MXNet's kernel sees it: float32, then cast to the weight dtype."""
    try:
        return _S[x, dt]
    except (KeyError, TypeError):  # (TypeError: an unhashable value, e.g. a 0-d array)
        pass
    r = np.dtype(dt).type(np.float32(x))
    if type(x) in (float, int) and x != 0:  # (0.0 == -0.0 as keys: zeros are not cached)
        if len(_S) > 1024:
            _S.clear()
        _S[x, dt] = r
    return r


def _opt(v, default):
    return default if v is _Null or v is None else v


def _clip(xp, g, c, dt):
    if c >= 0:
        c = _s(c, dt)
        return xp.clip(g, -c, c)
    return g


def _same(out, weight):
    """Whether `out` is (a view of) the weight's own buffer."""
    if isinstance(out, (list, tuple)):
        out = out[0] if out else None
    if not isinstance(out, NDArray):
        return False
    if out is weight or out._data is weight._data:
        return True
    try:
        return bool(np.may_share_memory(out._data, weight._data))
    except TypeError:  # non-numpy buffers
        return False


def _check_out(out, weight):
    """MXNet's checks of an `out` array other than the weight: the weight's shape and dtype."""
    if isinstance(out, (list, tuple)):
        out = out[0] if out else None
    if not isinstance(out, NDArray) or out is weight:
        return
    o, w = out._data, weight._data
    if o.shape != w.shape:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                         f"at 0-th output: expected {shape_str(w.shape)}, got "
                         f"{shape_str(o.shape)}")
    if o.dtype != w.dtype:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                         f"at 0-th output: expected {w.dtype.name}, got {o.dtype.name}")


def _finish(res, weight, out):
    """Writes the kernel result into `out` (or a new array) and returns it."""
    if out is None:
        return _wrap(res.astype(weight._data.dtype, copy=False), weight._ctx)
    if isinstance(out, (list, tuple)):
        out = out[0]
    if out is not weight:
        _check_out(out, weight)
    out._data[...] = res
    return out


def _update(kernel, arrays, weight, out, **kw):
    """``kernel(xp, *arrays, **kw)`` (elementwise: the new weight values; it may update
    state arrays in place) written into `out` like _finish. Large float weights are updated
    block by block over threads (every temporary stays in cache), straight into the weight
    when `out` is the weight itself (each block is read whole before it is written)."""
    w = arrays[0]
    xp = weight._ctx.xp
    if out is not None and out is not weight:
        _check_out(out, weight)  # (before the kernel updates the states)
    if w.size >= _parallel.MIN_SIZE and xp is np and w.dtype.kind == "f":
        dest = out[0] if isinstance(out, (list, tuple)) and out else out
        dest = (dest._data if isinstance(dest, NDArray) and dest._data.dtype == w.dtype
                and dest._data.shape == w.shape else None)
        if out is None or dest is not None:
            res = _parallel.blockwise(kernel, xp, tuple(arrays), kw, out=dest)
            if res is not None:
                if dest is not None:
                    return out[0] if isinstance(out, (list, tuple)) else out
                return _wrap(res, weight._ctx)
    return _finish(kernel(xp, *arrays, **kw), weight, out)


def _sgd(xp, w, g, lr, wd, rescale_grad, clip_gradient):
    dt = w.dtype
    lr_, wd_, rg = _s(lr, dt), _s(wd, dt), _s(rescale_grad, dt)
    one = dt.type(1)
    if clip_gradient >= 0:
        return (one - lr_ * wd_) * w - lr_ * _clip(xp, rg * g, clip_gradient, dt)
    return (one - lr_ * wd_) * w - (lr_ * rg) * g


# ---------------------------------------------------------------- SGD family
@_strict
def sgd_update(weight=None, grad=None, lr=_Null, wd=0., rescale_grad=1., clip_gradient=-1.,
               lazy_update=True, out=None, name=None, **kwargs):
    """Update function for Stochastic Gradient Descent (SGD) optimizer.

    It updates the weights using::

     weight = weight - learning_rate * (gradient + wd * weight)

    Parameters
    ----------
    weight : NDArray
        Weight
    grad : NDArray
        Gradient
    lr : float, required
        Learning rate
    wd : float, optional, default=0
        Weight decay.
    rescale_grad : float, optional, default=1
        Rescale gradient to grad = rescale_grad*grad.
    clip_gradient : float, optional, default=-1
        Clip gradient to the range of [-clip_gradient, clip_gradient]; off when negative.
    lazy_update : boolean, optional, default=1
        Only meaningful for row_sparse gradients (dense-only in mxlite).
    out : NDArray, optional
        The output NDArray to hold the result.
    """
    _check("sgd_update", (weight, grad), ("weight", "grad"))
    lr = _req("sgd_update", "lr", lr)
    return _update(_sgd, (weight._data, grad._data), weight, out, lr=lr, wd=_opt(wd, 0),
                   rescale_grad=_opt(rescale_grad, 1), clip_gradient=_opt(clip_gradient, -1))


def _sgd_mom(xp, w, g, mom, lr, momentum, wd, rescale_grad, clip_gradient):
    dt = w.dtype
    lr_, m_, wd_, rg = _s(lr, dt), _s(momentum, dt), _s(wd, dt), _s(rescale_grad, dt)
    if clip_gradient >= 0:
        mom[...] = m_ * mom - (lr_ * wd_) * w - lr_ * _clip(xp, rg * g, clip_gradient, dt)
    else:
        mom[...] = m_ * mom - (lr_ * wd_) * w - (lr_ * rg) * g
    return w + mom


@_strict
def sgd_mom_update(weight=None, grad=None, mom=None, lr=_Null, momentum=0., wd=0.,
                   rescale_grad=1., clip_gradient=-1., lazy_update=True, out=None, name=None,
                   **kwargs):
    """Momentum update function for Stochastic Gradient Descent (SGD) optimizer.

    It updates the weights using::

      v = momentum * v - learning_rate * (gradient + wd * weight)
      weight += v

    `mom` is updated in place. Parameters as :func:`sgd_update`, plus
    momentum : float, optional, default=0 (the decay rate of momentum estimates).
    """
    _check("sgd_mom_update", (weight, grad, mom), ("weight", "grad", "mom"))
    lr = _req("sgd_mom_update", "lr", lr)
    return _update(_sgd_mom, (weight._data, grad._data, mom._data), weight, out, lr=lr,
                   momentum=_opt(momentum, 0), wd=_opt(wd, 0),
                   rescale_grad=_opt(rescale_grad, 1), clip_gradient=_opt(clip_gradient, -1))


def _nag_mom(xp, w, g, mom, lr, momentum, wd, rescale_grad, clip_gradient, in_place=False):
    dt = w.dtype
    lr_, m_, wd_, rg = _s(lr, dt), _s(momentum, dt), _s(wd, dt), _s(rescale_grad, dt)
    gr = _clip(xp, rg * g, clip_gradient, dt)
    mom *= m_
    res = w - mom + (m_ + dt.type(1)) * (mom - lr_ * (gr + wd_ * w))
    # MXNet's kernel writes the weight before it updates mom, which then reads the weight:
    # with out=weight the momentum sees the *new* weight; we keep that aliasing behaviour
    mom -= lr_ * (gr + wd_ * (res if in_place else w))
    return res


@_strict
def nag_mom_update(weight=None, grad=None, mom=None, lr=_Null, momentum=0., wd=0.,
                   rescale_grad=1., clip_gradient=-1., out=None, name=None, **kwargs):
    """Update function for Nesterov Accelerated Gradient (NAG) optimizer.

    It updates the weights using::

      v_t = momentum * v_{t-1} + lr * (grad + wd * weight)   (stored negated in `mom`)
      weight = weight - momentum * v_t - lr * (grad + wd * weight)
    """
    _check("nag_mom_update", (weight, grad, mom), ("weight", "grad", "mom"))
    lr = _req("nag_mom_update", "lr", lr)
    res = _nag_mom(weight._ctx.xp, weight._data, grad._data, mom._data, lr,
                   _opt(momentum, 0), _opt(wd, 0), _opt(rescale_grad, 1),
                   _opt(clip_gradient, -1), in_place=_same(out, weight))
    return _finish(res, weight, out)


@_strict
def mp_sgd_update(weight=None, grad=None, weight32=None, lr=_Null, wd=0., rescale_grad=1.,
                  clip_gradient=-1., lazy_update=True, out=None, name=None, **kwargs):
    """Multi-precision SGD: updates the float32 master copy `weight32` in place and writes
    it, cast, into `out`."""
    _check("mp_sgd_update", (weight, grad, weight32), ("weight", "grad", "weight32"),
           {2: np.dtype(np.float32)})
    lr = _req("mp_sgd_update", "lr", lr)
    r = sgd_update(weight32, _wrap(grad._data.astype(np.float32), grad._ctx), lr, wd,
                   rescale_grad, clip_gradient, out=weight32)
    return _finish(r._data, weight, out)


@_strict
def mp_sgd_mom_update(weight=None, grad=None, mom=None, weight32=None, lr=_Null, momentum=0.,
                      wd=0., rescale_grad=1., clip_gradient=-1., lazy_update=True, out=None,
                      name=None, **kwargs):
    """Multi-precision momentum SGD (float32 `mom` and master copy `weight32`)."""
    _check("mp_sgd_mom_update", (weight, grad, mom, weight32),
           ("weight", "grad", "mom", "weight32"),
           {2: np.dtype(np.float32), 3: np.dtype(np.float32)})
    lr = _req("mp_sgd_mom_update", "lr", lr)
    res = _sgd_mom(weight._ctx.xp, weight32._data, grad._data.astype(np.float32), mom._data,
                   lr, _opt(momentum, 0), _opt(wd, 0), _opt(rescale_grad, 1),
                   _opt(clip_gradient, -1))
    weight32._data[...] = res
    return _finish(res, weight, out)


@_strict
def mp_nag_mom_update(weight=None, grad=None, mom=None, weight32=None, lr=_Null, momentum=0.,
                      wd=0., rescale_grad=1., clip_gradient=-1., out=None, name=None, **kwargs):
    """Multi-precision NAG (float32 `mom` and master copy `weight32`)."""
    _check("mp_nag_mom_update", (weight, grad, mom, weight32),
           ("weight", "grad", "mom", "weight32"),
           {2: np.dtype(np.float32), 3: np.dtype(np.float32)})
    lr = _req("mp_nag_mom_update", "lr", lr)
    # the master copy is always updated in place: mom reads the new weight32 (as in MXNet)
    res = _nag_mom(weight._ctx.xp, weight32._data, grad._data.astype(np.float32), mom._data,
                   lr, _opt(momentum, 0), _opt(wd, 0), _opt(rescale_grad, 1),
                   _opt(clip_gradient, -1), in_place=True)
    weight32._data[...] = res
    return _finish(res, weight, out)


# ---------------------------------------------------------------- multi-tensor SGD
def _multi(opname, data, per, num_weights, lrs, wds, out, momentum, rescale_grad,
           clip_gradient, mp):
    num_weights = int(_opt(num_weights, 1))
    if len(data) != per * num_weights:
        raise MXNetError(f"Operator {opname} expects {per * num_weights} inputs, but got "
                         f"{len(data)} instead.")
    for key, v in (("lrs", lrs), ("wds", wds)):
        if v is _Null or v is None:
            raise MXNetError(f"Required parameter {key} of tuple of <float> is not presented, "
                             f"in operator {opname}(name=\"\")")
    lrs, wds = list(lrs), list(wds)
    for v, what in ((lrs, "learning rates"), (wds, "weight decays")):
        if len(v) != num_weights:
            raise MXNetError(f"Number of {what} is inconsistent with num_weights parameter "
                             f"passed. Expected number of {what}: {num_weights}, and got "
                             f"{len(v)}")
    outs = out if isinstance(out, (list, tuple)) else ([out] if out is not None else None)
    if outs is not None and len(outs) != num_weights:
        raise MXNetError(f"Operator expects {num_weights} (all) or {num_weights} (visible only) "
                         f"outputs, but got {len(outs)} instead.")
    w0dt = data[0]._data.dtype if data else None
    results = []
    consts = {}  # dtype -> (rescale, momentum) as the kernel sees them
    for k in range(num_weights):
        grp = data[per * k:per * (k + 1)]
        w, g = grp[0], grp[1]
        wa = w._data
        if wa.dtype != w0dt:
            raise dtype_mismatch(w0dt, wa.dtype, per * k)
        shp, sdt = wa.shape, (_F32 if mp else wa.dtype)  # (cheap; _check: MXNet's error)
        ga, sa = g._data, grp[-1]._data
        if (ga.shape != shp or ga.dtype != wa.dtype or sa.shape != shp or sa.dtype != sdt
                or per == 4 and (grp[2]._data.shape != shp or grp[2]._data.dtype != sdt)):
            _check(opname, grp, [""] * per, {i: _F32 for i in range(2, per)} if mp else None)
        xp = w._ctx.xp
        # (MXNet's mp kernels use the master copy only for non-float32 weights: a float32
        # weight is updated directly and its weight32 is left untouched)
        mp_k = mp and w._data.dtype != np.float32
        w32 = grp[-1]._data if mp_k else w._data
        dt = w32.dtype
        cst = consts.get(dt)
        if cst is None:
            cst = consts[dt] = (_s(rescale_grad, dt), _s(momentum or 0., dt), dt.type(0))
        rg, m_, zero = cst
        gg = g._data.astype(dt, copy=False)
        kw = dict(lr=_s(lrs[k], dt), wd=_s(wds[k], dt), rg=rg, m=m_, zero=zero,
                  c=clip_gradient)
        arrays = (w32, gg) if momentum is None else (w32, gg, grp[2]._data)
        o = outs[k] if outs is not None else None
        if (not mp_k and isinstance(o, NDArray) and o._data.dtype == dt
                and o._data.shape == w32.shape):
            # straight into the output (usually the weight); big weights block by block
            if w32.size < _MULTI_BLOCKED or _parallel.blockwise(
                    _multi_kernel, xp, arrays, kw, out=o._data, serial=True) is None:
                o._data[...] = _multi_kernel(xp, *arrays, **kw)
            results.append(o)
            continue
        res = _multi_kernel(xp, *arrays, **kw)
        if mp_k:
            grp[-1]._data[...] = res
        results.append(_finish(res, w, o))
    return results if outs is None else out


_F32 = np.dtype(np.float32)
_MULTI_BLOCKED = 1 << 17  # elements: from here the update runs in cache-sized blocks


def _multi_kernel(xp, w32, gg, mom=None, lr=None, wd=None, rg=None, m=None, zero=None, c=-1):
    """One weight's multi-SGD update (elementwise; `mom` updated in place): m = momentum *
    mom - lr*wd*w - lr*rescale*g in MXNet's order of operations (without momentum its kernel
    computes the same with mom = 0: 0 - lr*wd*w - ...); returns w + m."""
    t = (lr * wd) * w32
    if mom is not None:
        xp.subtract(m * mom, t, out=t)
    else:
        xp.subtract(zero, t, out=t)
    if c >= 0:
        t -= lr * _clip(xp, rg * gg, c, t.dtype)
    else:
        t -= (lr * rg) * gg
    if mom is not None:
        mom[...] = t
    t += w32
    return t


@_strict
def multi_sgd_update(*data, lrs=_Null, wds=_Null, rescale_grad=1., clip_gradient=-1.,
                     num_weights=1, out=None, name=None, **kwargs):
    """SGD for several weights at once: data is ``w0, g0, w1, g1, ...``, `lrs`/`wds` tuples."""
    return _multi("multi_sgd_update", data, 2, num_weights, lrs, wds, out, None,
                  _opt(rescale_grad, 1), _opt(clip_gradient, -1), False)


@_strict
def multi_sgd_mom_update(*data, lrs=_Null, wds=_Null, momentum=0., rescale_grad=1.,
                         clip_gradient=-1., num_weights=1, out=None, name=None, **kwargs):
    """Momentum SGD for several weights: data is ``w0, g0, mom0, w1, g1, mom1, ...``."""
    return _multi("multi_sgd_mom_update", data, 3, num_weights, lrs, wds, out,
                  _opt(momentum, 0), _opt(rescale_grad, 1), _opt(clip_gradient, -1), False)


@_strict
def multi_mp_sgd_update(*data, lrs=_Null, wds=_Null, rescale_grad=1., clip_gradient=-1.,
                        num_weights=1, out=None, name=None, **kwargs):
    """Multi-precision SGD for several weights: ``w0, g0, w32_0, ...``."""
    return _multi("multi_mp_sgd_update", data, 3, num_weights, lrs, wds, out, None,
                  _opt(rescale_grad, 1), _opt(clip_gradient, -1), True)


@_strict
def multi_mp_sgd_mom_update(*data, lrs=_Null, wds=_Null, momentum=0., rescale_grad=1.,
                            clip_gradient=-1., num_weights=1, out=None, name=None, **kwargs):
    """Multi-precision momentum SGD for several weights: ``w0, g0, mom0, w32_0, ...``."""
    return _multi("multi_mp_sgd_mom_update", data, 4, num_weights, lrs, wds, out,
                  _opt(momentum, 0), _opt(rescale_grad, 1), _opt(clip_gradient, -1), True)


def _preloaded(opname, per, data, num_weights):
    n = int(_opt(num_weights, 1))
    if len(data) != per * n + 2:
        raise MXNetError(f"Operator {opname} expects {per * n + 2} inputs, but got {len(data)} "
                         f"instead.")
    lrs, wds = data[-2], data[-1]
    for v, what in ((lrs, "learning rates"), (wds, "weight decays")):
        if v.size != n:
            raise MXNetError(f"Number of {what} is inconsistent with num_weights parameter "
                             f"passed. Expected number of {what}: {n}, and got {v.size}")
        if v._data.dtype != _F32:
            raise MXNetError(f"Type inconsistent, Provided = {v._data.dtype.name}, inferred "
                             f"type = float32")
    return data[:-2], lrs.asnumpy().tolist(), wds.asnumpy().tolist()


@_strict
def preloaded_multi_sgd_update(*data, rescale_grad=1., clip_gradient=-1., num_weights=1,
                               out=None, name=None, **kwargs):
    """As :func:`multi_sgd_update` with `lrs` and `wds` given as the last two NDArrays."""
    d, lrs, wds = _preloaded("preloaded_multi_sgd_update", 2, data, num_weights)
    return multi_sgd_update(*d, lrs=lrs, wds=wds, rescale_grad=rescale_grad,
                            clip_gradient=clip_gradient, num_weights=num_weights, out=out)


@_strict
def preloaded_multi_sgd_mom_update(*data, momentum=0., rescale_grad=1., clip_gradient=-1.,
                                   num_weights=1, out=None, name=None, **kwargs):
    """As :func:`multi_sgd_mom_update` with `lrs` and `wds` as the last two NDArrays."""
    d, lrs, wds = _preloaded("preloaded_multi_sgd_mom_update", 3, data, num_weights)
    return multi_sgd_mom_update(*d, lrs=lrs, wds=wds, momentum=momentum,
                                rescale_grad=rescale_grad, clip_gradient=clip_gradient,
                                num_weights=num_weights, out=out)


@_strict
def preloaded_multi_mp_sgd_update(*data, rescale_grad=1., clip_gradient=-1., num_weights=1,
                                  out=None, name=None, **kwargs):
    """As :func:`multi_mp_sgd_update` with `lrs` and `wds` as the last two NDArrays."""
    d, lrs, wds = _preloaded("preloaded_multi_mp_sgd_update", 3, data, num_weights)
    return multi_mp_sgd_update(*d, lrs=lrs, wds=wds, rescale_grad=rescale_grad,
                               clip_gradient=clip_gradient, num_weights=num_weights, out=out)


@_strict
def preloaded_multi_mp_sgd_mom_update(*data, momentum=0., rescale_grad=1., clip_gradient=-1.,
                                      num_weights=1, out=None, name=None, **kwargs):
    """As :func:`multi_mp_sgd_mom_update` with `lrs` and `wds` as the last two NDArrays."""
    d, lrs, wds = _preloaded("preloaded_multi_mp_sgd_mom_update", 4, data, num_weights)
    return multi_mp_sgd_mom_update(*d, lrs=lrs, wds=wds, momentum=momentum,
                                   rescale_grad=rescale_grad, clip_gradient=clip_gradient,
                                   num_weights=num_weights, out=out)


from .optimizer_ops2 import (adam_update, rmsprop_update, rmspropalex_update,  # noqa: E402
                             ftrl_update, ftml_update, signsgd_update, signum_update,
                             lamb_update_phase1, lamb_update_phase2, mp_lamb_update_phase1,
                             mp_lamb_update_phase2, multi_sum_sq, all_finite, multi_all_finite,
                             adamw_update, mp_adamw_update)
