"""Randomised differential fuzz of random sampling (shapes, dtypes, errors; values only where
deterministic), the random_pdf_* densities (values and gradients), array creation, casts and
misc ops against MXNet 1.9.1 (tests/fixtures/fuzz_random_misc.json, recorded by
tools/record_fuzz.py from tools/fuzz_random_misc_cases*.py). Where the reference is plainly
broken the test checks mxlite's better behaviour instead (DOCUMENTED, selected by rule so the
list survives a re-draw of the cases)."""
import re

import numpy as np
import pytest

from fuzz_replay import load, make_test
from mxlite import autograd, nd
from mxlite.base import MXNetError
from test_diff_sweep import _eval, _inputs, _np_in, _raises, head_for

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

CASES = load("random_misc")


def _shapes_match(case, ys):
    assert [list(y.shape) for y in ys] == [o["shape"] for o in case["outputs"]]
    assert [np.dtype(y.dtype).name for y in ys] == [o["dtype"] for o in case["outputs"]]


def _grads(case, env):
    for k in case["wrt"]:
        env[k].attach_grad()
    with autograd.record():
        y = _eval(case, env)[case.get("gout", 0)]
    h = head_for(y.shape)
    y.backward(nd.array(h, dtype=y.dtype))
    return {k: env[k].grad.asnumpy() for k in case["wrt"]}, h


def _fd_grads(case):
    """mxlite's gradients equal central finite differences of its forward (float64)."""
    got, h = _grads(case, _inputs(case))
    base = {k: v.asnumpy() for k, v in _inputs(case).items()}
    for k in case["wrt"]:
        fd = np.zeros(base[k].size)
        for i in range(fd.size):
            for sgn in (1, -1):
                x = base[k].copy().ravel()
                x[i] += sgn * 1e-6
                env = {n: nd.array(v, dtype=v.dtype) for n, v in base.items()}
                env[k] = nd.array(x.reshape(base[k].shape), dtype=x.dtype)
                fd[i] += sgn * float((_eval(case, env)[case["gout"]].asnumpy() * h).sum()) / 2e-6
        np.testing.assert_allclose(got[k].ravel(), fd, rtol=1e-4, atol=1e-6, err_msg=k)


# ---------------------------------------------------------------- the documented checks
def _pdf_uniform(case):
    """MXNet's random_pdf_uniform ignores the support: 1/(high-low) (its log) for samples
    outside [low, high] too. mxlite: 0 (-inf) outside; gradients match finite differences."""
    s = _np_in(case, "s")
    lo, hi = (_np_in(case, k) for k in ("lo", "hi"))
    lo, hi = (v.reshape(v.shape + (1,) * (s.ndim - v.ndim)) for v in (lo, hi))
    dens = np.where((s >= lo) & (s <= hi), 1.0 / (hi - lo), 0.0)
    with np.errstate(divide="ignore"):
        ref = np.log(dens) if "is_log=True" in case["expr"] else dens
    y = _eval(case, _inputs(case))[0]
    _shapes_match(case, [y])
    np.testing.assert_allclose(y.asnumpy(), ref, rtol=1e-6)
    if case.get("wrt"):
        _fd_grads(case)


def _outside_support(c):
    if "random_pdf_uniform" not in c["expr"] or "error" in c:
        return False
    s, lo, hi = (np.array(c["inputs"][k]["data"]).reshape(c["inputs"][k]["shape"])
                 for k in ("s", "lo", "hi"))
    lo, hi = (v.reshape(v.shape + (1,) * (s.ndim - v.ndim)) for v in (lo, hi))
    return bool(((s < lo) | (s > hi)).any())


def _arange_f16(case):
    """MXNet's arange(dtype='float16') truncates start and step to integers
    (arange(0, 1, 0.1, dtype='float16') is ten zeros). mxlite computes in float32 and casts."""
    y = _eval(case, {})[0]
    _shapes_match(case, [y])
    args, kw = eval("(lambda *a, **k: (a, k))" + case["expr"][len("nd.arange"):])
    names = ("start", "stop", "step")
    kw.update(zip(names, args) if len(args) > 1 else [("stop", args[0])] if args else [])
    ref = np.arange(*[np.float32(kw.get(k, d)) for k, d in zip(names, (0, None, 1))],
                    dtype=np.float32)
    ref = np.repeat(ref, kw.get("repeat", 1))[:y.shape[0]]
    np.testing.assert_allclose(y.asnumpy().astype(np.float32), ref.astype(np.float16), rtol=1e-3)


def _arange_f16_broken(c):
    if not (c["expr"].startswith("nd.arange(") and "'float16'" in c["expr"]) or "error" in c:
        return False
    y = _eval(c, {})[0].asnumpy().astype(np.float64)
    return not np.allclose(y, c["outputs"][0]["data"], rtol=2e-3)


def _multinomial_unnormalised(case):
    """Rows summing to less than 1: MXNet returns the out-of-range index k when the uniform
    draw exceeds the row's total. mxlite always returns a valid category index."""
    ys = _eval(case, _inputs(case))
    _shapes_match(case, ys)
    k = _np_in(case, "p").shape[-1]
    assert ys[0].asnumpy().min() >= 0 and ys[0].asnumpy().max() < k


def _unnormalised(c):
    if "multinomial" not in c["expr"] or "p" not in c.get("inputs", {}):
        return False
    sums = np.array(c["inputs"]["p"]["data"]).reshape(c["inputs"]["p"]["shape"]).sum(-1)
    return bool((sums < 1 - 1e-3).any())


def _amp(case):
    """MXNet 1.9.1's MKLDNN build refuses amp_cast/amp_multicast on float16/float64 inputs
    ('unknown type for MKLDNN'). mxlite: amp_cast casts; amp_multicast casts the float16/float32
    inputs to the widest (cast_narrow: narrowest) of them; gradients are cast back."""
    env = _inputs(case)
    ins = [env[k] for k in sorted(env)]
    ys = _eval(case, env)
    if "amp_cast" in case["expr"]:
        targets = [np.dtype(case["expr"].split("dtype='")[1].split("'")[0])]
    else:
        lows = {np.dtype(a.dtype) for a in ins} & {np.dtype("float16"), np.dtype("float32")}
        narrow = "cast_narrow=True" in case["expr"]
        pick = (min if narrow else max)(lows, key=lambda d: d.itemsize)
        targets = [pick if np.dtype(a.dtype) in lows else np.dtype(a.dtype) for a in ins]
    for y, a, t in zip(ys, ins, targets):
        assert np.dtype(y.dtype) == t and y.shape == a.shape
        np.testing.assert_array_equal(y.asnumpy(), a.asnumpy().astype(t))
    if case.get("wrt"):
        got, h = _grads(case, _inputs(case))
        k = sorted(env)[case["gout"]]
        np.testing.assert_allclose(got[k], h.astype(env[k].dtype), rtol=1e-3)


def _onehot_negative(case):
    """MXNet writes a negative index out of bounds (row left zero). mxlite raises."""
    with pytest.raises(MXNetError):
        _eval(case, _inputs(case))[0].asnumpy()


def _bad_sample_params(c):
    """NDArray-parameter sampling with invalid parameters that MXNet accepted."""
    if "outputs" not in c or not c["expr"].startswith(("nd.sample_", "nd.random.")):
        return False
    ins = {k: np.array(v["data"]) for k, v in c["inputs"].items()}
    if not ins:
        return False
    names = [v for v in re.findall(r"[(,] *([a-z])\b(?! *=)", c["expr"]) if v in ins]
    if not names:
        return False
    a, b = ins[names[0]], ins[names[-1]]
    if "uniform" in c["expr"]:
        return bool((a > b).any())
    if "normal" in c["expr"]:
        return bool((b <= 0).any())
    return "exponential" in c["expr"] and bool((a <= 0).any())


def _concat_last(case):
    """MXNet's concatenate(axis=-1) of equal shapes fails ('Shape inconsistent, Provided =
    [2,3], inferred shape=[2,6,2,3]'); mxlite joins along the last axis like NumPy."""
    env = _inputs(case)
    y = _eval(case, env)[0]
    names = re.findall(r"\b([a-z])\b", case["expr"].split("[")[1].split("]")[0])
    ref = np.concatenate([env[k].asnumpy() for k in names], axis=-1)
    assert np.dtype(y.dtype) == ref.dtype
    np.testing.assert_array_equal(y.asnumpy(), ref)


DOCUMENTED = {}
for _n, _c in CASES.items():
    # MXNet's sample_* ops do not check their parameters (sigma < 0 negates the noise, lam <= 0
    # gives inf or negative samples); mxlite raises, as in the diff sweep
    if _bad_sample_params(_c):
        DOCUMENTED[_n] = lambda case: _raises(case)
    elif "concatenate" in _c["expr"] and "inferred shape" in _c.get("error", {}).get("text", ""):
        DOCUMENTED[_n] = _concat_last
    elif _outside_support(_c):
        DOCUMENTED[_n] = _pdf_uniform
    elif _arange_f16_broken(_c):
        DOCUMENTED[_n] = _arange_f16
    elif _unnormalised(_c) and "error" not in _c:
        DOCUMENTED[_n] = _multinomial_unnormalised
    elif "MKLDNN" in _c.get("error", {}).get("text", "") and "amp_" in _c["expr"]:
        DOCUMENTED[_n] = _amp
    elif "onehot_encode" in _c["expr"] and min(_c["inputs"]["i"]["data"]) < 0:
        DOCUMENTED[_n] = _onehot_negative

test_case = make_test("random_misc", DOCUMENTED)


def test_documented_rules_select_cases():
    assert len(DOCUMENTED) >= 5, sorted(DOCUMENTED)
