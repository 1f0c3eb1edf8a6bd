"""Token embeddings of mx.contrib.text (MXNet 1.9.1): CustomEmbedding from a local file,
CompositeEmbedding, and the pre-trained GloVe and FastText, downloaded from MXNet's
repository (needs network access; offline they raise a clear MXNetError)."""
import logging
import os
import tarfile
import warnings
import zipfile

import numpy as np

from ...base import MXNetError, data_dir
from ... import ndarray as nd
from ...ndarray import NDArray
from . import _constants as C
from . import vocab

__all__ = ["register", "create", "get_pretrained_file_names", "GloVe", "FastText",
           "CustomEmbedding", "CompositeEmbedding"]

_REGISTRY = {}


def register(embedding_cls):
    """Registers a token embedding class under its lower-case name (a decorator)."""
    assert issubclass(embedding_cls, _TokenEmbedding), \
        "Can only register subclass of _TokenEmbedding"
    key = embedding_cls.__name__.lower()
    if key in _REGISTRY:
        warnings.warn("New token embedding %s.%s is overriding existing token embedding %s"
                      % (embedding_cls.__module__, embedding_cls.__name__, key), UserWarning)
    _REGISTRY[key] = embedding_cls
    return embedding_cls


def create(embedding_name, **kwargs):
    """Creates the registered token embedding `embedding_name` (e.g. 'glove', 'fasttext')."""
    cls = _REGISTRY.get(embedding_name.lower())
    if cls is None:
        raise ValueError("Cannot find token embedding %s. Valid token embedding: %s"
                         % (embedding_name, ", ".join(sorted(_REGISTRY))))
    return cls(**kwargs)


def get_pretrained_file_names(embedding_name=None):
    """The valid pre-trained file names of one embedding (a list), or of all (a dict)."""
    def files_of(cls):
        return list(cls.pretrained_file_name_sha1)

    if embedding_name is None:
        return {key: files_of(cls) for key, cls in _REGISTRY.items()}
    if embedding_name not in _REGISTRY:
        raise KeyError("Cannot find `embedding_name` %s. Use `get_pretrained_file_names("
                       "embedding_name=None).keys()` to get all the valid embedding "
                       "names." % embedding_name)
    return files_of(_REGISTRY[embedding_name])


def _one_or_many(value):
    """(list, was_scalar)."""
    return (value, False) if isinstance(value, list) else ([value], True)


def _extract(archive, folder):
    """Unpacks a downloaded .zip or .gz (tar) archive into `folder`."""
    suffix = os.path.splitext(archive)[1]
    if suffix == ".zip":
        with zipfile.ZipFile(archive, "r") as zf:
            zf.extractall(folder)
    elif suffix == ".gz":
        with tarfile.open(archive, "r:gz") as tf:
            tf.extractall(path=folder)


class _TokenEmbedding(vocab.Vocabulary):
    """Base class of token embeddings: a Vocabulary with one vector per token
    (``idx_to_vec``, ``vec_len``); unknown tokens map to index 0."""

    # ------------------------------------------------------------ pre-trained files
    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        return pretrained_file_name

    @classmethod
    def _get_pretrained_file_url(cls, pretrained_file_name):
        base = os.environ.get("MXNET_GLUON_REPO", C.APACHE_REPO_URL)
        parts = ("gluon", "embeddings", cls.__name__.lower(),
                 cls._get_download_file_name(pretrained_file_name))
        return base + "/".join(parts)

    @classmethod
    def _get_pretrained_file(cls, embedding_root, pretrained_file_name):
        from ...gluon.utils import check_sha1, download
        kind = cls.__name__.lower()
        folder = os.path.join(os.path.expanduser(embedding_root), kind)
        target = os.path.join(folder, pretrained_file_name)
        file_sha1 = cls.pretrained_file_name_sha1[pretrained_file_name]
        if os.path.exists(target) and check_sha1(target, file_sha1):
            return target
        url = cls._get_pretrained_file_url(pretrained_file_name)
        archive_name = os.path.basename(url)
        archive = os.path.join(folder, archive_name)
        try:
            download(url, archive,
                     sha1_hash=cls.pretrained_archive_name_sha1.get(archive_name, file_sha1))
        except OSError as exc:  # urllib's URLError is an OSError
            raise MXNetError(
                "cannot download the pre-trained %s file %s from %s (%s); without network "
                "access, place %s in %s or use CustomEmbedding with a local file"
                % (kind, pretrained_file_name, url, exc, pretrained_file_name, folder)) from None
        _extract(archive, folder)
        return target

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name):
        if pretrained_file_name in cls.pretrained_file_name_sha1:
            return
        kind = cls.__name__.lower()
        raise KeyError("Cannot find pretrained file %s for token embedding %s. Valid "
                       "pretrained files for embedding %s: %s"
                       % (pretrained_file_name, kind, kind,
                          ", ".join(cls.pretrained_file_name_sha1.keys())))

    # ------------------------------------------------------------ loading
    def _read_vectors(self, path, elem_delim, encoding):
        """Yields (line number, token, [float, ...]) for each line of the file."""
        with open(path, "r", encoding=encoding) as handle:
            for lineno, raw in enumerate(handle, 1):
                fields = raw.rstrip().split(elem_delim)
                assert len(fields) > 1, (
                    "At line %d of the pre-trained text embedding file: the data format of the "
                    "pre-trained token embedding file %s is unexpected." % (lineno, path))
                yield lineno, fields[0], [float(x) for x in fields[1:]]

    def _load_embedding(self, pretrained_file_path, elem_delim, init_unknown_vec,
                        encoding="utf8"):
        path = os.path.expanduser(pretrained_file_path)
        if not os.path.isfile(path):
            raise ValueError("`pretrained_file_path` must be a valid path to the pre-trained "
                             "token embedding file.")
        logging.info("Loading pre-trained token embedding vectors from %s", path)
        unk = self.unknown_token
        seen, rows, unk_vec, width = set(), [], None, None
        for lineno, token, vec in self._read_vectors(path, elem_delim, encoding):
            if token == unk and unk_vec is None:
                unk_vec = vec
                seen.add(token)
                continue
            if token in seen:
                warnings.warn(
                    "At line %d of the pre-trained token embedding file: the embedding "
                    "vector for token %s has been loaded and a duplicate embedding for the "
                    " same token is seen and skipped." % (lineno, token))
                continue
            if len(vec) == 1:
                warnings.warn(
                    "At line %d of the pre-trained text embedding file: token %s with "
                    "1-dimensional vector %s is likely a header and is skipped."
                    % (lineno, token, vec))
                continue
            if width is None:
                width = len(vec)
            assert len(vec) == width, (
                "At line %d of the pre-trained token embedding file: the dimension "
                "of token %s is %d but the dimension of previous tokens is %d. "
                "Dimensions of all the tokens must be the same."
                % (lineno, token, len(vec), width))
            rows.append(vec)
            seen.add(token)
            self._token_to_idx[token] = len(self._idx_to_token)
            self._idx_to_token.append(token)
        self._vec_len = width
        flat = [0] * width + [x for row in rows for x in row] if width else []
        self._idx_to_vec = nd.array(flat).reshape((-1, self.vec_len))
        first = nd.array(unk_vec) if unk_vec is not None else init_unknown_vec(shape=width)
        self._idx_to_vec[C.UNKNOWN_IDX] = first

    def _index_tokens_from_vocabulary(self, vocabulary):
        def copied(value, how):
            return None if value is None else how(value)
        self._token_to_idx = copied(vocabulary.token_to_idx, dict.copy)
        self._idx_to_token = copied(vocabulary.idx_to_token, lambda v: v[:])
        self._unknown_token = vocabulary.unknown_token
        self._reserved_tokens = copied(vocabulary.reserved_tokens, lambda v: v[:])

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len, vocab_idx_to_token):
        others = vocab_idx_to_token[1:]
        blocks = []
        for emb in token_embeddings:
            block = np.zeros((vocab_len, emb.vec_len), dtype=np.float32)
            block[0] = emb.idx_to_vec[0].asnumpy()
            if vocab_len > 1:
                block[1:] = emb.get_vecs_by_tokens(others).asnumpy()
            blocks.append(block)
        self._vec_len = sum(emb.vec_len for emb in token_embeddings)
        self._idx_to_vec = nd.array(np.concatenate(blocks, axis=1), dtype="float32")

    def _build_embedding_for_vocabulary(self, vocabulary):
        if vocabulary is None:
            return
        assert isinstance(vocabulary, vocab.Vocabulary), \
            "The argument `vocabulary` must be an instance of " \
            "mxnet.contrib.text.vocab.Vocabulary."
        self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
        self._index_tokens_from_vocabulary(vocabulary)

    def _init_from_file(self, path, elem_delim, init_unknown_vec, vocabulary, encoding="utf8"):
        self._load_embedding(path, elem_delim, init_unknown_vec, encoding)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)

    # ------------------------------------------------------------ public API
    @property
    def vec_len(self):
        """The length of each embedding vector."""
        return self._vec_len

    @property
    def idx_to_vec(self):
        """NDArray (len(self), vec_len): the vector of each indexed token."""
        return self._idx_to_vec

    def get_vecs_by_tokens(self, tokens, lower_case_backup=False):
        """The embedding vector(s) of a token or a list of tokens (unknown ones get the
        unknown token's vector); `lower_case_backup` retries unknown tokens in lower case."""
        items, scalar = _one_or_many(tokens)
        table = self.token_to_idx

        def lookup(tok):
            if tok in table:
                return table[tok]
            return table.get(tok.lower(), C.UNKNOWN_IDX) if lower_case_backup \
                else C.UNKNOWN_IDX
        rows = nd.take(self.idx_to_vec, nd.array([lookup(t) for t in items]))
        return rows[0] if scalar else rows

    def update_token_vectors(self, tokens, new_vectors):
        """Replaces the vectors of known `tokens` by `new_vectors` (1-D for one token)."""
        assert self.idx_to_vec is not None, "The property `idx_to_vec` has not been properly set."
        single = not isinstance(tokens, list) or len(tokens) == 1
        is_nd = isinstance(new_vectors, NDArray)
        if single:
            assert is_nd and new_vectors.ndim in (1, 2), \
                "`new_vectors` must be a 1-D or 2-D NDArray if `tokens` is a singleton."
            tokens, _ = _one_or_many(tokens)
            if new_vectors.ndim == 1:
                new_vectors = nd.expand_dims(new_vectors, axis=0)
        else:
            assert is_nd and new_vectors.ndim == 2, \
                "`new_vectors` must be a 2-D NDArray if `tokens` is a list of multiple strings."
        assert new_vectors.shape == (len(tokens), self.vec_len), \
            "The length of new_vectors must be equal to the number of tokens and the width of" \
            "new_vectors must be equal to the dimension of embeddings of the glossary."
        unknown = [t for t in tokens if t not in self.token_to_idx]
        if unknown:
            raise ValueError(
                "Token %s is unknown. To update the embedding vector for an unknown token, "
                "please specify it explicitly as the `unknown_token` %s in `tokens`. This "
                "is to avoid unintended updates." % (unknown[0], self.idx_to_token[C.UNKNOWN_IDX]))
        positions = nd.array([self.token_to_idx[t] for t in tokens])
        self._idx_to_vec[positions] = new_vectors


_EMBED_ROOT = os.path.join(data_dir(), "embeddings")


def _pretrained_init(owner, self, name, root, init_unknown_vec, vocabulary, kwargs):
    """Shared constructor of GloVe and FastText (`owner`: the class whose files to use)."""
    owner._check_pretrained_file_names(name)
    super(owner, self).__init__(**kwargs)
    self._init_from_file(owner._get_pretrained_file(root, name), " ", init_unknown_vec,
                         vocabulary)


@register
class GloVe(_TokenEmbedding):
    """The pre-trained GloVe embeddings (https://nlp.stanford.edu/projects/glove/),
    downloaded from MXNet's repository into `embedding_root`/glove.

    Parameters
    ----------
    pretrained_file_name : str, default 'glove.840B.300d.txt'
    embedding_root : str, default $MXNET_HOME/embeddings
    init_unknown_vec : callable, default nd.zeros
    vocabulary : Vocabulary, optional
        Index only this vocabulary's tokens.
    """
    pretrained_archive_name_sha1 = C.GLOVE_ARCHIVE_SHA1
    pretrained_file_name_sha1 = C.GLOVE_FILE_SHA1

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        # e.g. glove.6B.50d.txt comes in glove.6B.zip (matched on the corpus field)
        corpus = pretrained_file_name.split(".")[1]
        for archive in reversed(list(GloVe.pretrained_archive_name_sha1)):
            if archive.split(".")[1] == corpus:
                return archive
        raise KeyError(corpus)

    def __init__(self, pretrained_file_name="glove.840B.300d.txt", embedding_root=_EMBED_ROOT,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        _pretrained_init(GloVe, self, pretrained_file_name, embedding_root, init_unknown_vec,
                         vocabulary, kwargs)


@register
class FastText(_TokenEmbedding):
    """The pre-trained fastText embeddings (https://fasttext.cc), downloaded from MXNet's
    repository into `embedding_root`/fasttext.

    Parameters
    ----------
    pretrained_file_name : str, default 'wiki.simple.vec'
    embedding_root : str, default $MXNET_HOME/embeddings
    init_unknown_vec : callable, default nd.zeros
    vocabulary : Vocabulary, optional
    """
    pretrained_archive_name_sha1 = C.FAST_TEXT_ARCHIVE_SHA1
    pretrained_file_name_sha1 = C.FAST_TEXT_FILE_SHA1

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        stem = pretrained_file_name.rsplit(".", 1)[0] if "." in pretrained_file_name else ""
        return stem + ".zip"

    def __init__(self, pretrained_file_name="wiki.simple.vec", embedding_root=_EMBED_ROOT,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        _pretrained_init(FastText, self, pretrained_file_name, embedding_root, init_unknown_vec,
                         vocabulary, kwargs)


class CustomEmbedding(_TokenEmbedding):
    """A token embedding loaded from a local file: one token per line followed by its
    vector's elements, separated by `elem_delim`.

    Parameters
    ----------
    pretrained_file_path : str
    elem_delim : str, default ' '
    encoding : str, default 'utf8'
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown token's vector (unless the file holds one).
    vocabulary : Vocabulary, optional
    """

    def __init__(self, pretrained_file_path, elem_delim=" ", encoding="utf8",
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self._init_from_file(pretrained_file_path, elem_delim, init_unknown_vec, vocabulary,
                             encoding)


class CompositeEmbedding(_TokenEmbedding):
    """The tokens of `vocabulary` with the concatenated vectors of `token_embeddings`."""

    def __init__(self, vocabulary, token_embeddings):
        assert isinstance(vocabulary, vocab.Vocabulary), \
            "The argument `vocabulary` must be an instance of " \
            "mxnet.contrib.text.indexer.Vocabulary."
        embeds, _ = _one_or_many(token_embeddings)
        assert all(isinstance(e, _TokenEmbedding) for e in embeds), \
            "The argument `token_embeddings` must be an instance or a list of instances " \
            "of `mxnet.contrib.text.embedding.TextEmbedding` whose embedding vectors will " \
            "beloaded or concatenated-then-loaded to map to the indexed tokens."
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(embeds, len(self), self.idx_to_token)
