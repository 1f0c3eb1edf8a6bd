"""Records MXNet 1.9.1's results for the legacy/misc ops into tests/fixtures/misc.json.

Run with the reference: ``/work/shared/tools/mxnet-ref tools/record_misc.py``.
BatchNorm_v1 and IdentityAttachKLSparseReg take auxiliary states that MXNet's ``nd`` API does
not expose (the imperative call fails), so they are recorded through the Symbol executor.
MKLDNN is switched off: its amp_multicast fails on CPU ("unknown type for MKLDNN").
"""
import os

os.environ["MXNET_MKLDNN_ENABLED"] = "0"
os.environ["MXNET_STORAGE_FALLBACK_LOG_VERBOSE"] = "0"
import numpy as np  # noqa: E402
import mxnet as mx  # noqa: E402

from fixture_io import write_json  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "misc.json")
rs = np.random.RandomState(7)
fx = {}


def r(*shape):
    return np.round(rs.uniform(-1, 1, shape), 3)


def err(f):
    try:
        f()
    except mx.base.MXNetError as e:
        return str(e).strip().split("\n")[-1]
    return None


def grads(fn, arrays, head):
    xs = [mx.nd.array(a) for a in arrays]
    for x in xs:
        x.attach_grad()
    with mx.autograd.record():
        y = fn(*xs)
    y.backward(mx.nd.array(head))
    return y.asnumpy().tolist(), [x.grad.asnumpy().tolist() for x in xs]


# ---- Correlation
corr = []
for kw, shp in [(dict(), (1, 2, 4, 5)),
                (dict(kernel_size=3, max_displacement=2, stride1=1, stride2=1, pad_size=2),
                 (2, 2, 5, 5)),
                (dict(kernel_size=1, max_displacement=2, stride1=2, stride2=2, pad_size=1),
                 (1, 3, 6, 5)),
                (dict(kernel_size=3, max_displacement=1, stride1=2, stride2=1, pad_size=2,
                      is_multiply=False), (1, 2, 5, 6))]:
    a, b = r(*shp), r(*shp)
    y = mx.nd.Correlation(mx.nd.array(a), mx.nd.array(b), **kw)
    head = np.round(rs.uniform(-1, 1, y.shape), 3)
    out, gs = grads(lambda p, q: mx.nd.Correlation(p, q, **kw), [a, b], head)
    corr.append(dict(kw=kw, a=a.tolist(), b=b.tolist(), out=out, head=head.tolist(), grads=gs))
fx["correlation"] = corr
fx["correlation_err"] = err(lambda: mx.nd.Correlation(mx.nd.ones((1, 1, 3, 3)),
                                                      mx.nd.ones((1, 1, 3, 3)), kernel_size=2))

# ---- Pooling_v1 versus Pooling
pool = []
x = r(1, 2, 5, 5)
for kw in [dict(kernel=(2, 2), pool_type="max"),
           dict(kernel=(3, 3), pool_type="avg", stride=(2, 2), pad=(1, 1)),
           dict(kernel=(3, 3), pool_type="avg", stride=(2, 2), pad=(1, 1),
                pooling_convention="full"),
           dict(kernel=(2, 2), pool_type="sum", stride=(2, 2), pooling_convention="full"),
           dict(kernel=(2, 2), pool_type="avg", stride=(2, 2), pooling_convention="full"),
           dict(kernel=(3, 2), pool_type="avg", stride=(2, 2), pad=(1, 0),
                pooling_convention="full"),
           dict(kernel=(2, 2), pool_type="avg", global_pool=True)]:
    out, gs = grads(lambda p: mx.nd.Pooling_v1(p, **kw), [x], np.ones(
        mx.nd.Pooling_v1(mx.nd.array(x), **kw).shape))
    pool.append(dict(kw=kw, out=out, grad=gs[0]))
fx["pool_v1"] = dict(x=x.tolist(), cases=pool)
fx["pool_v1_err"] = err(lambda: mx.nd.Pooling_v1(mx.nd.array(x), kernel=(2, 2), p_value=2))

# ---- Convolution_v1
xc, wc, bc = r(1, 2, 5, 5), r(3, 2, 3, 3), r(3)
fx["conv_v1"] = dict(
    x=xc.tolist(), w=wc.tolist(), b=bc.tolist(),
    out=mx.nd.Convolution_v1(mx.nd.array(xc), mx.nd.array(wc), mx.nd.array(bc), kernel=(3, 3),
                             num_filter=3, stride=(2, 1), pad=(1, 0)).asnumpy().tolist(),
    err1d=err(lambda: mx.nd.Convolution_v1(mx.nd.ones((1, 1, 5)), mx.nd.ones((1, 1, 3)),
                                           kernel=(3,), num_filter=1, no_bias=True)))

# ---- BatchNorm_v1 (Symbol executor: aux states)
bn = []
xb, gb, bb = r(2, 3, 2, 2), np.array([1., 2., .5]), np.array([.1, .2, .3])
head = r(2, 3, 2, 2)
for kw in [dict(fix_gamma=False), dict(fix_gamma=True), dict(fix_gamma=False,
                                                             use_global_stats=True)]:
    for is_train in (True, False):
        s = mx.sym.BatchNorm_v1(mx.sym.Variable("data"), name="bn", output_mean_var=True,
                                momentum=0.8, eps=1e-3, **kw)
        ex = s.simple_bind(mx.cpu(), data=xb.shape)
        aux0 = {k: v.asnumpy().tolist() for k, v in ex.aux_dict.items()}
        ex.arg_dict["data"][:] = xb
        ex.arg_dict["bn_gamma"][:] = gb
        ex.arg_dict["bn_beta"][:] = bb
        ex.aux_dict["bn_moving_mean"][:] = np.array([.5, -.2, .1])
        ex.aux_dict["bn_moving_var"][:] = np.array([2., 1., .5])
        outs = ex.forward(is_train=is_train)
        rec = dict(kw=kw, is_train=is_train, aux_init=aux0,
                   outs=[o.asnumpy().tolist() for o in outs],
                   gamma_after=ex.arg_dict["bn_gamma"].asnumpy().tolist())
        if is_train:
            ex.backward([mx.nd.array(head), mx.nd.zeros(3), mx.nd.zeros(3)])
            rec["grads"] = [ex.grad_dict[k].asnumpy().tolist()
                            for k in ("data", "bn_gamma", "bn_beta")]
        rec["aux_after"] = [ex.aux_dict[k].asnumpy().tolist()
                            for k in ("bn_moving_mean", "bn_moving_var")]
        bn.append(rec)
fx["bn_v1"] = dict(x=xb.tolist(), gamma=gb.tolist(), beta=bb.tolist(), head=head.tolist(),
                   moving_mean=[.5, -.2, .1], moving_var=[2., 1., .5], cases=bn)

# ---- IdentityAttachKLSparseReg (Symbol executor: aux moving_avg)
s = mx.sym.IdentityAttachKLSparseReg(mx.sym.Variable("data"), sparseness_target=0.2,
                                     penalty=0.5, momentum=0.7, name="kl")
ex = s.simple_bind(mx.cpu(), data=(2, 3))
kl = dict(aux_init=ex.aux_dict["kl_moving_avg"].asnumpy().tolist(),
          x=[[0.2, 0.5, 0.9], [0.4, 0.1, 0.3]], steps=[])
ex.aux_dict["kl_moving_avg"][:] = 0.5
ex.arg_dict["data"][:] = np.array(kl["x"])
for _ in range(2):
    o = ex.forward(is_train=True)
    ex.backward(mx.nd.ones((2, 3)) * 0.1)
    kl["steps"].append(dict(out=o[0].asnumpy().tolist(),
                            grad=ex.grad_dict["data"].asnumpy().tolist(),
                            moving_avg=ex.aux_dict["kl_moving_avg"].asnumpy().tolist()))
fx["kl"] = kl

# ---- Crop
crop = []
xcr = np.arange(2 * 1 * 4 * 5, dtype=np.float64).reshape(2, 1, 4, 5)
for kw, like in [(dict(h_w=(2, 3), offset=(1, 1)), None), (dict(), (1, 7, 2, 2)),
                 (dict(offset=(2, 2)), (1, 7, 2, 2)), (dict(h_w=(3, 3)), (1, 7, 2, 2)),
                 (dict(h_w=(2, 2), center_crop=True), None),
                 (dict(h_w=(3, 2), center_crop=True, offset=(1, 1)), None)]:
    args = [mx.nd.array(xcr)] + ([mx.nd.zeros(like)] if like else [])
    crop.append(dict(kw=kw, like=like, out=mx.nd.Crop(*args, **kw).asnumpy().tolist()))
fx["crop"] = dict(x=xcr.tolist(), cases=crop, errors=[
    err(lambda: mx.nd.Crop(mx.nd.array(xcr), h_w=(2, 3), offset=(3, 1))),
    err(lambda: mx.nd.Crop(mx.nd.array(xcr))),
    err(lambda: mx.nd.Crop(mx.nd.ones((4, 5)), h_w=(2, 2))),
    err(lambda: mx.nd.Crop(mx.nd.array(xcr), mx.nd.zeros((1, 7, 5, 2)))),
])

# ---- amp_multicast, multi_lars, onehot_encode, cast_storage, reset_arrays
mc = []
for dts, narrow in [(("float16", "float32"), False), (("float16", "float32"), True),
                    (("float16", "float64"), False), (("float32", "float64"), True),
                    (("float16", "int32"), False), (("float32", "float16", "uint8"), False)]:
    arrs = [mx.nd.array([1, 2], dtype=d) for d in dts]
    res = mx.nd.amp_multicast(*arrs, num_outputs=len(arrs), cast_narrow=narrow)
    res = res if isinstance(res, list) else [res]
    mc.append(dict(dtypes=dts, narrow=narrow, out=[np.dtype(o.dtype).name for o in res]))
fx["amp_multicast"] = dict(cases=mc, errors=[
    err(lambda: mx.nd.amp_multicast(mx.nd.ones(2), mx.nd.ones(2))),
    err(lambda: mx.nd.amp_multicast(mx.nd.ones(2), mx.nd.ones(2), num_outputs=3))])
lars_in = [[0.1, 0.2, 0.3, 0.4], [4., 0, 9, 1], [1., 1, 0, 4], [0.01, 0.1, 0, 0.5]]
fx["multi_lars"] = dict(inputs=lars_in, cases=[
    dict(kw=kw, out=mx.nd.multi_lars(*[mx.nd.array(a) for a in lars_in], **kw)
         .asnumpy().tolist())
    for kw in (dict(eta=0.5, eps=1e-3), dict(eta=0.5, eps=1e-3, rescale_grad=2.),
               dict(eta=2., eps=0.1))], errors=[
    err(lambda: mx.nd.multi_lars(*[mx.nd.array(a) for a in lars_in], eta=0.5)),
    err(lambda: mx.nd.multi_lars(mx.nd.ones(2), mx.nd.ones(3), mx.nd.ones(2), mx.nd.ones(2),
                                 eta=0.5, eps=0.1)),
    err(lambda: mx.nd.multi_lars(mx.nd.ones(2, dtype="float64"), mx.nd.ones(2), mx.nd.ones(2),
                                 mx.nd.ones(2), eta=0.5, eps=0.1))])
o = mx.nd.zeros((3, 4))
mx.nd.onehot_encode(mx.nd.array([1.7, 3, 0]), o)
fx["onehot"] = dict(out=o.asnumpy().tolist(), errors=[
    err(lambda: mx.nd.onehot_encode(mx.nd.array([1, 2]), mx.nd.zeros((3, 4)))),
    err(lambda: mx.nd.onehot_encode(mx.nd.array([1, 2, 0]), mx.nd.zeros((3, 4), dtype="int32")))])
fx["cast_storage"] = [
    err(lambda: mx.nd.cast_storage(mx.nd.ones(2))),
    err(lambda: mx.nd.cast_storage(mx.nd.ones(2), stype="bad"))]
fx["reset_arrays"] = [
    err(lambda: mx.nd.reset_arrays(mx.nd.ones(2), mx.nd.ones(2))),
    err(lambda: mx.nd.reset_arrays(mx.nd.ones(2), mx.nd.ones(2), num_arrays=1))]

def _short(v):
    """7 significant digits: float32 results, a smaller file."""
    if isinstance(v, float):
        return float(f"{v:.7g}")
    if isinstance(v, list):
        return [_short(a) for a in v]
    if isinstance(v, dict):
        return {k: _short(a) for k, a in v.items()}
    return v


write_json(OUT, _short(fx))
print("wrote", OUT, os.path.getsize(OUT), "bytes")
