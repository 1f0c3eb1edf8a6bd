"""Direct-output kernels ``kernel(x, out)`` of unary.py's elementwise ops for float inputs:
what a large array's chunks run on each thread (see register.primitive's `elementwise`).
Each computes exactly what the op's forward computes for a float array."""
import numpy as np

__all__ = []


def _k_negative(x, o):
    return np.negative(x, out=o)

def _k_abs(x, o):
    return np.abs(x, out=o)

def _k_sign(x, o):
    np.sign(x, out=o)
    o[o != o] = 0  # NaN -> 0, as the forward

def _k_square(x, o):
    return np.square(x, out=o)

def _k_sqrt(x, o):
    return np.sqrt(x, out=o)

def _k_exp(x, o):
    return np.exp(x, out=o)

def _k_expm1(x, o):
    return np.expm1(x, out=o)

def _k_log(x, o):
    return np.log(x, out=o)

def _k_log10(x, o):
    return np.log10(x, out=o)

def _k_log2(x, o):
    return np.log2(x, out=o)

def _k_log1p(x, o):
    return np.log1p(x, out=o)

def _k_sin(x, o):
    return np.sin(x, out=o)

def _k_cos(x, o):
    return np.cos(x, out=o)

def _k_tan(x, o):
    return np.tan(x, out=o)

def _k_arcsin(x, o):
    return np.arcsin(x, out=o)

def _k_arccos(x, o):
    return np.arccos(x, out=o)

def _k_arctan(x, o):
    return np.arctan(x, out=o)

def _k_sinh(x, o):
    return np.sinh(x, out=o)

def _k_cosh(x, o):
    return np.cosh(x, out=o)

def _k_tanh(x, o):
    return np.tanh(x, out=o)

def _k_arcsinh(x, o):
    return np.arcsinh(x, out=o)

def _k_arccosh(x, o):
    return np.arccosh(x, out=o)

def _k_arctanh(x, o):
    return np.arctanh(x, out=o)

def _k_relu(x, o):
    return np.maximum(x, 0, out=o)
