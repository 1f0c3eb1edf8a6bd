"""Optimizer update operators, part 2: Adam, RMSProp, Ftrl, FTML, Signum, LAMB, AdamW, AMP
checks. Exported through :mod:`mxlite.ndarray.optimizer_ops`."""
import numpy as np

from ..base import MXNetError, _Null
from .ndarray import NDArray, _wrap
from .optimizer_ops import _check, _clip, _finish, _opt, _req, _s, _strict, _update

__all__ = ["adam_update", "rmsprop_update", "rmspropalex_update", "ftrl_update", "ftml_update",
           "signsgd_update", "signum_update", "lamb_update_phase1", "lamb_update_phase2",
           "mp_lamb_update_phase1", "mp_lamb_update_phase2", "multi_sum_sq", "all_finite",
           "multi_all_finite", "adamw_update", "mp_adamw_update"]

_F32 = np.dtype(np.float32)


@_strict
def adam_update(weight=None, grad=None, mean=None, var=None, lr=_Null, beta1=0.9, beta2=0.999,
                epsilon=1e-8, wd=0., rescale_grad=1., clip_gradient=-1., lazy_update=True,
                out=None, name=None, **kwargs):
    """Update function for Adam optimizer (no bias correction: the Adam optimizer folds it
    into `lr`).

    It updates the weights using::

     grad = clip(grad * rescale_grad + wd * weight, clip_gradient)
     m = beta1*m + (1-beta1)*grad
     v = beta2*v + (1-beta2)*(grad**2)
     w += - learning_rate * m / (sqrt(v) + epsilon)

    `mean` and `var` are updated in place.
    """
    _check("adam_update", (weight, grad, mean, var), ("weight", "grad", "mean", "var"))
    lr = _req("adam_update", "lr", lr)
    return _update(_adam, (weight._data, grad._data, mean._data, var._data), weight, out,
                   lr=lr, beta1=_opt(beta1, .9), beta2=_opt(beta2, .999),
                   epsilon=_opt(epsilon, 1e-8), wd=_opt(wd, 0),
                   rescale_grad=_opt(rescale_grad, 1), clip_gradient=_opt(clip_gradient, -1))


def _adam(xp, w, g, m, v, lr, beta1, beta2, epsilon, wd, rescale_grad, clip_gradient):
    dt = w.dtype
    b1, b2, one = _s(beta1, dt), _s(beta2, dt), dt.type(1)
    gr = g * _s(rescale_grad, dt) + w * _s(wd, dt)
    gr = _clip(xp, gr, clip_gradient, dt)
    m[...] = b1 * m + (one - b1) * gr
    v[...] = b2 * v + (one - b2) * gr * gr
    return w - _s(lr, dt) * m / (xp.sqrt(v) + _s(epsilon, dt))


def _rms_grad(xp, w, g, wd, rescale_grad, clip_gradient):
    dt = w.dtype
    gr = _s(_opt(rescale_grad, 1), dt) * g + _s(_opt(wd, 0), dt) * w
    return _clip(xp, gr, _opt(clip_gradient, -1), dt)


@_strict
def rmsprop_update(weight=None, grad=None, n=None, lr=_Null, gamma1=0.95, epsilon=1e-8, wd=0.,
                   rescale_grad=1., clip_gradient=-1., clip_weights=-1., out=None, name=None,
                   **kwargs):
    """Update function for `RMSProp` optimizer (Tieleman & Hinton)::

     grad = clip(rescale_grad * grad + wd * weight, clip_gradient)
     n = (1 - gamma1) * grad**2 + gamma1 * n
     weight = clip(weight - lr * grad / sqrt(n + epsilon), clip_weights)
    """
    _check("rmsprop_update", (weight, grad, n), ("weight", "grad", "n"))
    lr = _req("rmsprop_update", "lr", lr)
    w, nn = weight._data, n._data
    dt, xp = w.dtype, weight._ctx.xp
    gr = _rms_grad(xp, w, grad._data, wd, rescale_grad, clip_gradient)
    g1 = _s(_opt(gamma1, .95), dt)
    nn[...] = (dt.type(1) - g1) * gr * gr + g1 * nn
    res = w - _s(lr, dt) * (gr / xp.sqrt(nn + _s(_opt(epsilon, 1e-8), dt)))
    res = _clip(xp, res, _opt(clip_weights, -1), dt)
    return _finish(res, weight, out)


@_strict
def rmspropalex_update(weight=None, grad=None, n=None, g=None, delta=None, lr=_Null, gamma1=0.95,
                       gamma2=0.9, epsilon=1e-8, wd=0., rescale_grad=1., clip_gradient=-1.,
                       clip_weights=-1., out=None, name=None, **kwargs):
    """Update function for RMSPropAlex optimizer (centered RMSProp, Graves 2013)::

     n = (1 - gamma1) * grad**2 + gamma1 * n
     g = (1 - gamma1) * grad + gamma1 * g
     delta = gamma2 * delta - lr * grad / sqrt(n - g**2 + epsilon)
     weight = clip(weight + delta, clip_weights)
    """
    _check("rmspropalex_update", (weight, grad, n, g, delta),
           ("weight", "grad", "n", "g", "delta"))
    lr = _req("rmspropalex_update", "lr", lr)
    w, nn, gg, dd = weight._data, n._data, g._data, delta._data
    dt, xp = w.dtype, weight._ctx.xp
    gr = _rms_grad(xp, w, grad._data, wd, rescale_grad, clip_gradient)
    g1, g2, one = _s(_opt(gamma1, .95), dt), _s(_opt(gamma2, .9), dt), dt.type(1)
    nn[...] = (one - g1) * gr * gr + g1 * nn
    gg[...] = (one - g1) * gr + g1 * gg
    dd[...] = g2 * dd - _s(lr, dt) * (gr / xp.sqrt(nn - gg * gg + _s(_opt(epsilon, 1e-8), dt)))
    res = _clip(xp, w + dd, _opt(clip_weights, -1), dt)
    return _finish(res, weight, out)


@_strict
def ftrl_update(weight=None, grad=None, z=None, n=None, lr=_Null, lamda1=0.01, beta=1., wd=0.,
                rescale_grad=1., clip_gradient=-1., out=None, name=None, **kwargs):
    """Update function for Ftrl optimizer::

     rescaled_grad = clip(grad * rescale_grad, clip_gradient)
     z += rescaled_grad - (sqrt(n + rescaled_grad**2) - sqrt(n)) * weight / learning_rate
     n += rescaled_grad**2
     w = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / learning_rate + wd) * (abs(z) > lamda1)
    """
    _check("ftrl_update", (weight, grad, z, n), ("weight", "grad", "z", "n"))
    lr = _req("ftrl_update", "lr", lr)
    w, zz, nn = weight._data, z._data, n._data
    dt, xp = w.dtype, weight._ctx.xp
    gr = _clip(xp, grad._data * _s(_opt(rescale_grad, 1), dt), _opt(clip_gradient, -1), dt)
    lr_, l1 = _s(lr, dt), _s(_opt(lamda1, .01), dt)
    zz += gr - (xp.sqrt(nn + gr * gr) - xp.sqrt(nn)) * w / lr_
    nn += gr * gr
    res = ((xp.sign(zz) * l1 - zz) / ((_s(_opt(beta, 1), dt) + xp.sqrt(nn)) / lr_
                                       + _s(_opt(wd, 0), dt)) * (xp.abs(zz) > l1))
    return _finish(res, weight, out)


@_strict
def ftml_update(weight=None, grad=None, d=None, v=None, z=None, lr=_Null, beta1=0.6, beta2=0.999,
                epsilon=1e-8, t=_Null, wd=0., rescale_grad=1., clip_grad=-1., out=None,
                name=None, **kwargs):
    """The FTML optimizer (Follow the Moving Leader)::

     g = clip(rescale_grad * grad + wd * weight, clip_grad)
     v = beta2 * v + (1 - beta2) * g**2
     d_t = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)
     z = beta1 * z + (1 - beta1) * g - (d_t - beta1 * d) * weight
     d = d_t;  weight = - z / d_t
    """
    _check("ftml_update", (weight, grad, d, v, z), ("weight", "grad", "d", "v", "z"))
    lr = _req("ftml_update", "lr", lr)
    if t is _Null or t is None:
        raise MXNetError("Required parameter t of int is not presented, in operator "
                         "ftml_update(name=\"\")")
    w, dd, vv, zz = weight._data, d._data, v._data, z._data
    dt, xp = w.dtype, weight._ctx.xp
    gr = _rms_grad(xp, w, grad._data, wd, rescale_grad, clip_grad)
    b1, b2, one = _s(_opt(beta1, .6), dt), _s(_opt(beta2, .999), dt), dt.type(1)
    t = int(t)
    vv[...] = b2 * vv + (one - b2) * gr * gr
    d_t = ((one - b1 ** t) / _s(lr, dt)
           * (xp.sqrt(vv / (one - b2 ** t)) + dt.type(_opt(epsilon, 1e-8))))
    zz[...] = b1 * zz + (one - b1) * gr - (d_t - b1 * dd) * w
    dd[...] = d_t
    return _finish(-zz / d_t, weight, out)


@_strict
def signsgd_update(weight=None, grad=None, lr=_Null, wd=0., rescale_grad=1., clip_gradient=-1.,
                   out=None, name=None, **kwargs):
    """Update function for SignSGD optimizer::

     weight = (1 - lr * wd) * weight - lr * sign(grad)
    """
    _check("signsgd_update", (weight, grad), ("weight", "grad"))
    lr = _req("signsgd_update", "lr", lr)
    w = weight._data
    dt, xp = w.dtype, weight._ctx.xp
    lr_ = _s(lr, dt)
    res = (dt.type(1) - lr_ * _s(_opt(wd, 0), dt)) * w - lr_ * xp.sign(grad._data)
    return _finish(res, weight, out)


@_strict
def signum_update(weight=None, grad=None, mom=None, lr=_Null, momentum=0., wd=0., rescale_grad=1.,
                  clip_gradient=-1., wd_lh=0., out=None, name=None, **kwargs):
    """SIGN momentUM (Signum) optimizer::

     mom = momentum * mom - (1 - momentum) * (wd * weight + clip(rescale_grad * grad))
     weight = (1 - lr * wd_lh) * weight + lr * sign(mom)
    """
    _check("signum_update", (weight, grad, mom), ("weight", "grad", "mom"))
    lr = _req("signum_update", "lr", lr)
    w, m = weight._data, mom._data
    dt, xp = w.dtype, weight._ctx.xp
    mo, one, lr_ = _s(_opt(momentum, 0), dt), dt.type(1), _s(lr, dt)
    gr = _clip(xp, _s(_opt(rescale_grad, 1), dt) * grad._data, _opt(clip_gradient, -1), dt)
    m[...] = mo * m - (one - mo) * _s(_opt(wd, 0), dt) * w - (one - mo) * gr
    res = (one - lr_ * _s(_opt(wd_lh, 0), dt)) * w + lr_ * xp.sign(m)
    return _finish(res, weight, out)


def _lamb1(xp, w, g, m, v, beta1, beta2, epsilon, t, bias_correction, wd, rescale_grad,
           clip_gradient):
    dt = w.dtype
    b1, b2, one = _s(_opt(beta1, .9), dt), _s(_opt(beta2, .999), dt), dt.type(1)
    eps, wd_ = _s(_opt(epsilon, 1e-6), dt), _s(wd, dt)
    gr = _clip(xp, g * _s(_opt(rescale_grad, 1), dt), _opt(clip_gradient, -1), dt)
    m[...] = b1 * m + (one - b1) * gr
    v[...] = b2 * v + (one - b2) * gr * gr
    if _opt(bias_correction, True):
        t = int(t)
        return (m / (one - b1 ** t)) / (xp.sqrt(v / (one - b2 ** t)) + eps) + wd_ * w
    return m / (xp.sqrt(v) + eps) + wd_ * w


def _lamb_t_wd(opname, t, wd):
    if t is _Null or t is None:
        raise MXNetError(f"Required parameter t of int is not presented, in operator "
                         f"{opname}(name=\"\")")
    return _req(opname, "wd", wd)


@_strict
def lamb_update_phase1(weight=None, grad=None, mean=None, var=None, beta1=0.9, beta2=0.999,
                       epsilon=1e-6, t=_Null, bias_correction=True, wd=_Null, rescale_grad=1.,
                       clip_gradient=-1., out=None, name=None, **kwargs):
    """Phase I of lamb update: updates `mean`/`var` in place and returns g::

     grad = clip(grad * rescale_grad, clip_gradient)
     mean = beta1 * mean + (1 - beta1) * grad
     var = beta2 * var + (1 - beta2) * grad**2
     g = mean_hat / (sqrt(var_hat) + epsilon) + wd * weight   (hats: bias corrected)
    """
    _check("lamb_update_phase1", (weight, grad, mean, var), ("weight", "grad", "mean", "var"))
    wd = _lamb_t_wd("lamb_update_phase1", t, wd)
    res = _lamb1(weight._ctx.xp, weight._data, grad._data, mean._data, var._data, beta1, beta2,
                 epsilon, t, bias_correction, wd, rescale_grad, clip_gradient)
    return _finish(res, weight, out)


@_strict
def mp_lamb_update_phase1(weight=None, grad=None, mean=None, var=None, weight32=None, beta1=0.9,
                          beta2=0.999, epsilon=1e-6, t=_Null, bias_correction=True, wd=_Null,
                          rescale_grad=1., clip_gradient=-1., out=None, name=None, **kwargs):
    """Multi-precision Phase I of lamb update (float32 states and master weight); g is float32."""
    _check("mp_lamb_update_phase1", (weight, grad), ("weight", "grad"))
    wd = _lamb_t_wd("mp_lamb_update_phase1", t, wd)
    # (MXNet rescales in float32, rounds to the gradient's dtype, then clips in float32)
    g = grad._data
    g32 = (g.astype(np.float32) * np.float32(_opt(rescale_grad, 1))).astype(g.dtype)
    g32 = g32.astype(np.float32, copy=False)
    res = _lamb1(weight._ctx.xp, weight32._data, g32, mean._data, var._data, beta1, beta2,
                 epsilon, t, bias_correction, wd, 1., clip_gradient)
    if out is None:
        return _wrap(res, weight._ctx)
    o = out[0] if isinstance(out, (list, tuple)) else out
    if o._data.dtype != np.float32:
        raise MXNetError(f"Type inconsistent, Provided = {o._data.dtype.name}, inferred type = "
                         f"float32")
    o._data[...] = res
    return o


def _lamb2(xp, w, g, r1, r2, lr, lower_bound, upper_bound):
    dt = w.dtype
    r1 = float(np.asarray(r1).reshape(-1)[0])
    r2 = float(np.asarray(r2).reshape(-1)[0])
    lb, ub = _opt(lower_bound, -1), _opt(upper_bound, -1)
    r1 = np.float32(r1)
    if lb >= 0:
        r1 = max(r1, np.float32(lb))
    if ub >= 0:
        r1 = min(r1, np.float32(ub))
    lr_ = _s(lr, dt)
    if not (r1 == 0 or r2 == 0):
        lr_ = lr_ * dt.type(r1) / dt.type(r2)
    return w - lr_ * g.astype(dt, copy=False)


def _r_shapes(r1, r2):
    """MXNet's checks of the trust-ratio norms r1, r2: shape (1, ...)."""
    for r, n in ((r1, "r1"), (r2, "r2")):
        if r.ndim == 0:
            raise MXNetError("Check failed: i >= 0 && i < ndim(): index = 0 must be in range "
                             "[0, -1)")
        if r.shape[0] != 1:
            raise MXNetError(f"Check failed: {n}_shape[0] == 1U ({r.shape[0]} vs. 1) : {n} "
                             f"shape incorrect")


@_strict
def lamb_update_phase2(weight=None, g=None, r1=None, r2=None, lr=_Null, lower_bound=-1.,
                       upper_bound=-1., out=None, name=None, **kwargs):
    """Phase II of lamb update::

     r1 = clip(r1, lower_bound, upper_bound)   (each bound only when >= 0)
     lr = lr * r1 / r2  unless r1 == 0 or r2 == 0
     weight = weight - lr * g
    """
    _check("lamb_update_phase2", (weight, g), ("weight", "g"))
    lr = _req("lamb_update_phase2", "lr", lr)
    _r_shapes(r1, r2)
    res = _lamb2(weight._ctx.xp, weight._data, g._data, r1.asnumpy(), r2.asnumpy(), lr,
                 lower_bound, upper_bound)
    return _finish(res, weight, out)


@_strict
def mp_lamb_update_phase2(weight=None, g=None, r1=None, r2=None, weight32=None, lr=_Null,
                          lower_bound=-1., upper_bound=-1., out=None, name=None, **kwargs):
    """Multi-precision Phase II of lamb update: the new weight computed from `weight32`, cast
    into out (as in MXNet, `weight32` itself is left unchanged)."""
    lr = _req("mp_lamb_update_phase2", "lr", lr)
    _r_shapes(r1, r2)
    res = _lamb2(weight._ctx.xp, weight32._data, g._data, r1.asnumpy(), r2.asnumpy(), lr,
                 lower_bound, upper_bound)
    return _finish(res, weight, out)


@_strict
def multi_sum_sq(*data, num_arrays=_Null, out=None, name=None, **kwargs):
    """Computes the sums of squares of multiple arrays: a float32 array of shape (num_arrays,)."""
    if num_arrays is _Null:
        raise MXNetError("Required parameter num_arrays of int is not presented, in operator "
                         "multi_sum_sq(name=\"\")")
    n = int(num_arrays)
    if len(data) != n:
        raise MXNetError(f"Operator multi_sum_sq expects {n} inputs, but got {len(data)} "
                         f"instead.")
    dt = data[0]._data.dtype
    for i, a in enumerate(data[1:], 1):
        if a._data.dtype != dt:
            raise MXNetError(f"This layer requires uniform type. Expected '{dt.name}' v.s. "
                             f"given '{a._data.dtype.name}' at 'array_{i}'")
    xp = data[0]._ctx.xp
    # (MXNet squares in the input dtype and accumulates in float32)
    res = xp.array([float(xp.sum(xp.square(a._data).astype(np.float32), dtype=np.float32))
                    for a in data[:int(num_arrays)]], dtype=np.float32)
    if out is not None:
        out._data[...] = res
        return out
    return _wrap(res, data[0]._ctx)


@_strict
def all_finite(data=None, init_output=True, out=None, name=None, **kwargs):
    """Checks if all the float numbers in the array are finite: float32 [1.] or [0.]."""
    return multi_all_finite(data, num_arrays=1, init_output=init_output, out=out)


@_strict
def multi_all_finite(*data, num_arrays=1, init_output=True, out=None, name=None, **kwargs):
    """Checks if all the float numbers in all the arrays are finite: float32 [1.] or [0.].

    With ``init_output=False`` an existing `out` that already reads 0 stays 0 (AMP chaining).
    """
    n = int(_opt(num_arrays, 1))
    if len(data) != n:
        raise MXNetError(f"Operator multi_all_finite expects {n} inputs, but got {len(data)} "
                         f"instead.")
    xp = data[0]._ctx.xp
    ok = all(bool(xp.isfinite(a._data).all()) for a in data)
    if out is not None:
        if _opt(init_output, True) or not ok:
            out._data[...] = 1. if ok else 0.
        return out
    return _wrap(xp.array([1. if ok else 0.], dtype=np.float32), data[0]._ctx)


def _adamw(xp, w, g, m, v, rescale, lr, eta, beta1, beta2, epsilon, wd, clip_gradient):
    dt = w.dtype
    b1, b2, one = _s(beta1, dt), _s(beta2, dt), dt.type(1)
    gr = _clip(xp, g * dt.type(rescale), clip_gradient, dt)
    g[...] = gr  # MXNet's kernel leaves the rescaled, clipped gradient in `grad`
    m[...] = b1 * m + (one - b1) * gr
    v[...] = b2 * v + (one - b2) * gr * gr
    return w - _s(eta, dt) * (_s(lr, dt) * m / (xp.sqrt(v) + _s(epsilon, dt)) + w * _s(wd, dt))


def _rescale_value(rescale_grad):
    if isinstance(rescale_grad, NDArray):
        return float(rescale_grad.asnumpy().reshape(-1)[0])
    return float(rescale_grad)


@_strict
def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None, **kwargs):
    """Update function for AdamW optimizer (``mx.nd.contrib.adamw_update``)::

     grad = clip(grad * rescale_grad, clip_gradient)
     m = beta1 * m + (1 - beta1) * grad
     v = beta2 * v + (1 - beta2) * grad**2
     w = w - eta * (lr * m / (sqrt(v) + epsilon) + wd * w)

    `rescale_grad` is an NDArray; when it is 0 or not finite the update is skipped (AMP).
    As in MXNet, `grad` is overwritten with the rescaled, clipped gradient.
    """
    _check("adamw_update", (weight, grad, mean, var), ("weight", "grad", "mean", "var"))
    rs = _rescale_value(rescale_grad)
    if rs == 0 or not np.isfinite(rs):
        return _finish(weight._data.copy(), weight, out)
    return _update(_adamw, (weight._data, grad._data, mean._data, var._data), weight, out,
                   rescale=rs, lr=lr, eta=eta, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd,
                   clip_gradient=clip_gradient)


@_strict
def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9,
                    beta2=0.999, epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None,
                    **kwargs):
    """Multi-precision AdamW (``mx.nd.contrib.mp_adamw_update``): float32 states and master."""
    rs = _rescale_value(rescale_grad)
    if rs == 0 or not np.isfinite(rs):
        return _finish(weight._data.copy(), weight, out)
    g32 = grad._data.astype(np.float32)
    res = _adamw(weight._ctx.xp, weight32._data, g32, mean._data, var._data, rs, lr, eta, beta1,
                 beta2, epsilon, wd, clip_gradient)
    grad._data[...] = g32
    weight32._data[...] = res
    return _finish(res, weight, out)
