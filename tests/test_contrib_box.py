"""nd.contrib detection ops (MultiBoxPrior/Target/Detection, box_*, bipartite_matching):
fixtures recorded from MXNet 1.9.1 (D2L 9.4's examples among them), gradients by finite
differences, errors."""
import numpy as np
import pytest
from contrib_fixture import FIXTURE, run_case
from opcheck import check_op

import mxlite as mx
from mxlite import nd
from mxlite.base import MXNetError

_BOX = {c["name"]: c for c in FIXTURE["box"]}


@pytest.mark.parametrize("name", sorted(_BOX))
def test_fixture(name):
    run_case(_BOX[name])


def test_d2l_anchor_values():
    # D2L 9.4.1 prints boxes[250, 250, 0, :] = [0.06, 0.07, 0.63, 0.82]
    y = nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 561, 728)), sizes=[0.75, 0.5, 0.25],
                                 ratios=[1, 2, 0.5])
    assert y.shape == (1, 2042040, 4) and y.dtype == np.float32
    np.testing.assert_allclose(y.reshape((561, 728, 5, 4))[250, 250, 0].asnumpy(),
                               [0.06, 0.07, 0.63, 0.82], atol=0.005)


def test_d2l_target_and_detection():
    c = _BOX["d2l_target"]["outputs"][2]["data"]
    assert c == [[0.0, 1.0, 2.0, 0.0, 2.0]]
    det = np.array(_BOX["d2l_detection"]["outputs"][0]["data"])[0]
    assert det[:, 0].tolist() == [0, 1, -1, -1]


def test_multibox_no_gradient():
    x = nd.ones((1, 2, 3, 3))
    x.attach_grad()
    with mx.autograd.record():
        y = nd.contrib.MultiBoxPrior(x, sizes=[0.5], ratios=[1, 2])
    y.backward()
    assert (x.grad.asnumpy() == 0).all()


def test_multibox_target_negative_mining_and_ignore():
    anchors = nd.array([[[0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1], [0, 0.5, 0.5, 1],
                         [0.5, 0, 1, 0.5]]])
    label = nd.array([[[1, 0, 0, 0.5, 0.5], [-1, -1, -1, -1, -1]]])
    cls = nd.array([[[5, 1, 0, 3], [0, 0, 0, 0]]])
    loc, mask, ct = nd.contrib.MultiBoxTarget(anchors, label, cls, negative_mining_ratio=2,
                                              ignore_label=-7)
    # one positive (class 1 + 1); the 2 anchors with the lowest background probability are
    # negative, the other is ignored (checked on MXNet 1.9.1)
    assert ct.asnumpy().tolist() == [[2, 0, 0, -7]]
    assert mask.asnumpy().reshape(4, 4)[:, 0].tolist() == [1, 0, 0, 0]
    assert (loc.asnumpy() == 0).all()


def test_multibox_detection_force_suppress_and_threshold():
    anchors = nd.array([[[0.1, 0.1, 0.5, 0.5], [0.12, 0.1, 0.5, 0.5], [0.6, 0.6, 0.9, 0.9]]])
    prob = nd.array([[[0.1, 0.1, 0.99], [0.8, 0.1, 0.005], [0.1, 0.8, 0.005]]])
    loc = nd.zeros((1, 12))
    out = nd.contrib.MultiBoxDetection(prob, loc, anchors).asnumpy()[0]
    assert out[:, 0].tolist() == [0, 1, -1] and out[2, 1] == -1  # below threshold: all -1
    out = nd.contrib.MultiBoxDetection(prob, loc, anchors, force_suppress=True).asnumpy()[0]
    assert out[:, 0].tolist() == [0, -1, -1]


def test_box_iou_gradient():
    rs = np.random.RandomState(0)
    a = rs.uniform(0, 1, (3, 4))
    a[:, 2:] = a[:, :2] + rs.uniform(0.3, 0.6, (3, 2))
    b = a[::-1].copy() + 0.1

    def ref(x, y):
        iw = np.maximum(0, np.minimum(x[:, None, 2], y[None, :, 2]) -
                        np.maximum(x[:, None, 0], y[None, :, 0]))
        ih = np.maximum(0, np.minimum(x[:, None, 3], y[None, :, 3]) -
                        np.maximum(x[:, None, 1], y[None, :, 1]))
        i = iw * ih
        ar = lambda z: (z[:, 2] - z[:, 0]) * (z[:, 3] - z[:, 1])  # noqa: E731
        return i / (ar(x)[:, None] + ar(y)[None] - i)
    check_op(lambda x, y: nd.contrib.box_iou(x, y), ref, [a, b], orders=(1, 2))


def test_box_decode_gradient():
    rs = np.random.RandomState(1)
    d = rs.randn(1, 3, 4) * 0.3
    anc = np.array([[[0.1, 0.1, 0.5, 0.6], [0.3, 0.2, 0.9, 0.5], [0.2, 0.4, 0.3, 0.9]]])
    check_op(lambda x, a: nd.contrib.box_decode(x, a, std0=0.1, std2=0.2, format="corner"),
             None, [d, anc], orders=(1, 2))


def test_box_nms_gradient_orders():
    rs = np.random.RandomState(2)
    d = np.concatenate([rs.uniform(0, 1, (2, 5, 2)), rs.uniform(0, 0.5, (2, 5, 2)),
                        rs.uniform(0.6, 1, (2, 5, 2))], axis=-1)
    check_op(lambda x: nd.contrib.box_nms(x, overlap_thresh=0.3), None, [d], orders=(1, 2))


def test_box_nms_alias_and_bad_format():
    assert nd.contrib.box_non_maximum_suppression is nd.contrib.box_nms
    with pytest.raises(MXNetError, match="center"):
        nd.contrib.box_nms(nd.zeros((2, 6)), in_format="xywh")


def test_bipartite_matching_requires_threshold():
    with pytest.raises(MXNetError, match="threshold"):
        nd.contrib.bipartite_matching(nd.zeros((2, 2)))
    r, c = nd.contrib.bipartite_matching(nd.array([[0.5, 0.6], [0.1, 0.9]]), threshold=0.1)
    assert r.asnumpy().tolist() == [0, 1] and c.asnumpy().tolist() == [0, 1]


def test_errors():
    with pytest.raises(MXNetError, match="4D"):
        nd.contrib.MultiBoxPrior(nd.zeros((2, 3)))
    with pytest.raises(MXNetError, match="Anchor should be batch shared"):
        nd.contrib.MultiBoxTarget(nd.zeros((2, 4)), nd.zeros((1, 1, 5)), nd.zeros((1, 2, 2)))
    with pytest.raises(MXNetError, match="anchors mismatch with # loc"):
        nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 3)), nd.zeros((1, 8)), nd.zeros((1, 3, 4)))
    with pytest.raises(MXNetError, match="last dimension of lhs must be 4"):
        nd.contrib.box_iou(nd.zeros((2, 3)), nd.zeros((2, 4)))
    assert not hasattr(nd, "MultiBoxPrior")  # contrib-only, as in MXNet
