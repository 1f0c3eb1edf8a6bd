"""Records MXNet 1.9.1's gluon.data behaviour into tests/fixtures/data.json.

    /work/shared/tools/mxnet-ref tools/record_data.py

Inputs are generated from fixed numpy seeds (the tests regenerate them the same way);
outputs and error texts come from the reference.
"""
import gzip
import os
import struct
import sys
import tempfile

import numpy as np
import mxnet as mx
from mxnet.gluon import data as gdata
from mxnet.gluon.data.vision import transforms as T

from fixture_io import write_json  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "data.json")


def image(seed, shape, dtype):
    """The test images: uniform in [0, 255), cast to dtype (tests/test_gluon_data.py has
    the same function)."""
    return (np.random.RandomState(seed).rand(*shape) * 255).astype(dtype)


def err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and text are what we record
        text = str(e).strip().splitlines()
        lines = [ln for ln in text if "Check failed" in ln]
        msg = lines[0].split(": ", 2)[-1] if lines else text[-1]
        return [type(e).__name__, msg]
    return None


def main():
    res = {}
    # --- transforms with deterministic outputs
    cases = []
    for seed, shape, dtype, name, t in [
            (1, (5, 7, 3), "uint8", "ToTensor", T.ToTensor()),
            (2, (2, 5, 7, 3), "uint8", "ToTensor", T.ToTensor()),
            (3, (5, 7, 3), "uint8", "Resize(3,keep)", T.Resize(3, keep_ratio=True)),
            (4, (5, 7, 3), "uint8", "Resize((4,2))", T.Resize((4, 2))),
            (5, (5, 7, 3), "float32", "Resize((4,6))", T.Resize((4, 6))),
            (6, (5, 7, 3), "float32", "Resize((9,11))", T.Resize((9, 11))),
            (7, (5, 7, 3), "uint8", "Resize((9,11),0)", T.Resize((9, 11), interpolation=0)),
            (8, (5, 7, 3), "uint8", "Resize((4,3),0)", T.Resize((4, 3), interpolation=0)),
            (9, (5, 7, 3), "uint8", "Resize((3,2),2)", T.Resize((3, 2), interpolation=2)),
            (10, (5, 7, 3), "uint8", "Resize((9,4),2)", T.Resize((9, 4), interpolation=2)),
            (11, (8, 6, 3), "float32", "Resize((4,3),3)", T.Resize((4, 3), interpolation=3)),
            (12, (5, 7, 3), "float32", "Resize((3,2),3)", T.Resize((3, 2), interpolation=3)),
            (13, (5, 7, 3), "uint8", "Resize((6,9),4)", T.Resize((6, 9), interpolation=4)),
            (14, (8, 6, 3), "uint8", "Resize((3,4),1)", T.Resize((3, 4))),
            (15, (2, 5, 7, 3), "float32", "Resize((4,3))", T.Resize((4, 3))),
            (16, (5, 7, 3), "uint8", "CenterCrop(3)", T.CenterCrop(3)),
            (17, (5, 7, 3), "uint8", "CenterCrop((4,2))", T.CenterCrop((4, 2))),
            (18, (5, 7, 3), "float32", "CenterCrop((9,6))", T.CenterCrop((9, 6))),
            (19, (5, 7, 3), "uint8", "CropResize(1,2,3,2)", T.CropResize(1, 2, 3, 2)),
            (20, (5, 7, 3), "float32", "CropResize(0,1,6,4,(3,2),1)",
             T.CropResize(0, 1, 6, 4, size=(3, 2), interpolation=1)),
            (21, (5, 7, 3), "uint8", "Cast(float16)", T.Cast("float16")),
            (22, (3, 4, 5), "float32", "Normalize((.1,.2,.3),(.5,.6,.7))",
             T.Normalize(mean=(0.1, 0.2, 0.3), std=(0.5, 0.6, 0.7))),
            (23, (2, 3, 4, 5), "float32", "Normalize(.5,.25)", T.Normalize(0.5, 0.25)),
            (24, (1, 4, 5), "float32", "Normalize((.5,),(2,))", T.Normalize((0.5,), (2,))),
            (25, (3, 3, 4), "uint8", "Normalize(5,3)", T.Normalize(5, 3)),
            (40, (3, 5, 4), "float32", "Rotate(30)", T.Rotate(30)),
            (41, (2, 3, 5, 4), "float32", "Rotate(-45,True)", T.Rotate(-45, zoom_in=True)),
            (42, (1, 6, 4), "float32", "Rotate(60,False,True)", T.Rotate(60, zoom_out=True)),
            (26, (6, 8, 3), "uint8", "Compose", T.Compose([
                T.Resize(4), T.CenterCrop(3), T.ToTensor(), T.Normalize(0.5, 0.25)]))]:
        x = image(seed, shape, dtype)
        y = t(mx.nd.array(x, dtype=dtype))
        cases.append({"seed": seed, "shape": list(shape), "dtype": dtype, "name": name,
                      "out_shape": list(y.shape), "out_dtype": np.dtype(y.dtype).name,
                      "out": y.asnumpy().astype(np.float64).round(5).ravel().tolist()})
    res["transforms"] = cases

    # --- colour adjustments with a fixed factor (min == max)
    adj = []
    for dtype in ("uint8", "float32"):
        x = mx.nd.array(image(30, (3, 4, 3), dtype), dtype=dtype)
        for name, fn, arg in [
                ("brightness", mx.nd.image.random_brightness, 1.37),
                ("brightness", mx.nd.image.random_brightness, 0.4),
                ("contrast", mx.nd.image.random_contrast, 1.37),
                ("contrast", mx.nd.image.random_contrast, 0.6),
                ("hue", mx.nd.image.random_hue, 1.2),
                ("hue", mx.nd.image.random_hue, 0.9)]:
            y = fn(x, arg, arg)
            adj.append({"dtype": dtype, "name": name, "factor": arg,
                        "out": y.asnumpy().astype(np.float64).round(4).ravel().tolist()})
        y = mx.nd.image.adjust_lighting(x, alpha=(0.1, -0.2, 0.3))
        adj.append({"dtype": dtype, "name": "lighting", "factor": [0.1, -0.2, 0.3],
                    "out": y.asnumpy().astype(np.float64).round(4).ravel().tolist()})
    res["adjust"] = adj

    # --- random transforms: output shape and dtype
    rnd = []
    for dtype in ("uint8", "float32"):
        x = mx.nd.array(image(31, (6, 8, 3), dtype), dtype=dtype)
        for name, t in [("RandomResizedCrop(4)", T.RandomResizedCrop(4)),
                        ("RandomResizedCrop((5,3))", T.RandomResizedCrop((5, 3))),
                        ("RandomFlipLeftRight", T.RandomFlipLeftRight()),
                        ("RandomFlipTopBottom", T.RandomFlipTopBottom()),
                        ("RandomBrightness", T.RandomBrightness(0.3)),
                        ("RandomContrast", T.RandomContrast(0.3)),
                        ("RandomSaturation", T.RandomSaturation(0.3)),
                        ("RandomHue", T.RandomHue(0.3)),
                        ("RandomColorJitter", T.RandomColorJitter(0.3, 0.3, 0.3, 0.3)),
                        ("RandomLighting", T.RandomLighting(0.1))]:
            y = t(x)
            rnd.append({"dtype": dtype, "name": name, "out_shape": list(y.shape),
                        "out_dtype": np.dtype(y.dtype).name})
    res["random"] = rnd

    # --- error texts
    t3 = mx.nd.ones((3, 5, 7))
    res["errors"] = {
        "normalize_mean": err(lambda: T.Normalize((0.1, 0.2), (1, 1))(t3)),
        "normalize_std": err(lambda: T.Normalize(0.5, (1, 2, 3, 4))(t3)),
        "normalize_2d": err(lambda: T.Normalize(0.5, 0.25)(mx.nd.ones((3, 4)))),
        "normalize_channels": err(lambda: T.Normalize(0.5, 0.25)(mx.nd.ones((2, 3, 4)))),
        "totensor_2d": err(lambda: T.ToTensor()(mx.nd.ones((3, 4)))),
        "resize_2d": err(lambda: T.Resize(2)(mx.nd.ones((3, 4)))),
        "flip_2d": err(lambda: T.RandomFlipLeftRight()(mx.nd.ones((2, 2)))),
        "brightness_4d": err(lambda: T.RandomBrightness(0.1)(mx.nd.ones((1, 2, 2, 3)))),
        "arraydataset_len": err(lambda: gdata.ArrayDataset([1, 2, 3], [1, 2])),
        "shard_index": err(lambda: gdata.SimpleDataset([1, 2]).shard(2, 2)),
        "sample_type": err(lambda: gdata.SimpleDataset([1, 2]).sample([0, 1])),
        "loader_batch_size": err(lambda: gdata.DataLoader([1, 2, 3])),
        "loader_shuffle_sampler": err(lambda: gdata.DataLoader(
            [1, 2, 3], batch_size=2, shuffle=True, sampler=gdata.SequentialSampler(3))),
        "loader_batch_sampler": err(lambda: gdata.DataLoader(
            [1, 2, 3], batch_size=2,
            batch_sampler=gdata.BatchSampler(gdata.SequentialSampler(3), 2))),
        "batch_sampler_last": err(lambda: list(
            gdata.BatchSampler(gdata.SequentialSampler(3), 2, "bogus"))),
        "rotate_dtype": err(lambda: T.Rotate(3)(mx.nd.ones((1, 2, 2), dtype="float64"))),
        "rotation_limits": err(lambda: T.RandomRotation((5, 1))),
        "rotation_proba": err(lambda: T.RandomRotation((1, 5), rotate_with_proba=2)),
        "loader_timeout": err(lambda: gdata.DataLoader([1, 2, 3], batch_size=2, timeout=0)),
    }

    # --- samplers, datasets, batches
    seq = gdata.SequentialSampler(10)
    res["samplers"] = {
        "sequential_start": list(gdata.SequentialSampler(4, 3)),
        "keep": list(gdata.BatchSampler(seq, 3, "keep")),
        "discard": list(gdata.BatchSampler(seq, 3, "discard")),
        "len_keep": len(gdata.BatchSampler(seq, 3, "keep")),
        "len_discard": len(gdata.BatchSampler(seq, 3, "discard")),
    }
    roll = gdata.BatchSampler(seq, 4, "rollover")
    epochs, lens = [], []
    for _ in range(3):
        lens.append(len(roll))
        epochs.append(list(roll))
    res["samplers"]["rollover_epochs"] = epochs
    res["samplers"]["rollover_lens"] = lens
    ds = gdata.SimpleDataset(list(range(10)))
    res["datasets"] = {
        "shards": [[ds.shard(3, i)[j] for j in range(len(ds.shard(3, i)))] for i in range(3)],
        "take": [len(ds.take(3)), len(ds.take(None)), len(ds.take(20))],
        "filter": [ds.filter(lambda v: v % 3 == 0)[i] for i in range(4)],
    }
    loader = gdata.DataLoader(gdata.ArrayDataset(np.arange(12).reshape(6, 2).astype("float64"),
                                                 np.arange(6).astype("int32")), batch_size=4)
    res["loader"] = [[[list(b.shape), np.dtype(b.dtype).name] for b in batch]
                     for batch in loader]
    loader = gdata.DataLoader(list(range(5)), batch_size=2)
    res["loader_ints"] = [[list(b.shape), np.dtype(b.dtype).name] for b in loader]
    loader = gdata.DataLoader([mx.nd.ones((2, 3), dtype="float16")] * 3, batch_size=2)
    res["loader_nd"] = [[list(b.shape), np.dtype(b.dtype).name] for b in loader]

    # --- vision datasets from fake files (no network: sha1 checks patched)
    import mxnet.gluon.utils as gutils
    import mxnet.gluon.data.vision.datasets as vds
    gutils.check_sha1 = vds.check_sha1 = lambda *a: True
    root = tempfile.mkdtemp()
    write_fake_mnist(os.path.join(root, "mnist"))
    write_fake_cifar(os.path.join(root, "cifar10"), os.path.join(root, "cifar100"))
    vis = {}
    for name, ds_ in [("mnist_train", gdata.vision.MNIST(os.path.join(root, "mnist"))),
                      ("mnist_test", gdata.vision.MNIST(os.path.join(root, "mnist"), False)),
                      ("cifar10", gdata.vision.CIFAR10(os.path.join(root, "cifar10"))),
                      ("cifar10_test", gdata.vision.CIFAR10(os.path.join(root, "cifar10"),
                                                            train=False)),
                      ("cifar100", gdata.vision.CIFAR100(os.path.join(root, "cifar100"))),
                      ("cifar100_fine", gdata.vision.CIFAR100(os.path.join(root, "cifar100"),
                                                              fine_label=True))]:
        x, y = ds_[1]
        vis[name] = {"len": len(ds_), "shape": list(x.shape), "dtype": np.dtype(x.dtype).name,
                     "label": int(y), "label_type": type(y).__name__,
                     "sum": int(x.asnumpy().astype(np.int64).sum())}
    res["vision"] = vis
    res["recordio"] = record_recordio(root)
    res["image_folder"] = record_image_folder(root)
    write_json(OUT, res)
    print("wrote", OUT, os.path.getsize(OUT), "bytes", file=sys.stderr)


def record_recordio(root):
    """A .rec/.idx pair written by MXNet (one record split at an embedded magic number),
    what RecordFileDataset reads back, and mx.recordio.unpack of an image-record header."""
    import base64
    rec, idx = os.path.join(root, "t.rec"), os.path.join(root, "t.idx")
    w = mx.recordio.MXIndexedRecordIO(idx, rec, "w")
    magic = struct.pack("<I", 0xced7230a)
    payloads = [b"hello", b"abcd" + magic + b"xyz" + magic + b"12345678", b"",
                mx.recordio.pack(mx.recordio.IRHeader(2, [1.5, 2.5], 7, 0), b"payload"),
                mx.recordio.pack(mx.recordio.IRHeader(0, 3.0, 9, 1), b"img")]
    for i, p in enumerate(payloads):
        w.write_idx(i * 10, p)
    w.close()
    ds = gdata.RecordFileDataset(rec)
    out = {"rec": base64.b64encode(open(rec, "rb").read()).decode(),
           "idx": open(idx).read(), "len": len(ds),
           "records": [base64.b64encode(ds[i]).decode() for i in range(len(ds))]}
    heads = []
    for i in (3, 4):
        h, s = mx.recordio.unpack(ds[i])
        label = h.label.tolist() if isinstance(h.label, np.ndarray) else float(h.label)
        heads.append([h.flag, label, h.id, h.id2, base64.b64encode(s).decode()])
    out["headers"] = heads
    return out


def record_image_folder(root):
    """Listing of an image folder (empty files: listing does not decode)."""
    import warnings
    base = os.path.join(root, "folder")
    for rel in ("car/b.jpg", "car/a.PNG", "car/notes.txt", "bus/x.jpeg", "bus/y.gif",
                "apple/z.png"):
        os.makedirs(os.path.dirname(os.path.join(base, rel)), exist_ok=True)
        open(os.path.join(base, rel), "wb").close()
    open(os.path.join(base, "readme.md"), "wb").close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = gdata.vision.ImageFolderDataset(base)
    return {"synsets": ds.synsets, "len": len(ds),
            "items": [[os.path.relpath(f, base), l] for f, l in ds.items],
            "warnings": sorted(str(c.message).replace(base, "ROOT") for c in caught)}


def write_fake_mnist(root):
    """3 training and 2 test images (tests/test_gluon_data.py writes the same)."""
    os.makedirs(root, exist_ok=True)
    for prefix, n in (("train", 3), ("t10k", 2)):
        imgs = (np.arange(n * 784) % 251).astype(np.uint8)
        labels = (np.arange(n) * 3 + 1).astype(np.uint8)
        with gzip.open(os.path.join(root, prefix + "-images-idx3-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">IIII", 2051, n, 28, 28) + imgs.tobytes())
        with gzip.open(os.path.join(root, prefix + "-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">II", 2049, n) + labels.tobytes())


def write_fake_cifar(root10, root100):
    """CIFAR-10: 2 records in each batch file; CIFAR-100: 3 records (coarse, fine)."""
    os.makedirs(root10, exist_ok=True)
    os.makedirs(root100, exist_ok=True)
    names = ["data_batch_%d.bin" % i for i in range(1, 6)] + ["test_batch.bin"]
    for k, name in enumerate(names):
        rows = [bytes([(k + r) % 10]) + ((np.arange(3072) * (r + 1) + k) % 256).astype(
            np.uint8).tobytes() for r in range(2)]
        with open(os.path.join(root10, name), "wb") as f:
            f.write(b"".join(rows))
    for k, name in enumerate(("train.bin", "test.bin")):
        rows = [bytes([r + k, 50 + r]) + ((np.arange(3072) + 7 * r) % 256).astype(
            np.uint8).tobytes() for r in range(3)]
        with open(os.path.join(root100, name), "wb") as f:
            f.write(b"".join(rows))


if __name__ == "__main__":
    main()
