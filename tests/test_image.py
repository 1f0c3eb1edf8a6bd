"""mx.image (decoding, resizing, crops, borders, augmenters, ImageIter) against MXNet 1.9.1's
behaviour recorded by tools/record_io_image.py. Pillow is optional: the decode path is
tested through a stand-in PIL module, and once more for real when Pillow is installed."""
import sys
import types

import numpy as np
import pytest

import mxlite as mx
from mxlite.base import MXNetError

from test_mx_io import FIX, assert_same, rec, run_case


def test_image_functions_against_mxnet(tmp_path):
    got = rec.image_funcs(mx, str(tmp_path))
    got = __import__("json").loads(__import__("json").dumps(got))
    want = FIX["image_funcs"]
    # OpenCV's uint8 fixed-point rounding: mxlite's resize (ndarray/image_resize.py)
    # may differ by 1 on a few pixels for enlarging bilinear, area and bicubic
    for key in ("imresize", "resize_short"):
        assert_same(want.pop(key), got.pop(key), atol=1.0, path=key)
    assert_same(want, got)


def test_augmenters_against_mxnet(tmp_path):
    run_case("image_augs", tmp_path, atol=1e-3)


def test_imresize_checks():
    img = mx.nd.zeros((4, 4, 3), dtype="uint8")
    assert mx.image.imresize(img, 2, 3).shape == (3, 2, 3)
    assert mx.image.imresize(img.astype("int32"), 2, 2).dtype == np.int32
    with pytest.raises(MXNetError, match="interpolation"):
        mx.image.imresize(img, 2, 2, interp=9)
    with pytest.raises(MXNetError, match="shape"):
        mx.image.imresize(img[:, :, 0], 2, 2)
    out = mx.nd.zeros((2, 2, 3), dtype="uint8")
    assert mx.image.imresize(img + 5, 2, 2, out=out) is out
    assert (out.asnumpy() == 5).all()
    with pytest.raises(ValueError, match="Unknown interp"):
        mx.image.resize_short(img, 2, interp=7)


class _FakeImage:
    """A stand-in for a PIL image (RGB pixels given as an array)."""

    format = "FAKE"

    def __init__(self, rgb, mode="RGB"):
        self.rgb, self.mode = rgb, mode

    def load(self):
        pass

    def convert(self, mode):
        if mode == "L":
            g = self.rgb.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
            return _FakeImage(np.rint(g).astype(np.uint8), "L")
        return _FakeImage(self.rgb, mode)

    def __array__(self, dtype=None, copy=None):
        return self.rgb if dtype is None else self.rgb.astype(dtype)


@pytest.fixture
def fake_pil(monkeypatch):
    pixels = (np.arange(2 * 3 * 3) * 20).astype(np.uint8).reshape(2, 3, 3)
    seen = []

    def open_(f):
        data = f.read()
        if data != b"PNGDATA":
            raise OSError("cannot identify image file")
        seen.append(data)
        return _FakeImage(pixels)
    pil = types.ModuleType("PIL")
    pil.Image = types.SimpleNamespace(open=open_)
    monkeypatch.setitem(sys.modules, "PIL", pil)
    return pixels, seen


def test_imdecode_and_imread_through_pillow(fake_pil, tmp_path):
    pixels, seen = fake_pil
    a = mx.image.imdecode(b"PNGDATA")
    assert a.dtype == np.uint8 and a.shape == (2, 3, 3)
    np.testing.assert_array_equal(a.asnumpy(), pixels)
    bgr = mx.image.imdecode(bytearray(b"PNGDATA"), to_rgb=False)
    np.testing.assert_array_equal(bgr.asnumpy(), pixels[:, :, ::-1])
    gray = mx.image.imdecode(np.frombuffer(b"PNGDATA", np.uint8), flag=0)
    assert gray.shape == (2, 3, 1)
    nd_buf = mx.nd.array(np.frombuffer(b"PNGDATA", np.uint8), dtype="uint8")
    np.testing.assert_array_equal(mx.image.imdecode(nd_buf).asnumpy(), pixels)
    p = tmp_path / "x.png"
    p.write_bytes(b"PNGDATA")
    np.testing.assert_array_equal(mx.image.imread(str(p)).asnumpy(), pixels)
    with pytest.raises(MXNetError, match="Invalid image"):
        mx.image.imdecode(b"garbage")
    with pytest.raises(ValueError, match="bytes"):
        mx.image.imdecode("PNGDATA")
    assert len(seen) == 5


def test_decode_without_pillow_names_pillow(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "PIL", None)  # import PIL fails
    with pytest.raises(MXNetError, match="Pillow"):
        mx.image.imdecode(b"\x89PNG")
    with pytest.raises(MXNetError, match="couldn't open file"):
        mx.image.imread(str(tmp_path / "missing.png"))


def test_real_png_decode_against_mxnet(tmp_path):
    """Needs Pillow (an optional extra), hence skipped where it is not installed."""
    Image = pytest.importorskip("PIL.Image")
    run_case("image_decode", tmp_path)
    pixels = (np.arange(4 * 5 * 3) * 11 % 256).astype(np.uint8).reshape(4, 5, 3)
    path = str(tmp_path / "x.png")
    Image.fromarray(pixels).save(path)
    np.testing.assert_array_equal(mx.image.imread(path).asnumpy(), pixels)
    np.testing.assert_array_equal(mx.image.imread(path, to_rgb=False).asnumpy(),
                                  pixels[:, :, ::-1])
    assert mx.image.imread(path, flag=0).shape == (4, 5, 1)


def _images(n):
    return [(float(i), (np.arange(5 * 6 * 3) + 10 * i).reshape(5, 6, 3).astype(np.uint8))
            for i in range(n)]


def test_imageiter_in_memory_batches():
    augs = [mx.image.ForceResizeAug((4, 3)), mx.image.CastAug()]
    it = mx.image.ImageIter(2, (3, 3, 4), imglist=_images(5), aug_list=augs)
    assert it.provide_data == [("data", (2, 3, 3, 4))]
    assert it.provide_label == [("softmax_label", (2,))]
    batches = list(it)
    assert [b.pad for b in batches] == [0, 0, 1]
    assert [b.label[0].asnumpy().tolist() for b in batches] == [[0, 1], [2, 3], [4, 0]]
    want = mx.image.imresize(mx.nd.array(_images(5)[2][1], dtype="uint8"), 4, 3, 2)
    np.testing.assert_array_equal(batches[1].data[0][0].asnumpy(),
                                  want.asnumpy().transpose(2, 0, 1))
    it.reset()
    assert len(list(it)) == 3
    it = mx.image.ImageIter(2, (3, 3, 4), imglist=_images(5), aug_list=augs,
                            last_batch_handle="discard")
    assert len(list(it)) == 2
    it = mx.image.ImageIter(2, (3, 3, 4), imglist=_images(5), aug_list=augs,
                            last_batch_handle="roll_over")
    assert len(list(it)) == 2
    it.reset()
    b = it.next()
    assert b.label[0].asnumpy().tolist() == [4, 0] and b.pad == 1


def test_imageiter_default_augs_and_checks():
    it = mx.image.ImageIter(3, (3, 4, 4), imglist=_images(3), resize=4, mean=True, std=True)
    b = it.next()
    assert b.data[0].shape == (3, 3, 4, 4) and b.data[0].dtype == np.float32
    with pytest.raises(ValueError, match="3 channels"):
        mx.image.ImageIter(1, (1, 4, 4), imglist=_images(1))
    with pytest.raises(MXNetError, match="does not exist"):
        mx.image.ImageIter(1, (3, 4, 4), path_imgrec="no-such-file.rec")


def test_random_rotate_shapes():
    x = mx.nd.ones((2, 3, 4, 4))
    np.random.seed(0)
    assert mx.image.random_rotate(x, (-10, 10)).shape == (2, 3, 4, 4)
    assert mx.image.imrotate(x[0], 0).shape == (3, 4, 4)


def test_imageiter_from_list_file_and_recordio(fake_pil, tmp_path):
    import struct
    pixels, _ = fake_pil  # every "PNGDATA" file decodes to this 2x3 RGB image
    (tmp_path / "a.png").write_bytes(b"PNGDATA")
    (tmp_path / "list.lst").write_text("0\t1.5\ta.png\n1\t2.5\ta.png\n")
    augs = [mx.image.CastAug()]
    it = mx.image.ImageIter(2, (3, 2, 3), path_imglist=str(tmp_path / "list.lst"),
                            path_root=str(tmp_path), aug_list=augs)
    b = it.next()
    assert b.label[0].asnumpy().tolist() == [1.5, 2.5]
    np.testing.assert_array_equal(b.data[0][1].asnumpy(), pixels.transpose(2, 0, 1))
    # an indexed RecordIO file of two packed images (IRHeader: flag, label, id, id2)
    recs, offsets = b"", []
    for i, label in enumerate((3.0, 4.0)):
        payload = struct.pack("IfQQ", 0, label, i, 0) + b"PNGDATA"
        offsets.append(len(recs))
        recs += struct.pack("<II", 0xced7230a, len(payload)) + payload
        recs += b"\0" * ((4 - len(payload) % 4) % 4)
    (tmp_path / "x.rec").write_bytes(recs)
    (tmp_path / "x.idx").write_text("".join("%d\t%d\n" % (i, o) for i, o in enumerate(offsets)))
    it = mx.image.ImageIter(2, (3, 2, 3), path_imgrec=str(tmp_path / "x.rec"),
                            path_imgidx=str(tmp_path / "x.idx"), aug_list=augs)
    b = it.next()
    it.imgrec.close()
    assert b.label[0].asnumpy().tolist() == [3.0, 4.0]
    np.testing.assert_array_equal(b.data[0][0].asnumpy(), pixels.transpose(2, 0, 1))
    # without the index file the records are read in file order
    it = mx.image.ImageIter(1, (3, 2, 3), path_imgrec=str(tmp_path / "x.rec"), aug_list=augs)
    assert [b.label[0].asscalar() for b in it] == [3.0, 4.0]
    it.imgrec.close()


def test_imageiter_schedule_against_mxnet():
    """Batches, pads, roll-over and shuffling as MXNet's ImageIter over a RecordIO file
    (recorded by tools/record_io_image.py), here on in-memory images."""
    imgs = [(float(i), np.full((3, 4, 3), 10 * i, np.uint8)) for i in range(5)]
    augs = [mx.image.CastAug()]
    got = rec.imageiter_runs(lambda h, sh: mx.image.ImageIter(
        2, (3, 3, 4), imglist=imgs, aug_list=augs, last_batch_handle=h, shuffle=sh))
    assert_same(FIX["imageiter"], got)


def test_detection_iterators_not_implemented():
    with pytest.raises(MXNetError, match="not implemented by mxlite"):
        mx.image.ImageDetIter(1, (3, 4, 4), path_imgrec="x.rec")
