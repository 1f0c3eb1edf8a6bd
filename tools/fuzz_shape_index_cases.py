"""Randomised fuzz cases of the shape/index/sort family (see tools/record_fuzz.py).

    ../shared/tools/mxnet-ref tools/record_fuzz.py shape_index

A case is (name, expression, {var: (data, dtype)}, [vars to differentiate], index of the
output receiving the head gradient, whether values are compared). Parameters are drawn from
a fixed seed; float inputs are distinct (no ties in sort/topk, no ill-defined gradient).
Index/sort/getitem cases and the fixed edge cases live in fuzz_shape_index_cases2.py;
FUZZ_SEED=<n> draws another sample (for exploring; the fixture uses the default seed).
No MXNet import here.
"""
import os

import numpy as np

# FUZZ_SEED explores other draws (the recorded fixture uses the default)
rs = np.random.RandomState(int(os.environ.get("FUZZ_SEED", 20261130)))
CASES = []
F, D, I32, I64, H, U8 = "float32", "float64", "int32", "int64", "float16", "uint8"


def case(name, expr, inputs, wrt=(), gout=0, values=True):
    CASES.append((name, expr, inputs, list(wrt), gout, values))


def shape(ndim, lo=1, hi=4):
    return tuple(int(v) for v in rs.randint(lo, hi + 1, size=ndim))


def data(shp, dtype=F):
    """Distinct values (a permutation, scaled and jittered) of the given shape."""
    n = int(np.prod(shp))
    if dtype in (I32, I64, U8):
        lo = 0 if dtype == U8 else -20
        return rs.randint(lo, lo + 40, size=shp).tolist()
    v = (rs.permutation(n) - n / 2.0) * 0.37 + rs.uniform(0.01, 0.3, size=n)
    if dtype == H:
        v = (rs.permutation(n) - n / 2.0) * 0.5 + 0.25
    return np.round(v, 4).reshape(shp).tolist()


def fdt():
    return [F, D, D][rs.randint(3)]


def idx_dtype():
    return [I32, I64, F][rs.randint(3)]


def pick_one(seq):
    return seq[rs.randint(len(seq))]


# ------------------------------------------------------------ reshape
def reshape_codes(src):
    """Valid MXNet Reshape codes for `src` (built by walking the input dimensions)."""
    codes, i, used_inf = [], 0, False
    while i < len(src):
        r = rs.randint(7)
        if r == 0 and not used_inf:
            codes.append(-1)
            used_inf = True
            i += 1
        elif r == 1 and i + 1 < len(src):
            codes.append(-3)
            i += 2
        elif r == 2:
            codes.append(-2)
            return codes
        elif r == 3 and src[i] in (4, 6, 8, 9, 12):
            d0 = src[i]
            f = pick_one([f for f in (2, 3) if d0 % f == 0])
            d1, d2 = f, d0 // f
            if rs.rand() < 0.5:
                d1, d2 = (-1, d2) if rs.rand() < 0.5 else (d1, -1)
            codes += [-4, d1, d2]
            i += 1
        elif r == 4:
            codes.append(src[i])
            i += 1
        else:
            codes.append(0)
            i += 1
    if rs.rand() < 0.2:
        codes.append(1)
    return codes


for t in range(30):
    src = shape(rs.randint(1, 5), 1, 4)
    if rs.rand() < 0.3:
        src = tuple(pick_one((4, 6, 2, 3)) for _ in range(rs.randint(2, 4)))
    codes = reshape_codes(list(src))
    dt = fdt()
    rev = rs.rand() < 0.3
    rv = ", reverse=True" if rev else ""
    case(f"reshape_{t}", f"nd.reshape(a, shape={tuple(codes)}{rv})", {"a": (data(src, dt), dt)},
         ["a"])
for t, (src, codes, rev) in enumerate([
        ((2, 3, 4), (-1, 0), True), ((2, 3, 4), (0, -1), True), ((6, 4), (-4, -1, 2, 0), True),
        ((2, 3, 4), (-3, 0), True), ((2, 3, 4), (0, -3), True), ((2, 3, 4), (-1,), True),
        ((4, 3), (2, -1, 0), True), ((2, 3, 4), (5, -1), False), ((2, 3, 4), (-1, -1), False),
        ((2, 3, 4), (0, 0, 0, 0), False), ((2, 3), (-3, -3), False), ((6,), (-4, 4, -1), False),
        ((2, 3, 4), (0, 7), False), ((2, 3, 4), (-5, 2), False)]):
    rv = ", reverse=True" if rev else ""
    case(f"reshape_fix_{t}", f"nd.Reshape(a, shape={codes}{rv})", {"a": (data(src), F)}, ["a"])

for t in range(8):
    ls = shape(rs.randint(2, 5), 1, 4)
    lb = int(rs.randint(0, len(ls)))
    le = int(rs.randint(lb + 1, len(ls) + 1))
    prod = int(np.prod(ls[lb:le]))
    mid = [prod] if rs.rand() < 0.5 or prod == 1 else \
        [f for f in (2, 3) if prod % f == 0][:1] + [prod // ([f for f in (2, 3) if prod % f == 0]
                                                            or [1])[0]]
    pre, post = list(shape(rs.randint(0, 2))), list(shape(rs.randint(0, 2)))
    rsh = tuple(pre + mid + post)
    rb, re_ = len(pre), len(pre) + len(mid)
    args = []
    if rs.rand() < 0.5:
        args.append(f"lhs_begin={lb - len(ls) if rs.rand() < 0.3 else lb}")
    else:
        lb = 0 if lb else lb
        if lb:
            args.append(f"lhs_begin={lb}")
    args.append(f"lhs_end={le if rs.rand() < 0.7 else le - len(ls) or None}")
    args.append(f"rhs_begin={rb}")
    args.append(f"rhs_end={re_ if rs.rand() < 0.7 else (re_ - len(rsh) or None)}")
    case(f"reshape_like_{t}", f"nd.reshape_like(a, b, {', '.join(args)})",
         {"a": (data(ls, D), D), "b": (data(rsh), F)}, ["a"])
case("reshape_like_plain", "nd.reshape_like(a, b)", {"a": (data((2, 6), D), D),
                                                     "b": (data((3, 4)), F)}, ["a"])
case("reshape_like_bad", "nd.reshape_like(a, b, lhs_begin=1, rhs_begin=0, rhs_end=1)",
     {"a": (data((2, 6), D), D), "b": (data((5, 4)), F)}, ["a"])

# ------------------------------------------------------------ Flatten, expand_dims, squeeze
for t in range(5):
    s = shape(t % 4 + 1, 1, 4)
    case(f"flatten_{t}", "nd.Flatten(a)" if t % 2 else "nd.flatten(a)",
         {"a": (data(s, D), D)}, ["a"])
for t in range(8):
    s = shape(rs.randint(1, 4), 1, 3)
    ax = int(rs.randint(-len(s) - 2, len(s) + 2))
    case(f"expand_dims_{t}", f"nd.expand_dims(a, axis={ax})", {"a": (data(s, D), D)}, ["a"])
for t in range(12):
    s = tuple(pick_one((1, 1, 2, 3)) for _ in range(rs.randint(1, 5)))
    ones = [i for i, v in enumerate(s) if v == 1]
    r = rs.randint(5)
    if r == 0 or not ones:
        ax = None
    elif r == 1:
        ax = int(pick_one(ones)) - (len(s) if rs.rand() < 0.5 else 0)
    elif r == 2:
        ax = tuple(int(i) for i in rs.permutation(ones)[:rs.randint(1, len(ones) + 1)])
    elif r == 3:
        ax = int(rs.randint(len(s)))  # maybe not of size 1
    else:
        ax = (len(s),)
    case(f"squeeze_{t}", f"nd.squeeze(a, axis={ax})", {"a": (data(s, D), D)}, ["a"])

# ------------------------------------------------------------ transpose, swapaxes, moveaxis, flip
for t in range(10):
    s = shape(rs.randint(1, 5), 1, 4)
    ax = "" if t % 5 == 0 else f", axes={tuple(int(i) for i in rs.permutation(len(s)))}"
    case(f"transpose_{t}", f"nd.transpose(a{ax})", {"a": (data(s, fdt()), D)}, ["a"])
case("transpose_bad_len", "nd.transpose(a, axes=(1, 0))", {"a": (data((2, 3, 4)), F)})
for t in range(10):
    s = shape(rs.randint(1, 5), 1, 4)
    d1, d2 = (int(v) for v in rs.randint(-len(s), len(s) + (t == 9), size=2))
    case(f"swapaxes_{t}", f"nd.{pick_one(('swapaxes', 'SwapAxis'))}(a, dim1={d1}, dim2={d2})",
         {"a": (data(s), F)}, ["a"])
for t in range(8):
    s = shape(rs.randint(1, 5), 1, 4)
    k = rs.randint(1, len(s) + 1)
    src = tuple(int(v) for v in rs.permutation(len(s))[:k])
    dst = tuple(int(v) - (len(s) if rs.rand() < 0.3 else 0) for v in rs.permutation(len(s))[:k])
    if k == 1 and rs.rand() < 0.5:
        src, dst = src[0], dst[0]
    case(f"moveaxis_{t}", f"nd.moveaxis(a, {src}, {dst})", {"a": (data(s), F)}, ["a"])
for t in range(10):
    s = shape(rs.randint(1, 5), 1, 4)
    k = rs.randint(1, len(s) + 1)
    ax = tuple(int(v) for v in rs.permutation(len(s))[:k])
    if k == 1 and rs.rand() < 0.5:
        ax = ax[0]
    case(f"flip_{t}", f"nd.{pick_one(('flip', 'reverse'))}(a, axis={ax})",
         {"a": (data(s, D), D)}, ["a"])
case("flip_oob", "nd.flip(a, axis=3)", {"a": (data((2, 3)), F)})

# ------------------------------------------------------------ tile, repeat
for t in range(10):
    s = shape(rs.randint(1, 4), 1, 3)
    reps = tuple(int(v) for v in rs.randint(1, 4, size=rs.randint(1, 5)))
    case(f"tile_{t}", f"nd.tile(a, reps={reps})", {"a": (data(s, D), D)}, ["a"])
for t in range(10):
    s = shape(rs.randint(1, 4), 1, 3)
    ax = None if t % 3 == 0 else int(rs.randint(-len(s), len(s) + (t == 8)))
    case(f"repeat_{t}", f"nd.repeat(a, repeats={int(rs.randint(1, 4))}, axis={ax})",
         {"a": (data(s, D), D)}, ["a"])

# ------------------------------------------------------------ pad
for t in range(16):
    nd_ = 4 + t % 2
    s = (int(rs.randint(1, 3)), int(rs.randint(1, 3))) + shape(nd_ - 2, 2, 4)
    mode = ("constant", "edge", "reflect")[t % 3]
    pw = [0, 0, 0, 0]
    for n in s[2:]:
        pw += [int(v) for v in rs.randint(0, n if mode == "reflect" else 3, size=2)]
    cv = f", constant_value={round(float(rs.uniform(-2, 2)), 2)}" if mode == "constant" and \
        rs.rand() < 0.7 else ""
    if nd_ == 5:
        s = s[:2] + tuple(min(v, 3) for v in s[2:])
        pw = [0, 0, 0, 0] + [min(v, s[2 + i // 2] - 1) if mode == "reflect" else v
                             for i, v in enumerate(pw[4:])]
    case(f"pad_{t}", f"nd.pad(a, mode='{mode}', pad_width={tuple(pw)}{cv})",
         {"a": (data(s, D), D)}, ["a"])
case("pad_bad_first", "nd.pad(a, mode='constant', pad_width=(0, 1, 0, 0, 1, 1, 1, 1))",
     {"a": (data((1, 2, 3, 3)), F)})
case("pad_3d", "nd.pad(a, mode='constant', pad_width=(0, 0, 0, 0, 1, 1))",
     {"a": (data((1, 2, 3)), F)})
case("pad_reflect_big", "nd.pad(a, mode='reflect', pad_width=(0, 0, 0, 0, 3, 0, 0, 0))",
     {"a": (data((1, 1, 3, 3)), F)})

# ------------------------------------------------------------ concat, stack
for t in range(12):
    s = list(shape(rs.randint(1, 4), 1, 3))
    dim = int(rs.randint(-len(s), len(s)))
    k = int(rs.randint(1, 4))
    ins = {}
    for j in range(k):
        sj = list(s)
        sj[dim] = int(rs.randint(1, 4))
        ins["abc"[j]] = (data(tuple(sj), D), D)
    name = pick_one(("concat", "Concat"))
    case(f"concat_{t}", f"nd.{name}({', '.join(ins)}, dim={dim})", ins, list(ins))
case("concat_bad", "nd.concat(a, b, dim=0)", {"a": (data((2, 3)), F), "b": (data((2, 4)), F)})
case("concat_oob", "nd.concat(a, b, dim=2)", {"a": (data((2, 3)), F), "b": (data((2, 3)), F)})
for t in range(10):
    s = shape(rs.randint(1, 4), 1, 3)
    k = int(rs.randint(1, 4))
    ax = int(rs.randint(-len(s) - 1, len(s) + 1 + (t == 9)))
    ins = {"abc"[j]: (data(s, D), D) for j in range(k)}
    case(f"stack_{t}", f"nd.stack({', '.join(ins)}, axis={ax})", ins, list(ins))

# ------------------------------------------------------------ split, split_v2
for t in range(12):
    s = list(shape(rs.randint(1, 4), 1, 4))
    ax = int(rs.randint(-len(s), len(s)))
    k = pick_one([d for d in (1, 2, 3, 4) if s[ax] % d == 0])
    sq = rs.rand() < 0.3
    if sq:
        k = s[ax]
    if t == 11:
        k = s[ax] + 1
    name = pick_one(("split", "SliceChannel"))
    case(f"split_{t}", f"nd.{name}(a, num_outputs={k}, axis={ax}, squeeze_axis={sq})",
         {"a": (data(tuple(s), D), D)}, ["a"], int(rs.randint(k)))
for t in range(12):
    s = list(shape(rs.randint(1, 4), 2, 5))
    ax = int(rs.randint(-len(s), len(s)))
    if rs.rand() < 0.5:
        ios = pick_one([d for d in (1, 2, 3, 4, 5) if s[ax] % d == 0])
        nout = ios
    else:
        ios = tuple(sorted(int(v) for v in rs.choice(np.arange(1, s[ax] + 1),
                                                     rs.randint(1, s[ax]), replace=False)))
        nout = len(ios) + 1
    sq = ", squeeze_axis=True" if (isinstance(ios, int) and ios == s[ax] and rs.rand() < 0.6) \
        else ""
    case(f"split_v2_{t}", f"nd.split_v2(a, {ios}, axis={ax}{sq})",
         {"a": (data(tuple(s), D), D)}, ["a"], int(rs.randint(nout)))
case("split_v2_uneven", "nd.split_v2(a, 3, axis=1)", {"a": (data((2, 4)), F)})
case("split_v2_oob", "nd.split_v2(a, (1, 6), axis=0)", {"a": (data((4, 2)), F)})

# ------------------------------------------------------------ broadcast_to/axis/like
for t in range(8):
    s = tuple(pick_one((1, 1, 2, 3)) for _ in range(rs.randint(1, 4)))
    tgt = tuple(int(rs.randint(2, 4)) if v == 1 and rs.rand() < 0.7 else
                (0 if rs.rand() < 0.2 else v) for v in s)
    case(f"broadcast_to_{t}", f"nd.broadcast_to(a, shape={tgt})", {"a": (data(s, D), D)},
         ["a"])
for t in range(8):
    s = tuple(pick_one((1, 1, 2, 3)) for _ in range(rs.randint(1, 4)))
    ones = [i for i, v in enumerate(s) if v == 1] or [0]
    ax = tuple(int(i) for i in rs.permutation(ones)[:rs.randint(1, len(ones) + 1)])
    sz = tuple(int(v) for v in rs.randint(1, 4, size=len(ax)))
    name = pick_one(("broadcast_axis", "broadcast_axes"))
    case(f"broadcast_axis_{t}", f"nd.{name}(a, axis={ax}, size={sz})",
         {"a": (data(s, D), D)}, ["a"])
for t in range(8):
    s = tuple(pick_one((1, 1, 2, 3)) for _ in range(rs.randint(2, 4)))
    if t < 3:
        rsh = tuple(int(rs.randint(2, 4)) if v == 1 else v for v in s)
        extra = ""
    else:
        rsh = shape(rs.randint(1, 4), 2, 4)
        ones = [i for i, v in enumerate(s) if v == 1] or [0]
        la = tuple(int(i) for i in rs.permutation(ones)[:min(len(ones), len(rsh))])
        ra = tuple(int(i) for i in rs.permutation(len(rsh))[:len(la)])
        extra = f", lhs_axes={la}, rhs_axes={ra}"
    case(f"broadcast_like_{t}", f"nd.broadcast_like(a, b{extra})",
         {"a": (data(s, D), D), "b": (data(rsh), F)}, ["a"])

# ------------------------------------------------------------ slice_like, space/depth, diag
for t in range(10):
    s = shape(rs.randint(1, 4), 2, 4)
    ls = tuple(int(rs.randint(1, v + 1)) for v in s)
    if t % 3 == 0:
        ls = ls + (2,) if t == 9 else ls
        ax = ""
    else:
        k = rs.randint(1, len(s) + 1)
        ax = f", axes={tuple(int(v) - (len(s) if rs.rand() < 0.3 else 0) for v in rs.permutation(len(s))[:k])}"  # noqa: E501
    case(f"slice_like_{t}", f"nd.slice_like(a, b{ax})",
         {"a": (data(s, D), D), "b": (data(ls), F)}, ["a", "b"])
for t in range(8):
    b = int(rs.randint(1, 4))
    if t % 2:
        s = (int(rs.randint(1, 3)), int(rs.randint(1, 3)) * b * b, int(rs.randint(1, 3)),
             int(rs.randint(1, 3)))
        case(f"depth_to_space_{t}", f"nd.depth_to_space(a, block_size={b})",
             {"a": (data(s, D), D)}, ["a"])
    else:
        s = (int(rs.randint(1, 3)), int(rs.randint(1, 3)), int(rs.randint(1, 3)) * b,
             int(rs.randint(1, 3)) * b)
        case(f"space_to_depth_{t}", f"nd.space_to_depth(a, block_size={b})",
             {"a": (data(s, D), D)}, ["a"])
case("depth_to_space_bad", "nd.depth_to_space(a, block_size=2)", {"a": (data((1, 3, 2, 2)), F)})
case("space_to_depth_bad", "nd.space_to_depth(a, block_size=2)", {"a": (data((1, 1, 3, 2)), F)})
for t in range(14):
    nd_ = (1, 2, 2, 3, 4)[t % 5]
    s = shape(nd_, 2, 4)
    k = int(rs.randint(-2, 3))
    extra = ""
    if nd_ > 2 or (nd_ == 2 and rs.rand() < 0.4):
        a1, a2 = (int(v) for v in rs.permutation(nd_)[:2])
        a1 -= nd_ if rs.rand() < 0.3 else 0
        extra = f", axis1={a1}, axis2={a2}"
    case(f"diag_{t}", f"nd.diag(a, k={k}{extra})", {"a": (data(s, D), D)}, ["a"])
case("diag_k_big", "nd.diag(a, k=4)", {"a": (data((3, 3)), F)})
case("diag_same_axis", "nd.diag(a, axis1=1, axis2=1)", {"a": (data((3, 3)), F)})

from fuzz_shape_index_cases2 import edge_cases, extra_cases, more_cases  # noqa: E402

more_cases(case, rs, shape, data, fdt, idx_dtype, pick_one)
extra_cases(case, rs, shape, data, pick_one)
edge_cases(case, rs, data)
