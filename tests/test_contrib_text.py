"""mx.contrib: text (Vocabulary, count_tokens_from_str, token embeddings), autograd (the
old API) and the ndarray alias, against MXNet 1.9.1's behaviour recorded by
tools/record_io_image.py."""
import collections
import warnings

import numpy as np
import pytest

import mxlite as mx
from mxlite.base import MXNetError

from test_mx_io import run_case


@pytest.mark.parametrize("name", ["text_vocab", "text_embedding", "contrib_autograd"])
def test_contrib_against_mxnet(name, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the duplicate / header lines of the test file
        run_case(name, tmp_path)


def test_embedding_file_warnings_and_unknown_vec(tmp_path):
    p = tmp_path / "e.txt"
    p.write_text("x 1 2\nx 3 4\nh 9\n")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        e = mx.contrib.text.embedding.CustomEmbedding(
            str(p), init_unknown_vec=lambda shape: mx.nd.full(shape, 7.0))
    assert ["duplicate" in str(m.message) for m in w] == [True, False]
    assert e.idx_to_token == ["<unk>", "x"]
    np.testing.assert_array_equal(e.idx_to_vec.asnumpy(), [[7, 7], [1, 2]])
    q = tmp_path / "bad.txt"
    q.write_text("x 1 2\ny 1 2 3\n")
    with pytest.raises(AssertionError, match="dimension"):
        mx.contrib.text.embedding.CustomEmbedding(str(q))
    with pytest.raises(ValueError, match="valid path"):
        mx.contrib.text.embedding.CustomEmbedding(str(tmp_path / "missing.txt"))


def test_registry_create_and_register(tmp_path):
    emb = mx.contrib.text.embedding
    assert sorted(emb.get_pretrained_file_names()) == ["fasttext", "glove"]
    assert "wiki.simple.vec" in emb.get_pretrained_file_names("fasttext")
    with pytest.raises(KeyError):
        emb.get_pretrained_file_names("word2vec")
    with pytest.raises(KeyError, match="Cannot find pretrained file"):
        emb.create("glove", pretrained_file_name="glove.bad.txt")

    @emb.register
    class MyEmbed(emb.CustomEmbedding):
        pretrained_file_name_sha1 = {}
    try:
        p = tmp_path / "e.txt"
        p.write_text("a 1 2\n")
        assert emb.create("myembed", pretrained_file_path=str(p)).vec_len == 2
    finally:
        emb._REGISTRY.pop("myembed")


def test_pretrained_download_offline_is_clear(tmp_path, monkeypatch):
    """Without network access the download fails with an MXNetError naming the URL; a file
    already in place (with the right sha1) is used without downloading."""
    import mxlite.gluon.utils as gu
    emb = mx.contrib.text.embedding
    urls = []

    def no_network(url, path=None, **kw):
        urls.append((url, kw.get("sha1_hash")))
        raise OSError("network is unreachable")
    monkeypatch.setattr(gu, "download", no_network)
    with pytest.raises(MXNetError, match="glove.6B.zip"):
        emb.GloVe("glove.6B.50d.txt", embedding_root=str(tmp_path))
    assert urls == [("https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/gluon/"
                     "embeddings/glove/glove.6B.zip", "b64e54f1877d2f735bdd000c1d7d771e25c7dfdc")]
    with pytest.raises(MXNetError, match="wiki.simple.zip"):
        emb.FastText(embedding_root=str(tmp_path))
    # a cached file whose sha1 matches is loaded as is
    monkeypatch.setattr(gu, "check_sha1", lambda path, sha1: True)
    d = tmp_path / "fasttext"
    d.mkdir()
    (d / "wiki.simple.vec").write_text("2 3\nhello 1 2 3\nworld 4 5 6\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the "2 3" header line
        ft = emb.FastText(embedding_root=str(tmp_path))
    assert ft.idx_to_token == ["<unk>", "hello", "world"]
    np.testing.assert_array_equal(ft.get_vecs_by_tokens("world").asnumpy(), [4, 5, 6])
    v = mx.contrib.text.vocab.Vocabulary(collections.Counter(["world", "x"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ft = emb.FastText(embedding_root=str(tmp_path), vocabulary=v)
    assert ft.idx_to_token == ["<unk>", "world", "x"]
    np.testing.assert_array_equal(ft.idx_to_vec.asnumpy(), [[0, 0, 0], [4, 5, 6], [0, 0, 0]])


def test_fasttext_sha1_table():
    C = mx.contrib.text._constants
    assert len(C.FAST_TEXT_FILE_SHA1) == len(C.FAST_TEXT_ARCHIVE_SHA1) == 327
    assert C.FAST_TEXT_FILE_SHA1["crawl-300d-2M.vec"] == \
        "9b556504d099a6c01f3dd76b88775d02cb2f1946"
    assert C.FAST_TEXT_ARCHIVE_SHA1["wiki.aa.zip"] == "0d85feb259e17d5258f38b2b615a2b87cd628427"


def test_contrib_aliases():
    assert mx.contrib.nd is mx.nd.contrib and mx.contrib.ndarray is mx.nd.contrib
    assert mx.contrib.text.vocab.Vocabulary is mx.contrib.text.embedding.vocab.Vocabulary


def test_contrib_autograd_gradients_and_scopes():
    ag = mx.contrib.autograd
    x = mx.nd.array([1.0, -2.0])
    g = mx.nd.zeros(2)
    ag.mark_variables([x], [g])
    with ag.train_section():
        assert mx.autograd.is_training()
        y = (x * x * x).sum()
    ag.compute_gradient([y])
    np.testing.assert_allclose(g.asnumpy(), [3.0, 12.0])
    assert not mx.autograd.is_recording() and not mx.autograd.is_training()
    gf = ag.grad(lambda a: (mx.nd.exp(a)).sum())
    np.testing.assert_allclose(gf(mx.nd.array([0.0, 1.0]))[0].asnumpy(), [1.0, np.e],
                               rtol=1e-6)
    with pytest.raises(AssertionError):
        ag.grad(lambda a: a)(np.ones(2))
