"""UpSampling, GridGenerator, BilinearSampler, SpatialTransformer: forward and gradients
against MXNet fixtures, gradients of order 1-2 by finite differences, error texts."""
import numpy as np
import pytest

from mxlite import nd
from mxlite.base import MXNetError
from opcheck import check_op
from test_op_conv import CASES, check_errors, run_fixture


@pytest.mark.parametrize("op", ["UpSampling", "GridGenerator", "BilinearSampler",
                                "SpatialTransformer"])
def test_spatial_fixtures(op):
    n = 0
    for case in CASES.values():
        if case["op"] == op:
            run_fixture(case)
            n += 1
    assert n


def test_upsampling_nearest_orders_1_2():
    rs = np.random.RandomState(0)
    a, b = rs.randn(1, 2, 2, 3), rs.randn(1, 1, 4, 6)
    rep = lambda X, f: X.repeat(f, axis=2).repeat(f, axis=3)
    check_op(lambda A: nd.UpSampling(A, scale=2, sample_type="nearest"),
             lambda A: rep(A, 2), [a])
    check_op(lambda A, B: nd.UpSampling(A, B, scale=2, sample_type="nearest", num_args=2),
             lambda A, B: np.concatenate([rep(A, 2), rep(B, 1)], axis=1), [a, b])
    check_op(lambda A, B: nd.UpSampling(B, A, scale=1, sample_type="nearest", num_args=2,
                                        multi_input_mode="sum"),
             lambda A, B: B + rep(A, 2)[:, :1], [a[:, :1], b])


def test_upsampling_bilinear_orders_1_2():
    rs = np.random.RandomState(1)
    x, w = rs.randn(1, 2, 2, 3), rs.randn(2, 1, 4, 4)
    check_op(lambda X, W: nd.UpSampling(X, W, scale=2, sample_type="bilinear", num_filter=2,
                                        num_args=2), None, [x, w])


def test_grid_generator_orders_1_2():
    rs = np.random.RandomState(2)
    check_op(lambda T: nd.GridGenerator(T, transform_type="affine", target_shape=(3, 4)),
             None, [rs.randn(2, 6)])
    check_op(lambda F: nd.GridGenerator(F, transform_type="warp"), None, [rs.randn(1, 2, 3, 4)])


def test_bilinear_sampler_orders_1_2():
    rs = np.random.RandomState(3)
    data = rs.randn(2, 2, 4, 5)
    grid = rs.uniform(-1.1, 1.1, (2, 2, 3, 3))
    check_op(lambda D, G: nd.BilinearSampler(D, G), None, [data, grid], orders=(1, 2))
    loc = np.array([[0.91, 0.17, 0.13, -0.12, 0.83, -0.07]])  # no sample on a pixel edge
    check_op(lambda D, L: nd.SpatialTransformer(D, L, target_shape=(3, 3),
                                                transform_type="affine",
                                                sampler_type="bilinear"),
             None, [data[:1], loc], orders=(1, 2))


def test_bilinear_sampler_identity():
    x = np.random.RandomState(4).randn(1, 3, 4, 5)
    grid = nd.GridGenerator(nd.array([[1, 0, 0, 0, 1, 0]]), transform_type="affine",
                            target_shape=(4, 5))
    y = nd.BilinearSampler(nd.array(x), grid)
    np.testing.assert_allclose(y.asnumpy(), x.astype(np.float32), rtol=1e-5, atol=1e-5)


def test_spatial_errors_match_mxnet():
    for prefix in ("nd.UpSampling", "nd.GridGenerator", "nd.BilinearSampler"):
        check_errors(prefix)


def test_upsampling_misc_errors():
    with pytest.raises(MXNetError, match="Required parameter sample_type"):
        nd.UpSampling(nd.ones((1, 1, 2, 2)), scale=2)
    with pytest.raises(MXNetError, match="should be greater equal to 1"):
        nd.UpSampling(nd.ones((1, 1, 2, 2)), scale=0, sample_type="nearest")
