"""Records MXNet 1.9.1's mx.io, mx.image and mx.contrib.text behaviour into
tests/fixtures/io_image.json.

    /work/shared/tools/mxnet-ref tools/record_io_image.py

Each case is a function ``case(mx, tmp)`` returning JSON-able data; the tests
(tests/test_mx_io.py, test_image.py, test_contrib_text.py) load this file and run the same
functions on mxlite, so reference and copy cannot drift apart. Nothing here imports MXNet at
module level.
"""
import collections
import json
import os
import random
import struct
import sys
import tempfile

import numpy as np


OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "io_image.json")


def np_(x):
    """An NDArray as a nested list rounded to 4 decimals (dtype kept apart)."""
    a = x.asnumpy()
    return np.round(a.astype(np.float64), 4).tolist()


def desc(d):
    return [d.name, list(d.shape), np.dtype(d.dtype).name, d.layout]


def err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and text are what we record
        return type(e).__name__
    return None


def epochs(it, n=2):
    out = []
    for _ in range(n):
        out.append([[[np_(d) for d in b.data], [np_(lb) for lb in (b.label or [])], b.pad,
                     None if b.index is None else [int(i) for i in b.index]] for b in it])
        it.reset()
    return out


# ---------------------------------------------------------------- mx.io
def io_ndarrayiter(mx, tmp):
    data = np.arange(14, dtype=np.float32).reshape(7, 2)
    label = np.arange(7, dtype=np.float32)
    res = {}
    for h in ("pad", "discard", "roll_over"):
        it = mx.io.NDArrayIter(data, label, batch_size=3, last_batch_handle=h)
        res[h] = epochs(it, 3)
    it = mx.io.NDArrayIter(np.arange(3), batch_size=7)
    res["tiny_pad"] = epochs(it, 1)
    it = mx.io.NDArrayIter({"b": np.zeros((3, 1)), "a": np.ones((3, 2))},
                           [np.zeros(3), np.ones(3)], batch_size=2)
    res["names"] = [[desc(d) for d in it.provide_data], [desc(d) for d in it.provide_label]]
    it = mx.io.NDArrayIter(mx.nd.ones((5, 2), dtype="int32"), batch_size=2, data_name="x",
                           label_name="y")
    res["int"] = [[desc(d) for d in it.provide_data], it.provide_label == []]
    it = mx.io.NDArrayIter(np.ones((4, 3)), np.ones(4), batch_size=2, layout="TNC")
    res["layout"] = [desc(d) for d in it.provide_data]
    np.random.seed(7)
    it = mx.io.NDArrayIter(data, label, batch_size=3, shuffle=True)
    res["shuffle"] = epochs(it, 2)
    return res


def io_misc(mx, tmp):
    res = {}
    d = mx.io.DataDesc("x", (1, 2))
    res["desc"] = [repr(d), d.dtype is np.float32, d.layout, d == ("x", (1, 2)),
                   mx.io.DataDesc.get_batch_axis("TNC"), mx.io.DataDesc.get_batch_axis(None),
                   [desc(x) for x in mx.io.DataDesc.get_list([("a", (1, 2))], [("a", np.int32)])]]
    res["batch_str"] = str(mx.io.DataBatch([mx.nd.ones((2, 3))], [mx.nd.ones((2,))]))
    base = mx.io.NDArrayIter(np.arange(10, dtype=np.float32).reshape(5, 2), batch_size=2)
    res["resize"] = epochs(mx.io.ResizeIter(base, 4), 2)
    a = mx.io.NDArrayIter({"data": np.arange(8).reshape(4, 2)}, np.arange(4), batch_size=2)
    b = mx.io.NDArrayIter({"data": -np.arange(8).reshape(4, 2)}, batch_size=2)
    p = mx.io.PrefetchingIter([a, b], rename_data=[{"data": "d1"}, {"data": "d2"}])
    res["prefetch"] = [[desc(x) for x in p.provide_data], p.batch_size, epochs(p, 2)]
    return res


def _write_csv(tmp):
    np.savetxt(os.path.join(tmp, "x.csv"), np.arange(15).reshape(5, 3), delimiter=",", fmt="%g")
    np.savetxt(os.path.join(tmp, "y.csv"), np.arange(5) * 10, delimiter=",", fmt="%g")
    np.savetxt(os.path.join(tmp, "y2.csv"), np.arange(10).reshape(5, 2), delimiter=",",
               fmt="%g")


def io_csv(mx, tmp):
    _write_csv(tmp)
    x, y = os.path.join(tmp, "x.csv"), os.path.join(tmp, "y.csv")
    res = {}
    for rb in (True, False):
        it = mx.io.CSVIter(data_csv=x, data_shape=(3,), label_csv=y, batch_size=2,
                           round_batch=rb)
        res[str(rb)] = [[desc(d) for d in it.provide_data],
                        [desc(d) for d in it.provide_label], epochs(it, 3)]
    it = mx.io.CSVIter(data_csv=x, data_shape=(1, 3), batch_size=3)
    res["nolabel"] = [[desc(d) for d in it.provide_data], [desc(d) for d in it.provide_label],
                      epochs(it, 1)]
    it = mx.io.CSVIter(data_csv=x, data_shape=(3,), label_csv=os.path.join(tmp, "y2.csv"),
                       label_shape=(2,), batch_size=5, dtype="int32")
    res["label2"] = [[desc(d) for d in it.provide_label], epochs(it, 1),
                     np.dtype(it.next().data[0].dtype).name]
    res["errors"] = [err(lambda: mx.io.CSVIter(data_csv=x, data_shape=(4,),
                                               batch_size=2).next()),
                     err(lambda: mx.io.CSVIter(data_csv=os.path.join(tmp, "none.csv"),
                                               data_shape=(3,), batch_size=2))]
    return res


def write_mnist(tmp, n=7):
    imgs = (np.arange(n * 28 * 28) % 256).astype(np.uint8).reshape(n, 28, 28)
    with open(os.path.join(tmp, "img"), "wb") as f:
        f.write(struct.pack(">IIII", 2051, n, 28, 28) + imgs.tobytes())
    with open(os.path.join(tmp, "lab"), "wb") as f:
        f.write(struct.pack(">II", 2049, n) + np.arange(n).astype(np.uint8).tobytes())


def io_mnist(mx, tmp):
    write_mnist(tmp)
    img, lab = os.path.join(tmp, "img"), os.path.join(tmp, "lab")
    it = mx.io.MNISTIter(image=img, label=lab, batch_size=3, shuffle=False)
    out = []
    for _ in range(2):
        out.append([[b.data[0].shape, float(b.data[0].asnumpy().sum()),
                     np_(b.data[0][:, 0, 3, :4]), np_(b.label[0]), b.pad] for b in it])
        it.reset()
    flat = mx.io.MNISTIter(image=img, label=lab, batch_size=2, flat=True, shuffle=False)
    b = flat.next()
    write_mnist(tmp, n=200)
    shuffled = [np_(mx.io.MNISTIter(image=img, label=lab, batch_size=200, seed=seed,
                                    silent=True).next().label[0]) for seed in (0, 5)]
    return {"plain": [[desc(d) for d in it.provide_data], [desc(d) for d in it.provide_label],
                      out],
            "flat": [desc(flat.provide_data[0]), list(b.data[0].shape), np_(b.label[0])],
            "shuffled": shuffled}


# ---------------------------------------------------------------- mx.image
def image_u8(mx, shape=(6, 8, 3)):
    n = int(np.prod(shape))
    return mx.nd.array((np.arange(n) * 7 % 256).reshape(shape), dtype="uint8")


def image_funcs(mx, tmp):
    img = image_u8(mx)
    res = {}
    res["imresize"] = {str(i): [np_(mx.image.imresize(img, 3, 2, interp=i)),
                                np_(mx.image.imresize(img, 5, 7, interp=i))]
                       for i in range(5)}
    f = mx.image.imresize(img.astype("float32"), 5, 7, 1)
    res["imresize_f32"] = [np.dtype(f.dtype).name, np_(f)]
    res["imresize_bad"] = [err(lambda: mx.image.imresize(img, 3, 2, interp=11).asnumpy()),
                           err(lambda: mx.image.imresize(img[:, :, 0], 3, 2).asnumpy())]
    res["resize_short"] = [np_(mx.image.resize_short(img, 4)),
                           np_(mx.image.resize_short(img, 10, interp=9))]
    res["fixed_crop"] = [np_(mx.image.fixed_crop(img, 1, 2, 3, 2)),
                         np_(mx.image.fixed_crop(img, 1, 2, 3, 2, size=(5, 4)))]
    o, rect = mx.image.center_crop(img, (4, 4))
    o2, rect2 = mx.image.center_crop(img, (10, 4))
    res["center_crop"] = [np_(o), list(rect), list(o2.shape), list(rect2)]
    res["scale_down"] = [list(mx.image.scale_down((640, 480), (720, 120))),
                         list(mx.image.scale_down((3, 5), (7, 9)))]
    res["border"] = [np_(mx.image.copyMakeBorder(img, 1, 2, 3, 0)[:, :, 0])] + \
        [np_(mx.image.copyMakeBorder(img, 2, 1, 2, 3, type=t)[:, :, 1]) for t in range(1, 5)] + \
        [np_(mx.image.copyMakeBorder(img, 1, 0, 0, 1, value=5)[:2, :3]),
         np_(mx.image.copyMakeBorder(img, 1, 0, 0, 1, values=(1, 2, 3))[:2, :3]),
         np.dtype(mx.image.copyMakeBorder(mx.nd.ones((2, 2, 3)), 1, 1, 1, 1,
                                          value=2.5).dtype).name]
    x = mx.nd.array(np.arange(12).reshape(2, 2, 3))
    res["color_normalize"] = np_(mx.image.color_normalize(x, mx.nd.array([1, 2, 3]),
                                                          mx.nd.array([2, 2, 2])))
    random.seed(3)
    o, r = mx.image.random_crop(img, (4, 3))
    o2, r2 = mx.image.random_size_crop(img, (4, 3), 0.3, (0.75, 1.33))
    res["random_crops"] = [np_(o), list(r), np_(o2), list(r2)]
    res["imdecode_str"] = err(lambda: mx.image.imdecode("abc"))
    return res


def png_bytes(pixels):
    """A minimal PNG (8-bit gray, RGB or RGBA by the channel count) written with zlib only."""
    import zlib
    h, w, c = pixels.shape
    raw = b"".join(b"\0" + pixels[i].tobytes() for i in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    color = {1: 0, 3: 2, 4: 6}[c]
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def decode_inputs():
    rgba = (np.arange(3 * 4 * 4) * 37 % 256).astype(np.uint8).reshape(3, 4, 4)
    return {"gray": png_bytes(rgba[:, :, :1]), "rgb": png_bytes(rgba[:, :, :3]),
            "rgba": png_bytes(rgba)}


def image_decode(mx, tmp):
    """Decoding PNGs (MXNet: OpenCV; mxlite: Pillow, so the tests run it only with Pillow)."""
    res = {}
    for name, raw in decode_inputs().items():
        res[name] = [[list(a.shape), np_(a)] for a in
                     (mx.image.imdecode(raw), mx.image.imdecode(raw, flag=0),
                      mx.image.imdecode(raw, to_rgb=False))]
    path = os.path.join(tmp, "x.png")
    with open(path, "wb") as f:
        f.write(decode_inputs()["rgb"])
    res["imread"] = np_(mx.image.imread(path, to_rgb=False))
    res["bad_flag"] = err(lambda: mx.image.imdecode(decode_inputs()["rgb"], flag=-1).asnumpy())
    return res


def image_augs(mx, tmp):
    f = image_u8(mx, (4, 5, 3)).astype("float32")
    eigval = np.array([55.46, 4.794, 1.148])
    eigvec = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.814],
                       [-0.5836, -0.6948, 0.4203]])
    im = mx.image
    augs = {"brightness": im.BrightnessJitterAug(0.3), "contrast": im.ContrastJitterAug(0.3),
            "saturation": im.SaturationJitterAug(0.3), "hue": im.HueJitterAug(0.3),
            "lighting": im.LightingAug(0.1, eigval, eigvec), "gray": im.RandomGrayAug(0.9),
            "flip": im.HorizontalFlipAug(0.9),
            "normalize": im.ColorNormalizeAug(mx.nd.array([1, 2, 3]), [2, 3, 4]),
            "cast": im.CastAug("float64"), "resize": im.ResizeAug(3, 1),
            "force_resize": im.ForceResizeAug((3, 2), 2), "center": im.CenterCropAug((3, 3)),
            "rand_crop": im.RandomCropAug((3, 2)),
            "rand_sized": im.RandomSizedCropAug((3, 3), 0.5, (0.75, 1.33)),
            "jitter": im.ColorJitterAug(0.2, 0.2, 0.2)}
    res = {}
    for name, a in augs.items():
        random.seed(5)
        np.random.seed(5)
        out = a(f.copy())
        res[name] = [np.dtype(out.dtype).name, np_(out), a.dumps() if name != "jitter" else
                     None]
    res["jitter_dumps"] = im.ColorJitterAug(0.1, 0.2, 0).dumps()
    res["seq_dumps"] = im.SequentialAug([im.CastAug()]).dumps()
    allaugs = im.CreateAugmenter((3, 4, 4), resize=6, rand_crop=True, rand_mirror=True,
                                mean=True, std=True, brightness=0.1, contrast=0.1,
                                saturation=0.1, hue=0.1, pca_noise=0.1, rand_gray=0.1)
    res["create_names"] = [type(a).__name__ for a in allaugs]
    res["create_dumps"] = [a.dumps() for a in allaugs if type(a).__name__ not in
                           ("ColorJitterAug",)]
    random.seed(1)
    np.random.seed(1)
    augs = im.CreateAugmenter((3, 4, 4), resize=6, rand_crop=True, rand_resize=True,
                             rand_mirror=True, mean=True, std=True, brightness=0.1,
                             contrast=0.1, saturation=0.1, pca_noise=0.05)
    x = image_u8(mx)
    for a in augs:
        x = a(x)
    res["pipeline"] = np_(x)
    return res


# ---------------------------------------------------------------- mx.contrib.text
def text_vocab(mx, tmp):
    text = mx.contrib.text
    counter = text.utils.count_tokens_from_str(" Life is great ! \n life is good . \n")
    res = {"counter": sorted(counter.items()),
           "counter_lower": sorted(text.utils.count_tokens_from_str(
               "a B b\ta", token_delim="\t| ", to_lower=True).items())}
    c = collections.Counter(["a", "b", "b", "c", "c", "c", "d", "<pad>", "<pad>"])
    cases = [dict(), dict(most_freq_count=2), dict(min_freq=2),
             dict(unknown_token="<UNK>", reserved_tokens=["<pad>", "<bos>"]),
             dict(most_freq_count=1, reserved_tokens=["<pad>"]), dict(min_freq=3)]
    out = []
    for kw in cases:
        v = text.vocab.Vocabulary(c, **kw)
        out.append([v.idx_to_token, sorted(v.token_to_idx.items()), len(v), v.unknown_token,
                    v.reserved_tokens, v.to_indices(["c", "zz", "a"]), v.to_indices("b"),
                    v.to_tokens([0, 1]), v.to_tokens(1)])
    res["vocab"] = out
    v = text.vocab.Vocabulary(c)
    res["errors"] = [err(lambda: v.to_tokens(100)), err(lambda: v.to_tokens([1.0])),
                     err(lambda: text.vocab.Vocabulary(c, min_freq=0)),
                     err(lambda: text.vocab.Vocabulary(c, reserved_tokens=["<unk>"])),
                     err(lambda: text.vocab.Vocabulary({"a": 1}))]
    return res


def text_embedding(mx, tmp):
    text = mx.contrib.text
    path = os.path.join(tmp, "emb.txt")
    with open(path, "w") as f:
        f.write("a 0.1 0.2 0.3\nb 1 2 3\nc -1 -2 -3\nb 9 9 9\nhdr 5\n")
    path2 = os.path.join(tmp, "emb2.txt")
    with open(path2, "w") as f:
        f.write("<unk>\t7\t7\na\t1\t2\nd\t3\t4\n")
    e = text.embedding.CustomEmbedding(path)
    e2 = text.embedding.CustomEmbedding(path2, elem_delim="\t")
    res = {"e": [e.idx_to_token, e.vec_len, np_(e.idx_to_vec), np_(e.get_vecs_by_tokens("b")),
                 np_(e.get_vecs_by_tokens(["A", "c", "zz"], lower_case_backup=True))],
           "e2": [e2.idx_to_token, np_(e2.idx_to_vec)]}
    v = text.vocab.Vocabulary(collections.Counter(["c", "c", "a", "zz"]))
    ev = text.embedding.CustomEmbedding(path, vocabulary=v)
    res["with_vocab"] = [ev.idx_to_token, np_(ev.idx_to_vec)]
    comp = text.embedding.CompositeEmbedding(v, [e, e2])
    res["composite"] = [comp.idx_to_token, comp.vec_len, np_(comp.idx_to_vec)]
    e.update_token_vectors("a", mx.nd.array([5, 6, 7]))
    e.update_token_vectors(["b", "c"], mx.nd.array([[1, 1, 1], [2, 2, 2]]))
    res["updated"] = np_(e.idx_to_vec)
    res["update_err"] = err(lambda: e.update_token_vectors("zz", mx.nd.array([1, 1, 1])))
    emb = text.embedding
    res["names"] = [sorted(emb.get_pretrained_file_names().keys()),
                    emb.get_pretrained_file_names("glove"),
                    len(emb.get_pretrained_file_names("fasttext")),
                    emb.GloVe._get_pretrained_file_url("glove.twitter.27B.50d.txt"),
                    emb.FastText._get_pretrained_file_url("wiki.en.vec"),
                    err(lambda: emb.GloVe(pretrained_file_name="nope.txt"))]
    return res


def contrib_autograd(mx, tmp):
    ag = mx.contrib.autograd
    x = mx.nd.array([1.0, 2.0, 3.0])

    def f(a, b):
        return (a * a * b).sum()
    grads, loss = ag.grad_and_loss(f)(x, mx.nd.array([2.0, 1.0, 0.5]))
    g1 = ag.grad(f, argnum=1)(x, mx.nd.array([2.0, 1.0, 0.5]))
    prev = ag.set_is_training(True)
    now = ag.set_is_training(False)
    with ag.train_section():
        rec = mx.autograd.is_recording(), mx.autograd.is_training()
        with ag.test_section():
            rec2 = mx.autograd.is_recording(), mx.autograd.is_training()
    return {"grads": [np_(g) for g in grads], "loss": np_(loss), "g1": [np_(g) for g in g1],
            "states": [prev, now, list(rec), list(rec2), mx.autograd.is_recording()]}


CASES = [io_ndarrayiter, io_misc, io_csv, io_mnist, image_funcs, image_decode, image_augs,
         text_vocab,
         text_embedding, contrib_autograd]


def run(mx):
    """All cases on the module `mx` (MXNet or mxlite)."""
    res = {}
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            res[case.__name__] = json.loads(json.dumps(case(mx, tmp)))
    return res


def imageiter_runs(make_iter):
    """Labels and pads of ImageIter epochs (5 images, batch 2) for each last_batch_handle;
    `make_iter(handle, shuffle)` builds the iterator over images labelled 0..4."""
    res = {}
    for h in ("pad", "discard", "roll_over"):
        it = make_iter(h, False)
        res[h] = []
        for _ in range(3):
            res[h].append([[b.label[0].asnumpy().tolist(), b.pad] for b in it])
            it.reset()
    random.seed(2)
    it = make_iter("pad", True)
    res["shuffle"] = [[b.label[0].asnumpy().tolist(), b.pad] for b in it]
    return res


def record_imageiter(mx, tmp):
    """MXNet's ImageIter over an indexed RecordIO file of PNGs (mxlite's tests run the same
    schedule on in-memory images, which MXNet does not accept)."""
    rec, idx = os.path.join(tmp, "x.rec"), os.path.join(tmp, "x.idx")
    w = mx.recordio.MXIndexedRecordIO(idx, rec, "w")
    for i in range(5):
        px = np.full((3, 4, 3), 10 * i, np.uint8)
        w.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, float(i), i, 0), png_bytes(px)))
    w.close()
    augs = [mx.image.CastAug()]
    return imageiter_runs(lambda h, sh: mx.image.ImageIter(
        2, (3, 3, 4), path_imgrec=rec, path_imgidx=idx, aug_list=augs, last_batch_handle=h,
        shuffle=sh))


def main():
    from fixture_io import write_json  # here: the tests import this file without tools/ on the path
    import mxnet as mx
    res = run(mx)
    with tempfile.TemporaryDirectory() as tmp:
        res["imageiter"] = json.loads(json.dumps(record_imageiter(mx, tmp)))
    res["_version"] = mx.__version__
    write_json(OUT, res)
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    sys.exit(main())
