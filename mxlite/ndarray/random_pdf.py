"""``random_pdf_*``: densities (or log-densities) of samples under per-element parameters.

The parameters have shape P and the sample shape P + S: each parameter entry scores the
samples along the trailing axes (for the Dirichlet, alpha is P + (K,) and the sample
P + S + (K,)). The output has the sample shape (P + S for the Dirichlet). Everything is a
composition of differentiable ops, so gradients with respect to the sample and to every
parameter, of any order, come for free. Re-exported by ``random.py``.

Note the parameterisations: gamma takes (alpha, beta = RATE) here, unlike nd.random.gamma
(beta = scale); exponential takes the rate `lam`.
"""
import math

from ..base import MXNetError, shape_str
from .ndarray import NDArray

__all__ = ["random_pdf_uniform", "random_pdf_normal", "random_pdf_gamma",
           "random_pdf_exponential", "random_pdf_poisson", "random_pdf_negative_binomial",
           "random_pdf_generalized_negative_binomial", "random_pdf_dirichlet"]


def _u():
    from . import unary
    return unary


def _gammaln(x):
    from . import unary
    fn = getattr(unary, "gammaln", None)
    if fn is None:  # provided by the unary module family (special functions)
        from .. import ndarray as _nd
        fn = _nd.gammaln
    return fn(x)


def _expand(sample, params, op, tail=0):
    """Parameters reshaped to broadcast against the sample (after the shape checks)."""
    for name, p in params:
        if not isinstance(p, NDArray):
            raise AssertionError(f"Argument {name} must have NDArray type, but got {p!r}")
    pshape = params[0][1].shape
    for name, p in params[1:]:
        if p.shape != pshape:
            raise MXNetError(f"Shape inconsistent, Provided = {shape_str(p.shape)}, inferred "
                             f"shape={shape_str(pshape)} ({op}: {params[0][0]} and {name} must "
                             f"have the same shape)")
    if sample.ndim < len(pshape):
        raise MXNetError(f"dimension of input samples ({sample.ndim}) must be at least "
                         f"dimension of distribution parameters ({len(pshape)})")
    lead = pshape[:len(pshape) - tail]
    if sample.shape[:len(lead)] != lead or (tail and sample.shape[-tail:] != pshape[-tail:]):
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(pshape)}, inferred "
                         f"shape={shape_str(sample.shape[:len(pshape)])} ({op}: the sample "
                         f"shape {shape_str(sample.shape)} must start with the parameter shape)")
    extra = sample.ndim - len(pshape)
    out = []
    for _, p in params:
        shape = lead + (1,) * extra + pshape[len(lead):]
        out.append(p.reshape(shape))
    return out


def _counts(sample):
    """The sample of a discrete distribution: its gradient is zero (as in MXNet)."""
    from .unary_special import BlockGrad
    return BlockGrad(sample)


def _finish(logp, is_log):
    return logp if is_log else _u().exp(logp)


def random_pdf_uniform(sample, low, high, is_log=False, **kwargs):
    """Density of `sample` under U(low, high): 1/(high-low) inside [low, high], else 0."""
    lo, hi = _expand(sample, [("low", low), ("high", high)], "random_pdf_uniform")
    logp = -_u().log(hi - lo) + sample * 0
    inside = (sample >= lo) * (sample <= hi)
    return logp + _u().log(inside) if is_log else _u().exp(logp) * inside


def random_pdf_normal(sample, mu, sigma, is_log=False, **kwargs):
    """Density of `sample` under N(mu, sigma²)."""
    m, s = _expand(sample, [("mu", mu), ("sigma", sigma)], "random_pdf_normal")
    z = (sample - m) / s
    if not is_log:  # as MXNet: a negative sigma gives a negative "density", not nan
        return _u().exp(z * z * -0.5) / (s * math.sqrt(2 * math.pi))
    return z * z * -0.5 - _u().log(s) - 0.5 * math.log(2 * math.pi)


def random_pdf_gamma(sample, alpha, beta, is_log=False, **kwargs):
    """Density of `sample` under Gamma(alpha, rate beta)."""
    a, b = _expand(sample, [("alpha", alpha), ("beta", beta)], "random_pdf_gamma")
    log = _u().log
    logp = a * log(b) + (a - 1) * log(sample) - b * sample - _gammaln(a)
    return _finish(logp, is_log)


def random_pdf_exponential(sample, lam, is_log=False, **kwargs):
    """Density of `sample` under Exponential(rate lam)."""
    (lm,) = _expand(sample, [("lam", lam)], "random_pdf_exponential")
    return _finish(_u().log(lm) - lm * sample, is_log)


def random_pdf_poisson(sample, lam, is_log=False, **kwargs):
    """Probability of the counts `sample` under Poisson(lam)."""
    (lm,) = _expand(sample, [("lam", lam)], "random_pdf_poisson")
    sample = _counts(sample)
    logp = sample * _u().log(lm) - lm - _gammaln(sample + 1)
    return _finish(logp, is_log)


def _nb_logp(x, k, p):
    log = _u().log
    return (_gammaln(x + k) - _gammaln(x + 1) - _gammaln(k) + k * log(p) + x * log(1 - p))


def random_pdf_negative_binomial(sample, k, p, is_log=False, **kwargs):
    """Probability of `sample` failures before `k` successes (success probability `p`)."""
    kk, pp = _expand(sample, [("k", k), ("p", p)], "random_pdf_negative_binomial")
    sample = _counts(sample)
    return _finish(_nb_logp(sample, kk, pp), is_log)


def random_pdf_generalized_negative_binomial(sample, mu, alpha, is_log=False, **kwargs):
    """Probability of `sample` under the negative binomial with mean `mu` and dispersion
    `alpha` (k = 1/alpha, p = 1/(1 + alpha·mu))."""
    m, a = _expand(sample, [("mu", mu), ("alpha", alpha)],
                   "random_pdf_generalized_negative_binomial")
    sample = _counts(sample)
    return _finish(_nb_logp(sample, 1 / a, 1 / (a * m + 1)), is_log)


def random_pdf_dirichlet(sample, alpha, is_log=False, **kwargs):
    """Density of the points `sample` (last axis K) under Dirichlet(alpha), alpha (..., K)."""
    (a,) = _expand(sample, [("alpha", alpha)], "random_pdf_dirichlet", tail=1)
    from .reduce import sum as _sum
    logp = (_gammaln(_sum(a, axis=-1)) - _sum(_gammaln(a), axis=-1)
            + _sum((a - 1) * _u().log(sample), axis=-1))
    return _finish(logp, is_log)
