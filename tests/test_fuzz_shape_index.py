"""Randomised differential fuzz of the shape / index / sort family (tests/fixtures/
fuzz_shape_index.json, recorded from MXNet 1.9.1 by tools/record_fuzz.py from
tools/fuzz_shape_index_cases.py). Cases where the reference is plainly broken are
documented: mxlite's better behaviour is checked instead."""
import numpy as np

from fuzz_replay import make_test
from mxlite import autograd, nd
from test_diff_sweep import _eval, _inputs, _np_in, _raises, _same, head_for


def _grad_check(ref, wrt=None):
    """mxlite's forward and gradient (for the fixed head) agree with NumPy: `ref(arrays, h)`
    gives (forward value, {input: gradient}) from the NumPy inputs and the head gradient."""
    def check(case):
        env = _inputs(case)
        wrt_ = wrt or case.get("wrt", [])
        for k in wrt_:
            env[k].attach_grad()
        with autograd.record():
            y = eval(case["expr"], {"nd": nd, "np": np, **env})
        arrays = {k: _np_in(case, k) for k in case["inputs"]}
        h = head_for(y.shape)
        if wrt_:
            y.backward(nd.array(h, dtype=y.dtype))
        fwd, grads = ref(arrays, h)
        assert y.shape == fwd.shape
        np.testing.assert_allclose(y.asnumpy(), fwd, rtol=1e-6)
        for k in wrt_:
            np.testing.assert_allclose(env[k].grad.asnumpy(), grads[k], rtol=1e-6, atol=1e-12)
    return check


def _scatter(a, pos, h):
    """The gradient of a selection: head `h` added back at the flat positions `pos`."""
    return np.bincount(pos.ravel(), h.ravel(), minlength=a.size).reshape(a.shape)


def _tile_ref(reps):
    def ref(v, h):
        a = v["a"]
        pos = np.tile(np.arange(a.size).reshape(a.shape), reps)
        return np.tile(a, reps), {"a": _scatter(a, pos, h)}
    return ref


def _tile_first3(v, h):
    """nd.tile(a[:, :, :3], reps=(3, 2, 2)) in NumPy (the gradient of a's 4th column is 0)."""
    y, g = _tile_ref((3, 2, 2))({"a": v["a"][:, :, :3]}, h)
    return y, {"a": np.pad(g["a"], ((0, 0), (0, 0), (0, 1)))}


def _getitem_ref(case):
    """NumPy's a[key] and its scatter-add gradient, for the key of the case's expression."""
    def ref(v, h):
        a = v["a"]
        pos = eval(case["expr"], {"np": np, "a": np.arange(a.size).reshape(a.shape)})
        return a.ravel()[pos], {"a": _scatter(a, pos, h)}
    return _grad_check(ref, ["a"])(case)


def _batch_take_ref(v, h):
    a, i = v["a"], v["i"].astype(np.int64).reshape(-1)
    k = a.shape[-1]
    rows = a.reshape(-1, k)
    cols = np.clip(i, 0, k - 1)
    y = rows[np.arange(rows.shape[0]), cols].reshape(v["i"].shape)
    g = np.zeros_like(rows)
    g[np.arange(rows.shape[0]), cols] = h.reshape(-1)
    return y, {"a": g.reshape(a.shape)}


def _gather_nd_ref(v, h):
    a, i = v["a"], v["i"].astype(np.int64)
    key = tuple(i[j] for j in range(i.shape[0]))
    g = np.zeros_like(a)
    np.add.at(g, key, h)
    return a[key], {"a": g}


def _same_hist(case, edges):
    counts, got_edges = (y.asnumpy() for y in _eval(case, _inputs(case)))
    np.testing.assert_array_equal(got_edges, edges)
    np.testing.assert_array_equal(counts, np.histogram(_np_in(case), edges)[0])


DOCUMENTED = {
    # MXNet's tile of a 1-D array by 4 reps (output 72 elements) returns all zeros and a
    # gradient unrelated to its head; mxlite follows numpy.tile
    "tile_5": _grad_check(_tile_ref((2, 3, 2, 2))),
    # ... and fails on others with an internal error ("Too many reduction axes from
    # [3,2,2,3,2,3] to [1,2,1,3,1,3]", tiling (2, 3, 3) by (3, 2, 2))
    "edge3_9": _grad_check(_tile_first3, ["a"]),
    # MXNet's batch_take on N-D data (N > 2) treats it as (shape[0], rest) and reads past the
    # end of the buffer (denormal garbage); mxlite takes along the last axis of each row
    "batch_take_2": _grad_check(_batch_take_ref),
    "batch_take_3": _grad_check(_batch_take_ref),
    # MXNet reshapes 24 elements to (5, 4) (a view of the first 20), then fails in backward;
    # mxlite refuses the shape
    "reshape_fix_7": lambda case: _raises(case, ValueError),
    "edge_98": _raises,
    # MXNet counts a -1 after a -4 split as 1: (-4, -1, 3, -1) on (6, 4) infers (2, 3, 1)
    # and fails ("from.Size() == to.Size() (24 vs. 6)"; on (6, 6) it returns a 6-element
    # view); mxlite infers (2, 3, 4)
    "edge4_15": _same("nd.reshape(a.reshape((6, 4)), shape=(-4, -1, 3, -1))",
                      lambda a: a.reshape(2, 3, 4)),
    # MXNet puts the new axis of a[[0, 1, 1], None, :2] first (shape (1, 3, 2)); NumPy's rule
    # (which MXNet documents) keeps the advanced dimension in place: (3, 1, 2)
    "edge_89": _same("a[[0, 1, 1], None, :2]", lambda a: a[[0, 1, 1], None, :2]),
    # MXNet's __getitem__ backward with mixed basic/advanced keys sends the gradient to the
    # wrong elements (a slice's start or an int index ignored: a[-2:, -1, [2, 2]] scatters to
    # rows 0-1, not 1-2; a[-3, [2, 2]] gives zeros) though its forward is right; mxlite's
    # gradient is the scatter-add of the forward's selection
    **{f"getitem_rand_{i}": _getitem_ref for i in (1, 11, 13, 16, 22)},
    # MXNet refuses an empty basic slice inside a key (a[-3, 1:-3:-2]: "Check failed:
    # src_idx < dshape_len"); mxlite returns NumPy's zero-size result
    **{f"getitem_rand_{i}": _getitem_ref for i in (6, 9, 12, 17)},
    # MXNet transposes with a repeated axis into garbage ((0, 0) on (2, 3) gives (2, 2)) and
    # stacks a (2, 3) with a (3, 2) by reinterpreting its buffer; mxlite raises
    "edge_25": _raises,
    "edge_28": _raises,
    # MXNet's float32 slice with begin below -size fails ("could not construct a sub-memory",
    # its MKLDNN path) though float64 clamps like NumPy; mxlite clamps for every dtype
    "edge_37": _same("nd.slice(a, begin=(-5, 0), end=(9, 2))", lambda a: a[-5:9, 0:2]),
    # MXNet's scatter_nd silently drops an out-of-range index (gather_nd raises IndexError);
    # mxlite raises IndexError for both
    "edge_49": lambda case: _raises(case, IndexError),
    # MXNet's boolean_mask supports only axis 0 ("Not supported yet"); mxlite masks any axis
    "edge_56": _same("nd.contrib.boolean_mask(a, nd.array([1, 0, 1]), axis=1)",
                     lambda a: a[:, [0, 2]]),
    # MXNet's SequenceLast with a length 0 reads before the sequence (garbage); mxlite raises
    "edge3_1": _raises,
    "edge3_4": _grad_check(_batch_take_ref),
    # MXNet's unravel_index of a 2-D input returns the flat indices unconverted, in shape
    # (2, 1) for a (1, 2) input; mxlite gives NumPy's coordinates, shape (2, 1, 2)
    "edge4_4": _same("nd.unravel_index(nd.array([[3, 4]]), shape=(2, 3))",
                     lambda a: np.array(np.unravel_index([[3, 4]], (2, 3)), np.float32)),
    # MXNet's index_copy writes an out-of-range row outside the array (here nothing visible
    # changes); mxlite raises
    "edge4_12": _raises,
    # MXNet's histogram of int32 data over (-0.6, 2.7) truncates the edges to [0,0,0,1,2,2]
    # (empty bins) and then counts the zeros in one of the empty bins [0, 0); mxlite counts
    # by the same truncated edges with NumPy's rule (the zeros fall in [0, 1))
    "histogram_dt_5": lambda case: _same_hist(case, np.array([0, 0, 0, 1, 2, 2])),
    # MXNet's gather_nd wraps negative indices forward but drops them in backward (their
    # gradient is lost); mxlite's gradient is the scatter-add of the forward's selection
    "gather_nd_3": _grad_check(_gather_nd_ref),
}
test_case = make_test("shape_index", DOCUMENTED)
