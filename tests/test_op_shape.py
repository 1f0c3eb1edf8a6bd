"""Shape manipulation (group D): MXNet 1.9.1 fixtures, gradients of order 1 and 2 by finite
differences, property tests of the shape algebra, errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from opcheck import check_op
from shape_index_fixtures import FIXTURE, check_case, check_grad_case

R = np.random.RandomState(7)


def rnd(*shape):
    return R.uniform(-1, 1, shape)


# ------------------------------------------------------------ fixtures (all groups D and E)
@pytest.mark.parametrize("case", FIXTURE["forward"], ids=lambda c: c["expr"][:70])
def test_fixture_forward(case):
    check_case(case)


@pytest.mark.parametrize("case", FIXTURE["grads"], ids=lambda c: c["expr"][:70])
def test_fixture_gradient(case):
    check_grad_case(case)


def test_fixture_conventions():
    """The ⚠ conventions, spelled out (each is also a recorded case)."""
    f = {c["expr"]: c for c in FIXTURE["forward"]}
    assert f["nd.concat(nd.array([1,2]), nd.array([3,4]))"]["error"] == "MXNetError"  # dim=1
    assert f["nd.concat([nd.array([1,2]), nd.array([3,4])], dim=0)"]["error"] == "AssertionError"
    with pytest.raises(MXNetError, match="axis 1 exceeds the input dimension of 1"):
        nd.concat(nd.array([1, 2]), nd.array([3, 4]))
    with pytest.raises(AssertionError, match="Positional arguments must have NDArray type"):
        nd.concat([nd.array([1, 2]), nd.array([3, 4])], dim=0)
    assert isinstance(nd.split(nd.ones((2, 6)), num_outputs=1), nd.NDArray)
    assert len(nd.split(nd.ones((2, 6)), num_outputs=3)) == 3  # default axis 1


# ------------------------------------------------------------ gradients, orders 1 and 2
def test_reshape_family_grads():
    x = rnd(2, 3, 4)
    check_op(lambda a: nd.reshape(a, shape=(-3, 0)), lambda a: a.reshape(6, 4), [x])
    check_op(lambda a: nd.reshape(a, shape=(-1, 0), reverse=True), lambda a: a.reshape(6, 4), [x])
    check_op(lambda a: nd.flatten(a), lambda a: a.reshape(2, 12), [x])
    check_op(lambda a: nd.expand_dims(a, axis=1), lambda a: a[:, None], [x])
    check_op(lambda a: nd.squeeze(a, axis=1), lambda a: a[:, 0], [rnd(2, 1, 3)])
    check_op(lambda a: nd.transpose(a, axes=(2, 0, 1)), lambda a: a.transpose(2, 0, 1), [x])
    check_op(lambda a: nd.swapaxes(a, 0, 2), lambda a: a.swapaxes(0, 2), [x])
    check_op(lambda a: nd.flip(a, axis=(0, 2)), lambda a: a[::-1, :, ::-1], [x])
    like = nd.array(rnd(4, 6))  # a constant (opcheck differentiates every input it is given)
    check_op(lambda a: nd.reshape_like(a, like), lambda a: a.reshape(4, 6), [x])


def test_tile_repeat_grads():
    check_op(lambda a: nd.tile(a, reps=(2, 1, 3)), lambda a: np.tile(a, (2, 1, 3)), [rnd(2, 3)])
    check_op(lambda a: nd.tile(a, reps=(2,)), lambda a: np.tile(a, 2), [rnd(2, 3)])
    check_op(lambda a: nd.repeat(a, repeats=2), lambda a: np.repeat(a, 2), [rnd(2, 3)])
    check_op(lambda a: nd.repeat(a, repeats=3, axis=-1), lambda a: np.repeat(a, 3, -1),
             [rnd(2, 3)])


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect"])
def test_pad_grads(mode):
    pw = (0, 0, 0, 0, 1, 2, 2, 1)
    x = rnd(1, 2, 3, 3)
    kw = {"constant_values": 0.5} if mode == "constant" else {}
    check_op(lambda a: nd.pad(a, mode=mode, pad_width=pw, constant_value=0.5),
             lambda a: np.pad(a, [(0, 0), (0, 0), (1, 2), (2, 1)], mode=mode, **kw), [x])
    pw5 = (0, 0, 0, 0, 1, 0, 0, 1, 1, 1)
    check_op(lambda a: nd.pad(a, mode=mode, pad_width=pw5),
             lambda a: np.pad(a, [(0, 0), (0, 0), (1, 0), (0, 1), (1, 1)], mode=mode),
             [rnd(1, 1, 2, 3, 2)])


def test_pad_errors():
    with pytest.raises(MXNetError, match="only supports 4-D or 5-D input"):
        nd.pad(nd.ones((2, 3)), mode="constant", pad_width=(1, 1, 1, 1))
    with pytest.raises(MXNetError, match="padding on the first two axes to be zero"):
        nd.pad(nd.ones((1, 1, 2, 2)), mode="edge", pad_width=(1, 0, 0, 0, 1, 1, 1, 1))
    with pytest.raises(MXNetError, match="valid values are"):
        nd.pad(nd.ones((1, 1, 2, 2)), mode="wrap", pad_width=(0, 0, 0, 0, 1, 1, 1, 1))


def test_concat_stack_split_grads():
    a, b = rnd(2, 1, 3), rnd(2, 2, 3)
    check_op(lambda p, q: nd.concat(p, q), lambda p, q: np.concatenate([p, q], 1), [a, b])
    check_op(lambda p, q: nd.concat(p, q, q, dim=-2), lambda p, q: np.concatenate([p, q, q], 1),
             [a, b])
    check_op(lambda p, q: nd.stack(p, q, axis=1), lambda p, q: np.stack([p, q], 1),
             [rnd(2, 3), rnd(2, 3)])
    x = rnd(2, 6)
    check_op(lambda p: nd.split(p, num_outputs=3), lambda p: np.split(p, 3, 1), [x])
    check_op(lambda p: nd.split(p, num_outputs=2, axis=0, squeeze_axis=True),
             lambda p: [p[0], p[1]], [x])
    check_op(lambda p: nd.split_v2(p, (1, 4), axis=1), lambda p: np.split(p, [1, 4], 1), [x])
    # one output used: the others get zero gradients
    check_op(lambda p: nd.split(p, num_outputs=3)[1] * 2, lambda p: p[:, 2:4] * 2, [x])


def test_broadcast_grads():
    check_op(lambda a: nd.broadcast_to(a, (2, 0, 3)), lambda a: np.broadcast_to(a, (2, 4, 3)),
             [rnd(1, 4, 1)])
    check_op(lambda a: nd.broadcast_axis(a, axis=(0, 2), size=(2, 3)),
             lambda a: np.broadcast_to(a, (2, 4, 3)), [rnd(1, 4, 1)])
    like = nd.array(rnd(2, 4))
    check_op(lambda a: nd.broadcast_like(a, like), lambda a: np.broadcast_to(a, (2, 4)),
             [rnd(1, 4)])


def test_slice_like_space_depth_diag_grads():
    x = rnd(2, 3, 4)
    check_op(lambda a, b: nd.slice_like(a, b, axes=(0, -1)), lambda a, b: a[:1, :, :2],
             [x, rnd(1, 5, 2)])
    y = rnd(1, 8, 2, 3)
    def ref(a):
        return a.reshape(1, 2, 2, 2, 2, 3).transpose(0, 3, 4, 1, 5, 2).reshape(1, 2, 4, 6)
    check_op(lambda a: nd.depth_to_space(a, 2), ref, [y])
    check_op(lambda a: nd.space_to_depth(nd.depth_to_space(a, 2), 2), lambda a: a, [y])
    check_op(lambda a: nd.diag(a, k=-1), lambda a: np.diag(a, -1), [rnd(3)])
    check_op(lambda a: nd.diag(a, k=1), lambda a: np.diag(a, 1), [rnd(3, 4)])
    check_op(lambda a: nd.diag(a, k=-1, axis1=2, axis2=0),
             lambda a: np.diagonal(a, -1, 2, 0), [x])


def test_slice_like_shape_like_gets_zero_grad():
    x, s = nd.ones((3, 3)), nd.ones((2, 2))
    s.attach_grad()
    x.attach_grad()
    with autograd.record():
        y = nd.slice_like(x, s)
    y.backward()
    assert x.grad.asnumpy().sum() == 4 and s.grad.asnumpy().sum() == 0


def test_errors_name_the_problem():
    x = nd.ones((2, 3, 4))
    with pytest.raises(MXNetError, match="out of bounds for array of ndim 3"):
        nd.swapaxes(x, 0, 5)
    with pytest.raises(MXNetError, match="Required parameter"):
        nd.flip(x)
    with pytest.raises(MXNetError, match="does not evenly divide 6"):
        nd.split(nd.ones((2, 6)), num_outputs=4)
    with pytest.raises(ValueError, match="int or tuple"):
        nd.split_v2(nd.ones(6), [1, 2])
    with pytest.raises(MXNetError, match="Non-uniform data type"):
        nd.concat(nd.ones((1, 1)), nd.ones((1, 1), dtype="float64"))
    with pytest.raises(MXNetError, match=r"expected \[2,-1\], got \[3,2\]"):
        nd.concat(nd.ones((2, 1)), nd.ones((3, 2)))
    with pytest.raises(MXNetError, match="Diagonal does not exist"):
        nd.diag(nd.ones((2, 3)), k=5)
    with pytest.raises(MXNetError, match="exactly 4D"):
        nd.depth_to_space(nd.ones((4, 2, 2)), 2)
    with pytest.raises(MXNetError, match="cannot be a negative number"):
        nd.repeat(x, repeats=-1)
    with pytest.raises(ValueError):  # the NDArray method checks the size in Python
        x.broadcast_to((2, 5, 4))
    with pytest.raises(MXNetError):
        nd.broadcast_to(x, (2, 5, 4))


def test_flip_negative_axis_is_accepted():
    # MXNet 1.9.1 rejects negative axes in flip; counting from the end is strictly better.
    x = np.arange(6.0).reshape(2, 3)
    assert (nd.flip(nd.array(x), axis=-1).asnumpy() == x[:, ::-1]).all()


def test_third_order_linear_ops():
    check_op(lambda a: nd.tile(a, reps=(2,)) * nd.tile(a, reps=(2,)),
             lambda a: np.tile(a, 2) ** 2, [rnd(3)], orders=(1, 2, 3))
    check_op(lambda a: nd.pad(a, mode="reflect", pad_width=(0, 0, 0, 0, 1, 1, 1, 1)) ** 2,
             lambda a: np.pad(a, [(0, 0)] * 2 + [(1, 1)] * 2, mode="reflect") ** 2,
             [rnd(1, 1, 2, 3)], orders=(1, 2, 3))


# ------------------------------------------------------------ property tests
dims = st.lists(st.integers(1, 4), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None)
@given(dims, st.data())
def test_reshape_codes_match_numpy(shape, data):
    """A random mix of codes 0/-1/-2/-3 gives numpy's reshape to the equivalent shape."""
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    codes, target, i = [], [], 0
    infer_used = False
    while i < len(shape):
        choice = data.draw(st.sampled_from(["keep", "copy", "merge", "rest", "infer"]))
        if choice == "merge" and i + 1 < len(shape):
            codes.append(-3)
            target.append(shape[i] * shape[i + 1])
            i += 2
        elif choice == "rest":
            codes.append(-2)
            target.extend(shape[i:])
            i = len(shape)
        elif choice == "infer" and not infer_used:
            codes.append(-1)
            target.append(shape[i])
            infer_used = True
            i += 1
        elif choice == "copy":
            codes.append(0)
            target.append(shape[i])
            i += 1
        else:
            codes.append(shape[i])
            target.append(shape[i])
            i += 1
    y = nd.reshape(nd.array(x), shape=tuple(codes))
    assert y.shape == tuple(target)
    assert (y.asnumpy() == x.reshape(target)).all()
    try:  # right-to-left inference may not fit (MXNet reads garbage or fails there)
        r = nd.reshape(nd.array(x), shape=tuple(codes), reverse=True)
    except (MXNetError, ValueError):
        return
    assert r.size == x.size


@settings(max_examples=30, deadline=None)
@given(dims, st.data())
def test_split_concat_round_trip(shape, data):
    axis = data.draw(st.integers(0, len(shape) - 1))
    k = data.draw(st.sampled_from([d for d in range(1, shape[axis] + 1) if shape[axis] % d == 0]))
    x = nd.array(np.random.RandomState(0).rand(*shape))
    parts = nd.split(x, num_outputs=k, axis=axis)
    parts = parts if isinstance(parts, list) else [parts]
    assert (nd.concat(*parts, dim=axis).asnumpy() == x.asnumpy()).all()
    cuts = tuple(sorted(data.draw(st.lists(st.integers(0, shape[axis]), max_size=3))))
    pieces = nd.split_v2(x, cuts, axis=axis) if cuts else [x]
    pieces = pieces if isinstance(pieces, list) else [pieces]
    assert (np.concatenate([p.asnumpy() for p in pieces], axis) == x.asnumpy()).all()


@settings(max_examples=30, deadline=None)
@given(dims, st.data())
def test_broadcast_to_matches_numpy(shape, data):
    src = tuple(data.draw(st.sampled_from([1, s])) for s in shape)
    x = np.random.RandomState(1).rand(*src).astype(np.float32)
    target = tuple(data.draw(st.sampled_from([0, s])) if a == s else s
                   for a, s in zip(src, shape))
    y = nd.broadcast_to(nd.array(x), target)
    assert (y.asnumpy() == np.broadcast_to(x, shape)).all()


def test_recorded_concat_output_feeds_backward():
    a, b = nd.array([1.0, 2.0]), nd.array([3.0])
    a.attach_grad()
    b.attach_grad()
    with mx.autograd.record():
        y = nd.concat(a, b, dim=0) * nd.array([1.0, 2.0, 3.0])
    y.backward()
    assert a.grad.asnumpy().tolist() == [1.0, 2.0] and b.grad.asnumpy().tolist() == [3.0]


def test_outputs_are_new_buffers():
    """Slices, splits and transposes return copies (writing to them leaves the input alone)."""
    x = nd.arange(6).reshape((2, 3))
    outs = [nd.slice_axis(x, 0, 0, 1), nd.slice(x, begin=(0,), end=(1,)),
            nd.split(x, 2, axis=0)[0], nd.transpose(nd.arange(3)), nd.flip(x, axis=0),
            nd.slice_like(x, nd.ones((1, 3))), nd.diag(nd.ones((1, 1)))]
    for o in outs:
        o[:] = 9
    assert x.asnumpy().tolist() == [[0, 1, 2], [3, 4, 5]]


def test_broadcast_to_method_prepends_dims_and_function_is_strict():
    # MXNet 1.9.1: the NDArray method pads leading 1s (ValueError when incompatible); the
    # operator needs equal ndim (MXNetError)
    a = mx.nd.array([[1.0, 2.0, 3.0]])
    assert a.broadcast_to((4, 0, 3)).shape == (4, 1, 3)
    np.testing.assert_array_equal(a.broadcast_to((2, 3)).asnumpy(), [[1, 2, 3]] * 2)
    with pytest.raises(ValueError, match="requested shape"):
        a.broadcast_to((3,))
    with pytest.raises(MXNetError, match=r"Operand of shape \[1,3\] cannot be broadcasted to"):
        mx.nd.broadcast_to(a, shape=(4, 2, 3))
    with pytest.raises(MXNetError, match=r"cannot be broadcasted from \[1,3\] to \[2,2\]"):
        mx.nd.broadcast_to(a, shape=(2, 2))


def test_moveaxis_sequences():
    x = mx.nd.array(np.arange(24).reshape(2, 3, 4))
    got = mx.nd.moveaxis(x, [0, 1], [2, 0])
    np.testing.assert_array_equal(got.asnumpy(), np.moveaxis(np.arange(24).reshape(2, 3, 4),
                                                             [0, 1], [2, 0]))
    with pytest.raises(ValueError, match="repeated axis"):
        mx.nd.moveaxis(x, [0, 0], [2, 1])
    with pytest.raises(ValueError, match="same number of elements"):
        mx.nd.moveaxis(x, [0, 1], [2])
