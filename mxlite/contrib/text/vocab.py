"""mx.contrib.text.vocab.Vocabulary (MXNet 1.9.1)."""
import collections

from . import _constants as C

__all__ = ["Vocabulary"]


def _as_list(value):
    """(list, was_scalar): wraps a non-list argument into a one-element list."""
    return (value, False) if isinstance(value, list) else ([value], True)


class Vocabulary:
    """Indexes tokens: the unknown token gets index 0, the reserved tokens the next ones,
    then the counter's keys by decreasing frequency (ties in token order).

    Parameters
    ----------
    counter : collections.Counter, optional
    most_freq_count : int, optional
        Keep at most this many counter keys.
    min_freq : int, default 1
        Keep only keys at least this frequent.
    unknown_token : hashable, default '<unk>'
    reserved_tokens : list, optional
    """

    def __init__(self, counter=None, most_freq_count=None, min_freq=1, unknown_token="<unk>",
                 reserved_tokens=None):
        assert min_freq > 0, "`min_freq` must be set to a positive value."
        if reserved_tokens is not None:
            distinct = set(reserved_tokens)
            assert unknown_token not in distinct, \
                "`reserved_token` cannot contain `unknown_token`."
            assert len(distinct) == len(reserved_tokens), \
                "`reserved_tokens` cannot contain duplicate reserved tokens."
        self._unknown_token = unknown_token
        self._reserved_tokens = None if reserved_tokens is None else reserved_tokens[:]
        self._idx_to_token = [unknown_token] + list(reserved_tokens or ())
        self._token_to_idx = dict(zip(self._idx_to_token, range(len(self._idx_to_token))))
        if counter is not None:
            assert isinstance(counter, collections.Counter), \
                "`counter` must be an instance of collections.Counter."
            for tok in self._select(counter, most_freq_count, min_freq):
                self._token_to_idx[tok] = len(self._idx_to_token)
                self._idx_to_token.append(tok)

    def _select(self, counter, most_freq_count, min_freq):
        """The counter keys to index, in index order."""
        skip = set(self._idx_to_token)
        # frequency descending, then token ascending
        ranked = sorted(counter.items(), key=lambda kv: kv[0])
        ranked.sort(key=lambda kv: -kv[1])
        limit = len(counter) if most_freq_count is None else most_freq_count
        chosen = []
        for tok, freq in ranked:
            if freq < min_freq or len(chosen) == limit:
                break
            if tok not in skip:
                chosen.append(tok)
        return chosen

    def __len__(self):
        return len(self._idx_to_token)

    @property
    def token_to_idx(self):
        """dict token -> index."""
        return self._token_to_idx

    @property
    def idx_to_token(self):
        """list index -> token."""
        return self._idx_to_token

    @property
    def unknown_token(self):
        """The token of unknown tokens (index 0)."""
        return self._unknown_token

    @property
    def reserved_tokens(self):
        """The reserved tokens (list or None)."""
        return self._reserved_tokens

    def to_indices(self, tokens):
        """Index (or list of indices) of a token (or list of tokens); unknown ones give 0."""
        items, scalar = _as_list(tokens)
        lookup = self.token_to_idx
        out = [lookup.get(t, C.UNKNOWN_IDX) for t in items]
        return out[0] if scalar else out

    def to_tokens(self, indices):
        """Token (or list of tokens) of an index (or list of indices)."""
        items, scalar = _as_list(indices)
        table = self.idx_to_token
        out = []
        for i in items:
            if isinstance(i, int) and i < len(table):
                out.append(table[i])
            else:
                raise ValueError("Token index %d in the provided `indices` is invalid." % i)
        return out[0] if scalar else out
