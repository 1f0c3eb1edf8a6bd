"""``mx.init``: weight initializers, with MXNet 1.9.1's names, defaults and dispatch rules.

Random initializers draw from mxlite's one global generator (``mx.random.seed`` reproduces).
"""
import json
import logging
import re
import warnings

import numpy as np

from .base import string_types
from .ndarray import NDArray, load
from .ndarray import random as _random

__all__ = ["InitDesc", "Initializer", "register", "alias", "create", "Load", "Mixed", "Zero",
           "One", "Constant", "Uniform", "Normal", "Orthogonal", "Xavier", "MSRAPrelu",
           "Bilinear", "LSTMBias", "FusedRNN"]

# lower-case name -> Initializer subclass; filled by register() and alias()
_REGISTRY = {}

_UNKNOWN_PATTERN = ("Unknown initialization pattern for %s. "
                    "Default initialization is now limited to "
                    '"weight", "bias", "gamma" (1.0), and "beta" (0.0).'
                    "Please use mx.sym.Variable(init=mx.init.*) to set initialization pattern")

# Name suffix -> method, for InitDesc names (the order is MXNet's: first match wins).
_SUFFIX_METHODS = (("weight", "_init_weight"), ("bias", "_init_bias"),
                   ("gamma", "_init_gamma"), ("beta", "_init_beta"),
                   ("min", "_init_zero"), ("max", "_init_one"),
                   ("weight_quantize", "_init_quantized_weight"),
                   ("bias_quantize", "_init_quantized_bias"))

# The deprecated init(str, arr) form: (required prefix, any of these suffixes, method).
_LEGACY_RULES = (("upsampling", (), "_init_bilinear"),
                 ("stn_loc", ("weight",), "_init_zero"),
                 ("stn_loc", ("bias",), "_init_loc_bias"),
                 ("", ("bias",), "_init_bias"),
                 ("", ("gamma",), "_init_gamma"),
                 ("", ("beta",), "_init_beta"),
                 ("", ("weight",), "_init_weight"),
                 ("", ("moving_mean", "moving_inv_var", "moving_avg", "min"), "_init_zero"),
                 ("", ("moving_var", "max"), "_init_one"))


class InitDesc(str):
    """A parameter's name (a str) carrying the attributes initializers look at.

    Parameters
    ----------
    name : str
    attrs : dict of str to str, e.g. ``{'__init__': '["zero", {}]'}``
    global_init : Initializer, the global initializer to fall back to
    """

    def __new__(cls, name, attrs=None, global_init=None):
        desc = str.__new__(cls, name)
        desc.attrs = attrs if attrs else {}
        desc.global_init = global_init
        return desc


def _assign(arr, values):
    """Writes `values` (a scalar or anything array-like) into NDArray `arr`, in arr's dtype."""
    if np.isscalar(values):
        arr[:] = values
    else:
        arr[:] = np.asarray(values, dtype=arr.dtype)


def _norm_stat(arr):
    """Default statistic of verbose initialization: the root mean square of `arr`."""
    values = arr.asnumpy()
    return str(np.float32(np.linalg.norm(values) / np.sqrt(values.size)))


def _random_values(dist, scale, shape):
    """Draws `shape` values from U(-scale, scale) or N(0, scale^2) (float64)."""
    gen = _random._rng()
    if dist == "uniform":
        return gen.uniform(-scale, scale, shape)
    return gen.normal(0, scale, shape)


def _bilinear_kernel(shape):
    """The bilinear upsampling filter for a (..., H, W) weight, as float32."""
    f = np.ceil(shape[3] / 2.)
    centre = (2 * f - 1 - f % 2) / (2. * f)
    along_w = 1 - np.abs(np.arange(shape[3]) / f - centre)
    along_h = 1 - np.abs(np.arange(shape[2]) / f - centre)
    plane = along_h[:, None] * along_w[None, :]
    return np.broadcast_to(plane, tuple(shape)).astype(np.float32)


class Initializer:
    """The base class of initializers: ``init(InitDesc(name), arr)`` fills `arr` in place,
    choosing by the name's suffix (weight, bias, gamma, beta, ...)."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose=False, print_func=None):
        """Switches logging of the statistics of each initialized array on or off."""
        self._verbose = verbose
        self._print_func = _norm_stat if print_func is None else print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if not (self._verbose and self._print_func):
            return
        logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr))

    def dumps(self):
        """The initializer as a JSON string: ``'["uniform", {"scale": 0.07}]'``."""
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        spec = desc.attrs.get("__init__", "")
        if spec:
            # a per-parameter initializer overrides the suffix rules
            create(spec)._init_weight(desc, arr)
            self._verbose_print(desc, spec, arr)
            return
        match = next((pair for pair in _SUFFIX_METHODS if desc.endswith(pair[0])), None)
        if match is None:
            self._init_default(desc, arr)
            return
        getattr(self, match[1])(desc, arr)
        self._verbose_print(desc, match[0], arr)

    def _legacy_init(self, name, arr):
        warnings.warn("\033[91mCalling initializer with init(str, NDArray) has been deprecated."
                      "please use init(mx.init.InitDesc(...), NDArray) instead.\033[0m",
                      DeprecationWarning, stacklevel=3)
        if not isinstance(name, string_types):
            raise TypeError("name must be string")
        if not isinstance(arr, NDArray):
            raise TypeError("arr must be NDArray")
        for prefix, suffixes, method in _LEGACY_RULES:
            if name.startswith(prefix) and (not suffixes or name.endswith(suffixes)):
                getattr(self, method)(name, arr)
                return
        self._init_default(name, arr)

    def _init_bilinear(self, _, arr):
        _assign(arr, _bilinear_kernel(arr.shape))

    def _init_loc_bias(self, _, arr):
        assert arr.shape[0] == 6
        _assign(arr, [1.0, 0, 0, 0, 1.0, 0])

    def _init_zero(self, _, arr):
        arr[:] = 0.0

    def _init_one(self, _, arr):
        arr[:] = 1.0

    _init_bias = _init_zero
    _init_beta = _init_zero
    _init_gamma = _init_one

    def _init_quantized_bias(self, _, arr):
        arr[:] = 0

    def _init_weight(self, name, arr):
        """Abstract method to initialize a weight."""
        raise NotImplementedError("Must override it")

    def _init_quantized_weight(self, _, arr):
        _assign(arr, np.int8(_random._rng().integers(-127, 127, size=arr.shape)))

    def _init_default(self, name, _):
        raise ValueError(_UNKNOWN_PATTERN % name)

    def __eq__(self, other):
        if isinstance(other, Initializer):
            return type(other) is type(self) and other._kwargs == self._kwargs
        return NotImplemented

    __hash__ = object.__hash__


def _register(klass, name=None):
    assert issubclass(klass, Initializer), "Can only register subclass of Initializer"
    key = (name or klass.__name__).lower()
    previous = _REGISTRY.get(key)
    if previous is not None:
        warnings.warn("\033[91mNew initializer %s.%s registered with name %s is"
                      "overriding existing initializer %s.%s\033[0m"
                      % (klass.__module__, klass.__name__, key,
                         previous.__module__, previous.__name__),
                      UserWarning, stacklevel=2)
    _REGISTRY[key] = klass
    return klass


def register(klass):
    """Registers a custom initializer class (usable as a decorator); after
    ``@mx.init.register class MyInit`` the string ``'myinit'`` creates it."""
    return _register(klass)


def alias(*aliases):
    """Registers the decorated initializer class under extra names."""
    def decorate(klass):
        for extra in aliases:
            _register(klass, extra)
        return klass
    return decorate


def create(*args, **kwargs):
    """Creates an initializer from an instance, a registered name (``'xavier'``), a JSON
    dumps() string or a dict."""
    spec, rest = (args[0], args[1:]) if args else (kwargs.pop("initializer"), ())
    if isinstance(spec, Initializer):
        assert not rest and not kwargs, \
            "initializer is already an instance. Additional arguments are invalid"
        return spec
    if isinstance(spec, dict):
        return create(**spec)
    assert isinstance(spec, string_types), "initializer must be of string type"
    if spec[:1] in ("[", "{"):
        assert not rest and not kwargs
        decoded = json.loads(spec)
        if isinstance(decoded, dict):
            return create(**decoded)
        return create(decoded[0], **decoded[1])
    key = spec.lower()
    assert key in _REGISTRY, \
        "%s is not registered. Please register with initializer.register first" % key
    return _REGISTRY[key](*rest, **kwargs)


class Load:
    """Initializes parameters by loading them from a file or dict of NDArrays, falling back
    to `default_init` for names not found."""

    def __init__(self, param, default_init=None, verbose=False):
        source = load(param) if isinstance(param, str) else param
        assert isinstance(source, dict)
        # 'arg:' / 'aux:' prefixes of Module checkpoints are dropped
        self.param = {(k[4:] if k[:4] in ("arg:", "aux:") else k): v for k, v in source.items()}
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        stored = self.param.get(name)
        if stored is None:
            assert self.default_init is not None, \
                "Cannot Initialize %s. Not found in loaded param " \
                "and no default Initializer is provided." % name
            self.default_init(name, arr)
            how = "default"
        else:
            assert arr.shape == stored.shape, \
                "Parameter %s cannot be initialized from loading. " \
                "Shape mismatch, target %s vs loaded %s" % (name, str(arr.shape), stored.shape)
            arr[:] = stored
            how = "loading"
        if self.verbose:
            logging.info("Initialized %s by %s", name, how)


class Mixed:
    """Initializes each parameter with the first initializer whose regex pattern matches
    its name."""

    def __init__(self, patterns, initializers):
        assert len(patterns) == len(initializers)
        self.map = [(re.compile(p), init) for p, init in zip(patterns, initializers)]

    def __call__(self, name, arr):
        chosen = [init for regex, init in self.map if regex.match(name)]
        if not chosen:
            # MXNet's text, unformatted '%s' included
            raise ValueError("Parameter name %s did not match any pattern. Consider"
                             'add a ".*" pattern at the and with default Initializer.')
        chosen[0](name, arr)


@register
@alias("zeros")
class Zero(Initializer):
    """Initializes weights to zero."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Initializes weights to one."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        arr[:] = 1


@register
class Constant(Initializer):
    """Initializes weights to a given value (a scalar or an array broadcastable to the
    weight's shape)."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        value = self.value.asnumpy() if isinstance(self.value, NDArray) else self.value
        if np.isscalar(value):
            arr[:] = value
        else:
            _assign(arr, np.broadcast_to(np.asarray(value), arr.shape))

    def dumps(self):
        value = self._kwargs["value"]
        if not np.isscalar(value):
            # arrays are written as nested lists
            plain = value.asnumpy() if isinstance(value, NDArray) else np.asarray(value)
            self._kwargs["value"] = plain.tolist()
        return super().dumps()


@register
class Uniform(Initializer):
    """Initializes weights with values drawn uniformly from [-scale, scale]."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        _assign(arr, _random_values("uniform", self.scale, arr.shape))


@register
class Normal(Initializer):
    """Initializes weights with values drawn from N(0, sigma^2)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        _assign(arr, _random_values("normal", self.sigma, arr.shape))


@register
class Orthogonal(Initializer):
    """Initializes weights as a scaled orthogonal matrix (Saxe et al. 2013)."""

    def __init__(self, scale=1.414, rand_type="uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        rows = arr.shape[0]
        cols = int(np.prod(arr.shape[1:]))
        gen = _random._rng()
        if self.rand_type == "uniform":
            draw = gen.uniform(-1.0, 1.0, (rows, cols))
        elif self.rand_type == "normal":
            draw = gen.normal(0.0, 1.0, (rows, cols))
        draw = draw.astype(np.float32)
        left, _, right = np.linalg.svd(draw, full_matrices=False)
        # the factor with the matrix's own shape has orthonormal rows or columns
        basis = left if left.shape == draw.shape else right
        _assign(arr, self.scale * basis.reshape(arr.shape))


@register
class Xavier(Initializer):
    """Xavier/Glorot initialization: scale = sqrt(magnitude / factor), factor being the
    fan-in, fan-out or their average."""

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr):
        shape = arr.shape
        if len(shape) < 2:
            raise ValueError("Xavier initializer cannot be applied to vector {0}. It requires at"
                             " least 2D.".format(name))
        receptive = np.prod(shape[2:]) if len(shape) > 2 else 1.
        fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
        factors = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}
        if self.factor_type not in factors:
            raise ValueError("Incorrect factor type")
        bound = np.sqrt(self.magnitude / factors[self.factor_type])
        dist = {"uniform": "uniform", "gaussian": "normal"}.get(self.rnd_type)
        if dist is None:
            raise ValueError("Unknown random type")
        _assign(arr, _random_values(dist, bound, shape))


@register
class MSRAPrelu(Xavier):
    """He/Kaiming initialization for PReLU layers: Gaussian Xavier with magnitude
    2 / (1 + slope^2)."""

    def __init__(self, factor_type="avg", slope=0.25):
        super().__init__("gaussian", factor_type, 2. / (1 + slope ** 2))
        self._kwargs = {"factor_type": factor_type, "slope": slope}


@register
class Bilinear(Initializer):
    """Initializes 4-D weights for bilinear upsampling (Deconvolution)."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, _bilinear_kernel(arr.shape))


@register
class LSTMBias(Initializer):
    """Zeros for all LSTM biases except the forget gate's, set to `forget_bias`."""

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        # gates are stacked as [input, forget, cell, output]
        gate = int(arr.shape[0] / 4)
        arr[:] = 0.0
        arr[gate:2 * gate] = self.forget_bias


@register
class FusedRNN(Initializer):
    """Initializer for fused RNN parameter vectors: mxlite applies the inner initializer to
    the whole packed vector (and `forget_bias` is not applied)."""

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False,
                 forget_bias=1.0):
        if isinstance(init, string_types):
            cls_name, cls_kwargs = json.loads(init)
            init = _REGISTRY[cls_name.lower()](**cls_kwargs)
        super().__init__(init=None if init is None else init.dumps(),
                         num_hidden=num_hidden, num_layers=num_layers, mode=mode,
                         bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init

    def _init_weight(self, desc, arr):
        inner = desc.global_init if self._init is None else self._init
        inner._init_weight(desc, arr)
