"""Records MXNet 1.9.1's elementwise operators (groups A and B) into
tests/fixtures/elemwise.json. Run with the reference:

    ../shared/tools/mxnet-ref tools/record_elemwise.py

Each case is a Python expression over ``nd``, ``np``, ``A`` (array from a list and a dtype)
and ``G`` (first-order gradients via backward). The JSON maps each case key to MXNet's
result; tests/elemwise_fixture.py imports ``build_cases`` from this file, evaluates
the same expressions with mxlite and compares (dtype, shape, values, or the error type).
"""
import os
import sys

import numpy as np


try:
    import mxnet as mx
    nd = mx.nd
except ImportError:  # the test suite imports CASES without MXNet
    mx = nd = None

DTYPES = ["float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool"]
FLOAT_IN = [0.5, -2.0, 0.0, 3.0]
INT_IN = [3, -2, 0, 100]

# op -> float64 sample input inside its domain (for forward values and first-order grads)
UNARY = {
    "abs": [-2.0, -0.5, 0.5, 3.0], "sign": [-2.0, 0.0, 0.5], "negative": [-2.0, 0.0, 1.5],
    "reciprocal": [-2.0, -0.5, 0.5, 3.0], "square": [-2.0, 0.5, 3.0],
    "sqrt": [0.25, 1.0, 2.0, 9.0], "rsqrt": [0.25, 1.0, 2.0, 9.0],
    "cbrt": [-8.0, 0.5, 2.0, 27.0], "rcbrt": [-8.0, 0.5, 2.0, 27.0],
    "exp": [-1.0, 0.0, 0.5, 2.0], "expm1": [-1.0, 1e-3, 0.5, 2.0],
    "log": [0.5, 1.0, 2.0, 10.0], "log10": [0.5, 1.0, 2.0, 10.0], "log2": [0.5, 1.0, 2.0, 10.0],
    "log1p": [-0.5, 1e-3, 1.0, 3.0], "sin": [-1.0, 0.0, 0.5, 1.2], "cos": [-1.0, 0.0, 0.5, 1.2],
    "tan": [-1.0, 0.0, 0.5, 1.2], "arcsin": [-0.9, -0.3, 0.0, 0.5],
    "arccos": [-0.9, -0.3, 0.0, 0.5], "arctan": [-2.0, -0.5, 0.0, 1.5],
    "sinh": [-2.0, -0.5, 0.0, 1.5], "cosh": [-2.0, -0.5, 0.0, 1.5],
    "tanh": [-2.0, -0.5, 0.0, 1.5], "arcsinh": [-2.0, -0.5, 0.0, 1.5],
    "arccosh": [1.5, 2.0, 5.0], "arctanh": [-0.9, -0.3, 0.0, 0.5],
    "degrees": [-1.0, 0.0, 2.0], "radians": [-90.0, 0.0, 180.0],
    "floor": [-2.5, -0.7, 0.3, 1.5], "ceil": [-2.5, -0.7, 0.3, 1.5],
    "trunc": [-2.5, -0.7, 0.3, 1.5], "fix": [-2.5, -0.7, 0.3, 1.5],
    "round": [-2.5, -0.7, 0.3, 1.5], "rint": [-2.5, -0.7, 0.3, 1.5],
    "erf": [-1.0, 0.0, 0.5, 2.0], "erfinv": [-0.9, 0.0, 0.3, 0.7],
    "gamma": [-0.5, 0.5, 1.5, 3.0], "gammaln": [0.5, 1.5, 3.0, 10.0],
    "relu": [-1.0, 0.5, 2.0], "sigmoid": [-2.0, 0.0, 1.0], "softsign": [-2.0, 0.5, 1.0],
    "hard_sigmoid": [-3.0, -1.0, 0.0, 1.0, 3.0], "logical_not": [-1.0, 0.0, 2.0],
    "identity": [1.0, -2.0], "zeros_like": [1.0, -2.0], "ones_like": [1.0, -2.0],
    "BlockGrad": [1.0, -2.0], "stop_gradient": [1.0, -2.0], "make_loss": [1.0, -2.0],
    "MakeLoss": [1.0, -2.0], "shape_array": [1.0, -2.0], "size_array": [1.0, -2.0],
    "clip": [-2.0, -0.5, 0.5, 2.0],
}

BINARY = {
    "add": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, 0.5, -1.5]]),
    "sub": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, 0.5, -1.5]]),
    "mul": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, 0.5, -1.5]]),
    "div": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, 0.5, -1.5]]),
    "mod": ([[1.5, -2.3, 3.7], [0.5, 2.2, -1.1]], [[2.0, 0.7, -1.5]]),
    "power": ([[1.5, 2.0, 3.0], [0.5, 2.5, 1.1]], [[2.0, 0.5, -1.5]]),
    "maximum": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, -2.0, -1.5]]),
    "minimum": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, -2.0, -1.5]]),
    "hypot": ([[1.5, -2.0, 3.0], [0.5, 2.0, -1.0]], [[2.0, 0.5, -1.5]]),
}
for _c in ["equal", "not_equal", "greater", "greater_equal", "lesser", "lesser_equal",
           "logical_and", "logical_or", "logical_xor"]:
    BINARY[_c] = ([[1.5, -2.0, 0.0], [0.5, 2.0, -1.5]], [[1.5, 0.0, -1.5]])

SCALAR = ["_plus_scalar", "_minus_scalar", "_rminus_scalar", "_mul_scalar", "_div_scalar",
          "_rdiv_scalar", "_mod_scalar", "_rmod_scalar", "_power_scalar", "_rpower_scalar",
          "_maximum_scalar", "_minimum_scalar", "_hypot_scalar", "_equal_scalar",
          "_not_equal_scalar", "_greater_scalar", "_greater_equal_scalar", "_lesser_scalar",
          "_lesser_equal_scalar", "_logical_and_scalar", "_logical_or_scalar",
          "_logical_xor_scalar"]


def _unary_call(op, x):
    if op == "clip":
        return f"nd.clip({x}, -1.0, 1.0)"
    return f"nd.{op}({x})"


def build_cases():
    """(key, expression) pairs; everything the tests compare."""
    cases = []
    for op, xs in UNARY.items():
        cases.append((f"fwd/{op}", _unary_call(op, f"A({xs}, 'float64')")))
        cases.append((f"grad/{op}", f"G(lambda x: {_unary_call(op, 'x')}, A({xs}, 'float64'))"))
        for dt in DTYPES:
            vals = FLOAT_IN if dt.startswith("float") else (INT_IN if dt != "bool" else [1, 0])
            cases.append((f"dtype/{op}/{dt}", _unary_call(op, f"A({vals}, '{dt}')")))
    for dt in DTYPES:
        vals = [0.5, -2.7, 0.0, 300.0] if dt.startswith("float") else (
            INT_IN if dt != "bool" else [1, 0])
        for to in ("float32", "int32", "uint8", "bool"):
            cases.append((f"dtype/cast/{dt}/{to}", f"nd.cast(A({vals}, '{dt}'), dtype='{to}')"))
        if dt not in ("float64", "int64", "bool"):  # MXNet's MKLDNN path fails on these
            cases.append((f"dtype/amp_cast/{dt}",
                          f"nd.amp_cast(A({vals}, '{dt}'), dtype='float16')"))
    for name, (a, b) in BINARY.items():
        bop = f"nd.broadcast_{name}"
        cases.append((f"fwd/broadcast_{name}", f"{bop}(A({a}, 'float64'), A({b}, 'float64'))"))
        cases.append((f"grad/broadcast_{name}",
                      f"G({bop}, A({a}, 'float64'), A({b}, 'float64'))"))
        for dt in DTYPES:
            if dt.startswith("float"):
                av, bv = [7, -7, 0, 3, 5], [2, 2, 0, -3, 0]
            elif dt == "bool":
                av, bv = [1, 0, 1, 0], [1, 1, 0, 0]
            else:  # no integer division by zero: it kills the reference process (SIGFPE)
                av, bv = [7, -7, 0, 3, 5], [2, 2, 4, -3, 2]
            cases.append((f"dtype/broadcast_{name}/{dt}", f"{bop}(A({av}, '{dt}'), A({bv}, '{dt}'))"))
    for name in ["add", "sub", "mul", "div"]:
        a, b = [[1.5, -2.0], [0.5, 2.0]], [[2.0, 0.5], [-1.0, 3.0]]
        cases.append((f"fwd/elemwise_{name}", f"nd.elemwise_{name}(A({a}, 'float64'), A({b}, 'float64'))"))
        cases.append((f"grad/elemwise_{name}", f"G(nd.elemwise_{name}, A({a}, 'float64'), A({b}, 'float64'))"))
        cases.append((f"error/elemwise_{name}/shape", f"nd.elemwise_{name}(A([[1, 2]]), A([1, 2]))"))
        cases.append((f"error/elemwise_{name}/bool", f"nd.elemwise_{name}(A([1, 0], 'bool'), A([1, 0], 'bool'))"))
    for op in SCALAR:
        for s in (2.0, 0.5):
            x = [1.5, -2.0, 3.0, 0.5] if "power" not in op else [1.5, 2.0, 3.0, 0.5]
            call = f"nd._internal.{op}(x, scalar={s})"
            cases.append((f"fwd/{op}/{s}", f"nd._internal.{op}(A({x}, 'float64'), scalar={s})"))
            cases.append((f"grad/{op}/{s}", f"G(lambda x: {call}, A({x}, 'float64'))"))
        for dt in DTYPES[:-1] + ["bool"]:
            vals = [7, -7, 0, 3, 5] if dt != "bool" else [1, 0, 1]
            cases.append((f"dtype/{op}/{dt}", f"nd._internal.{op}(A({vals}, '{dt}'), scalar=2.5)"))
    cases += CONVENTIONS
    return cases


CONVENTIONS = [
    # rounding halves: round away from zero, rint toward -inf, fix toward zero
    ("conv/round_halves", "nd.round(A([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, 2.4999]))"),
    ("conv/rint_halves", "nd.rint(A([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, 2.4999]))"),
    ("conv/rint_halves_f64", "nd.rint(A([0.5, 1.5, 2.5, -0.5, -1.5, -2.5], 'float64'))"),
    ("conv/rint_halves_f16", "nd.rint(A([0.5, 1.5, 2.5, -0.5, -1.5, -2.5], 'float16'))"),
    ("conv/round_halves_f16", "nd.round(A([0.5, 1.5, 2.5, -0.5, -1.5, -2.5], 'float16'))"),
    ("conv/fix", "nd.fix(A([-2.7, -0.5, 0.5, 2.7]))"),
    ("conv/rounding_nan_inf", "[nd.round(A([np.nan, np.inf, -np.inf])), nd.rint(A([np.nan, np.inf, -np.inf])), nd.ceil(A([np.nan, -np.inf]))]"),
    ("conv/int_rounding_exact", "[nd.floor(A([50000001], 'int32')), nd.round(A([50000001], 'int32')), nd.ceil(A([50000001], 'int64')), nd.trunc(A([50000001], 'int64')), nd.rint(A([-7], 'int8')), nd.fix(A([250], 'uint8'))]"),
    ("conv/round_big_f64", "[nd.round(A([16777217.0], 'float64')), nd.rint(A([4503599627370497.0], 'float64'))]"),
    # NaN rules
    ("conv/sign_nan", "nd.sign(A([np.nan, -0.0, 2.0]))"),
    ("conv/clip_nan", "nd.clip(A([np.nan, -5.0, 5.0]), -1, 1)"),
    ("conv/relu_nan", "nd.relu(A([np.nan, -1.0, 1.0]))"),
    ("conv/relu_grad_nan_zero", "G(nd.relu, A([np.nan, 0.0, -1.0, 2.0]))"),
    ("conv/abs_grad_zero_nan", "G(nd.abs, A([0.0, np.nan, -2.0]))"),
    ("conv/sqrt_grad_zero", "G(nd.sqrt, A([0.0, 4.0]))"),
    ("conv/clip_grad_boundary", "G(lambda x: nd.clip(x, -1, 1), A([-2.0, -1.0, 0.0, 1.0, 2.0, np.nan]))"),
    ("conv/clip_swapped_bounds", "nd.clip(A([-5.0, 0.0, 5.0]), 2, -1)"),
    ("conv/clip_int_bounds", "nd.clip(A([-5, 0, 5], 'int32'), -1.5, 2.7)"),
    ("conv/maximum_nan", "[nd.maximum(A([np.nan, 1, np.nan]), A([1, np.nan, np.nan])), nd.minimum(A([np.nan, 1]), A([1, np.nan]))]"),
    ("conv/maximum_scalar_nan", "[nd.maximum(A([np.nan, 1]), 0.5), nd.minimum(A([np.nan, 1]), 0.5)]"),
    ("conv/maximum_grad_nan", "G(nd.maximum, A([np.nan, 1.0]), A([1.0, np.nan]))"),
    ("conv/logical_not_nan", "nd.logical_not(A([np.nan, -0.0, 0.1]))"),
    # ties go to the lhs
    ("conv/maximum_ties", "G(nd.maximum, A([1.0, 3.0, 2.0]), A([2.0, 3.0, 1.0]))"),
    ("conv/minimum_ties", "G(nd.minimum, A([1.0, 3.0, 2.0]), A([2.0, 3.0, 1.0]))"),
    ("conv/maximum_scalar_ties", "[G(lambda x: nd.maximum(x, 2), A([1.0, 2.0, 3.0])), G(lambda x: nd.minimum(x, 2), A([1.0, 2.0, 3.0]))]"),
    ("conv/broadcast_grad_sum", "G(nd.broadcast_add, A(np.ones((2, 3)).tolist()), A([1.0, 1.0, 1.0]))"),
    # integer division and mod
    ("conv/int_div", "[A([-3, 3, 5], 'int32') / 2, 7 / A([-3, 3, 5], 'int32'), A([-7, 7], 'int32') / A([2, -2], 'int32')]"),
    ("conv/int_mod", "[A([-3, 3], 'int32') % 2, A([-3, 3], 'int32') % -2, 7 % A([-3, 3, 0], 'int32'), A([-7, 7, 5], 'int32') % A([2, -2, 0], 'int32')]"),
    ("conv/float_mod", "[A([-3.0, 3.0]) % 2, A([-3.0, 3.0]) % -2, A([5.0, -5.0]) % 0, 2.5 % A([0.0, 2.0]), A([5.0, 0.0]) % A([0.0, 0.0])]"),
    ("conv/float_div_zero", "[A([1.0, -1.0, 0.0]) / A([0.0, 0.0, 0.0]), 2.0 / A([0.0])]"),
    ("conv/int_rdiv_zero", "[2 / A([0, 4], 'int32'), 2 / A([0, 4], 'int8')]"),
    # overflow wraps; scalar casts
    ("conv/overflow_wrap", "[A([100], 'int8') + A([100], 'int8'), A([1], 'uint8') - A([2], 'uint8'), A([100], 'int8') + 100, A([1], 'uint8') - 2, nd.negative(A([1], 'uint8')), nd.abs(A([-128], 'int8'))]"),
    ("conv/int_scalar_cast", "[A([1], 'int32') + 0.7, A([3], 'int32') * 1.5, A([3], 'int32') ** 0.5, A([1], 'int32') + 3e10, A([1], 'int32') + float('nan'), A([1], 'int8') + 300, A([1], 'uint8') * -1.5]"),
    ("conv/bool_scalar", "[A([1, 0], 'bool') + 2.5, A([1, 0], 'bool') * 2, A([1, 0], 'bool') > 0.5, nd.logical_and(A([1, 0], 'bool'), 1)]"),
    ("conv/f16_scalar", "A([1.5, 2.0], 'float16') * np.float64(1.1)"),
    ("conv/f64_scalar", "[A([1.0], 'float64') + 0.1, A([1.0], 'float64') / 3]"),
    ("conv/int_power", "[nd.broadcast_power(A([10, 2, 3], 'int32'), A([10, 31, -1], 'int32')), nd.broadcast_power(A([10, 3], 'int64'), A([19, 39], 'int64')), 2 ** A([7, -7], 'int8')]"),
    ("conv/int_math_precision", "[nd.exp(A([20], 'int32')), nd.exp(A([30], 'int64')), nd.square(A([50000], 'int32')), nd.square(A([50000001], 'int64')), nd.degrees(A([50000001], 'int64')), nd.sqrt(A([-3, 50000001], 'int32')), nd.tan(A([2, 300], 'int32')), nd.reciprocal(A([0, -1, 2], 'int32'))]"),
    ("conv/int_math_narrow", "[nd.exp(A([20], 'int8')), nd.exp(A([20], 'uint8')), nd.log(A([0, 2], 'int8')), nd.tan(A([2], 'uint8')), nd.square(A([20], 'int8'))]"),
    ("conv/degrees_f64", "[nd.degrees(A([1.0], 'float64')), nd.radians(A([1.0], 'float64'))]"),
    ("conv/hard_sigmoid_f64", "[nd.hard_sigmoid(A([1.0], 'float64')), nd.hard_sigmoid(A([-3.0, -2.5, 0.0, 2.5, 3.0]), alpha=0.3, beta=0.4)]"),
    ("conv/special_edges", "[nd.gamma(A([-0.5, -1.0, 0.0, 200.0, -200.5])), nd.gammaln(A([-0.5, -1.0, 0.0, -2.5])), nd.erfinv(A([-1.0, 1.0, 2.0, 0.5]))]"),
    ("conv/sigmoid_big", "[nd.sigmoid(A([-100.0, 100.0, -1000.0])), nd.softsign(A([np.inf, -np.inf]))]"),
    # gradients with conventions
    ("conv/power_grad_zero", "G(nd.power, A([0.0, 2.0, -2.0, 0.0]), A([2.0, 3.0, 2.0, 0.0]))"),
    ("conv/power_scalar_grads", "[G(lambda x: x ** 2.5, A([0.0, 2.0])), G(lambda x: x ** 0, A([0.0, 2.0])), G(lambda x: 2 ** x, A([0.0, 2.0])), G(lambda x: 0 ** x, A([0.0, 2.0]))]"),
    ("conv/mod_grad", "G(nd.modulo, A([7.0, -7.0, 7.5]), A([2.0, 2.0, -2.0]))"),
    ("conv/rmod_grad", "[G(lambda x: x % 2, A([7.0, -7.0])), G(lambda x: 7.5 % x, A([2.0, -2.0, 3.0]))]"),
    ("conv/div_grad_zero", "G(nd.divide, A([1.0, 2.0]), A([4.0, 0.0]))"),
    ("conv/hypot_grad_zero", "[G(nd.broadcast_hypot, A([3.0, 0.0]), A([4.0, 0.0])), G(lambda x: nd._internal._hypot_scalar(x, scalar=4), A([3.0, 0.0]))]"),
    ("conv/compare_grad_zero", "G(lambda a, b: nd.broadcast_greater(a, b) * a, A([1.0, 2.0]), A([2.0, 1.0]))"),
    ("conv/cast_grad", "[G(lambda x: nd.cast(x, dtype='float16'), A([1.0, 2.0], 'float64')), G(lambda x: nd.cast(x, dtype='int32'), A([1.5, 2.0], 'float64'))]"),
    ("conv/int_grad_dtype", "[G(nd.square, A([1, 2], 'int32')), G(lambda x: x * x, A([1, 2], 'int32'))]"),
    ("conv/blockgrad_grad", "[G(lambda x: nd.BlockGrad(x) * x, A([1.0, 2.0])), G(lambda x: nd.stop_gradient(x) + x, A([1.0, 2.0]))]"),
    ("conv/make_loss_ignores_head", "G(nd.make_loss, A([1.0, 2.0, 3.0]), head=[3.0, 3.0, 3.0])"),
    ("conv/MakeLoss_ignores_head", "G(nd.MakeLoss, A([1.0, 2.0, 3.0]), head=[3.0, 3.0, 3.0])"),
    ("conv/MakeLoss_grad_scale", "G(lambda x: nd.MakeLoss(x, grad_scale=2.5), A([1.0, 2.0, 3.0]))"),
    ("conv/MakeLoss_batch", "G(lambda x: nd.MakeLoss(x, grad_scale=2, normalization='batch'), A([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))"),
    ("conv/MakeLoss_valid", "[G(lambda x: nd.MakeLoss(x, grad_scale=2, normalization='valid', valid_thresh=1.5), A([[1.0, 2.0, 3.0], [0.0, 5.0, 6.0]])), G(lambda x: nd.MakeLoss(x, grad_scale=2, normalization='valid', valid_thresh=10), A([[1.0, 2.0], [0.0, 5.0]])), G(lambda x: nd.MakeLoss(x, normalization='valid'), A([[1.0, -2.0, 0.0], [0.0, 5.0, 6.0]]))]"),
    ("conv/hard_sigmoid_grad_edges", "G(nd.hard_sigmoid, A([-3.0, -2.5, 0.0, 2.5, 3.0], 'float64'))"),
    ("conv/where_1d", "nd.where(A([1, 0]), A([[1, 2], [3, 4]]), A([[5, 6], [7, 8]]))"),
    ("conv/where_nan_cond", "nd.where(A([np.nan, 0]), A([1, 2]), A([5, 6]))"),
    ("conv/where_int_cond", "nd.where(A([1, 0], 'int32'), A([1, 2]), A([5, 6]))"),
    ("conv/where_grad", "G(lambda c, x, y: nd.where(c, x, y), A([1, 0]), A([[1, 2], [3, 4]]), A([[5, 6], [7, 8]]))"),
    ("conv/add_n", "[nd.add_n(A([1, 2]), A([3, 4]), A([5, 6])), nd.ElementWiseSum(A([1]), A([2])), nd.add_n(A([1, 2])), nd.add_n(A([100], 'int8'), A([100], 'int8'))]"),
    ("conv/add_n_grad", "G(lambda a, b, c: nd.add_n(a, b, c), A([1.0]), A([2.0]), A([3.0]))"),
    ("conv/cast", "[nd.cast(A([1, 0, 2.5]), dtype='bool'), nd.cast(A([-1, 300, np.nan]), dtype='uint8'), nd.cast(A([-1.7, 3e10, np.nan]), dtype='int32'), nd.Cast(A([1.9]), 'int8'), nd.cast(A([1]), dtype=np.float64)]"),
    ("conv/amp_cast", "[nd.amp_cast(A([1, 2], 'int32'), dtype='float16'), nd.amp_cast(A([1, 2]), dtype='float16'), nd.amp_cast(A([1.5, 2]), dtype='int32'), nd.amp_cast(A([1, 2], 'float16'), dtype='float32')]"),
    ("conv/copy", "[nd._internal._copy(A([1.0, 2.0])), G(nd._internal._copy, A([1.0, 2.0]))]"),
    ("conv/shape_size", "[nd.shape_array(A(np.ones((2, 3)).tolist())), nd.size_array(A(np.ones((2, 3)).tolist()))]"),
    ("conv/wrappers_scalars", "[nd.add(2, 3), nd.maximum(2, 3), nd.minimum(2, 3), nd.equal(2, 3), nd.logical_xor(2, 0), nd.power(2, 3), nd.modulo(7, -2), nd.divide(7, 2)]"),
    ("conv/wrappers_mixed", "[nd.subtract(2, A([1])), nd.greater(2, A([1, 3])), nd.lesser_equal(A([1, 3]), 1), nd.power(2, A([1, 3])), nd.divide(1, A([4, 2])), nd.modulo(7, A([4, -2])), nd.true_divide(A([1, 2]), A([4, 4])), nd.multiply(A([1, 2]), 3)]"),
    # errors (the tests compare the exception type)
    ("error/bool_unary", "nd.abs(A([1, 0], 'bool'))"),
    ("error/bool_broadcast", "nd.broadcast_add(A([1, 0], 'bool'), A([1, 0], 'bool'))"),
    ("error/dtype_mismatch", "nd.broadcast_add(A([1]), A([1], 'int32'))"),
    ("error/broadcast_shape", "nd.broadcast_add(A(np.ones((2, 3)).tolist()), A([1, 2]))"),
    ("error/hard_sigmoid_int", "nd.hard_sigmoid(A([1, 2], 'int32'))"),
    ("error/MakeLoss_int", "nd.MakeLoss(A([1, 2], 'int32'))"),
    ("error/add_n_shape", "nd.add_n(A([1, 2]), A([1, 2, 3]))"),
    ("error/add_n_dtype", "nd.add_n(A([1, 2]), A([1, 2], 'int32'))"),
    ("error/add_n_bool", "nd.add_n(A([1, 0], 'bool'), A([1, 0], 'bool'))"),
    ("error/where_dtype", "nd.where(A([1, 0]), A([1, 2]), A([5, 6], 'float64'))"),
    ("error/where_1d_length", "nd.where(A([1, 0, 1]), A([[1, 2], [3, 4]]), A([[5, 6], [7, 8]]))"),
    ("error/wrapper_list", "nd.add([1], A([1]))"),
    ("error/clip_missing", "nd.clip(A([1.0]), 1)"),
]


def A(values, dtype="float32"):
    """nd.array of `values` as `dtype` (integers wrap, as a C cast of an int64 would)."""
    a = np.array(values, dtype=np.float64)
    if dtype not in ("float16", "float32", "float64", "bool"):
        a = a.astype(np.int64)
    return nd.array(a.astype(dtype), dtype=dtype)


def G(f, *arrays, head=None):
    """First-order gradients of f at `arrays` via backward (head gradient: ones or `head`)."""
    from mxnet import autograd
    for x in arrays:
        x.attach_grad()
    with autograd.record():
        y = f(*arrays)
    y.backward(None if head is None else nd.array(head, dtype=y.dtype))
    return [x.grad for x in arrays]


def encode(r):
    if isinstance(r, (list, tuple)):
        return [encode(v) for v in r]
    if hasattr(r, "asnumpy"):
        a = r.asnumpy()
        return {"dtype": np.dtype(a.dtype).name, "shape": list(a.shape),
                "v": a.astype(np.float64).ravel().tolist() if a.dtype.kind == "f"
                else a.astype(np.int64).ravel().tolist()}
    if isinstance(r, (bool, int, float, np.generic)):
        return {"scalar": float(r)}
    raise TypeError(f"cannot encode {type(r)}")


def run(expr, env):
    try:
        r = eval(expr, env)  # noqa: S307 - the expressions are this file's own
        if hasattr(r, "wait_to_read"):
            r.wait_to_read()
        return encode(r)
    except Exception as e:  # noqa: BLE001 - recorded, compared by the tests
        msg = [line for line in str(e).splitlines() if line.strip()]
        return {"error": type(e).__name__, "msg": msg[-1][:300] if msg else ""}


def main():
    from fixture_io import write_json  # here: the tests import this file without tools/ on the path
    env = {"nd": nd, "np": np, "A": A, "G": G}
    out = {}
    for key, expr in build_cases():
        out[key] = run(expr, env)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                        "elemwise.json")
    write_json(path, {"mxnet": mx.__version__, "cases": out}, end="\n")
    print(f"wrote {len(out)} cases to {os.path.normpath(path)}", file=sys.stderr)


if __name__ == "__main__":
    main()
