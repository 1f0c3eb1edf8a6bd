"""mx.operator (CustomOp / CustomOpProp / register) and nd.Custom, checked against what
MXNet 1.9.1 does (kwargs reach the prop as strings, need_top_grad, aux states, errors)."""
import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError


# ---- the classic softmax example of MXNet's docs
class Softmax(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        x = in_data[0].asnumpy()
        y = np.exp(x - x.max(axis=1).reshape((x.shape[0], 1)))
        y /= y.sum(axis=1).reshape((x.shape[0], 1))
        self.assign(out_data[0], req[0], mx.nd.array(y))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        lab = in_data[1].asnumpy().ravel().astype(np.int64)
        y = out_data[0].asnumpy()
        y[np.arange(lab.shape[0]), lab] -= 1.0
        self.assign(in_grad[0], req[0], mx.nd.array(y))


SEEN = {}


@mx.operator.register("softmax_test")
class SoftmaxProp(mx.operator.CustomOpProp):
    def __init__(self, scale=1):
        SEEN["scale"] = scale
        super(SoftmaxProp, self).__init__(need_top_grad=False)

    def list_arguments(self):
        return ['data', 'label']

    def list_outputs(self):
        return ['output']

    def infer_shape(self, in_shape):
        SEEN["in_shape"] = in_shape
        data_shape = in_shape[0]
        label_shape = (in_shape[0][0],)
        output_shape = in_shape[0]
        return [data_shape, label_shape], [output_shape], []

    def infer_type(self, in_type):
        SEEN["in_type"] = in_type
        return in_type, [in_type[0]], []

    def create_operator(self, ctx, shapes, dtypes):
        SEEN["create"] = (ctx, shapes, dtypes)
        return Softmax()


X = np.array([[1., 2, 3], [1, 1, 4]])
LABEL = np.array([2., 0])
SOFTMAX = np.exp(X) / np.exp(X).sum(axis=1, keepdims=True)


def test_softmax_forward_backward():
    x, lab = nd.array(X), nd.array(LABEL)
    x.attach_grad()
    with autograd.record():
        y = nd.Custom(x, lab, op_type='softmax_test', scale=2.5)
    assert isinstance(y, nd.NDArray) and y.shape == (2, 3) and y.dtype == np.float32
    np.testing.assert_allclose(y.asnumpy(), SOFTMAX, rtol=1e-6)
    assert SEEN["scale"] == '2.5'  # MXNet passes keyword arguments as strings
    assert SEEN["in_shape"] == [[2, 3], [2]]
    assert SEEN["in_type"] == [np.float32, np.float32]
    assert SEEN["create"] == (mx.cpu(), [[2, 3], [2]], [0, 0])  # MXNet's dtype codes
    y.backward()
    want = SOFTMAX.copy()
    want[[0, 1], [2, 0]] -= 1
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-6, atol=1e-7)
    # need_top_grad=False: the head gradient is ignored, as in MXNet
    with autograd.record():
        z = (nd.Custom(x, lab, op_type='softmax_test') * 5).sum()
    z.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-6, atol=1e-7)
    assert SEEN["scale"] == 1  # no kwarg: the prop's own default


def test_not_recording_and_name():
    y = nd.Custom(nd.array(X), nd.array(LABEL), op_type='softmax_test', name='foo')
    np.testing.assert_allclose(y.asnumpy(), SOFTMAX, rtol=1e-6)
    assert y._node is None


def test_kwargs_stringified():
    nd.Custom(nd.array(X), nd.array(LABEL), op_type='softmax_test', scale=(2, 3))
    assert SEEN["scale"] == '(2, 3)'
    nd.Custom(nd.array(X), nd.array(LABEL), op_type='softmax_test', scale=None)
    assert SEEN["scale"] == 'None'


# ---- a custom op with two outputs, an aux state, need_top_grad=True
class Acc(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        LOG.append(("fwd", is_train, list(req), autograd.is_recording()))
        aux[0][:] += in_data[0].sum(axis=0)
        self.assign(out_data[0], req[0], in_data[0] * 2 + aux[0])
        self.assign(out_data[1], req[1], in_data[0].sum(axis=1))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        LOG.append(("bwd", list(req), len(out_grad), len(in_data), len(out_data), len(aux)))
        self.assign(in_grad[0], req[0], out_grad[0] * 2 + out_grad[1].reshape((-1, 1)))


LOG = []


@mx.operator.register("acc_test")
class AccProp(mx.operator.CustomOpProp):
    def list_outputs(self):
        return ['out', 'rowsum']

    def list_auxiliary_states(self):
        return ['state']

    def infer_shape(self, in_shape):
        return in_shape, [in_shape[0], [in_shape[0][0]]], [[in_shape[0][1]]]

    def create_operator(self, ctx, shapes, dtypes):
        return Acc()


def test_aux_states_two_outputs_and_gradient():
    del LOG[:]
    xv = np.array([[1., 2], [3, 4], [5, 6]])
    x, st = nd.array(xv, dtype='float64'), nd.zeros((2,), dtype='float64')
    x.attach_grad()
    w = np.array([[1., 2], [3, 4], [5, 6]])
    with autograd.record():
        y, r = nd.Custom(x, st, op_type='acc_test')
        z = (y * nd.array(w, dtype='float64')).sum() + (r * r).sum()
    assert y.dtype == np.float64 and r.shape == (3,)
    np.testing.assert_allclose(st.asnumpy(), [9, 12])
    np.testing.assert_allclose(y.asnumpy(), xv * 2 + [9, 12])
    np.testing.assert_allclose(r.asnumpy(), xv.sum(axis=1))
    z.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), w * 2 + 2 * xv.sum(axis=1, keepdims=True))
    assert LOG == [("fwd", True, ['write', 'write'], False), ("bwd", ['write'], 2, 1, 2, 1)]
    with pytest.raises(MXNetError, match=r"expects 2 inputs, but got 1 instead"):
        nd.Custom(x, op_type='acc_test')


def test_assign_reqs():
    op = mx.operator.CustomOp()
    d = nd.ones(2)
    op.assign(d, 'null', nd.array([5, 5]))
    assert d.asnumpy().tolist() == [1, 1]
    op.assign(d, 'write', nd.array([5, 6]))
    assert d.asnumpy().tolist() == [5, 6]
    op.assign(d, 'inplace', nd.array([7, 8]))
    assert d.asnumpy().tolist() == [7, 8]
    op.assign(d, 'add', nd.array([1, 1]))
    assert d.asnumpy().tolist() == [8, 9]


def test_prop_defaults():
    p = mx.operator.CustomOpProp()
    assert p.need_top_grad_ is True
    assert p.list_arguments() == ['data'] and p.list_outputs() == ['output']
    assert p.list_auxiliary_states() == []
    assert p.infer_shape([(2, 3)]) == ([(2, 3)], ((2, 3),), ())
    assert p.infer_type([np.float32]) == ([np.float32], [np.float32], [])
    assert p.declare_backward_dependency([1], [2], [3]) == [1, 2, 3]
    assert mx.operator.CustomOpProp(need_top_grad=False).declare_backward_dependency(
        [1], [2], [3]) == [2, 3]
    assert isinstance(p.create_operator(mx.cpu(), [[2]], [0]), mx.operator.CustomOp)


# ---- a differentiable custom op: gradient reqs, grad_req='add', train mode
class Mul(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], in_data[0] * in_data[1])

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        REQS.append(list(req))
        self.assign(in_grad[0], req[0], out_grad[0] * in_data[1])
        self.assign(in_grad[1], req[1], out_grad[0] * in_data[0])


REQS = []


@mx.operator.register("mul_test")
class MulProp(mx.operator.CustomOpProp):
    def list_arguments(self):
        return ['a', 'b']

    def create_operator(self, ctx, shapes, dtypes):
        return Mul()


def test_mul_grad_reqs_and_accumulation():
    del REQS[:]
    a, b = nd.array([1., 2]), nd.array([3., 4])
    a.attach_grad(grad_req='add')
    for _ in range(2):
        with autograd.record():
            o = nd.Custom(a, b, op_type='mul_test') * 2
        o.backward()
    np.testing.assert_allclose(a.grad.asnumpy(), [12, 16])
    assert REQS == [['write', 'null'], ['write', 'null']]  # b is not in the graph
    # chained with builtin ops on both sides
    x = nd.array([1., 2, 3])
    x.attach_grad()
    with autograd.record():
        u = nd.exp(x)
        o = nd.Custom(u, x * x, op_type='mul_test').sum()
    o.backward()
    xv = np.array([1., 2, 3])
    np.testing.assert_allclose(x.grad.asnumpy(), np.exp(xv) * (xv * xv + 2 * xv), rtol=1e-5)


def test_is_train_flag():
    del LOG[:]
    x, st = nd.ones((1, 2)), nd.zeros((2,))
    nd.Custom(x, st, op_type='acc_test')
    with autograd.record(train_mode=False):
        nd.Custom(x, st, op_type='acc_test')
    with autograd.train_mode():
        nd.Custom(x, st, op_type='acc_test')
    assert [e[1] for e in LOG] == [False, False, True]


def test_errors():
    x = nd.ones((2, 3))
    with pytest.raises(MXNetError, match="Cannot find custom operator nosuch"):
        nd.Custom(x, op_type='nosuch')
    with pytest.raises(MXNetError, match="Required argument `op_type` is missing"):
        nd.Custom(x)
    with pytest.raises(MXNetError, match="Operator Custom expects 2 inputs, but got 1"):
        nd.Custom(x, op_type='softmax_test')

    @mx.operator.register("bad_shape_test")
    class BadProp(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return in_shape, [], []
    with pytest.raises(MXNetError, match="expecting 1 entries in returned output shapes"):
        nd.Custom(x, op_type='bad_shape_test')


def test_register_returns_class_and_mx_operator_module():
    assert SoftmaxProp.__name__ == "SoftmaxProp"
    assert "softmax_test" in mx.operator._registered_names()
    assert mx.nd.Custom is nd.Custom


def test_custom_gradient_by_finite_differences():
    from opcheck import check_op
    rs = np.random.RandomState(0)
    check_op(lambda a, b: nd.Custom(a, b, op_type='mul_test'), lambda a, b: a * b,
             [rs.uniform(-1, 1, (2, 3)), rs.uniform(-1, 1, (2, 3))], orders=(1,))
