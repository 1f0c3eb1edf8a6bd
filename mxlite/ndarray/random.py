"""Random sampling (``mx.nd.random``, ``mx.random`` and the legacy ``random_*`` / ``sample_*``
names).

One generator per process, reseeded by ``mx.random.seed`` (the same seed reproduces the same
stream; bit equality with MXNet is not a goal). A missing shape means (1,); NDArray
parameters sample elementwise with output shape ``param.shape + shape``. Samples carry no
gradient, except the log-probabilities of ``multinomial(get_prob=True)``.
"""
import numpy as np

from ..base import MXNetError, _Null, as_dtype, as_shape, shape_str
from ..context import Context, current_context
from .ndarray import NDArray, _wrap
from .random_pdf import *  # noqa: F401,F403
from .random_pdf import __all__ as _pdf_all

__all__ = ["uniform", "normal", "random_uniform", "random_normal", "random_randint",
           "random_poisson", "random_exponential", "random_gamma", "random_negative_binomial",
           "random_generalized_negative_binomial", "sample_uniform", "sample_normal",
           "sample_gamma", "sample_exponential", "sample_poisson", "sample_multinomial",
           "sample_negative_binomial", "sample_generalized_negative_binomial",
           "shuffle"] + list(_pdf_all)

_gen = [np.random.default_rng()]
_FLOAT_DTYPES = ("float16", "float32", "float64")


def seed(seed_state, ctx="all"):
    """Seeds the random number generators; the same seed reproduces the same stream.

    Parameters
    ----------
    seed_state : int
    ctx : Context or 'all', accepted for compatibility (one generator serves every device)
    """
    if not isinstance(seed_state, (int, np.integer)):
        raise ValueError("seed_state must be int")
    _gen[0] = np.random.default_rng(int(seed_state))


def _rng():
    return _gen[0]


def _dtype(dtype, op, allowed=_FLOAT_DTYPES, default="float32", none=True):
    if dtype is _Null or dtype is None:
        return np.dtype(default)
    try:
        dt = as_dtype(dtype)
    except TypeError:  # unknown to numpy: numpy's TypeError; known but unsupported: MXNet's
        dt = np.dtype(dtype)
    if dt.name not in allowed:
        names = (["'None'"] if none else []) + [repr(a) for a in allowed]
        raise MXNetError(f"Invalid Input: '{dt.name}', valid values are: "
                         f"{{{', '.join(names)}}}, in operator {op}")
    return dt


def _ctx_of(ctx):
    if ctx is None or ctx is _Null:
        return current_context()
    if isinstance(ctx, Context):
        return ctx
    raise MXNetError(f"Invalid context string {ctx}")


def _finish(values, dt, ctx, out):
    data = np.asarray(values).astype(dt, copy=False)
    if out is not None:
        if out.shape != data.shape:
            raise MXNetError(f"Shape inconsistent, Provided = {shape_str(out.shape)}, inferred "
                             f"shape={shape_str(data.shape)}")
        out._data[...] = data
        return out
    return _wrap(data if ctx.xp is np else ctx.xp.asarray(data), ctx)


def _size(shape, out):
    if shape is _Null or shape is None:
        return out.shape if out is not None else (1,)
    s = as_shape(shape)
    if not s or any(d <= 0 for d in s):
        raise MXNetError(f"Invalid shape {s}: every dimension of a random sample must be "
                         f"positive")
    return s


def _draw(op, fn, names, params, shape, dtype, ctx, out, check=None, allowed=_FLOAT_DTYPES,
          default="float32"):
    """Samples `fn(*params, size)` for scalar or (all-)NDArray parameters. NDArray parameters
    are validated too (MXNet's _sample_* ops do not: sigma < 0 negates the noise, alpha < 0
    never returns)."""
    nds = [p for p in params if isinstance(p, NDArray)]
    if nds:
        op = op.replace("_random_", "_sample_")
    dt = _dtype(dtype, op, allowed, default)
    if nds:
        if len(nds) != len(params):
            other = next(type(p) for p in params if not isinstance(p, NDArray))
            raise AssertionError(f"Distribution parameters must all have the same type, but "
                                 f"got both {NDArray} and {other}.")
        for p in nds[1:]:
            if p.shape != nds[0].shape:
                raise MXNetError(f"Shape inconsistent: the parameters of {op} must have the same "
                                 f"shape, got {shape_str(nds[0].shape)} and {shape_str(p.shape)}")
            if p.dtype != nds[0].dtype:
                raise MXNetError(f"Operator {op} is missing FInferType attribute (its parameters "
                                 f"must share one dtype, got {np.dtype(nds[0].dtype).name} and "
                                 f"{np.dtype(p.dtype).name})")
        extra = () if shape is _Null or shape is None else as_shape(shape)
        vals = [p.asnumpy().astype(np.float64).reshape(p.shape + (1,) * len(extra))
                for p in nds]
        size = nds[0].shape + extra
        ctx = nds[0].context if ctx is None else _ctx_of(ctx)
    else:
        vals = [float(p) for p in params]
        size = _size(shape, out)
        ctx = _ctx_of(ctx) if out is None else out.context
    if check is not None:
        check(*[np.asarray(v) for v in vals])
    return _finish(fn(*vals, size=size), dt, ctx, out)


def _no_extra(kwargs):
    for k in kwargs:
        if k != "name":
            raise MXNetError(f"Cannot find argument '{k}', Possible Arguments: (in a random "
                             f"sampling operator)")


def _require(cond, msg):
    if not np.all(cond):
        raise MXNetError(msg)


def _ctx_dtype(dtype, ctx):
    """MXNet's flat ops take (ctx, dtype) positionally and nd.random (dtype, ctx); a Context
    or a dtype found in the other's place is moved where it belongs."""
    if isinstance(dtype, Context) or isinstance(ctx, (str, type, np.dtype)):
        dtype, ctx = ctx, dtype
    return dtype, ctx


# ------------------------------------------------------------------ distributions
def uniform(low=0, high=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from a uniform distribution on [low, high).

    Parameters
    ----------
    low, high : float or NDArray (NDArrays sample elementwise: shape ``low.shape + shape``)
    shape : int or tuple, default (1,)
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
    ctx : Context
    out : NDArray, optional
    """
    dtype, ctx = _ctx_dtype(dtype, ctx)
    _no_extra(kwargs)
    return _draw("_random_uniform", lambda lo, hi, size: lo + (hi - lo) * _rng().random(size),
                 ("low", "high"), (low, high), shape, dtype, ctx, out,
                 lambda lo, hi: _require(hi >= lo, f"Check failed: param.high >= param.low "
                                         f"({hi} vs. {lo}) : low must be less or equal to high "
                                         f"in uniform distribution"))


def normal(loc=0, scale=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from a normal (Gaussian) distribution N(loc, scale²)."""
    dtype, ctx = _ctx_dtype(dtype, ctx)
    _no_extra(kwargs)
    return _draw("_random_normal", lambda m, s, size: m + s * _rng().standard_normal(size),
                 ("loc", "scale"), (loc, scale), shape, dtype, ctx, out,
                 lambda m, s: _require(s > 0, f"Check failed: param.scale > 0 ({s} vs. 0) : "
                                       f"scale parameter in gaussian has to be positive"))


def randn(*shape, **kwargs):
    """Normal samples of the given shape: ``randn(2, 3, loc=0, scale=1, dtype=None)``."""
    if not shape:
        raise MXNetError("randn: a shape is required, e.g. randn(2, 3)")
    return normal(kwargs.pop("loc", 0), kwargs.pop("scale", 1), shape=shape, **kwargs)


def _int_param(v, name, kind="long"):
    """MXNet parses integer parameters from their text: a Python float is refused."""
    if not isinstance(v, NDArray) and not isinstance(v, (int, np.integer)):
        raise MXNetError(f"Invalid Parameter format for {name} expect {kind} but value='{v}'")


def randint(low, high, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws integers uniformly from [low, high) (dtype int32 by default, or int64)."""
    if isinstance(low, NDArray) and isinstance(high, NDArray):
        raise TypeError("'NoneType' object is not callable")  # MXNet has no _sample_randint
    if isinstance(low, NDArray) or isinstance(high, NDArray):
        raise AssertionError(f"Distribution parameters must all have the same type, but got "
                             f"both {NDArray} and {int}.")
    _int_param(high, "high")
    _int_param(low, "low")
    _no_extra(kwargs)
    return _draw("_random_randint",
                 lambda lo, hi, size: _rng().integers(int(lo), max(int(hi), int(lo) + 1), size),
                 ("low", "high"), (low, high), shape, dtype, ctx, out,
                 lambda lo, hi: _require(hi >= lo, f"Check failed: param.high >= param.low "
                                         f"({hi} vs. {lo}) : low must be less or equal to high "
                                         f"in uniform distribution"),
                 allowed=("int32", "int64"), default="int32")


def poisson(lam=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from a Poisson distribution with rate `lam` (float output)."""
    _no_extra(kwargs)
    return _draw("_random_poisson", lambda lm, size: _rng().poisson(lm, size), ("lam",),
                 (lam,), shape, dtype, ctx, out,
                 lambda lm: _require(lm >= 0, f"Check failed: param.lam >= 0 ({lm} vs. 0) : "
                                     f"lambda parameter in poisson distribution has to be "
                                     f"non-negative"))


def _exp_check(s):
    _require(s > 0, f"Check failed: param.lam > 0 ({s} vs. 0) : lambda parameter in "
                    f"exponential distribution has to be positive")


def exponential(scale=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from an exponential distribution with the given `scale` (= 1/rate)."""
    _no_extra(kwargs)
    if not isinstance(scale, NDArray):
        _exp_check(np.asarray(1.0 / scale))  # 1/0 raises ZeroDivisionError, as in MXNet
    return _draw("_random_exponential", lambda s, size: s * _rng().standard_exponential(size),
                 ("scale",), (scale,), shape, dtype, ctx, out, _exp_check)


def gamma(alpha=1, beta=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from a gamma distribution with shape `alpha` and scale `beta`."""
    def check(a, b):
        _require(a > 0, f"Check failed: param.alpha > 0 ({a} vs. 0) : alpha parameter in gamma "
                        f"distribution has to be positive")
        _require(b > 0, f"Check failed: param.beta > 0 ({b} vs. 0) : beta parameter in gamma "
                        f"distribution has to be positive")
    _no_extra(kwargs)
    return _draw("_random_gamma", lambda a, b, size: _rng().gamma(a, b, size),
                 ("alpha", "beta"), (alpha, beta), shape, dtype, ctx, out, check)


def _poisson_any(lam):
    """Poisson draws for any rate: huge or infinite rates give the rate itself."""
    lam = np.asarray(lam, dtype=np.float64)
    big = ~(lam < 1e15)
    return np.where(big, lam, _rng().poisson(np.where(big, 0.0, np.maximum(lam, 0.0))))


def _nb(k, p, size):
    # MXNet's construction: Poisson(Gamma(k, (1-p)/p)); p >= 1 or k = 0 give 0, p = 0 is
    # an infinite rate.
    k = np.broadcast_to(np.asarray(k, dtype=np.float64), size)
    p = np.broadcast_to(np.asarray(p, dtype=np.float64), size)
    ok = (k > 0) & (p > 0)
    scale = np.where(ok, np.maximum(1 - p, 0) / np.where(ok, p, 1.0), 1.0)
    lam = _rng().gamma(np.where(ok, k, 1.0), scale, size)
    return _poisson_any(np.where(ok, lam, np.where(k > 0, np.inf, 0.0)))


def negative_binomial(k=1, p=1, shape=_Null, dtype=_Null, ctx=None, out=None, **kwargs):
    """Draws samples from a negative binomial distribution: the number of failures before
    `k` successes with success probability `p` (mean k(1-p)/p)."""
    def check(kk, pp):
        _require(kk >= 0, f"Check failed: param.k >= 0 ({kk} vs. 0) : k parameter in negative "
                          f"binomial distribution has to be non-negative")
        _require(pp >= 0, f"Check failed: param.p >= 0 ({pp} vs. 0) : p parameter in negative "
                          f"binomial distribution has to be non-negative")
    _no_extra(kwargs)
    _int_param(k, "k", "int")
    return _draw("_random_negative_binomial", _nb, ("k", "p"), (k, p), shape, dtype, ctx, out,
                 check)


def _gnb(mu, alpha, size):
    mu = np.broadcast_to(np.asarray(mu, dtype=np.float64), size)
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), size)
    safe = np.where(alpha > 0, alpha, 1.0)
    lam = np.where(alpha > 0, _rng().gamma(1.0 / safe, safe * mu, size), mu)
    return _rng().poisson(lam)


def generalized_negative_binomial(mu=1, alpha=1, shape=_Null, dtype=_Null, ctx=None, out=None,
                                  **kwargs):
    """Draws samples from a generalized negative binomial distribution with mean `mu` and
    dispersion `alpha` (variance mu + alpha·mu²; alpha = 0 is Poisson(mu))."""
    def check(m, a):
        _require(m >= 0, f"Check failed: param.mu >= 0 ({m} vs. 0) : mu parameter in "
                         f"generalized negative binomial distribution has to be non-negative")
        _require(a >= 0, f"Check failed: param.alpha >= 0 ({a} vs. 0) : alpha parameter in "
                         f"generalized negative binomial distribution has to be non-negative")
    _no_extra(kwargs)
    return _draw("_random_generalized_negative_binomial", _gnb, ("mu", "alpha"), (mu, alpha),
                 shape, dtype, ctx, out, check)


# ------------------------------------------------------------------ multinomial, shuffle
def multinomial(data, shape=_Null, get_prob=False, out=None, dtype="int32", **kwargs):
    """Draws category indices from the distributions in the last axis of `data` (each row
    holds probabilities summing to 1).

    The output shape is ``data.shape[:-1] + shape`` ((1,) when both are empty). With
    ``get_prob=True`` returns ``[samples, log_probabilities]`` (log of the sampled
    probabilities, differentiable with respect to `data`).
    """
    if not isinstance(data, NDArray):
        raise AssertionError(f"Argument data must have NDArray type, but got {data!r}")
    dt = _dtype(dtype, "_sample_multinomial",
                ("float16", "float32", "float64", "int32", "uint8"), "int32", none=False)
    k = data.shape[-1]
    extra = () if shape is _Null or shape is None else as_shape(shape)
    n = int(np.prod(extra)) if extra else 1
    probs = data.asnumpy().astype(np.float64).reshape(-1, k)
    b = probs.shape[0]
    cdf = np.cumsum(probs, axis=1)
    # one vectorised search: row r lives in [r*w, (r+1)*w) of a single sorted axis
    w = max(float(cdf[:, -1].max(initial=0.0)), 1.0) + 1.0
    offs = np.arange(b)[:, None] * w
    u = _rng().random((b, n)) + offs
    idx = np.searchsorted((cdf + offs).reshape(-1), u.reshape(-1), side="right").reshape(b, n)
    idx = np.minimum(idx - np.arange(b)[:, None] * k, k - 1)
    oshape = data.shape[:-1] + extra or (1,)
    samples = _finish(idx.reshape(oshape), dt, data.context, out)
    if not get_prob:
        return samples
    from . import index_ops, unary
    from .shape import _reshape_exact, broadcast_to
    rows = broadcast_to(_reshape_exact(data, (b, 1, k)), (b, n, k))
    picked = index_ops.pick(rows, _wrap(idx.astype(np.int32), data.context), axis=-1)
    return [samples, _reshape_exact(unary.log(picked), oshape)]


def shuffle(data, **kwargs):
    """Randomly shuffles the elements along the first axis (returns a shuffled copy)."""
    a = data.asnumpy().copy()
    _rng().shuffle(a, axis=0)
    return _finish(a, a.dtype, data.context, kwargs.get("out"))


# ------------------------------------------------------------------ *_like
def _like(op, names, defaults, rate=False):
    def like(data=None, *args, out=None, **kwargs):
        vals = list(defaults)
        for i, v in enumerate(args):
            vals[i] = v
        for i, nm in enumerate(names):
            if nm in kwargs and kwargs[nm] is not _Null:
                vals[i] = kwargs.pop(nm)
        if rate:
            vals = [1.0 / v for v in vals]
        if np.dtype(data.dtype).kind != "f":  # the parameters are checked first
            op(*vals, shape=(1,))
            raise MXNetError(f"This operation only support floating point types, not "
                             f"{np.dtype(data.dtype).name}")
        return op(*vals, shape=data.shape, dtype=data.dtype, ctx=data.context, out=out)
    like.__name__ = op.__name__ + "_like"
    like.__doc__ = (f"Samples like `{op.__name__}` ({', '.join(names)}) with the shape, dtype "
                    f"and context of `data`." + (" `lam` is the rate." if rate else ""))
    return like


uniform_like = _like(uniform, ("low", "high"), (0, 1))
normal_like = _like(normal, ("loc", "scale"), (0, 1))
gamma_like = _like(gamma, ("alpha", "beta"), (1, 1))
exponential_like = _like(exponential, ("lam",), (1,), rate=True)
poisson_like = _like(poisson, ("lam",), (1,))
negative_binomial_like = _like(negative_binomial, ("k", "p"), (1, 1))
generalized_negative_binomial_like = _like(generalized_negative_binomial, ("mu", "alpha"),
                                           (1, 1))


# ------------------------------------------------------------------ legacy flat names
def _legacy(op, name, names, defaults, rate=False):
    """nd.random_<name>(params..., shape, ctx, dtype, out): shape is required."""
    def f(*args, shape=_Null, ctx=_Null, dtype=_Null, out=None, **kwargs):
        kwargs.pop("name", None)
        vals = list(defaults)
        pos = list(args)
        for i in range(min(len(names), len(pos))):
            vals[i] = pos[i]
        rest = pos[len(names):]
        if rest:
            shape = rest[0]
        if len(rest) > 1:
            ctx = rest[1]
        if len(rest) > 2:
            dtype = rest[2]
        for i, nm in enumerate(names):
            if nm in kwargs:
                vals[i] = kwargs.pop(nm)
        if name == "random_randint":
            for i in (1, 0):
                if vals[i] is None:
                    raise MXNetError(f"Required parameter {names[i]} of long is not presented")
        if (shape is _Null or shape is None) and out is None:
            raise MXNetError(f"operator {name}: the shape attribute is required (shape "
                             f"inference failed)")
        if ctx is None:  # an explicit None (the generated op parses it as a context string)
            raise MXNetError("Invalid context string None")
        if rate:
            if not isinstance(vals[0], NDArray):
                _exp_check(np.asarray(vals[0]))
            vals = [1.0 / v for v in vals]
        return op(*vals, shape=shape, dtype=dtype, ctx=None if ctx is _Null else ctx, out=out)
    f.__name__ = name
    f.__doc__ = (f"Legacy ``{name}({', '.join(names)}, shape, ctx, dtype)``: like "
                 f"nd.random.{op.__name__}, but `shape` is required.")
    return f


random_uniform = _legacy(uniform, "random_uniform", ("low", "high"), (0, 1))
random_normal = _legacy(normal, "random_normal", ("loc", "scale"), (0, 1))
random_randint = _legacy(randint, "random_randint", ("low", "high"), (None, None))
random_poisson = _legacy(poisson, "random_poisson", ("lam",), (1,))
random_exponential = _legacy(exponential, "random_exponential", ("lam",), (1,), rate=True)
random_gamma = _legacy(gamma, "random_gamma", ("alpha", "beta"), (1, 1))
random_negative_binomial = _legacy(negative_binomial, "random_negative_binomial", ("k", "p"),
                                   (1, 1))
random_generalized_negative_binomial = _legacy(
    generalized_negative_binomial, "random_generalized_negative_binomial", ("mu", "alpha"),
    (1, 1))


# ------------------------------------------------------------------ sample_* (NDArray params)
def _sample(op, name, names, rate=False):
    def f(*args, shape=_Null, dtype=_Null, out=None, **kwargs):
        kwargs.pop("name", None)
        params = list(args[:len(names)])
        rest = list(args[len(names):])
        for nm in names[len(params):]:
            if nm not in kwargs:
                raise MXNetError(f"Operator _{name} expects {len(names)} inputs, but got "
                                 f"{len(params)} instead.")
            params.append(kwargs.pop(nm))
        if rest:
            shape = rest.pop(0)
        if rest:
            dtype = rest.pop(0)
        for nm, p in zip(names, params):
            if not isinstance(p, NDArray):
                raise AssertionError(f"Argument {nm} must have NDArray type, but got {p!r}")
        if rate:
            params = [1.0 / p for p in params]
        return op(*params, shape=shape, dtype=dtype, out=out)
    f.__name__ = name
    f.__doc__ = (f"Elementwise ``{op.__name__}`` sampling with NDArray parameters "
                 f"({', '.join(names)}): the output shape is ``{names[0]}.shape + shape``.")
    return f


sample_uniform = _sample(uniform, "sample_uniform", ("low", "high"))
sample_normal = _sample(normal, "sample_normal", ("mu", "sigma"))
sample_gamma = _sample(gamma, "sample_gamma", ("alpha", "beta"))
sample_exponential = _sample(exponential, "sample_exponential", ("lam",), rate=True)
sample_poisson = _sample(poisson, "sample_poisson", ("lam",))
sample_negative_binomial = _sample(negative_binomial, "sample_negative_binomial", ("k", "p"))
sample_generalized_negative_binomial = _sample(
    generalized_negative_binomial, "sample_generalized_negative_binomial", ("mu", "alpha"))


def sample_multinomial(data, shape=_Null, get_prob=False, dtype="int32", out=None, **kwargs):
    """Multinomial sampling from the rows of `data` (see `multinomial`)."""
    return multinomial(data, shape, get_prob, out, dtype)
