"""The op-table harness: forward against a NumPy reference, then gradients of order 1..k
against central finite differences in float64, along random directions.

    check_op(lambda x: nd.exp(x), np.exp, [x0], orders=(1, 2, 3))

F_0(x) = <fn(x), w> for a fixed random w; F_k(x) = sum_i <d F_{k-1}/d x_i, v_i> computed with
``autograd.grad(create_graph=True)``. For each order k the autograd directional derivative
of F_{k-1} is compared with (F_{k-1}(x + eps d) - F_{k-1}(x - eps d)) / 2 eps.
"""
import numpy as np

import mxlite as mx
from mxlite import autograd, nd


def _to_nd(a, dtype=np.float64):
    return nd.array(a, dtype=dtype)


def _scalar(y):
    return float(y.asnumpy().sum())


def _F(fn, xs, k, ws, create_graph, wrt=None):
    """F_k at xs (list of NDArrays; those in `wrt` are marked)."""
    out = fn(*xs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    f = None
    for o, w in zip(outs, ws[0]):
        t = (o * _to_nd(w, o.dtype)).sum()
        f = t if f is None else f + t
    for level in range(1, k + 1):
        gs = autograd.grad(f, xs if wrt is None else [xs[i] for i in wrt], create_graph=True,
                           retain_graph=True)
        f = None
        for g, v in zip(gs, ws[level]):
            t = (g * _to_nd(v, g.dtype)).sum()
            f = t if f is None else f + t
    return f


def check_op(fn, ref, inputs, orders=(1, 2), rtol=1e-4, atol=1e-5, eps=1e-5, wrt=None,
             seed=0, directions=2, fwd_rtol=1e-5, fwd_atol=1e-6):
    """Checks fn (NDArrays -> NDArray or list) against ref (numpy arrays -> array or list)
    and its gradients of the given orders by finite differences.

    `inputs` are numpy float64 arrays; `wrt` lists the indices differentiated (default all).
    """
    rs = np.random.RandomState(seed)
    inputs = [np.asarray(a, dtype=np.float64) for a in inputs]
    wrt = list(range(len(inputs))) if wrt is None else list(wrt)
    if ref is not None:
        got = fn(*[_to_nd(a) for a in inputs])
        exp = ref(*inputs)
        gots = got if isinstance(got, (list, tuple)) else [got]
        exps = exp if isinstance(exp, (list, tuple)) else [exp]
        assert len(gots) == len(exps), f"{len(gots)} outputs, expected {len(exps)}"
        for g, e in zip(gots, exps):
            e = np.asarray(e)
            assert g.shape == e.shape or (g.shape == (1,) and e.shape == ()), \
                f"shape {g.shape} != reference {e.shape}"
            np.testing.assert_allclose(g.asnumpy().reshape(e.shape), e, rtol=fwd_rtol,
                                       atol=fwd_atol)
    if not orders:
        return
    probe = fn(*[_to_nd(a) for a in inputs])
    probes = probe if isinstance(probe, (list, tuple)) else [probe]
    ws = [[rs.uniform(-1, 1, p.shape) for p in probes]]
    for _ in range(max(orders)):
        ws.append([rs.uniform(-1, 1, inputs[i].shape) for i in wrt])

    def mark(vals):
        xs = [_to_nd(a) for a in vals]
        for i in wrt:
            xs[i].attach_grad()
        return xs

    for k in orders:
        xs = mark(inputs)
        with autograd.record():
            f = _F(fn, xs, k - 1, ws, True, wrt)
        gs = autograd.grad(f, [xs[i] for i in wrt], retain_graph=True)
        for _ in range(directions):
            ds = [rs.uniform(-1, 1, inputs[i].shape) for i in wrt]
            analytic = sum(float((g.asnumpy() * d).sum()) for g, d in zip(gs, ds))

            def at(sign):
                vals = list(inputs)
                for i, d in zip(wrt, ds):
                    vals[i] = inputs[i] + sign * eps * d
                xs2 = mark(vals)
                with autograd.record():
                    return _scalar(_F(fn, xs2, k - 1, ws, True, wrt))
            numeric = (at(1) - at(-1)) / (2 * eps)
            assert abs(analytic - numeric) <= atol + rtol * max(abs(numeric), abs(analytic)), \
                f"order-{k} gradient mismatch: autograd {analytic!r} vs finite difference {numeric!r}"


def grads_of(fn, arrays, head=None):
    """First-order gradients of sum(fn(*arrays) * head) via backward(), as numpy arrays."""
    xs = [a if isinstance(a, mx.nd.NDArray) else nd.array(a) for a in arrays]
    for x in xs:
        x.attach_grad()
    with autograd.record():
        y = fn(*xs)
    y.backward(head)
    return [x.grad.asnumpy() for x in xs]
