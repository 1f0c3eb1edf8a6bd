"""Random sampling (group I): shapes, dtypes and errors recorded from MXNet 1.9.1, seed
reproducibility, and moments (mean/variance within a few standard errors on ~10k samples)."""
import numpy as np
import pytest

import mxlite as mx
from mxlite import autograd, nd
from mxlite.base import MXNetError
from shape_index_fixtures import FIXTURE, check_case

N = 10000


@pytest.mark.parametrize("case", FIXTURE["random"], ids=lambda c: c["expr"][:70])
def test_fixture_shapes_dtypes_errors(case):
    check_case(case, values=False)


def test_seed_reproduces_the_stream():
    mx.random.seed(42)
    a = [nd.random.uniform(shape=(3,)).asnumpy(), nd.random.normal(shape=4).asnumpy(),
         nd.random.randint(0, 9, shape=5).asnumpy(), nd.random.shuffle(nd.arange(8)).asnumpy()]
    mx.random.seed(42)
    b = [nd.random.uniform(shape=(3,)).asnumpy(), nd.random.normal(shape=4).asnumpy(),
         nd.random.randint(0, 9, shape=5).asnumpy(), nd.random.shuffle(nd.arange(8)).asnumpy()]
    for x, y in zip(a, b):
        assert (x == y).all()
    mx.random.seed(43)
    assert not (nd.random.uniform(shape=(3,)).asnumpy() == a[0]).all()


def _moments(x, mean, var, k=5.0):
    x = x.asnumpy().astype(np.float64).reshape(-1)
    n = x.size
    assert abs(x.mean() - mean) <= k * np.sqrt(var / n) + 1e-9, (x.mean(), mean)
    # the standard error of the sample variance is about var*sqrt(2/n) (more for heavy tails)
    assert abs(x.var() - var) <= k * 2 * var * np.sqrt(2.0 / n) + 1e-9, (x.var(), var)


@pytest.mark.parametrize("name,args,mean,var", [
    ("uniform", (-1.0, 3.0), 1.0, 16 / 12),
    ("normal", (2.0, 0.5), 2.0, 0.25),
    ("exponential", (2.0,), 2.0, 4.0),
    ("gamma", (3.0, 0.5), 1.5, 0.75),
    ("poisson", (4.0,), 4.0, 4.0),
    ("negative_binomial", (3, 0.4), 4.5, 4.5 / 0.4),
    ("generalized_negative_binomial", (3.0, 0.4), 3.0, 3.0 + 0.4 * 9),
])
def test_moments(name, args, mean, var):
    mx.random.seed(0)
    _moments(getattr(nd.random, name)(*args, shape=(N,)), mean, var)


def test_randint_range_and_moments():
    mx.random.seed(1)
    x = nd.random.randint(-2, 5, shape=(N,))
    assert x.dtype == np.int32 and x.asnumpy().min() == -2 and x.asnumpy().max() == 4
    _moments(x, 1.0, (7 ** 2 - 1) / 12)


def test_elementwise_parameters():
    mx.random.seed(2)
    loc = nd.array([0.0, 10.0])
    x = nd.random.normal(loc, nd.array([1.0, 0.1]), shape=(N,))
    assert x.shape == (2, N)
    _moments(x[0], 0.0, 1.0)
    _moments(x[1], 10.0, 0.01)
    s = nd.sample_poisson(nd.array([[1.0], [50.0]]), shape=(N,))
    assert s.shape == (2, 1, N)
    _moments(s[1], 50.0, 50.0)
    e = nd.sample_exponential(nd.array([4.0]), shape=(N,))  # lam is the rate here
    _moments(e, 0.25, 1 / 16)
    g = nd.sample_gamma(nd.array([2.0]), nd.array([3.0]), shape=(N,))
    _moments(g, 6.0, 18.0)


def test_legacy_and_like_parameterisations():
    mx.random.seed(3)
    _moments(nd.random_exponential(lam=4.0, shape=(N,)), 0.25, 1 / 16)  # rate
    _moments(nd.random.exponential(4.0, shape=(N,)), 4.0, 16.0)  # scale
    _moments(nd.random.exponential_like(nd.zeros((N,)), lam=4.0), 0.25, 1 / 16)  # rate
    y = nd.random.normal_like(nd.zeros((N,), dtype="float64"), loc=5, scale=2)
    assert y.dtype == np.float64
    _moments(y, 5.0, 4.0)
    assert nd.random_uniform(0, 1, (2,), mx.cpu(), "float64").dtype == np.float64
    with pytest.raises(MXNetError):
        nd.random_normal()


def test_multinomial_frequencies_and_log_prob_gradient():
    mx.random.seed(4)
    p = nd.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05]])
    s = nd.random.multinomial(p, shape=N).asnumpy()
    assert s.shape == (2, N)
    for row, probs in zip(s, p.asnumpy()):
        freq = np.bincount(row, minlength=3) / N
        assert np.all(np.abs(freq - probs) <= 5 * np.sqrt(probs * (1 - probs) / N))
    p.attach_grad()
    with autograd.record():
        s, lp = nd.random.multinomial(p, shape=3, get_prob=True)
    lp.backward()
    idx = s.asnumpy()
    assert np.allclose(lp.asnumpy(), np.log(p.asnumpy()[np.arange(2)[:, None], idx]))
    expect = np.zeros((2, 3))
    for r in range(2):
        for k in idx[r]:
            expect[r, k] += 1 / p.asnumpy()[r, k]
    assert np.allclose(p.grad.asnumpy(), expect, rtol=1e-5)


def test_shuffle_is_a_permutation_of_rows():
    x = nd.arange(12).reshape((6, 2))
    y = nd.random.shuffle(x).asnumpy()
    assert sorted(map(tuple, y.tolist())) == sorted(map(tuple, x.asnumpy().tolist()))


def test_out_and_ctx():
    out = nd.zeros((2, 3))
    r = nd.random.uniform(5, 6, out=out)
    assert r is out and out.asnumpy().min() >= 5
    assert nd.random.normal(shape=(2,), ctx=mx.cpu()).context == mx.cpu()


def test_errors():
    with pytest.raises(MXNetError, match="low must be less or equal to high"):
        nd.random.uniform(5, 2, shape=(2,))
    with pytest.raises(MXNetError, match="scale parameter in gaussian has to be positive"):
        nd.random.normal(0, -1, shape=2)
    with pytest.raises(MXNetError, match="valid values are"):
        nd.random.randint(0, 5, shape=(3,), dtype="float32")
    with pytest.raises(AssertionError, match="must all have the same type"):
        nd.random.uniform(nd.array([0.0]), 1, shape=(3,))
    with pytest.raises(AssertionError, match="Argument low must have NDArray type"):
        nd.sample_uniform(0, 1, shape=(3,))


# ------------------------------------------------------------ random_pdf_* (differentiable)
def test_pdf_normal_exponential_grads_orders_1_2():
    from opcheck import check_op
    x = np.array([[0.5, 1.0, 2.0], [0.1, 0.2, 0.3]])
    mu, sg = np.array([0.0, 1.0]), np.array([1.0, 2.0])

    def ref(s, m, g, log=False):
        lp = -0.5 * ((s - m[:, None]) / g[:, None]) ** 2 - np.log(g[:, None]) - \
            0.5 * np.log(2 * np.pi)
        return lp if log else np.exp(lp)
    check_op(lambda s, m, g: nd.random_pdf_normal(s, m, g), ref, [x, mu, sg])
    check_op(lambda s, m, g: nd.random_pdf_normal(s, m, g, is_log=True),
             lambda s, m, g: ref(s, m, g, True), [x, mu, sg])
    check_op(lambda s, lm: nd.random_pdf_exponential(s, lm),
             lambda s, lm: lm[:, None] * np.exp(-lm[:, None] * s), [x, np.array([2.0, 3.0])])


def test_pdf_gamma_family_first_order():
    from opcheck import check_op
    from math import lgamma
    lg = np.vectorize(lgamma)
    x = np.array([[0.5, 1.0, 2.0], [0.1, 0.2, 0.3]])
    a, b = np.array([2.0, 3.0]), np.array([1.0, 2.0])
    check_op(lambda s, p, q: nd.random_pdf_gamma(s, p, q, is_log=True),
             lambda s, p, q: p[:, None] * np.log(q[:, None]) + (p[:, None] - 1) * np.log(s)
             - q[:, None] * s - lg(p)[:, None], [x, a, b], orders=(1,))
    k = np.array([[0.0, 1, 2], [3, 4, 5]])
    check_op(lambda p, q: nd.random_pdf_negative_binomial(nd.array(k, dtype="float64"), p, q,
                                                         is_log=True),
             lambda p, q: lg(k + p[:, None]) - lg(k + 1) - lg(p)[:, None]
             + p[:, None] * np.log(q[:, None]) + k * np.log(1 - q[:, None]),
             [a, np.array([0.5, 0.3])], orders=(1,))


def test_pdf_uniform_is_zero_outside_the_support():
    # MXNet 1.9.1 returns 1/(high-low) even outside [low, high]; a density is 0 there.
    y = nd.random_pdf_uniform(nd.array([[0.5, 2.0]]), nd.array([0.0]), nd.array([1.0]))
    assert y.asnumpy().tolist() == [[1.0, 0.0]]


# ------------------------------------------------------------ more moments (fuzz follow-ups)
def test_randn_and_float64_moments():
    mx.random.seed(5)
    x = nd.random.randn(N, loc=-1.0, scale=3.0, dtype="float64")
    assert x.dtype == np.float64 and x.shape == (N,)
    _moments(x, -1.0, 9.0)
    _moments(nd.random.uniform(2, 4, shape=(100, 100), dtype="float16"), 3.0, 4 / 12)


def test_elementwise_discrete_and_uniform_moments():
    mx.random.seed(6)
    nb = nd.sample_negative_binomial(nd.array([2.0, 5.0]), nd.array([0.5, 0.8]), shape=(N,))
    _moments(nb[0], 2.0, 4.0)
    _moments(nb[1], 1.25, 1.25 / 0.8)
    gnb = nd.random.generalized_negative_binomial(nd.array([3.0]), nd.array([0.0]), shape=N)
    _moments(gnb, 3.0, 3.0)  # alpha = 0 is Poisson(mu)
    u = nd.sample_uniform(nd.array([[0.0], [-4.0]]), nd.array([[1.0], [-2.0]]), shape=(N,))
    assert u.shape == (2, 1, N)
    _moments(u[0], 0.5, 1 / 12)
    _moments(u[1], -3.0, 4 / 12)


def test_degenerate_parameters_are_deterministic():
    assert (nd.random.negative_binomial(0, 0.5, shape=(5,)).asnumpy() == 0).all()
    assert (nd.random.negative_binomial(3, 1.0, shape=(5,)).asnumpy() == 0).all()
    assert (nd.random.uniform(1.5, 1.5, shape=(4,)).asnumpy() == 1.5).all()
    assert (nd.random.poisson(0, shape=(4,)).asnumpy() == 0).all()
