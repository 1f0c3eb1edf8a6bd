"""ParameterDict: the prefixed, ordered dictionary of Parameters that Blocks manage
(``mxlite.gluon.parameter.ParameterDict``)."""
from collections import OrderedDict

import numpy as np

from .. import initializer, ndarray
from ..ndarray import NDArray
from .parameter import Constant, Parameter
from .utils import _brief_print_list, _indent

__all__ = ["ParameterDict"]

_NAMING_URL = ("For more info on naming, please see "
               "https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html")
_SAME_PREFIX = "Please make sure source and target networks have the same prefix."


def _merge_shapes(wanted, stored):
    """`wanted` with its unknown dimensions (0 or -1) taken from `stored`, or None when two
    known dimensions differ."""
    merged = []
    for w, s in zip(wanted, stored):
        if w != s and w > 0 and s > 0:
            return None
        merged.append(s if w in (0, -1) else w)
    return tuple(merged)


def _strip_kind(key):
    """Names saved by Module carry an 'arg:' or 'aux:' tag."""
    return key[4:] if key[:4] in ("arg:", "aux:") else key


class ParameterDict:
    """A dictionary managing a set of parameters.

    Parameters
    ----------
    prefix : str, default ''
        The prefix prepended to the names of parameters created by `get`.
    shared : ParameterDict or None
        Parameters are looked up in `shared` before new ones are created.
    """

    def __init__(self, prefix="", shared=None):
        self._prefix = prefix
        self._shared = shared
        self._params = OrderedDict()

    def __repr__(self):
        head = "%s " % self._prefix if self._prefix else ""
        body = "\n".join(_indent("  %s" % p, 2) for p in self.values())
        return "%s(\n%s\n)" % (head, body)

    # mapping protocol, delegated to the ordered dict
    def __getitem__(self, key):
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    def __len__(self):
        return len(self._params)

    def __contains__(self, key):
        return key in self._params

    def keys(self):
        return self._params.keys()

    def values(self):
        return self._params.values()

    def items(self):
        return self._params.items()

    @property
    def prefix(self):
        """Prefix of this dict, prepended to the names of the parameters `get` creates."""
        return self._prefix

    def _get_impl(self, name):
        """The Parameter called `name` here or, adopting it, in the shared dict; else None."""
        found = self._params.get(name)
        if found is None and self._shared is not None:
            found = self._shared._params.get(name)
            if found is not None:
                self._params[name] = found
        return found

    def get(self, name, **kwargs):
        """Retrieves the Parameter ``prefix + name``, creating it with `kwargs` (the
        Parameter constructor's arguments) if it does not exist.

        Returns
        -------
        Parameter
        """
        full = self._prefix + name
        param = self._get_impl(full)
        if param is None:
            param = Parameter(full, **kwargs)
            self._params[full] = param
            return param
        for attr, wanted in kwargs.items():
            stored = getattr(param, attr, None)
            if stored is None:
                setattr(param, attr, wanted)
                continue
            if attr == "shape" and len(wanted) == len(stored):
                merged = _merge_shapes(wanted, stored)
                if merged is not None:
                    param._shape = merged
                    continue
            if attr == "dtype" and np.dtype(wanted) == np.dtype(stored):
                continue
            assert wanted is None or wanted == stored, (
                "Cannot retrieve Parameter '%s' because desired attribute does not match "
                "with stored for attribute '%s': desired '%s' vs stored '%s'."
                % (full, attr, str(wanted), str(stored)))
        return param

    def get_constant(self, name, value=None):
        """Retrieves the Constant ``prefix + name``, creating it from `value` if needed."""
        full = self._prefix + name
        param = self._get_impl(full)
        if param is None:
            if value is None:
                raise KeyError("No constant named '{}'. Please specify value if you want "
                               "to create a new constant.".format(full))
            param = self._params[full] = Constant(full, value)
            return param
        if value is None:
            return param
        assert isinstance(param, Constant), \
            "Parameter '{}' already exists but it is not a constant.".format(full)
        given = np.asarray(value.asnumpy() if isinstance(value, NDArray) else value)
        same = param.shape == given.shape and (param.value.asnumpy() == given).all()
        assert same, "Constant '{}' already exists but it's value doesn't match new " \
            "value".format(full)
        return param

    def update(self, other):
        """Copies all Parameters in `other` to self."""
        for key, param in other.items():
            assert self._params.get(key, param) is param, (
                "Cannot update self with other because they have different Parameters "
                "with the same name '%s'" % key)
        self._params.update(other.items())

    # ------------------------------------------------------------- bulk operations
    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False,
                   force_reinit=False):
        """Initializes all Parameters managed by this dictionary (a parameter's own `init`
        takes precedence over `init`)."""
        if verbose:
            init.set_verbosity(verbose=verbose)
        for param in self.values():
            param.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Sets all Parameters' gradient buffers to 0."""
        for param in self.values():
            param.zero_grad()

    def reset_ctx(self, ctx):
        """Re-assigns all Parameters to other contexts."""
        for param in self.values():
            param.reset_ctx(ctx)

    def list_ctx(self):
        """The list of contexts on which some Parameter is initialized."""
        return list({c for param in self.values() for c in param.list_ctx()})

    def setattr(self, name, value):
        """Sets an attribute (e.g. ``grad_req``, ``lr_mult``) of all Parameters."""
        for param in self.values():
            setattr(param, name, value)

    # ------------------------------------------------------------- files
    def save(self, filename, strip_prefix=""):
        """Saves the parameters to `filename` in MXNet's format, with `strip_prefix` removed
        from the names."""
        cut = len(strip_prefix)
        to_save = {}
        for param in self.values():
            averaged = param._reduce()
            if param.name[:cut] != strip_prefix:
                raise ValueError(
                    "Prefix '%s' is to be striped before saving, but Parameter's name '%s' "
                    "does not start with '%s'. this may be due to your Block shares "
                    "parameters from other Blocks or you forgot to use 'with name_scope()' "
                    "when creating child blocks. %s"
                    % (strip_prefix, param.name, strip_prefix, _NAMING_URL))
            to_save[param.name[cut:]] = averaged
        ndarray.save(filename, to_save)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False,
             restore_prefix="", cast_dtype=False, dtype_source="current"):
        """Loads parameters from `filename`, prepending `restore_prefix` to the saved names."""
        if restore_prefix:
            for key in self.keys():
                assert key.startswith(restore_prefix), (
                    "restore_prefix is '%s' but Parameters name '%s' does not start with "
                    "'%s'. %s" % (restore_prefix, key, restore_prefix, _NAMING_URL))
        self.load_dict(ndarray.load(filename), ctx, allow_missing, ignore_extra,
                       restore_prefix, filename, cast_dtype, dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False,
                  restore_prefix="", filename=None, cast_dtype=False, dtype_source="current"):
        """Loads parameters from a dict of name -> NDArray."""
        pairs = ((_strip_kind(k), v) for k, v in param_dict.items()) \
            if isinstance(param_dict, dict) else param_dict
        incoming = {restore_prefix + k: v for k, v in pairs}
        source = "file: %s" % filename if filename else "param_dict"
        cut = len(restore_prefix)
        if not allow_missing:
            for key in self.keys():
                assert key in incoming, (
                    "Parameter '%s' is missing in %s, which contains parameters: %s. %s%s"
                    % (key[cut:], source, _brief_print_list(incoming.keys()),
                       _SAME_PREFIX, _NAMING_URL))
        for key, value in incoming.items():
            if key in self._params:
                self._params[key]._load_init(value, ctx, cast_dtype=cast_dtype,
                                             dtype_source=dtype_source)
                continue
            assert ignore_extra, (
                "Parameter '%s' loaded from %s is not present in ParameterDict, choices "
                "are: %s. Set ignore_extra to True to ignore. %s%s"
                % (key[cut:], source, _brief_print_list(self._params.keys()),
                   _SAME_PREFIX, _NAMING_URL))
