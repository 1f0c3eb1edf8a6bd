"""Error, initializer and miscellaneous Gluon cases (see gluon_cases.py), shared by
tools/record_gluon.py and the tests."""
import os

from gluon_cases import _fresh, bn_net, mlp, nested, small_net


# ---------------------------------------------------------------- errors
def _dense_file(mx, d, units=3, in_units=2, name="a.params"):
    nn = mx.gluon.nn
    net = _fresh(mx, lambda: nn.Dense(units, in_units=in_units))
    net.initialize()
    f = os.path.join(d, name)
    net.save_parameters(f)
    return f


def _two_layer(mx):
    nn = mx.gluon.nn

    def build():
        net = nn.HybridSequential()
        net.add(nn.Dense(3, in_units=2), nn.Dense(3, in_units=3))
        return net
    return _fresh(mx, build)


def e_data_deferred(mx, d):
    net = _fresh(mx, lambda: mx.gluon.nn.Dense(3))
    net.initialize()
    net.weight.data()


def e_data_uninit(mx, d):
    _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=2)).weight.data()


def e_load_missing(mx, d):
    f = os.path.join(d, "a.params")
    net = _two_layer(mx)
    net.initialize()
    net[:1].save_parameters(f)
    net2 = _two_layer(mx)
    net2.load_parameters(f.replace("a.params", "a.params"))


def e_load_extra(mx, d):
    f = os.path.join(d, "a.params")
    net = _two_layer(mx)
    net.initialize()
    net.save_parameters(f)
    one = _fresh(mx, lambda: mx.gluon.nn.HybridSequential())
    one.add(mx.gluon.nn.Dense(3, in_units=2))
    one.load_parameters(f)


def e_load_shape(mx, d):
    f = _dense_file(mx, d)
    net = _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=4))
    net.load_parameters(f)


def e_legacy_missing(mx, d):
    f = os.path.join(d, "a.params")
    net = _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=2))
    net.initialize()
    net.collect_params().save(f, strip_prefix=net.prefix)
    other = _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=2, use_bias=False,
                                                 prefix="dense0_"))
    other.collect_params().load(f, restore_prefix=other.prefix)


def e_legacy_missing2(mx, d):
    f = os.path.join(d, "a.params")
    net = _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=2, use_bias=False))
    net.initialize()
    net.collect_params().save(f, strip_prefix=net.prefix)
    other = _fresh(mx, lambda: mx.gluon.nn.Dense(3, in_units=2))
    other.collect_params().load(f, restore_prefix=other.prefix)


def e_get_mismatch(mx, d):
    pd = mx.gluon.ParameterDict("net_")
    pd.get("w", shape=(2, 3))
    pd.get("w", shape=(3, 3))


def e_init_invalid_shape(mx, d):
    mx.gluon.Parameter("w", shape=(0, 2)).initialize()


def e_grad_null(mx, d):
    p = mx.gluon.Parameter("w", shape=(2,), grad_req="null")
    p.initialize()
    p.grad()


def e_hybrid_child(mx, d):
    mx.gluon.nn.HybridSequential().add(mx.gluon.nn.Lambda("relu"))


def e_xavier_vector(mx, d):
    mx.init.Xavier()(mx.init.InitDesc("fc_weight"), mx.nd.zeros((3,)))


def e_unknown_pattern(mx, d):
    mx.init.Uniform()(mx.init.InitDesc("foo"), mx.nd.zeros((3,)))


def e_attr_type(mx, d):
    nn = mx.gluon.nn

    class Net(nn.Block):
        def __init__(self):
            super(Net, self).__init__()
            self.dense = nn.Dense(2)
    Net().dense = 5


def e_create_unknown(mx, d):
    mx.init.create("nosuchinit")


def e_lambda_name(mx, d):
    mx.gluon.nn.Lambda("no_such_function")


def e_not_on_ctx(mx, d):
    p = mx.gluon.Parameter("w", shape=(2,))
    p.initialize(ctx=mx.cpu(0))
    p.data(mx.cpu(1))


def e_shape_set(mx, d):
    p = mx.gluon.Parameter("w", shape=(2, 0))
    p.shape = (3, 4)


def e_reset_ctx(mx, d):
    mx.gluon.Parameter("w", shape=(2,)).reset_ctx(mx.cpu())


def e_no_constant(mx, d):
    mx.gluon.ParameterDict("p_").get_constant("c")


ERRORS = {k[2:]: v for k, v in globals().items() if k.startswith("e_")}


# ---------------------------------------------------------------- initializers
INITS = {
    "uniform": (lambda mx: mx.init.Uniform(), (100, 100)),
    "uniform_scale": (lambda mx: mx.init.Uniform(0.5), (100, 100)),
    "normal": (lambda mx: mx.init.Normal(), (100, 100)),
    "normal_sigma": (lambda mx: mx.init.Normal(2.0), (100, 100)),
    "xavier": (lambda mx: mx.init.Xavier(), (64, 32)),
    "xavier_gauss_in": (lambda mx: mx.init.Xavier(rnd_type="gaussian", factor_type="in",
                                                  magnitude=2), (64, 32, 3, 3)),
    "xavier_out": (lambda mx: mx.init.Xavier(factor_type="out", magnitude=1), (64, 32)),
    "msra": (lambda mx: mx.init.MSRAPrelu(), (64, 32)),
    "msra_in": (lambda mx: mx.init.MSRAPrelu("in", 0.1), (64, 32, 2, 2)),
    "orthogonal": (lambda mx: mx.init.Orthogonal(), (8, 6)),
    "orthogonal_normal": (lambda mx: mx.init.Orthogonal(1.0, "normal"), (6, 8)),
    "constant": (lambda mx: mx.init.Constant(3.5), (2, 3)),
    "one": (lambda mx: mx.init.One(), (2, 3)),
    "zero": (lambda mx: mx.init.Zero(), (2, 3)),
    "bilinear": (lambda mx: mx.init.Bilinear(), (1, 1, 4, 4)),
    "lstmbias": (lambda mx: mx.init.LSTMBias(2.0), (8,)),
    "create_str": (lambda mx: mx.init.create("ones"), (2, 2)),
    "create_json": (lambda mx: mx.init.create('["constant", {"value": 0.5}]'), (2, 2)),
}


# ---------------------------------------------------------------- miscellaneous records
def m_reprs(mx, d):
    g = mx.gluon
    pd = g.ParameterDict("net_")
    pd.get("w", shape=(2, 3))
    pd.get("b", shape=(0,), dtype="float64")
    pd.get_constant("c", [1, 2])
    return {"param": repr(g.Parameter("dense0_weight", shape=(10, 0))),
            "param_int": repr(g.Parameter("w", shape=5)),
            "constant": repr(pd["net_c"]), "dict": repr(pd),
            "dict_noprefix": repr(g.ParameterDict()),
            "constant_req": pd["net_c"].grad_req}


def m_select(mx, d):
    net = bn_net(mx)
    return {"weight": list(net.collect_params(".*weight").keys()),
            "gamma_beta": list(net.collect_params(".*gamma|.*beta").keys()),
            "grad_req": [p.grad_req for p in net.collect_params().values()]}


def m_param_init(mx, d):
    nn = mx.gluon.nn
    net = _fresh(mx, lambda: nn.Dense(3, in_units=2, weight_initializer=mx.init.One()))
    net.initialize(mx.init.Constant(7))
    res = {"weight": net.weight.data().asnumpy().tolist(),
           "bias": net.bias.data().asnumpy().tolist()}
    net.initialize(mx.init.Constant(7), force_reinit=True)
    net.collect_params().initialize(mx.init.Constant(5), force_reinit=True)
    res["after_force"] = net.weight.data().asnumpy().tolist()
    net.collect_params().setattr("grad_req", "null")
    res["req"] = [p.grad_req for p in net.collect_params().values()]
    return res


def m_hooks(mx, d):
    nn = mx.gluon.nn
    log = []
    net = _fresh(mx, lambda: nn.Sequential())
    with net.name_scope():
        net.add(nn.Lambda(lambda x: x + 1), nn.Lambda(lambda x: x * 2))
    h1 = net[0].register_forward_pre_hook(lambda b, i: log.append(("pre", b.name,
                                                                   i[0].asnumpy().tolist())))
    h2 = net[1].register_forward_hook(lambda b, i, o: log.append(("post", b.name,
                                                                  o.asnumpy().tolist())))
    out = net(mx.nd.array([1.0]))
    h1.detach()
    h2.detach()
    net(mx.nd.array([1.0]))
    return {"log": [list(x) for x in log], "out": out.asnumpy().tolist()}


def m_sequence(mx, d):
    net = mlp(mx)
    sub = net[1:]
    return {"len": len(net), "first": net[0].name, "slice_type": type(sub).__name__,
            "slice_len": len(sub), "slice_prefix": sub.prefix, "slice_child": sub[0].name,
            "children": list(net._children.keys()), "name": net.name,
            "prefix": net.prefix}


def m_cast(mx, d):
    net = small_net(mx)
    net.initialize()
    net.cast("float64")
    return [str(p.dtype) + ":" + str(p.data().dtype) for p in net.collect_params().values()]


def m_bn_params(mx, d):
    nn = mx.gluon.nn
    bn = _fresh(mx, lambda: nn.BatchNorm(scale=False, in_channels=3))
    bn.initialize()
    return {"names": list(bn.collect_params().keys()),
            "req": [p.grad_req for p in bn.collect_params().values()],
            "vals": [p.data().asnumpy().tolist() for p in bn.collect_params().values()],
            "repr": repr(bn)}


def m_structural(mx, d):
    net = nested(mx)
    return sorted(net._collect_params_with_prefix().keys())


def m_roundtrip(mx, d):
    f = os.path.join(d, "x.params")
    net = small_net(mx)
    net.initialize(mx.init.Xavier())
    net.save_parameters(f)
    raw = mx.nd.load(f)
    other = small_net(mx)
    other.load_parameters(f)
    same = all((a.data().asnumpy() == b.data().asnumpy()).all()
               for a, b in zip(net.collect_params().values(), other.collect_params().values()))
    return {"keys": sorted(raw.keys()), "same": bool(same)}


def m_legacy_keys(mx, d):
    f = os.path.join(d, "x.params")
    net = small_net(mx)
    net.initialize()
    net.save_params(f)
    return sorted(mx.nd.load(f).keys())


def m_deferred(mx, d):
    p = mx.gluon.Parameter("w", shape=(2, 0), allow_deferred_init=True)
    p.initialize()
    r = {"list_ctx": str(p.list_ctx())}
    p.shape = (2, 5)
    p._finish_deferred_init()
    r["shape"] = list(p.shape)
    r["grad"] = list(p.grad().shape)
    return r


MISC = {k[2:]: v for k, v in globals().items() if k.startswith("m_")}
