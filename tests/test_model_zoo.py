"""gluon.model_zoo against MXNet 1.9.1 (tests/fixtures/model_zoo.json, written by
tools/record_model_zoo.py): block structure, prefixes, parameter names and shapes of every
model, outputs for deterministic weights, and model_store's pretrained-file handling."""
import hashlib
import json
import logging
import os
import zipfile

import numpy as np
import pytest

import mxlite as mx
from mxlite.base import MXNetError
from mxlite.gluon import model_zoo
from mxlite.gluon.model_zoo import model_store, vision

with open(os.path.join(os.path.dirname(__file__), "fixtures", "model_zoo.json")) as _f:
    FIX = json.load(_f)

# Models whose parameter shapes are inferred on a smaller input than the reference used:
# their last fixed-size AvgPool2D (7, 8, 13) would not fit, so it is replaced by a global
# average for the inference. Parameter shapes do not depend on the spatial size there.
SMALL_INFER = {"densenet121": 32, "densenet161": 32, "densenet169": 32, "densenet201": 32,
               "inceptionv3": 75, "squeezenet1.0": 64, "squeezenet1.1": 64}


def _build(name, **kwargs):
    with mx.name.NameManager():
        return vision.get_model(name, **kwargs)


def _param_list(net):
    return [[k, list(v.shape)] for k, v in net.collect_params().items()]


def _digest(plist):
    text = "\n".join("%s:%s" % (n, ",".join(str(d) for d in s)) for n, s in plist)
    return hashlib.sha1(text.encode()).hexdigest()


def _infer_with_global_pool(net, size):
    """Runs net.features child by child; a pooling layer too big for the remaining spatial
    size is replaced by a global average (same channels, so the same parameter shapes)."""
    x = mx.nd.zeros((1, 3, size, size))
    out = net.output
    blocks = list(net.features) + (list(out) if isinstance(out, mx.gluon.nn.HybridSequential)
                                   else [out])
    for blk in blocks:
        if isinstance(blk, mx.gluon.nn.AvgPool2D) and blk._kwargs["kernel"][0] > x.shape[2]:
            x = x.mean(axis=(2, 3), keepdims=True)
        else:
            x = blk(x)
    return x


def _seeded_params(net, seed=0):
    """Same rule as tools/record_model_zoo.py."""
    rs = np.random.RandomState(seed)
    for name, p in net.collect_params().items():
        shape = p.shape
        if name.endswith("running_var") or name.endswith("gamma"):
            val = rs.uniform(0.5, 1.5, shape)
        elif len(shape) >= 2:
            fan_in = int(np.prod(shape[1:]))
            val = rs.uniform(-1, 1, shape) * np.sqrt(3.0 / fan_in)
        else:
            val = rs.uniform(-0.1, 0.1, shape)
        p.set_data(mx.nd.array(val.astype(np.float32)))


@pytest.mark.parametrize("name", sorted(FIX["models"]))
def test_structure_and_parameter_names(name):
    ref = FIX["models"][name]
    net = _build(name)
    assert net.prefix == ref["prefix"]
    assert list(net._children.keys()) == ref["children"]
    for p in net.collect_params().values():
        p.init = mx.init.Zero()  # cheap: only the shapes matter here
    net.initialize()
    if name in SMALL_INFER:
        y = _infer_with_global_pool(net, SMALL_INFER[name])
    else:
        y = net(mx.nd.zeros((1, 3, ref["size"], ref["size"])))
    assert list(y.shape) == ref["out_shape"]
    plist = _param_list(net)
    if "params" in ref:
        assert plist == ref["params"]
    assert len(plist) == ref["count"]
    assert _digest(plist) == ref["sha1"]


def test_squeezenet_full_size_forward():
    # SqueezeNet's AvgPool2D(13) needs the full 224 input; the forward must work there
    net = _build("squeezenet1.0", classes=5)
    net.initialize()
    assert net(mx.nd.zeros((1, 3, 224, 224))).shape == (1, 5)


@pytest.mark.parametrize("name", sorted(FIX["values"]))
def test_outputs_with_seeded_weights(name):
    ref = FIX["values"][name]
    size = ref["size"]
    net = _build(name, classes=10)
    net.initialize()
    x = mx.nd.array(np.random.RandomState(1).uniform(-1, 1, (1, 3, size, size))
                    .astype(np.float32))
    net(x)
    _seeded_params(net)
    y = net(x)
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.asnumpy(), np.array(ref["out"]), rtol=1e-4, atol=1e-4)


def test_constructor_keywords():
    ref = FIX["thumbnail"]
    with mx.name.NameManager():
        net = vision.resnet18_v1(thumbnail=True, classes=7)
    net.initialize()
    assert list(net(mx.nd.zeros((1, 3, 8, 8))).shape) == ref["out_shape"]
    assert _param_list(net)[:3] == ref["params"]
    with mx.name.NameManager():
        assert vision.vgg11(batch_norm=True, prefix="myvgg_").prefix == FIX["vgg_prefix"]
    net = vision.get_model("ResNet18_V2", classes=3)  # get_model lower-cases the name
    assert isinstance(net, vision.ResNetV2)


def test_public_names():
    for n in FIX["vision_names"]:
        assert hasattr(vision, n), n
    assert model_zoo.vision is vision and model_zoo.model_store is model_store
    with pytest.raises(ValueError) as e:
        vision.get_model("resnet9")
    assert str(e.value) == FIX["store"]["get_model_error"]


def test_model_store_facts():
    st = FIX["store"]
    assert model_store._model_sha1 == st["sha1"]
    assert model_store.apache_repo_url == st["repo_url"]
    assert model_store._url_format == st["url_format"]
    for n, f in st["file_names"].items():
        assert "%s-%s.params" % (n, model_store.short_hash(n)) == f
    with pytest.raises(ValueError) as e:
        model_store.short_hash("resnet9_v1")
    assert str(e.value) == st["unknown_error"]


def _fake_params(tmp_path, monkeypatch, name="resnet18_v1"):
    """Saves a small net's parameters as `name`'s cached file, with the sha1 table patched
    to that file's hash. Returns (the saved net, the file's path)."""
    net = _build(name, classes=4)
    net.initialize(mx.init.Uniform(0.5))
    net(mx.nd.zeros((1, 3, 32, 32)))
    tmp = str(tmp_path / "tmp.params")
    net.save_parameters(tmp)
    with open(tmp, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    table = dict(model_store._model_sha1)
    table[name] = sha1
    monkeypatch.setattr(model_store, "_model_sha1", table)
    path = str(tmp_path / ("%s-%s.params" % (name, sha1[:8])))
    os.replace(tmp, path)
    return net, path


def test_pretrained_from_cached_file(tmp_path, monkeypatch):
    net, path = _fake_params(tmp_path, monkeypatch)
    assert model_store.get_model_file("resnet18_v1", root=str(tmp_path)) == path
    loaded = vision.resnet18_v1(pretrained=True, root=str(tmp_path), classes=4)
    for (k1, p1), (k2, p2) in zip(net.collect_params().items(),
                                  loaded.collect_params().items()):
        assert k1.split("_", 1)[1] == k2.split("_", 1)[1]
        np.testing.assert_array_equal(p1.data().asnumpy(), p2.data().asnumpy())


def test_offline_without_cache_names_file_and_url(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("MXNET_GLUON_REPO", (tmp_path / "no_such_repo").as_uri())
    root = str(tmp_path / "models")
    with pytest.raises(OSError) as e:
        vision.alexnet(pretrained=True, root=root)
    msg = str(e.value)
    assert isinstance(e.value, MXNetError)
    assert os.path.join(root, "alexnet-44335d1f.params") in msg
    assert "gluon/models/alexnet-44335d1f.zip" in msg
    assert os.listdir(root) == []  # no partial download left behind
    # a cached file with the wrong content is re-downloaded (here: fails the same way)
    _, path = _fake_params(tmp_path, monkeypatch)
    with open(path, "ab") as f:
        f.write(b"x")
    with caplog.at_level(logging.WARNING), pytest.raises(OSError):
        model_store.get_model_file("resnet18_v1", root=str(tmp_path))
    assert "Mismatch in the content of model file" in caplog.text


def test_download_from_repo_and_purge(tmp_path, monkeypatch):
    net, path = _fake_params(tmp_path, monkeypatch)
    fname = os.path.basename(path)
    served = tmp_path / (fname[:-7] + ".zip")
    with zipfile.ZipFile(str(served), "w") as z:
        z.write(path, fname)
    calls = []

    def fake_download(url, path=None, overwrite=False, **kwargs):
        # stands in for the network: serves the one zip file, as the repo would
        calls.append(url)
        with open(str(served), "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        return path
    monkeypatch.setattr(model_store, "download", fake_download)
    monkeypatch.setenv("MXNET_GLUON_REPO", "https://mirror.example/mx")  # '/' gets added
    root = tmp_path / "models"
    got = model_store.get_model_file("resnet18_v1", root=str(root))
    assert calls == ["https://mirror.example/mx/gluon/models/%s.zip" % fname[:-7]]
    assert got == str(root / fname)
    assert sorted(os.listdir(str(root))) == [fname]  # zip and temp folder removed
    loaded = vision.get_model("resnet18_v1", pretrained=True, root=str(root), classes=4)
    assert len(calls) == 1  # cached now
    np.testing.assert_array_equal(loaded.output.weight.data().asnumpy(),
                                  net.output.weight.data().asnumpy())
    monkeypatch.delenv("MXNET_GLUON_REPO")
    os.remove(got)
    model_store.get_model_file("resnet18_v1", root=str(root))
    assert calls[-1] == model_store.apache_repo_url + "gluon/models/%s.zip" % fname[:-7]
    (root / "keep.txt").write_text("x")
    model_store.purge(root=str(root))
    assert os.listdir(str(root)) == ["keep.txt"]
