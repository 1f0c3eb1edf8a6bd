"""The optim fuzz cases of the mx.optimizer classes (create_state + update over a few steps)
and invalid arguments of the update operators; used by fuzz_optim_cases."""
import re

import numpy as np

F, H, D = "float32", "float16", "float64"
FLAT = ("[y for x in (s if isinstance(s, (list, tuple)) else [s]) "
        "for y in (x if isinstance(x, (list, tuple)) else [x]) if y is not None]")
# three updates of weight w with the gradients g0, g1, g2 (index 0); returns w and the states
STEPS = ("(lambda o, w, gs: (lambda s: [[o.{upd}(0, w, g, s) for g in gs], [w] + " + FLAT
         + "][1])(o.{cs}(0, w)))({opt}, w, [g0, g1, g2])")


def add_cases(case, rs):
    def arr(shape, dt=F, lo=-2.0, hi=2.0):
        a = np.round(rs.uniform(lo, hi, shape), 4)
        a[a == 0] = 0.1234
        return (a.tolist(), dt)

    def pick(seq):
        return seq[rs.randint(len(seq))]

    def fl(v):
        return float(np.round(v, 4))

    def u(lo, hi):
        return lambda: fl(rs.uniform(lo, hi))

    common = {"learning_rate": [None, u(0.001, 0.3)], "wd": [None, 0.0, u(0.0, 0.1)],
              "rescale_grad": [None, 1.0, u(0.1, 2.0)],
              "clip_gradient": [None, None, u(0.05, 0.6), 10.0]}
    mom = [None, 0.0, u(0.5, 0.95)]
    b1, b2 = [None, u(0.5, 0.95)], [None, u(0.9, 0.9999)]
    eps = [None, u(1e-4, 0.1)]
    optims = [
        ("SGD", 12, {"momentum": mom, "lazy_update": [None, True, False]}, True),
        ("NAG", 8, {"momentum": mom}, True),
        ("Adam", 10, {"beta1": b1, "beta2": b2, "epsilon": eps,
                      "lazy_update": [None, True, False]}, False),
        ("RMSProp", 10, {"gamma1": [None, u(0.5, 0.99)], "gamma2": [None, u(0.5, 0.99)],
                         "epsilon": eps, "centered": [None, True, False],
                         "clip_weights": [None, u(0.3, 1.5)]}, False),
        ("AdaGrad", 6, {"eps": eps}, False),
        ("AdaDelta", 6, {"rho": [None, u(0.5, 0.99)], "epsilon": eps}, False),
        ("Adamax", 6, {"beta1": b1, "beta2": b2}, False),
        ("Nadam", 6, {"beta1": b1, "beta2": b2, "epsilon": eps,
                      "schedule_decay": [None, u(0.001, 0.01)]}, False),
        ("Ftrl", 6, {"lamda1": [None, 0.0, u(0.0, 0.3)], "beta": [None, u(0.1, 2.0)]}, False),
        ("FTML", 6, {"beta1": b1, "beta2": b2, "epsilon": eps}, False),
        ("Signum", 6, {"momentum": mom, "wd_lh": [None, 0.0, u(0.0, 0.1)]}, False),
        ("LAMB", 8, {"beta1": b1, "beta2": b2, "epsilon": eps,
                     "lower_bound": [None, u(0.0, 0.5)], "upper_bound": [None, u(0.5, 5.0)],
                     "bias_correction": [None, True, False]}, True),
        ("DCASGD", 6, {"momentum": mom, "lamda": [None, u(0.01, 0.1)]}, False),
        ("LARS", 6, {"momentum": mom, "eta": [None, u(0.0001, 0.01)], "eps": eps}, False),
    ]
    for name, count, spec, has_mp in optims:
        for j in range(count):
            parts = []
            for k, choices in {**common, **spec}.items():
                v = pick(choices)
                v = v() if callable(v) else v
                if v is not None:
                    parts.append(f"{k}={v!r}")
            shp = tuple(int(v) for v in rs.randint(1, 5, pick([1, 2, 2, 3])))
            mp = has_mp and rs.rand() < 0.3
            if mp:
                parts.append("multi_precision=True")
            dt = H if mp else pick([F, F, F, D] if name not in ("LAMB", "LARS") else [F])
            ins = {"w": arr(shp, dt)}
            ins.update({f"g{i}": arr(shp, dt) for i in range(3)})
            opt = f"mx.optimizer.{name}({', '.join(parts)})"
            upd, cs = (("update_multi_precision", "create_state_multi_precision") if mp
                       else ("update", "create_state"))
            case(f"opt_{name}_{j}", STEPS.format(upd=upd, cs=cs, opt=opt), ins)
    # SGLD adds Gaussian noise: shapes and dtypes only
    for j in range(3):
        shp = tuple(int(v) for v in rs.randint(1, 5, 2))
        ins = {"w": arr(shp)}
        ins.update({f"g{i}": arr(shp) for i in range(3)})
        sgld = f"mx.optimizer.SGLD(learning_rate={0.01 * (j + 1)})"
        case(f"opt_SGLD_{j}", STEPS.format(upd="update", cs="create_state", opt=sgld), ins,
             values=False)
    # by registry name, several indices, lr/wd multipliers
    case("opt_create_adam", STEPS.format(
        upd="update", cs="create_state",
        opt="mx.optimizer.create('adam', learning_rate=0.05, wd=0.01)"),
        {"w": arr((3, 2)), **{f"g{i}": arr((3, 2)) for i in range(3)}})
    case("opt_two_index",
         "(lambda o: [[o.update(i, w, g, s) for i, w, g, s in [(0, a, b, o.create_state(0, a)),"
         " (1, c, d, o.create_state(1, c))] for _ in range(2)], a, c][1:])"
         "(mx.optimizer.Adam(learning_rate=0.1))",
         {"a": arr((3,)), "b": arr((3,)), "c": arr((2, 2)), "d": arr((2, 2))})
    case("opt_lr_mult",
         "(lambda o: [o.set_lr_mult({0: 0.5}), o.set_wd_mult({0: 2.0}), "
         "o.update(0, a, b, o.create_state(0, a)), a][-1])"
         "(mx.optimizer.SGD(learning_rate=0.1, wd=0.1, momentum=0.9))",
         {"a": arr((4,)), "b": arr((4,))})
    case("opt_sgd_f16_no_mp", STEPS.format(
        upd="update", cs="create_state", opt="mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)"),
        {"w": arr((3,), H), **{f"g{i}": arr((3,), H) for i in range(3)}})
    case("opt_adam_f16_update_mp", STEPS.format(
        upd="update_multi_precision", cs="create_state_multi_precision",
        opt="mx.optimizer.Adam(learning_rate=0.1, multi_precision=True)"),
        {"w": arr((3,), H), **{f"g{i}": arr((3,), H) for i in range(3)}})
    for j, (opt, dt) in enumerate([
            ("mx.optimizer.Adam(learning_rate=0.1)", F),
            ("mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, multi_precision=True)", H),
            ("mx.optimizer.NAG(learning_rate=0.1, momentum=0.9, wd=0.01)", F),
            ("mx.optimizer.RMSProp(learning_rate=0.01, centered=True)", F),
            ("mx.optimizer.LAMB(learning_rate=0.1, multi_precision=True)", H),
            ("mx.optimizer.SGD(learning_rate=0.1, multi_precision=True)", H)]):
        case(f"opt_updater_{j}", "(lambda u: [u(0, g0, w), u(0, g1, w), u(1, g2, x), w, x][3:])"
             f"(mx.optimizer.get_updater({opt}))",
             {"w": arr((3,), dt), "x": arr((2,), dt), "g0": arr((3,), dt), "g1": arr((3,), dt),
              "g2": arr((2,), dt)})
    for j, sched in enumerate(["mx.lr_scheduler.FactorScheduler(step=1, factor=0.5)",
                               "mx.lr_scheduler.MultiFactorScheduler(step=[2], factor=0.1)"]):
        case(f"opt_sched_{j}", STEPS.format(
            upd="update", cs="create_state",
            opt=f"mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, lr_scheduler={sched})"),
            {"w": arr((4,)), **{f"g{i}": arr((4,)) for i in range(3)}})
    # several indices at once (the aggregated multi-tensor path), names and multipliers
    LISTS = ("(lambda o, ws, gs: (lambda ss: [[o.{upd}(list(range(len(ws))), ws, gs, ss) "
             "for _ in range(2)], ws][1])([o.{cs}(i, w) for i, w in enumerate(ws)]))"
             "({opt}, [a, b, c], [d, e, f])")
    for j, (opt, dt, mp) in enumerate([
            ("mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.01)", F, False),
            ("mx.optimizer.SGD(learning_rate=0.1, wd=0.01, clip_gradient=0.3)", F, False),
            ("mx.optimizer.SGD(learning_rate=0.1, momentum=0.8, multi_precision=True)", H, True),
            ("mx.optimizer.SGD(learning_rate=0.1, multi_precision=True, rescale_grad=0.5)", H,
             True),
            ("mx.optimizer.LAMB(learning_rate=0.1, wd=0.01)", F, False),
            ("mx.optimizer.LAMB(learning_rate=0.1, multi_precision=True)", H, True),
            ("mx.optimizer.Adam(learning_rate=0.1, wd=0.01)", F, False),
            ("mx.optimizer.NAG(learning_rate=0.1, momentum=0.9)", F, False)]):
        shapes = [(3,), (2, 2), (1, 3)]
        ins = {k: arr(shapes[i % 3], dt) for i, k in enumerate("abcdef")}
        upd, cs = (("update_multi_precision", "create_state_multi_precision") if mp
                   else ("update", "create_state"))
        case(f"opt_lists_{j}", LISTS.format(upd=upd, cs=cs, opt=opt), ins)
    for j, opt in enumerate([
            "mx.optimizer.SGD(learning_rate=0.1, wd=0.1, momentum=0.5, "
            "param_idx2name={0: 'fc_bias', 1: 'fc_weight'})",
            "mx.optimizer.Adam(learning_rate=0.1, wd=0.1, "
            "param_idx2name={0: 'bn_gamma', 1: 'bn_beta'})",
            "mx.optimizer.SGD(learning_rate=0.1, wd=0.1, clip_gradient=0.0)",
            "mx.optimizer.AdaGrad(learning_rate=0.1, wd=0.1, clip_gradient=0.2)"]):
        case(f"opt_names_{j}", "(lambda o: [[o.update(i, w, g, o.create_state(i, w)) "
             "for i, w, g in [(0, a, c), (1, b, d)]], a, b][1:])(" + opt + ")",
             {"a": arr((3,)), "b": arr((3,)), "c": arr((3,)), "d": arr((3,))})
    case("opt_rescale_set", "(lambda o: [setattr(o, 'rescale_grad', 0.25), "
         "o.update(0, a, b, o.create_state(0, a)), a][-1])(mx.optimizer.SGD(learning_rate=0.5))",
         {"a": arr((4,)), "b": arr((4,))})
    for name in ("Adam", "AdaGrad", "RMSProp", "Nadam", "Adamax", "FTML", "Signum", "AdaDelta"):
        case(f"opt_f16_{name}", STEPS.format(upd="update", cs="create_state",
                                             opt=f"mx.optimizer.{name}(learning_rate=0.05)"),
             {"w": arr((4,), H), **{f"g{i}": arr((4,), H) for i in range(3)}})
    for j, expr in enumerate([
            "(lambda o: [o.set_learning_rate(0.5), o.update(0, a, b, o.create_state(0, a)), a, "
            "nd.array([o.learning_rate])][2:])(mx.optimizer.SGD(learning_rate=0.1))",
            "(lambda o: [o.set_lr_mult({'fc_weight': 0.1}), o.update(0, a, b, o.create_state(0, a)"
            "), a][-1])(mx.optimizer.SGD(learning_rate=0.5, param_idx2name={0: 'fc_weight'}))",
            "(lambda o: [o.update(0, a, b, o.create_state(0, a)), a, nd.array([o.num_update])][1:])"
            "(mx.optimizer.Adam(learning_rate=0.1, begin_num_update=5))",
            "(lambda o: [o.update(0, a, b, o.create_state(0, a)), a][-1])"
            "(mx.optimizer.create('ccsgd', learning_rate=0.1, momentum=0.9))",
            "(lambda o: [o.update(0, a, b, o.create_state(0, a)), a][-1])"
            "(mx.optimizer.Optimizer.create_optimizer('test', rescale_grad=0.5))",
            "(lambda u: [u(0, b, a), u.set_states(u.get_states()), u(0, b, a), a][-1])"
            "(mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.1)))",
            "(lambda u: [u(0, b, a), u.set_states(u.get_states(dump_optimizer=True)), u(0, b, a),"
            " a][-1])(mx.optimizer.get_updater(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)))",
    ]):
        case(f"opt_api_{j}", expr, {"a": arr((4,)), "b": arr((4,))})
    # multi_precision through the generic float32 master copy, and plain update() with it on
    for name in ("RMSProp", "AdaGrad", "Nadam", "Signum", "FTML", "NAG", "Ftrl", "Adamax",
                 "AdaDelta", "LARS", "DCASGD", "Adam"):
        for upd, cs in (("update_multi_precision", "create_state_multi_precision"),
                        ("update", "create_state")):
            lr = "" if name == "AdaDelta" else "learning_rate=0.05, "
            case(f"opt_mp_{name}_{upd[:9]}", STEPS.format(
                upd=upd, cs=cs, opt=f"mx.optimizer.{name}({lr}wd=0.01, multi_precision=True)"),
                {"w": arr((4,), H), **{f"g{i}": arr((4,), H) for i in range(3)}})
    for j, opt in enumerate([
            "mx.optimizer.LBSGD(learning_rate=0.1, momentum=0.9)",
            "mx.optimizer.LBSGD(learning_rate=0.1, warmup_strategy='power2', warmup_epochs=2, "
            "batch_scale=4, updates_per_epoch=2)",
            "mx.optimizer.LBSGD(learning_rate=0.1, warmup_strategy='lars', batch_scale=2)",
            "mx.optimizer.create('groupadagrad', learning_rate=0.1)",
            "mx.optimizer.contrib.GroupAdaGrad(learning_rate=0.1, eps=0.01, rescale_grad=0.5, "
            "clip_gradient=0.3)",
            "mx.optimizer.LARS(learning_rate=0.1, momentum=0.9, wd=0.01, "
            "param_idx2name={0: 'fc_bias'})"]):
        case(f"opt_more_{j}", STEPS.format(upd="update", cs="create_state", opt=opt),
             {"w": arr((3, 2)), **{f"g{i}": arr((3, 2)) for i in range(3)}})
    case("opt_num_update", "(lambda o: [[o.update(0, a, b, o.create_state(0, a)) "
         "for _ in range(3)], nd.array([o.num_update, o._index_update_count[0]])][1])"
         "(mx.optimizer.Adam())", {"a": arr((2,)), "b": arr((2,))})

    # ------------------------------------------------------------ edge values
    W, G, M, V = arr((2, 3)), arr((2, 3)), arr((2, 3), F, -0.5, 0.5), arr((2, 3), F, 0.0, 1.0)
    Z = ([[0.0] * 3] * 2, F)
    edge = [
        ("sgd_lr0", "[nd.sgd_update(w, g, lr=0.0, wd=0.1), w]", {}),
        ("sgd_clip0", "nd.sgd_update(w, g, lr=0.1, clip_gradient=0.0)", {}),
        ("sgd_neg_rescale", "nd.sgd_update(w, g, lr=0.1, rescale_grad=-2.0, clip_gradient=0.5)",
         {}),
        ("sgd_neg_lr", "nd.sgd_update(w, g, lr=-0.1, wd=-0.5)", {}),
        ("sgd_out_other", "[nd.sgd_update(w, g, lr=0.1, wd=0.01, out=o), o, w]", {"o": Z}),
        ("sgd_mom_out_other",
         "[nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, out=o), o, w, m]",
         {"o": Z, "m": M}),
        ("sgd_mom_1", "[nd.sgd_mom_update(w, g, m, lr=0.1, momentum=1.0, out=w), w, m]",
         {"m": M}),
        ("nag_out_other", "[nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.1, out=o), o, "
         "w, m]", {"o": Z, "m": M}),
        ("adam_eps0_v0", "[nd.adam_update(w, g, m, v, lr=0.1, epsilon=0.0), m, v]",
         {"m": Z, "v": Z, "g": Z}),
        ("adam_beta0", "[nd.adam_update(w, g, m, v, lr=0.1, beta1=0.0, beta2=0.0), m, v]",
         {"m": M, "v": V}),
        ("adam_out_other", "[nd.adam_update(w, g, m, v, lr=0.1, wd=0.1, out=o), o, w, m, v]",
         {"o": Z, "m": M, "v": V}),
        ("rmsprop_eps0_n0", "[nd.rmsprop_update(w, g, n, lr=0.1, epsilon=0.0), n]",
         {"n": Z, "g": Z}),
        ("rmsprop_clipw0", "nd.rmsprop_update(w, g, n, lr=0.1, clip_weights=0.0)", {"n": V}),
        ("ftml_t1_beta0", "[nd.ftml_update(w, g, d, v, z, lr=0.1, t=1, beta1=0.0), d, v, z]",
         {"d": V, "v": V, "z": M}),
        ("ftml_t0", "[nd.ftml_update(w, g, d, v, z, lr=0.1, t=0), d, v, z]",
         {"d": V, "v": V, "z": M}),
        ("ftrl_lamda_big", "[nd.ftrl_update(w, g, z, n, lr=0.1, lamda1=10.0), z, n]",
         {"z": M, "n": V}),
        ("signum_mom1", "[nd.signum_update(w, g, m, lr=0.1, momentum=1.0), m]", {"m": M}),
        ("signsgd_g0", "nd.signsgd_update(w, g, lr=0.1, wd=0.1)", {"g": Z}),
        ("lamb1_t0", "[nd.lamb_update_phase1(w, g, m, v, t=0, wd=0.0), m, v]",
         {"m": M, "v": V}),
        ("lamb2_r0", "nd.lamb_update_phase2(w, g, r1, r2, lr=0.1)",
         {"r1": ([0.0], F), "r2": ([2.0], F)}),
        ("lamb2_r2_0", "nd.lamb_update_phase2(w, g, r1, r2, lr=0.1)",
         {"r1": ([1.5], F), "r2": ([0.0], F)}),
        ("lamb2_bounds", "nd.lamb_update_phase2(w, g, r1, r2, lr=0.1, lower_bound=2.0, "
         "upper_bound=3.0)", {"r1": ([0.5], F), "r2": ([2.0], F)}),
        ("lamb2_r_2d", "nd.lamb_update_phase2(w, g, r1, r2, lr=0.1)",
         {"r1": ([[1.5]], F), "r2": ([[2.0]], F)}),
        ("multi_sum_sq_f64", "nd.multi_sum_sq(a, b, num_arrays=2)",
         {"a": arr((3,), D), "b": arr((2, 2), D)}),
        ("multi_sum_sq_big", "nd.multi_sum_sq(a, num_arrays=1)", {"a": arr((5,), H, 100, 200)}),
        ("multi_sum_sq_f16_inf", "nd.multi_sum_sq(a, b, num_arrays=2)",
         {"a": arr((3,), H, 300, 400), "b": arr((2,), H)}),
        ("all_finite_ok", "nd.all_finite(a)", {"a": arr((2, 3))}),
        ("all_finite_inf", "nd.all_finite(a / b)", {"a": arr((3,)), "b": ([1.0, 0.0, 2.0], F)}),
        ("all_finite_f16", "nd.all_finite(a * 1000)", {"a": arr((3,), H, 100, 200)}),
        ("multi_all_finite", "nd.multi_all_finite(a, b / c, num_arrays=2)",
         {"a": arr((3,)), "b": arr((2,)), "c": ([0.0, 1.0], F)}),
        ("multi_all_finite_first", "nd.multi_all_finite(a, b / c, num_arrays=1)",
         {"a": arr((3,)), "b": arr((2,)), "c": ([0.0, 1.0], F)}),
        ("multi_all_finite_noinit", "[nd.multi_all_finite(a, num_arrays=1, init_output=False, "
         "out=o), o]", {"a": arr((3,)), "o": ([0.0], F)}),
        ("all_finite_noinit_ok", "[nd.all_finite(a, init_output=False, out=o), o]",
         {"a": arr((3,)), "o": ([5.0], F)}),
        ("sgd_lr_str_num", "[nd.sgd_update(w, g, lr='0.5', out=w), w]", {}),
        ("mp_sgd_f32", "[nd.mp_sgd_update(w, g, x, lr=0.1, wd=0.1), w, x]", {"x": arr((2, 3))}),
        ("multi_sgd_single_out", "nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.0,), "
         "num_weights=1, out=w)", {}),
        ("multi_sgd_default_num", "[nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.1,), out=[w]), "
         "w][1]", {}),
        ("adamw_r_neg", "[nd.contrib.adamw_update(w, g, m, v, r, lr=0.1, eta=1.0, out=w), w, g, "
         "m, v]", {"m": M, "v": V, "r": ([-1.0], F)}),
        ("adamw_r_float", "[nd.contrib.adamw_update(w, g, m, v, 0.5, lr=0.1, eta=1.0, out=w), w,"
         " m, v]", {"m": M, "v": V}),
    ]
    for name, expr, extra in edge:
        ins = {"w": W, "g": G}
        ins.update(extra)
        used = {k: v for k, v in ins.items() if k in re.findall(r"[A-Za-z_]\w*", expr)}
        case(f"edge_{name}", expr, used)

    # ------------------------------------------------------------ invalid arguments
    w, g = arr((2, 3)), arr((2, 3))
    bad = [
        ("sgd_no_lr", "nd.sgd_update(w, g)", {}),
        ("sgd_shape", "nd.sgd_update(w, x, lr=0.1)", {"x": arr((3, 2))}),
        ("sgd_dtype", "nd.sgd_update(w, x, lr=0.1)", {"x": arr((2, 3), H)}),
        ("sgd_int", "nd.sgd_update(i, j, lr=0.1)",
         {"i": ([[1, 2]], "int32"), "j": ([[1, 1]], "int32")}),
        ("sgd_unknown_kw", "nd.sgd_update(w, g, lr=0.1, momentum=0.9)", {}),
        ("sgd_lr_str", "nd.sgd_update(w, g, lr='abc')", {}),
        ("sgd_clip_none", "nd.sgd_update(w, g, lr=0.1, clip_gradient=None)", {}),
        ("sgd_mom_no_mom", "nd.sgd_mom_update(w, g, lr=0.1)", {}),
        ("sgd_mom_shape", "nd.sgd_mom_update(w, g, x, lr=0.1)", {"x": arr((3,))}),
        ("sgd_mom_dtype", "nd.sgd_mom_update(w, g, x, lr=0.1)", {"x": arr((2, 3), D)}),
        ("nag_no_lr", "nd.nag_mom_update(w, g, x, momentum=0.9)", {"x": arr((2, 3))}),
        ("mp_sgd_w32_f16", "nd.mp_sgd_update(h, k, x, lr=0.1)",
         {"h": arr((2, 3), H), "k": arr((2, 3), H), "x": arr((2, 3), H)}),
        ("mp_sgd_w32_shape", "nd.mp_sgd_update(h, k, x, lr=0.1)",
         {"h": arr((2, 3), H), "k": arr((2, 3), H), "x": arr((3,), F)}),
        ("mp_sgd_grad_f32", "nd.mp_sgd_update(h, k, x, lr=0.1)",
         {"h": arr((2, 3), H), "k": arr((2, 3), F), "x": arr((2, 3), F)}),
        ("mp_sgd_mom_mom_f16", "[nd.mp_sgd_mom_update(h, k, m, x, lr=0.1, momentum=0.9), m]",
         {"h": arr((2, 3), H), "k": arr((2, 3), H), "m": arr((2, 3), H),
          "x": arr((2, 3), F)}),
        ("adam_no_var", "nd.adam_update(w, g, m, lr=0.1)", {"m": arr((2, 3))}),
        ("adam_var_shape", "nd.adam_update(w, g, m, v, lr=0.1)",
         {"m": arr((2, 3)), "v": arr((6,))}),
        ("adam_no_lr", "nd.adam_update(w, g, m, v)", {"m": arr((2, 3)), "v": arr((2, 3))}),
        ("rmsprop_n_dtype", "nd.rmsprop_update(w, g, n, lr=0.1)", {"n": arr((2, 3), H)}),
        ("rmspropalex_shape", "nd.rmspropalex_update(w, g, n, s, d, lr=0.1)",
         {"n": arr((2, 3)), "s": arr((2, 3)), "d": arr((3, 2))}),
        ("ftml_no_t", "nd.ftml_update(w, g, d, v, z, lr=0.1)",
         {"d": arr((2, 3)), "v": arr((2, 3)), "z": arr((2, 3))}),
        ("ftml_no_lr", "nd.ftml_update(w, g, d, v, z, t=1)",
         {"d": arr((2, 3)), "v": arr((2, 3)), "z": arr((2, 3))}),
        ("ftrl_no_lr", "nd.ftrl_update(w, g, z, n)", {"z": arr((2, 3)), "n": arr((2, 3))}),
        ("signum_mom_shape", "nd.signum_update(w, g, m, lr=0.1)", {"m": arr((2, 2))}),
        ("signsgd_no_lr", "nd.signsgd_update(w, g)", {}),
        ("lamb1_no_t", "nd.lamb_update_phase1(w, g, m, v, wd=0.1)",
         {"m": arr((2, 3)), "v": arr((2, 3))}),
        ("lamb1_no_wd", "nd.lamb_update_phase1(w, g, m, v, t=1)",
         {"m": arr((2, 3)), "v": arr((2, 3))}),
        ("lamb2_no_lr", "nd.lamb_update_phase2(w, g, r1, r2)",
         {"r1": arr((1,)), "r2": arr((1,))}),
        ("lamb2_r_shape", "nd.lamb_update_phase2(w, g, r1, r2, lr=0.1)",
         {"r1": arr((2,)), "r2": arr((1,))}),
        ("multi_sgd_lrs_len", "nd.multi_sgd_update(w, g, x, y, lrs=(0.1,), wds=(0.0, 0.0), "
         "num_weights=2)", {"x": arr((3,)), "y": arr((3,))}),
        ("multi_sgd_num", "nd.multi_sgd_update(w, g, x, y, lrs=(0.1, 0.1), wds=(0.0, 0.0), "
         "num_weights=1)", {"x": arr((3,)), "y": arr((3,))}),
        ("multi_sgd_no_lrs", "nd.multi_sgd_update(w, g, wds=(0.0,), num_weights=1)", {}),
        ("multi_sgd_shape", "nd.multi_sgd_update(w, x, lrs=(0.1,), wds=(0.0,), "
         "num_weights=1)", {"x": arr((3,))}),
        ("multi_sgd_mom_dtype", "nd.multi_sgd_mom_update(w, g, x, lrs=(0.1,), wds=(0.0,), "
         "momentum=0.9, num_weights=1)", {"x": arr((2, 3), H)}),
        ("multi_mp_w32_f16", "nd.multi_mp_sgd_update(h, k, x, lrs=(0.1,), wds=(0.0,), "
         "num_weights=1)", {"h": arr((2,), H), "k": arr((2,), H), "x": arr((2,), H)}),
        ("preloaded_lrs_len", "nd.preloaded_multi_sgd_update(w, g, l, d, num_weights=1)",
         {"l": arr((2,), F, 0.1, 0.2), "d": arr((1,), F, 0.0, 0.1)}),
        ("preloaded_lrs_dtype", "nd.preloaded_multi_sgd_update(w, g, l, d, num_weights=1)",
         {"l": arr((1,), D, 0.1, 0.2), "d": arr((1,), D, 0.0, 0.1)}),
        ("multi_sum_sq_num", "nd.multi_sum_sq(w, g, num_arrays=3)", {}),
        ("multi_sum_sq_no_num", "nd.multi_sum_sq(w, g)", {}),
        ("adamw_no_eta", "nd.contrib.adamw_update(w, g, m, v, r, lr=0.1)",
         {"m": arr((2, 3)), "v": arr((2, 3)), "r": ([1.0], F)}),
        ("sgd_out_shape", "nd.sgd_update(w, g, lr=0.1, out=o)", {"o": arr((3, 2))}),
        ("sgd_out_dtype", "nd.sgd_update(w, g, lr=0.1, out=o)", {"o": arr((2, 3), H)}),
        ("adam_out_shape", "nd.adam_update(w, g, m, v, lr=0.1, out=o)",
         {"m": arr((2, 3)), "v": arr((2, 3)), "o": arr((6,))}),
        ("sgd_mom_out_dtype", "nd.sgd_mom_update(w, g, m, lr=0.1, out=o)",
         {"m": arr((2, 3)), "o": arr((2, 3), D)}),
        ("mp_sgd_out_f32", "nd.mp_sgd_update(h, k, x, lr=0.1, out=o)",
         {"h": arr((2, 3), H), "k": arr((2, 3), H), "x": arr((2, 3), F), "o": arr((2, 3), F)}),
        ("multi_sgd_mixed", "nd.multi_sgd_update(w, g, h, k, lrs=(0.1, 0.1), wds=(0.0, 0.0), "
         "num_weights=2, out=[w, h])", {"h": arr((2,), H), "k": arr((2,), H)}),
        ("multi_sgd_out_shape", "nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.0,), "
         "num_weights=1, out=[o])", {"o": arr((3,))}),
        ("multi_sgd_out_count", "nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0.0,), "
         "num_weights=1, out=[w, g])", {}),
        ("signum_out_shape", "nd.signum_update(w, g, m, lr=0.1, out=o)",
         {"m": arr((2, 3)), "o": arr((1, 3))}),
        ("opt_unknown_kw", "mx.optimizer.SGD(learning_rate=0.1, foo=1)", {}),
        ("opt_create_bad", "mx.optimizer.create('nosuchopt')", {}),
        ("opt_update_shape",
         "(lambda o: o.update(0, w, x, o.create_state(0, w)))(mx.optimizer.SGD(momentum=0.9))",
         {"x": arr((3, 2))}),
        ("opt_adam_state_none", "(lambda o: o.update(0, w, g, None))(mx.optimizer.Adam())", {}),
    ]
    for name, expr, extra in bad:
        ins = {"w": w, "g": g}
        ins.update(extra)
        used = {k: v for k, v in ins.items() if k in re.findall(r"[A-Za-z_]\w*", expr)}
        case(f"err_{name}", expr, used)
