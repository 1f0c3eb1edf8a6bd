"""The @primitive decorator and the one hot path: unwrap -> forward -> wrap -> record.

A primitive states its forward on raw arrays and one gradient formula per input::

    @primitive(lambda g, x, y: g * y)             # d exp(x) = exp(x)
    def exp(xp, x): return xp.exp(x)

The forward receives the array module ``xp`` first, then the raw input arrays, then the
op's attributes (keyword parameters with defaults). A gradient formula receives the output
gradient ``g``, the input handles, the output handle ``y`` and the attributes as keywords;
it returns an NDArray (``None`` for "not differentiable here"). Formulas use mxlite's own
differentiable ops, so the same formula serves plain backward and ``create_graph=True``.
"""
import inspect

import numpy as np

from .. import _gradbuf, _parallel
from .. import autograd as _ag
from ..base import MXNetError, _Null, shape_str
from .ndarray import NDArray, _wrap

__all__ = ["primitive"]

_state = _ag._state
_record = _ag.record_op
_blockwise, _into = _parallel.blockwise, _parallel.into
_MIN_SIZE = _parallel.MIN_SIZE
_new = object.__new__


def _bad_input(fname, pname, value):
    raise AssertionError(f"Argument {pname} must have NDArray type, but got {value!r}") from None


def primitive(*grad_fns, grad=None, n_in=None, variadic=False, visible=None, name=None,
              elementwise=False):
    """Turns a forward on raw arrays into a public, recorded, differentiable op.

    Parameters
    ----------
    *grad_fns : callables, one per array input, ``fn(g, *inputs, y, **attrs)``; None marks
        an input that is not differentiable.
    grad : a joint formula returning one gradient per input (for ops whose gradients share
        work, and for variadic ops); replaces `grad_fns`.
    n_in : number of array inputs when `grad` is given (default: counted from the forward).
    variadic : all positional arrays are inputs (concat, add_n, stack).
    visible : the number of outputs returned to the caller, an int or ``fn(attrs)``; the rest
        are kept for the gradient only. Ops returning several visible outputs return a list.
    elementwise : the forward is pure and elementwise on same-shape inputs (no attributes):
        large inputs are then computed over threads. True: block by block (multi-pass kernels,
        whose temporaries then stay in cache; _parallel.blockwise); a function
        ``kernel(x, out)`` (one input, one pass): straight into the output, for float inputs
        (the output has the input's dtype; _parallel.into).
    """
    def deco(fwd):
        params = list(inspect.signature(fwd).parameters.values())[1:]
        if variadic:
            in_names = [params[0].name]
            n = None
        else:
            n = n_in if n_in is not None else (len(grad_fns) if grad is None else None)
            if n is None:
                n = sum(1 for p in params if p.default is inspect.Parameter.empty
                        and p.kind == p.POSITIONAL_OR_KEYWORD)
            in_names = [p.name for p in params[:n]]
        attr_params = [p for p in params[(1 if variadic else n):]
                       if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        attr_names = [p.name for p in attr_params]
        defaults = {p.name: p.default for p in attr_params}
        takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in params)
        fns = grad if grad is not None else tuple(grad_fns)
        joint = grad is not None
        opname = name or fwd.__name__

        def finish(inputs, y, attrs, out):
            """Wraps raw outputs, honours out=, records; returns what the caller sees."""
            ctx = inputs[0]._ctx if inputs else None
            if type(y) is tuple:
                outs = tuple(_wrap(a, ctx) for a in y)
                ys = y
            else:
                outs, ys = (_wrap(y, ctx),), (y,)
            if out is not None:
                outs = _write_out(opname, outs, out)
            if _state.recording:
                _record(fns, inputs, ys, attrs, outs, joint)
            k = len(outs) if visible is None else (visible(attrs) if callable(visible) else visible)
            if out is not None:
                return out
            return outs[0] if k == 1 else list(outs[:k])

        required = [k for k, v in defaults.items() if v is inspect.Parameter.empty]

        def slow(args, kwargs):
            # kwargs is this call's own dict: popping from it is safe
            out = kwargs.pop("out", None) if "out" in kwargs else None
            if "name" in kwargs:
                del kwargs["name"]
            if variadic:
                inputs = args
                kwargs.pop("num_args", None)
                rest = ()
            else:
                inputs, rest = args[:n], args[n:]
                if len(inputs) < n:
                    inputs = list(inputs)
                    for pname in in_names[len(inputs):]:
                        if pname not in kwargs:
                            given = len(inputs) + sum(1 for q in in_names if q in kwargs)
                            raise MXNetError(f"Operator {opname} expects {n} inputs, but got "
                                             f"{given} instead.")
                        inputs.append(kwargs.pop(pname))
                    inputs = tuple(inputs)
            for i, a in enumerate(inputs):
                if type(a) is not NDArray and not isinstance(a, NDArray):
                    if variadic:
                        raise AssertionError(f"Positional arguments must have NDArray type, "
                                             f"but got {a!r}")
                    _bad_input(opname, in_names[i], a)
            attrs = defaults.copy()
            if rest:
                if len(rest) > len(attr_names):
                    raise TypeError(f"{opname}() takes {len(in_names) + len(attr_names)} "
                                    f"arguments but {len(args)} were given")
                for k, v in zip(attr_names, rest):
                    if v is not _Null:
                        attrs[k] = _as_bool(k, v) if k in bool_set else v
            for k, v in kwargs.items():
                if k in defaults or takes_kwargs:
                    if v is not _Null:
                        attrs[k] = _as_bool(k, v) if k in bool_set else v
                elif attr_names:
                    raise MXNetError(f"Cannot find argument '{k}', Possible Arguments:\n"
                                     f"----------------\n" + "\n".join(attr_names)
                                     + f", in operator {opname}(name=\"\")")
            # (MXNet checks its parameters in name order)
            for k in sorted(required):
                if attrs[k] is inspect.Parameter.empty:
                    raise MXNetError(f"Required parameter {k} of {_PTYPES.get(k, 'int')} is not "
                                     f"presented, in operator {opname}(name=\"\")")
            xp = inputs[0]._ctx.xp if inputs else np
            y = fwd(xp, *[a._data for a in inputs], **attrs)
            return finish(inputs, y, attrs or None, out)

        frozen = dict(defaults) or None
        attr_set = frozenset(attr_names)
        bool_set = frozenset(k for k, v in defaults.items() if v is True or v is False)
        split = elementwise or None
        min_size = _parallel.MIN_SIZE

        def quick(args, kwargs):
            """The common call with attributes: inputs positional, attributes positional or
            by keyword, no out=/name=/_Null. None sends the call to the slow path."""
            rest = args[n:]
            if len(rest) > len(attr_names):
                return None
            attrs = frozen.copy() if frozen else {}
            for k, v in zip(attr_names, rest):
                if v is _Null or k in bool_set and v.__class__ is not bool:
                    return None
                attrs[k] = v
            for k, v in kwargs.items():
                if k not in attr_set or v is _Null or k in bool_set and v.__class__ is not bool:
                    return None
                attrs[k] = v
            if required:
                for k in required:
                    if attrs[k] is inspect.Parameter.empty:
                        return None
            inputs = args[:n]
            for a in inputs:
                if type(a) is not NDArray:
                    return None
            return finish(inputs, fwd(inputs[0]._ctx.xp, *[a._data for a in inputs], **attrs),
                          attrs, None)

        if variadic or not n:
            def op(*args, **kwargs):
                return slow(args, kwargs)
        elif n > 2 or visible is not None or required:
            def op(*args, **kwargs):  # (quick first: Convolution, Pooling, Activation ...)
                if len(args) >= n:
                    r = quick(args, kwargs)
                    if r is not None:
                        return r
                return slow(args, kwargs)
        elif n == 1:
            def op(*args, **kwargs):
                if kwargs or len(args) != 1:
                    if len(args) >= 1:
                        r = quick(args, kwargs)
                        if r is not None:
                            return r
                    return slow(args, kwargs)
                x = args[0]
                try:
                    ctx = x._ctx
                    if split and x._data.size >= min_size:
                        y = (_blockwise(fwd, ctx.xp, (x._data,), {}) if split is True
                             else _into(split, ctx.xp, x._data))
                        if y is None:
                            y = fwd(ctx.xp, x._data)
                    else:
                        y = fwd(ctx.xp, x._data)
                except AttributeError:
                    if not isinstance(x, NDArray):
                        _bad_input(opname, in_names[0], x)
                    raise
                if type(y) is tuple:
                    return finish(args, y, frozen, None)
                o = _new(NDArray)
                o._data = y
                o._ctx = ctx
                o._node = None
                if _state.recording:
                    _record(fns, args, (y,), frozen, (o,), joint)
                return o
        else:
            def op(*args, **kwargs):
                if kwargs or len(args) != 2:
                    if len(args) >= 2:
                        r = quick(args, kwargs)
                        if r is not None:
                            return r
                    return slow(args, kwargs)
                a, b = args
                try:
                    ctx = a._ctx
                    if split is True and a._data.size >= min_size:
                        y = _blockwise(fwd, ctx.xp, (a._data, b._data), {})
                        if y is None:
                            y = fwd(ctx.xp, a._data, b._data)
                    else:
                        y = fwd(ctx.xp, a._data, b._data)
                except AttributeError:
                    for pname, v in zip(in_names, args):
                        if not isinstance(v, NDArray):
                            _bad_input(opname, pname, v)
                    raise
                o = _new(NDArray)
                o._data = y
                o._ctx = ctx
                o._node = None
                if _state.recording:
                    _record(fns, args, (y,), frozen, (o,), joint)
                return o

        op.__name__ = op.__qualname__ = opname
        op.__doc__ = fwd.__doc__
        op.__module__ = fwd.__module__
        op.forward = fwd
        op.grad_fns = fns
        return op
    return deco


# MXNet's type names of required parameters in its error text (int where not listed)
_PTYPES = {"reps": "Shape(tuple)", "shape": "Shape(tuple)", "kernel": "Shape(tuple)",
           "a_min": "float", "a_max": "float", "scalar": "float", "end": "int or None"}
_TRUE, _FALSE = frozenset(("true", "1")), frozenset(("false", "0"))


def _as_bool(name, v):
    """A boolean attribute as MXNet's parameter parser reads it ('True', 1, np.bool_ ...)."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        t = v.strip().lower()
        if t in _TRUE or t in _FALSE:
            return t in _TRUE
    if v is None:
        return v
    raise MXNetError(f"Invalid Parameter format for {name} expect boolean but value='{v}'")


def _write_out(opname, outs, out):
    """Copies the (single) result into `out` in place and makes `out` the recorded output."""
    if not isinstance(out, NDArray):
        raise TypeError(f"out must be an NDArray, got {type(out).__name__}")
    res = outs[0]
    if out.shape != res.shape:
        raise MXNetError(f"Shape inconsistent, Provided = {shape_str(out.shape)}, inferred "
                         f"shape={shape_str(res.shape)}")
    if out.dtype != res.dtype:
        raise MXNetError(f"Check failed: assign(&dattr, vec.at(i)): Incompatible attr in node  "
                         f"at 0-th output: expected {np.dtype(res.dtype).name}, got "
                         f"{np.dtype(out.dtype).name}")
    if _state.recording and out._node is not None and out._node.inputs is not None:
        raise MXNetError(_ASSIGN_IN_GRAPH)
    out._data[...] = res._data
    return (out,) + outs[1:]


_ASSIGN_IN_GRAPH = (
    "Check failed: AGInfo::IsNone(*output): Assigning to NDArrays that are already in a "
    "computational graph will cause undefined behavior when evaluating gradients. Please call "
    "backward first to clear the graph or do this out side of a record section. Also note that "
    "you cannot use inplace operations like +=, *=, relu(x, out=x), y[idx]=x, etc inside a "
    "record section.")
_INPLACE_RECORDING = ("Check failed: !AGInfo::IsNone(*output): Inplace operations (+=, -=, x[:]=, "
                      "etc) are not supported when recording with autograd.")


# ---------------------------------------------------------------- engine support
def _entry(raw, node, index, ctx):
    h = _new(NDArray)
    h._data, h._ctx, h._node, h._index = raw, ctx, node, index
    return h


def zeros_raw(raw, ctx):
    """A zero gradient for an unused output of a multi-output node."""
    return _wrap(ctx.xp.zeros_like(raw), ctx)


def ones_like_raw(h):
    a = h._ctx.xp.empty(h._data.shape, h._data.dtype)
    if a.size >= _MIN_SIZE and h._ctx.xp is np:
        _parallel.fill(a, 1)
    else:
        a.fill(1)
    return _wrap(a, h._ctx)


def zeros_like_raw(h):
    return _wrap(h._ctx.xp.zeros(h._data.shape, h._data.dtype), h._ctx)


def _sum_to_raw(xp, g, shape):
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape)
                                      if s == 1 and g.shape[i + lead] != 1)
    r = g.sum(axis=axes, keepdims=True, dtype=g.dtype) if axes else g
    return r.reshape(shape)


@primitive(lambda g, x, y, shape: broadcast_shape_to(g, x.shape))
def sum_to(xp, g, shape):
    """Sums `g` over broadcast axes down to `shape` (undoes numpy broadcasting)."""
    return _sum_to_raw(xp, g, tuple(shape))


@primitive(lambda g, x, y, shape: sum_to(g, x.shape))
def broadcast_shape_to(xp, x, shape):
    """numpy-style broadcast of `x` to `shape`, as a copy."""
    shape = tuple(shape)
    if x.shape == shape:
        return x.copy()
    out = xp.empty(shape, x.dtype)
    try:
        if x.ndim > len(shape):
            raise ValueError
        out[...] = x  # (broadcasting assignment: ~6 us less than np.broadcast_to + copy)
    except ValueError:
        raise ValueError(f"operands could not be broadcast together with remapped shapes "
                         f"[original->remapped]: {x.shape} and requested shape {shape}") from None
    return out


@primitive(lambda g, a, b, y: g, lambda g, a, b, y: _zeros_connected(b))
def _depend(xp, a, b):
    """Returns `a` unchanged but keeps a zero-gradient edge to `b` (create_graph mode)."""
    return a


def _zeros_connected(b):
    from .elemwise import zeros_like
    return zeros_like(b)


def _identity_op(x):
    """A recorded copy (the engine's, for gradients the caller must own)."""
    from .unary import identity
    return identity(x)


_ag._NDArray, _ag._ones_like, _ag._zeros_like, _ag._zeros_raw = (
    NDArray, ones_like_raw, zeros_like_raw, zeros_raw)
_ag._sum_to, _ag._depend, _ag._identity = sum_to, _depend, _identity_op
_gradbuf.init()
