"""mx.nd.image against MXNet 1.9.1 (tests/fixtures/fuzz_nd_image.json, recorded by
`../shared/tools/mxnet-ref tools/record_fuzz.py nd_image`)."""
import numpy as np
import pytest

from fuzz_replay import load, make_test
from mxlite import autograd, nd
from test_diff_sweep import _eval, _inputs, _raises, replay

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")
CASES = load("nd_image")


def _unchanged(case):
    """mxlite returns the image itself (MXNet: zeros for a colour jitter with every factor
    0, a plainly wrong result)."""
    env = _inputs(case)
    y = _eval(case, env)[0]
    np.testing.assert_array_equal(y.asnumpy(), env["a"].asnumpy())


def _identity_normalize(case):
    """mxlite's omitted mean/std are 0 and 1 (MXNet's four-element defaults are refused)."""
    env = _inputs(case)
    np.testing.assert_array_equal(_eval(case, env)[0].asnumpy(), env["a"].asnumpy())


def _to_tensor_grad(case):
    """MXNet's to_tensor backward fails (an HWC gradient for a CHW output); mxlite's is
    the true one: the head gradient moved back to HWC, divided by 255."""
    replay({k: v for k, v in case.items() if k not in ("grad_error", "wrt")})
    env = _inputs(case)
    a = env["a"]
    a.attach_grad()
    with autograd.record():
        y = nd.image.to_tensor(a)
    h = np.arange(y.size, dtype=np.float32).reshape(y.shape)
    y.backward(nd.array(h))
    np.testing.assert_allclose(a.grad.asnumpy(), h.transpose(1, 2, 0) / 255, rtol=1e-6)


def _within_one(case):
    """uint8 results within 1 of MXNet's: enlarging bilinear resize (OpenCV's SIMD rounding,
    see ndarray/image_resize.py) and the HLS round trip of a zero hue rotation."""
    y = _eval(case, _inputs(case))[0]
    exp = np.array(case["outputs"][0]["data"]).reshape(case["outputs"][0]["shape"])
    assert y.shape == exp.shape and y.dtype == np.uint8
    assert np.abs(y.asnumpy().astype(int) - exp).max() <= 1


def _flip(case):
    """MXNet's flips zero the middle column (row) of an odd width (height), and their
    gradient is the head gradient unflipped; mxlite's are NumPy's, and the gradient is the
    head gradient flipped back."""
    env = _inputs(case)
    axis = 1 if "left_right" in case["expr"] else 0
    a = env["a"]
    if case.get("wrt"):
        a.attach_grad()
    with autograd.record():
        y = _eval(case, env)[0]
    np.testing.assert_array_equal(y.asnumpy(), np.flip(a.asnumpy(), axis))
    if case.get("wrt"):
        h = np.arange(y.size, dtype=np.float32).reshape(y.shape)
        y.backward(nd.array(h))
        np.testing.assert_array_equal(a.grad.asnumpy(), np.flip(h, axis))


def _saturation(case):
    """MXNet's random_saturation blends with 0.114 * B alone (the red and green terms of
    the gray level are lost); mxlite blends with the whole gray level."""
    env = _inputs(case)
    a = env["a"].asnumpy()
    alpha = float(case["expr"].split("(a, ")[1].split(",")[0])
    f = a.astype(np.float32)
    gray = (f @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    ref = f * np.float32(alpha) + gray * np.float32(1 - alpha)
    if a.dtype == np.uint8:
        ref = np.clip(ref, 0, 255).astype(np.uint8)
    y = _eval(case, env)[0]
    assert y.dtype == a.dtype
    np.testing.assert_allclose(y.asnumpy().astype(np.float64), ref, rtol=1e-5, atol=1.01)


def _documented():
    doc = {}
    for name, c in CASES.items():
        if "error" in c:
            continue
        shape = c["inputs"]["a"]["shape"]
        if name.startswith("resize_u8") and c["outputs"][0]["shape"][-3] > shape[-3]:
            doc[name] = _within_one
        elif name.startswith(("flip_left_right", "flip_top_bottom")) and \
                (shape[-2 if "left_right" in name else -3] % 2 or c.get("wrt")):
            doc[name] = _flip
        elif name.startswith("random_saturation") and not name.endswith(("_1.0", "_range")):
            doc[name] = _saturation
    return doc


DOCUMENTED = _documented()
DOCUMENTED.update({
    "random_hue_zero": _within_one,
    "random_color_jitter_zero": _unchanged,
    "normalize_default": _identity_normalize,
    # MXNet reads outside the image (zeros, then pixels of the next row); mxlite raises
    "crop_negative_x": _raises,
    "to_tensor_grad": _to_tensor_grad,
})

test_case = make_test("nd_image", DOCUMENTED)


def test_transforms_use_nd_image():
    """gluon's ToTensor and Normalize give nd.image's results."""
    from mxlite.gluon.data.vision import transforms as T
    a = nd.array(np.random.RandomState(0).randint(0, 256, (4, 5, 3)), dtype="uint8")
    t = T.ToTensor()(a)
    np.testing.assert_array_equal(t.asnumpy(), nd.image.to_tensor(a).asnumpy())
    np.testing.assert_allclose(T.Normalize((0.1, 0.2, 0.3), (0.5, 0.6, 0.7))(t).asnumpy(),
                               nd.image.normalize(t, (0.1, 0.2, 0.3), (0.5, 0.6, 0.7)).asnumpy())
