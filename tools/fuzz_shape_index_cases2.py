"""Fuzz cases of the shape/index/sort family, part 2: slicing, take/pick/one_hot, gather and
scatter, sequence ops, Embedding, ravel, contrib masks, histogram, topk/sort and
NDArray.__getitem__ (see tools/fuzz_shape_index_cases.py, which calls :func:`more_cases`)."""
import re

import numpy as np

F, D, I32, I64, H, U8 = "float32", "float64", "int32", "int64", "float16", "uint8"


def more_cases(case, rs, shape, data, fdt, idx_dtype, pick_one):
    def ints(shp, lo, hi, dtype):
        v = rs.randint(lo, hi, size=shp)
        if dtype == F:
            v = v + np.where(v >= 0, 0.25, -0.25) * (rs.rand(*shp) < 0.3)
        return v.tolist()

    # -------------------------------------------------------- slice, slice_axis, crop
    for t in range(16):
        s = shape(rs.randint(1, 4), 2, 5)
        k = int(rs.randint(1, len(s) + 1))
        b, e, st = [], [], []
        for n in s[:k]:
            step = pick_one((None, 1, 2, -1, -2)) if t % 2 else None
            lo = int(rs.randint(-n, n))
            hi = int(rs.randint(-n, n + 1))
            if step is not None and step < 0:
                lo, hi = max(lo, hi), min(lo, hi) - 1
            elif lo % n > hi % (n + 1):
                lo, hi = hi, lo
            b.append(pick_one((None, lo, lo)))
            e.append(pick_one((None, hi, hi)))
            st.append(step)
        stp = f", step={tuple(st)}" if t % 2 else ""
        name = "crop" if t % 5 == 4 else "slice"
        case(f"slice_{t}", f"nd.{name}(a, begin={tuple(b)}, end={tuple(e)}{stp})",
             {"a": (data(s, D), D)}, ["a"])
    case("slice_step0", "nd.slice(a, begin=(0,), end=(2,), step=(0,))", {"a": (data((3, 2)), F)})
    case("slice_toolong", "nd.slice(a, begin=(0, 0, 0), end=(1, 1, 1))",
         {"a": (data((3, 2)), F)})
    case("slice_empty", "nd.slice(a, begin=(2,), end=(1,))", {"a": (data((3, 2)), F)})
    for t in range(12):
        s = shape(rs.randint(1, 4), 2, 5)
        ax = int(rs.randint(-len(s), len(s) + (t == 11)))
        n = s[ax % len(s)]
        b = int(rs.randint(-n, n))
        e = pick_one((None, int(rs.randint(b % n + 1, n + 1)), int(rs.randint(b % n + 1, n + 1))
                      - n or None))
        if t == 10:
            b, e = 1, 1
        case(f"slice_axis_{t}", f"nd.slice_axis(a, axis={ax}, begin={b}, end={e})",
             {"a": (data(s, D), D)}, ["a"])

    # -------------------------------------------------------- take, batch_take, pick
    for t in range(16):
        s = shape(rs.randint(1, 4), 2, 4)
        ax = int(rs.randint(-len(s), len(s)))
        n = s[ax % len(s)]
        mode = pick_one(("clip", "wrap", "raise"))
        idt = idx_dtype()
        lo, hi = (0, n) if mode == "raise" and t % 4 else (-n - 2, n + 3)
        ishp = shape(rs.randint(1, 3), 1, 3)
        case(f"take_{t}", f"nd.take(a, i, axis={ax}, mode='{mode}')",
             {"a": (data(s, D), D), "i": (ints(ishp, lo, hi, idt), idt)}, ["a"])
    case("take_oob_axis", "nd.take(a, i, axis=2)",
         {"a": (data((2, 3)), F), "i": ([0, 1], I32)})
    for t in range(6):
        s = shape(rs.randint(1, 4), 2, 4)
        rows = int(np.prod(s[:-1]))
        ishp = (rows,) if t % 2 else s[:-1]
        idt = I32 if t < 5 else I64
        case(f"batch_take_{t}", "nd.batch_take(a, i)",
             {"a": (data(s, D), D), "i": (ints(ishp, -1, s[-1] + 2, I32), idt)}, ["a"])
    for t in range(16):
        s = shape(rs.randint(1, 4), 2, 4)
        ax = int(rs.randint(-len(s), len(s)))
        a_ = ax % len(s)
        kd = rs.rand() < 0.4
        ishp = s[:a_] + ((1,) if kd and rs.rand() < 0.5 else ()) + s[a_ + 1:]
        mode = pick_one(("clip", "wrap"))
        idt = idx_dtype()
        lo, hi = (-s[a_] - 2, s[a_] + 3) if t % 2 else (0, s[a_])
        if not ishp:
            ishp = (1,)
        case(f"pick_{t}", f"nd.pick(a, i, axis={ax}, keepdims={kd}, mode='{mode}')",
             {"a": (data(s, D), D), "i": (ints(ishp, lo, hi, idt), idt)}, ["a"])
    case("pick_bad_shape", "nd.pick(a, i, axis=0)", {"a": (data((3, 4)), F),
                                                    "i": ([0, 1, 2], I32)})

    # -------------------------------------------------------- one_hot, where
    for t in range(10):
        ishp = shape(rs.randint(1, 3), 1, 4)
        depth = int(rs.randint(1, 6))
        idt = idx_dtype()
        extra = ""
        if t % 2:
            extra += f", on_value={round(float(rs.uniform(-3, 5)), 2)}"
        if t % 3:
            extra += f", off_value={round(float(rs.uniform(-2, 1)), 2)}"
        if t % 4 != 0:
            extra += f", dtype='{pick_one(('float32', 'float64', 'int32', 'int64', 'uint8', 'float16'))}'"  # noqa: E501
        case(f"one_hot_{t}", f"nd.one_hot(i, depth={depth}{extra})",
             {"i": (ints(ishp, -1, depth + 2, idt), idt)})
    for t in range(8):
        s = shape(rs.randint(1, 4), 1, 4)
        cshp = s if t % 2 else (s[0],)
        cdt = pick_one((F, I32, D))
        cond = (rs.rand(*cshp) < 0.5).astype(int) * pick_one((1, 2, -1))
        dt = fdt()
        case(f"where_{t}", "nd.where(c, x, y)",
             {"c": (cond.tolist(), cdt), "x": (data(s, dt), dt), "y": (data(s, dt), dt)},
             ["x", "y"])
    case("where_bad", "nd.where(c, x, y)", {"c": ([1, 0, 1], F), "x": (data((2, 3)), F),
                                            "y": (data((2, 3)), F)})

    # -------------------------------------------------------- gather_nd, scatter_nd
    for t in range(12):
        s = shape(rs.randint(1, 4), 2, 4)
        m = int(rs.randint(1, len(s) + 1))
        ishp = (m,) + shape(rs.randint(1, 3), 1, 3)
        idt = idx_dtype()
        idx = np.stack([rs.randint(-s[j] if t % 3 == 0 else 0, s[j], size=ishp[1:])
                        for j in range(m)]).tolist()
        case(f"gather_nd_{t}", "nd.gather_nd(a, i)",
             {"a": (data(s, D), D), "i": (idx, idt)}, ["a"])
        if t % 2 == 0:
            flat = rs.permutation(int(np.prod(s[:m])))[:int(np.prod(ishp[1:]))]
            if flat.size == int(np.prod(ishp[1:])):
                uidx = np.stack(np.unravel_index(flat, s[:m])).reshape(ishp).tolist()
                dshp = ishp[1:] + s[m:]
                case(f"scatter_nd_{t}", f"nd.scatter_nd(d, i, shape={s})",
                     {"d": (data(dshp, D), D), "i": (uidx, idt)}, ["d"])
    case("gather_nd_1d_index", "nd.gather_nd(a, i)", {"a": (data((3, 4)), F),
                                                     "i": ([0, 2], I32)})
    case("gather_nd_too_many", "nd.gather_nd(a, i)", {"a": (data((3,)), F),
                                                     "i": ([[0], [1]], I32)})

    # -------------------------------------------------------- SequenceMask/Last/Reverse
    for t in range(18):
        op = ("SequenceMask", "SequenceLast", "SequenceReverse")[t % 3]
        T, N = int(rs.randint(1, 5)), int(rs.randint(1, 4))
        rest = shape(rs.randint(0, 2), 1, 3)
        ax = 0 if op == "SequenceReverse" else int(rs.randint(2))
        s = ((T, N) if ax == 0 else (N, T)) + rest
        ldt = pick_one((F, I32, D))
        use = rs.rand() < 0.8
        lens = rs.randint(1, T + 1, size=N).tolist()
        args = [f"axis={ax}"] if ax or rs.rand() < 0.3 else []
        ins = {"a": (data(s, D), D)}
        if use:
            ins["L"] = (lens, ldt)
            args = ["L", "use_sequence_length=True"] + args
        if op == "SequenceMask" and rs.rand() < 0.6:
            args.append(f"value={round(float(rs.uniform(-3, 3)), 2)}")
        if op == "SequenceLast" and not use:
            continue  # documented in the diff sweep: MXNet sometimes aborts
        case(f"seq_{op}_{t}", f"nd.{op}(a, {', '.join(args)})".replace(", )", ")"), ins, ["a"])
    case("seq_mask_axis2", "nd.SequenceMask(a, L, use_sequence_length=True, axis=2)",
         {"a": (data((2, 2, 2)), F), "L": ([1, 2], F)})

    # -------------------------------------------------------- Embedding
    for t in range(6):
        vocab, dim = int(rs.randint(2, 6)), int(rs.randint(1, 4))
        ishp = shape(rs.randint(1, 3), 1, 3)
        idt = idx_dtype()
        case(f"Embedding_{t}", f"nd.Embedding(i, w, input_dim={vocab}, output_dim={dim})",
             {"i": (ints(ishp, 0, vocab, idt), idt), "w": (data((vocab, dim), D), D)}, ["w"])

    # -------------------------------------------------------- ravel / unravel
    for t in range(8):
        shp = shape(rs.randint(1, 4), 2, 5)
        n = int(rs.randint(1, 6))
        idt = pick_one((F, I32, I64))
        coords = np.stack([rs.randint(0, d, size=n) for d in shp]).tolist()
        case(f"ravel_{t}", f"nd.ravel_multi_index(i, shape={shp})", {"i": (coords, idt)})
        flat = rs.randint(0, int(np.prod(shp)), size=n).tolist()
        case(f"unravel_{t}", f"nd.unravel_index(i, shape={shp})", {"i": (flat, idt)})

    # -------------------------------------------------------- boolean_mask, index_copy
    for t in range(8):
        s = shape(rs.randint(1, 4), 2, 4)
        m = (rs.rand(s[0]) < 0.6).astype(int)
        m[rs.randint(s[0])] = 1
        mdt = pick_one((F, I32, D))
        case(f"boolean_mask_{t}", "nd.contrib.boolean_mask(a, m)",
             {"a": (data(s, D), D), "m": (m.tolist(), mdt)}, ["a"])
    for t in range(6):
        s = shape(rs.randint(1, 4), 2, 4)
        k = int(rs.randint(1, s[0] + 1))
        idt = pick_one((F, I32, I64))
        idx = rs.permutation(s[0])[:k].tolist()
        case(f"index_copy_{t}", "nd.contrib.index_copy(a, i, b)",
             {"a": (data(s, D), D), "i": (idx, idt), "b": (data((k,) + s[1:], D), D)},
             ["a", "b"])

    # -------------------------------------------------------- histogram
    for t in range(6):
        x = data(shape(rs.randint(1, 3), 2, 5), D)
        bins = int(rs.randint(1, 6))
        rng = "" if t % 2 else f", range=({round(float(rs.uniform(-3, 0)), 1)}, " \
            f"{round(float(rs.uniform(0.5, 3)), 1)})"
        case(f"histogram_{t}", f"nd.histogram(a, bins={bins}{rng})", {"a": (x, F)})
    case("histogram_edges", "nd.histogram(a, bins=b)",
         {"a": (data((3, 4)), F), "b": ([-3.0, -1.0, 0.0, 0.5, 4.0], F)})
    hx = [-1.5, 0.2, 0.7, 2.5, 1.1, -0.3]
    for t, (ex, dt, bdt) in enumerate([
            ("nd.histogram(a, bins=3, range=(-1, 2))", D, None),
            ("nd.histogram(a, bins=3, range=(-1, 2))", H, None),
            ("nd.histogram(a, bins=4)", D, None),
            ("nd.histogram(a, bins=3, range=(-1, 5))", I32, None),
            ("nd.histogram(a, bins=2, range=(0, 3))", I64, None),
            ("nd.histogram(a, bins=5, range=(-0.6, 2.7))", I32, None),
            ("nd.histogram(a, bins=b)", D, F), ("nd.histogram(a, bins=b)", I32, F),
            ("nd.histogram(a, bins=b)", D, D)]):
        x = np.trunc(hx).astype(int).tolist() if dt in (I32, I64) else hx
        ins = {"a": (x, dt)}
        if bdt:
            ins["b"] = ([-1.0, 0.0, 1.0, 3.0], bdt)
        case(f"histogram_dt_{t}", ex, ins)

    # -------------------------------------------------------- topk, sort, argsort
    for t in range(24):
        s = shape(rs.randint(1, 4), 2, 5)
        ax = pick_one((None, -1, int(rs.randint(-len(s), len(s)))))
        n = int(np.prod(s)) if ax is None else s[ax]
        k = int(rs.randint(-1, n + 1 + (t == 23)))
        rt = ("value", "indices", "mask", "both")[t % 4]
        dt = pick_one((F, D, I32, F))
        asc = rs.rand() < 0.4
        odt = pick_one(("float32", "int32", "int64", "float64", "float16"))
        extra = f", dtype='{odt}'" if rs.rand() < 0.5 else ""
        x = data(s, dt) if dt != I32 else \
            (rs.permutation(int(np.prod(s))) - 5).reshape(s).tolist()
        wrt = ["a"] if dt != I32 and rt in ("value", "both") else []
        case(f"topk_{t}", f"nd.topk(a, axis={ax}, k={k}, ret_typ='{rt}', is_ascend={asc}"
             f"{extra})", {"a": (x, dt)}, wrt)
    for t in range(8):
        s = shape(rs.randint(1, 4), 2, 5)
        ax = pick_one((None, -1, int(rs.randint(-len(s), len(s)))))
        dt = pick_one((F, D, I32, I64, H))
        x = (rs.permutation(int(np.prod(s))) - 5).reshape(s).tolist() if dt in (I32, I64) \
            else data(s, dt)
        asc = pick_one((True, False))
        case(f"sort_{t}", f"nd.sort(a, axis={ax}, is_ascend={asc})", {"a": (x, dt)})
        odt = pick_one(("float32", "int32", "int64", "float64"))
        case(f"argsort_{t}", f"nd.argsort(a, axis={ax}, is_ascend={asc}, dtype='{odt}')",
             {"a": (x, dt)})
    case("topk_oob_axis", "nd.topk(a, axis=2)", {"a": (data((2, 3)), F)})
    case("topk_ties_short", "nd.topk(a, k=3, ret_typ='both')",
         {"a": ([[1.0, 2.0, 2.0, 1.0, 2.0], [0.5, 0.5, 0.5, 0.5, 0.5]], F)})
    case("sort_ties_desc", "nd.argsort(a, is_ascend=False)",
         {"a": ([[1.0, 2.0, 2.0, 1.0, 2.0], [3.0, 0.5, 3.0, 0.5, 0.5]], F)})

    # -------------------------------------------------------- NDArray.__getitem__
    keys = ["1:, [0, 2]", "::-2, None, 1", "[1, 0], 1:", "..., [0, 1]", "1, [0, 2], ::2",
            "[0, 1], [1, 0]", "None, [1, 0, 1]", "-1, ::-1", "::2, ..., -1", "[[0, 1]], 0",
            ":, [1, 1, 0]", "1:3, None, [0, 2], ::-1", "[True, False, True]",
            "0, 1, 2", "-2:, -3:", "np.array([0, 2]), :, 1", "None, ..., None",
            "[-1, 0], [0, -1]", "1, None", "2:0:-1"]
    for t, key in enumerate(keys):
        case(f"getitem_{t}", f"a[{key}]", {"a": (data((3, 4, 5), D), D)}, ["a"])
    for t, (key, idt) in enumerate([("i", I32), ("i", I64), ("i", F), ("i, 1:", I32),
                                    (":, i", I64), ("1, i", I32), ("i, i", I32)]):
        case(f"getitem_nd_{t}", f"a[{key}]",
             {"a": (data((3, 4, 5), D), D), "i": ([[2, 0], [1, 2]], idt)}, ["a"])
    for t, key in enumerate(["3", "0, 4", "[0, 3]", "0, 0, 0, 0", "1.5", ":, 'x'"]):
        case(f"getitem_bad_{t}", f"a[{key}]", {"a": (data((3, 4, 2)), F)})


def extra_cases(case, rs, shape, data, pick_one):
    """Random dtypes through the ops (forward only), random getitem keys, edge parameters."""
    dts = (F, D, I32, I64, U8, H, "int8")
    tmpl = ["nd.transpose(a, axes=(2, 0, 1))", "nd.flip(a, axis=(0, 2))", "nd.tile(a, reps=(2,))",
            "nd.repeat(a, repeats=2, axis=1)", "nd.concat(a, a, dim=-1)", "nd.stack(a, a, axis=1)",
            "nd.split(a, num_outputs=3, axis=1)", "nd.slice(a, begin=(1, None), end=(None, -1))",
            "nd.take(a, nd.array([2, 0], dtype='int32'), axis=1)", "nd.reshape(a, (-3, 0))",
            "nd.pick(a, nd.array([[0, 1, 2, 1], [2, 2, 0, 0]]), axis=1)", "nd.diag(a, k=1)",
            "nd.topk(a, k=2, ret_typ='both')", "nd.sort(a, axis=1)", "nd.argsort(a, axis=0)",
            "nd.SequenceMask(a, nd.array([1, 2, 3]), use_sequence_length=True)",
            "nd.SequenceReverse(a, nd.array([1, 2, 2]), use_sequence_length=True)",
            "nd.gather_nd(a, nd.array([[1, 0], [2, 1]]))", "nd.swapaxes(a, 0, 2)",
            "nd.broadcast_axis(a[:, :1], axis=1, size=3)", "nd.slice_axis(a, 2, 1, 3)",
            "nd.one_hot(a, 4)", "nd.where(a, a, a * 0)", "a[1, [0, 2]]",
            "nd.contrib.boolean_mask(a, nd.array([1, 0]))", "nd.expand_dims(a, 1)",
            "nd.depth_to_space(nd.reshape(a, (1, 4, 3, 2)), 2)", "nd.squeeze(a[:1])"]
    for t, ex in enumerate(tmpl):
        dt = dts[t % len(dts)]
        x = rs.permutation(24).reshape(2, 3, 4) - (0 if dt == U8 else 8)
        if dt in (F, D, H):
            x = x * 0.5 + 0.25
        case(f"dtype_{t}_{dt}", ex, {"a": (x.tolist(), dt)})

    # random mixed getitem keys on a (3, 4, 5) array
    def part(n):
        r = rs.randint(9)
        if r < 2:
            return str(int(rs.randint(-n, n)))
        if r < 5:
            b, e = (pick_one(("", str(int(rs.randint(-n, n + 1))))) for _ in range(2))
            s = pick_one(("", "", ":2", ":-1", ":-2", ":3"))
            return f"{b}:{e}{s}"
        if r < 8:
            if r == 7:
                return str([int(v) for v in rs.randint(0, n, size=2)])
            lo = -int(rs.rand() < 0.2)
            return str([int(v) for v in rs.randint(lo, n, size=rs.randint(1, 4))]).replace(
                " ", "")
        return "None"
    for t in range(30):
        dims, parts = [3, 4, 5], []
        k = rs.randint(1, 4)
        for n in dims[:k]:
            p = part(n)
            parts.append(p)
            if p == "None":
                parts.append(part(n))
        if rs.rand() < 0.2:
            parts.insert(rs.randint(len(parts) + 1), "...")
        key = ", ".join(parts)
        if key.count("...") + sum(1 for p in parts if p not in ("None", "...")) > 3:
            continue
        case(f"getitem_rand_{t}", f"a[{key}]", {"a": (data((3, 4, 5), D), D)}, ["a"])

    # edge parameters
    x = data((2, 3), D)
    for t, ex in enumerate([
            "nd.broadcast_like(a, b, lhs_axes=(0,))", "nd.broadcast_like(a, b, rhs_axes=(1,))",
            "nd.broadcast_like(a, b, lhs_axes=(-2,), rhs_axes=(-1,))",
            "nd.broadcast_like(a, b, lhs_axes=(0, 0), rhs_axes=(1, 0))",
            "nd.broadcast_like(a, b, lhs_axes=(2,), rhs_axes=(0,))",
            "nd.broadcast_like(a, b, lhs_axes=(0,), rhs_axes=(0, 1))",
            "nd.broadcast_like(a, c)", "nd.broadcast_like(a, b, lhs_axes=(), rhs_axes=())",
            "nd.broadcast_axis(a, axis=(0, 0), size=(2, 3))",
            "nd.broadcast_axis(a, axis=(1, 0), size=(2, 3))",
            "nd.broadcast_to(a, shape=(4, 1, 3))", "nd.broadcast_to(a, shape=(0, 3))"]):
        case(f"bcast_edge_{t}", ex, {"a": (data((1, 1) if "(1, 0)" in ex or "0, 0" in ex else
                                               (1, 3), D), D), "b": (data((4, 5)), F),
                                     "c": (data((2, 2, 3)), F)}, ["a"])
    for t, (s, k, ax) in enumerate([((3, 2), 2, ""), ((3, 2), -3, ""), ((3, 2), 3, ""),
                                    ((2, 3, 2), 2, ", axis1=0, axis2=2"), ((4,), -2, ""),
                                    ((2, 3, 4), -3, ", axis1=1, axis2=2"), ((2,), 0, ""),
                                    ((2, 3, 4), 4, ", axis1=-1, axis2=-2")]):
        case(f"diag_edge_{t}", f"nd.diag(a, k={k}{ax})", {"a": (data(s, D), D)}, ["a"])
    for t, ex in enumerate(["nd.one_hot(i, 3)", "nd.take(a, i, mode='wrap')",
                            "nd.take(a, i, axis=1, mode='raise')",
                            "nd.pick(a, i[:2], axis=0, mode='wrap')", "nd.Embedding(i, a, 2, 3)",
                            "nd.take(a, i)", "nd.gather_nd(a, nd.reshape(i, (1, 4)))"]):
        case(f"floatidx_{t}", ex, {"a": (x, D), "i": ([-0.75, 1.5, -2.25, 2.99], F)},
             ["a"] if "a" in ex else [])
    del x


def edge_cases(case, rs, data):
    """Invalid arguments (error type and text) and boundary values, one case each."""
    a23, a234 = data((2, 3), F), data((2, 3, 4), F)
    i2 = ([0, 1], I32)
    for t, (ex, extra) in enumerate([
            ("nd.repeat(a, repeats=-1)", {}), ("nd.repeat(a, repeats=2.0)", {}),
            ("nd.repeat(a, repeats=2, axis=1.0)", {}), ("nd.repeat(a, repeats=0)", {}),
            ("nd.tile(a, reps=(2.0, 1))", {}), ("nd.tile(a, reps=())", {}),
            ("nd.tile(a, reps=(0, 2))", {}), ("nd.take(a, i, axis=1.0)", {"i": i2}),
            ("nd.take(a, i, mode='bogus')", {"i": i2}), ("nd.take(a, i, axis=-3)", {"i": i2}),
            ("nd.pick(a, i, axis=2)", {"i": i2}), ("nd.pick(a, i, axis=0, mode='raise')",
                                                    {"i": ([0, 1, 1], I32)}),
            ("nd.one_hot(i, depth=-1)", {"i": i2}), ("nd.one_hot(i, depth=2.5)", {"i": i2}),
            ("nd.topk(a, k=4)", {}), ("nd.topk(a, ret_typ='bogus')", {}),
            ("nd.topk(a, k=2.0)", {}), ("nd.topk(a, axis=1.0)", {}),
            ("nd.sort(a, axis=2)", {}), ("nd.argsort(a, axis=-3)", {}),
            ("nd.expand_dims(a, axis=1.0)", {}), ("nd.squeeze(a, axis=(0, 0))", {}),
            ("nd.swapaxes(a, dim1=0, dim2=2)", {}), ("nd.swapaxes(a, dim1=1.0)", {}),
            ("nd.flip(a, axis=(0, 0))", {}), ("nd.transpose(a, axes=(0, 0))", {}),
            ("nd.transpose(a, axes=(0, 2))", {}), ("nd.concat(a, b, dim=1)",
                                                   {"b": (data((2, 3), D), D)}),
            ("nd.stack(a, b)", {"b": (data((3, 2)), F)}), ("nd.split(a, num_outputs=0)", {}),
            ("nd.split(a, num_outputs=2, axis=2)", {}), ("nd.split_v2(a, (2, 1), axis=1)", {}),
            ("nd.split_v2(a, 0, axis=1)", {}), ("nd.split_v2(a, 1.5)", {}),
            ("nd.slice_axis(a, axis=0, begin=3, end=None)", {}),
            ("nd.slice_axis(a, axis=1, begin=0, end=4)", {}),
            ("nd.slice(a, begin=(0,), end=(1, 2))", {}),
            ("nd.slice(a, begin=(-5, 0), end=(9, 2))", {}),
            ("nd.slice(a, begin=(1.0,), end=(2,))", {}),
            ("nd.slice(a, begin=(3,), end=(None,))", {}),
            ("nd.slice_like(a, b, axes=(2,))", {"b": (data((1, 2)), F)}),
            ("nd.slice_like(a, b, axes=(0,))", {"b": (data((3, 2)), F)}),
            ("nd.broadcast_to(a, shape=(2, 4))", {}), ("nd.broadcast_axis(a, axis=0, size=3)",
                                                       {}),
            ("nd.reshape_like(a, b, lhs_begin=5)", {"b": (data((3, 2)), F)}),
            ("nd.reshape_like(a, b, lhs_begin=-1, lhs_end=None, rhs_begin=1)",
             {"b": (data((2, 3)), F)}), ("nd.diag(a, k=1.0)", {}),
            ("nd.diag(a, axis1=0, axis2=2)", {}), ("nd.gather_nd(a, i)", {"i": ([[0, 2]], I32)}),
            ("nd.scatter_nd(d, i, shape=(2, 3))", {"d": ([1.0, 2.0], F),
                                                   "i": ([[0, 2], [0, 3]], I32)}),
            ("nd.scatter_nd(d, i, shape=(2, 3))", {"d": ([1.0, 2.0, 3.0], F),
                                                   "i": ([[0, 1], [0, 1]], I32)}),
            ("nd.ravel_multi_index(i, shape=(2, 3))", {"i": ([[0, 1, 2]], I32)}),
            ("nd.ravel_multi_index(i, shape=(2, 3))", {"i": ([[1, 5], [2, 4]], I32)}),
            ("nd.unravel_index(i, shape=(2, 3))", {"i": ([7, -1, 5], I32)}),
            ("nd.contrib.boolean_mask(a, m)", {"m": ([1, 0, 1], F)}),
            ("nd.contrib.boolean_mask(a, m)", {"m": ([0, 0], F)}),
            ("nd.contrib.boolean_mask(a, m, axis=1)", {"m": ([1, 0, 1], F)}),
            ("nd.contrib.index_copy(a, i, b)", {"i": ([1], I32), "b": (data((2, 3)), F)}),
            ("nd.contrib.index_copy(a, i, b)", {"i": ([1, 1], I32), "b": (data((2, 3)), F)}),
            ("nd.histogram(a, bins=0)", {}), ("nd.histogram(a, bins=3, range=(1.0, 1.0))", {}),
            ("nd.histogram(a, bins=2.0)", {}),
            ("nd.SequenceMask(a, L, use_sequence_length=True)", {"L": ([0, 5, 1], F)}),
            ("nd.SequenceReverse(a, L, use_sequence_length=True)", {"L": ([0, 2, 1], F)}),
            ("nd.SequenceMask(a, L, use_sequence_length=True)", {"L": ([1, 2], F)}),
            ("nd.SequenceMask(a, use_sequence_length=True)", {}),
            ("nd.SequenceLast(a, L, use_sequence_length=True, axis=1)", {"L": ([3, 1], I32)}),
            ("nd.SequenceReverse(a, L, use_sequence_length=True, axis=1)",
             {"L": ([1, 2], F)}), ("nd.SequenceMask(a)", {}),
            ("nd.Embedding(i, w, input_dim=3, output_dim=2)",
             {"i": ([[-1, 3], [1, 7]], F), "w": (data((3, 2)), F)}),
            ("nd.Embedding(i, w, input_dim=4, output_dim=2)",
             {"i": ([0, 1], F), "w": (data((3, 2)), F)}),
            ("nd.where(c, a, b)", {"c": ([1, 0], F), "b": (data((2, 3)), F)}),
            ("nd.where(c, a, b)", {"c": ([[1, 0, 1], [0, 0, 2]], F), "b": (data((2, 3), D), D)}),
            ("nd.depth_to_space(a, block_size=2)", {}),
            ("nd.space_to_depth(a, block_size=0)", {}), ("nd.flatten(a.reshape((6,)))", {}),
            ("a[[0.5, 1.7]]", {}), ("a[nd.array([1, 0], dtype='uint8')]", {}),
            ("a[nd.array([[1], [0]], dtype='int8'), ::2]", {}), ("a[:, ::0]", {}),
            ("a[[[0, 1], [1, 0]], [2, 0]]", {}), ("a[..., ...]", {}), ("a[::-1, ::-1]", {}),
            ("a[None]", {}), ("a[:, None, ...]", {}), ("a[(1,)]", {}), ("a[1][2]", {}),
            ("a[[1, 1, 0], 1]", {}), ("a[[0, 1], [0, 1, 2]]", {}),
            ("a[[0, 1, 1], None, :2]", {}), ("a[[1, 0], -2, ...]", {}),
            ("nd.take(a, i, axis=1, mode='raise')", {"i": ([0.25, 2.5], F)}),
            ("nd.take(a, i, axis=1, mode='raise')", {"i": ([1.999, -0.0], F)}),
            ("nd.take(a, i, axis=1, mode='raise')", {"i": ([-0.5], F)}),
            ("nd.one_hot(i, 3, on_value=300.7, off_value=-3.5, dtype='uint8')", {"i": i2}),
            ("nd.one_hot(i, 3, on_value=-300.7, off_value=3.9, dtype='int8')", {"i": i2}),
            ("nd.batch_take(a[0], i)", {"i": ([1], I64)}),
            ("nd.reshape(a, shape=(1, 0, 0, 1), reverse=True)", {}),
            ("nd.reshape(a.reshape((1, 2, 3)), shape=(1, 0, 0, 1), reverse=True)", {}),
            ("nd.slice_axis(a, axis=0, begin=-3, end=3)", {}),
            ("nd.slice_axis(a, axis=0, begin=-3, end=-3)", {}),
            ("nd.split_v2(a, (1,), axis=1, squeeze_axis=True)", {}),
            ("nd.split_v2(a, (1, 2), axis=1, squeeze_axis=True)", {}),
            ("nd.topk(a, k=2, dtype='int8')", {}), ("nd.argsort(a, dtype='bool')", {}),
            ("nd.topk(a, k=2, ret_typ='mask', dtype='int16')", {}),
            ("nd.tile(a.reshape((1, 2, 3)), reps=(3, 2, 2))", {}),
            ("nd.pad(a.reshape((1, 1, 2, 3)).astype('int8'), mode='edge', "
             "pad_width=(0, 0, 0, 0, 1, 1, 1, 1))", {}),
            ("nd.pad(a.reshape((1, 1, 2, 3)).astype('int32'), mode='constant', "
             "pad_width=(0, 0, 0, 0, 1, 1, 1, 1))", {}),
            ("nd.stack(a, a, b, axis=1)", {"b": (data((2, 3)), I32)}),
            ("nd.contrib.index_copy(a, i, b)", {"i": ([1], I32), "b": (data((1, 3)), D)}),
            ("nd.contrib.index_copy(a, i, b)", {"i": ([0], I64), "b": (data((1, 3)), H)}),
            ("nd.histogram(a, bins=b)", {"b": ([-1.0, 0.0, 1.0], I64)})]):
        ins = {"a": (a23, F)}
        ins.update(extra)
        wrt = ["a"] if t % 3 == 0 and re.search(r"\ba\b", ex) and "histogram" not in ex else []
        case(f"edge_{t}", ex, ins, wrt)
    for t, ex in enumerate(["nd.depth_to_space(a, block_size=2)", "nd.SequenceLast(a, L, "
                            "use_sequence_length=True)", "nd.pad(a, mode='edge', "
                            "pad_width=(0, 0, 1, 1, 2, 2))", "nd.topk(a, axis=None, k=5)",
                            "nd.batch_take(a, i)", "nd.split(a, 2, axis=2, squeeze_axis=True)",
                            "a[1, 2, 3]", "a[1, :, 3]", "a[[1], 2, 3]",
                            "nd.tile(a[:, :, :3], reps=(3, 2, 2))"]):
        case(f"edge3_{t}", ex, {"a": (a234, F), "L": ([2, 0, 1], F),
                                "i": ([[0, 1, 2], [3, 4, -1]], I32)}, ["a"] if t % 2 else [])
    # (append only: the documented cases are named by position)
    for t, ex in enumerate([
            "nd.gather_nd(a, nd.array([[0.9, 1.9]]))", "nd.gather_nd(a, nd.array([[-1.5]]))",
            "nd.gather_nd(a, nd.array([[-2.5]]))", "nd.ravel_multi_index(nd.array([1, 1]), (2,))",
            "nd.unravel_index(nd.array([[3, 4]]), shape=(2, 3))",
            "nd.one_hot(nd.array([1, 2]), 3, dtype='bool')",
            "nd.reshape(a, shape=(-4, -1, -1, -2))", "nd.tile(a, reps=(-1,))",
            "nd.tile(a, reps=(-2, -1, 1))", "nd.split(a, num_outputs=1, axis=-4)",
            "nd.split(a, num_outputs=1, axis=3)", "nd.slice_like(a, a[:1], axes=(-4,))",
            "nd.contrib.index_copy(a, nd.array([5]), a[:1])",
            "nd.histogram(a, bins=3, range=(2, 1))", "nd.histogram(a, bins=3, range=(2.5, -1.5))",
            "nd.reshape(a.reshape((6, 4)), shape=(-4, -1, 3, -1))"]):
        case(f"edge4_{t}", ex, {"a": (a234, D)}, ["a"] if t in (0, 1, 6, 7, 12) else [])
