"""``mx.nd.contrib`` control flow: foreach, while_loop, cond (imperative, as MXNet's
python/mxnet/ndarray/contrib.py). They run the Python callables on NDArrays, so autograd
records the ops inside and gradients flow through them like through any other code.
"""
from ..base import MXNetError, shape_str
from .ndarray import NDArray

__all__ = []  # contrib-only names: re-exported explicitly by contrib.py, not top-level


def _flatten(args, inout_str):
    if isinstance(args, NDArray):
        return [args], 0
    if not isinstance(args, (list, tuple)):
        raise AssertionError(f"{inout_str} must be (nested) list of NDArray, but got {args} of "
                             f"type {type(args)}")
    flat, fmts = [], []
    for a in args:
        f, fmt = _flatten(a, inout_str)
        flat.extend(f)
        fmts.append(fmt)
    return flat, fmts


def _regroup(args, fmt):
    if isinstance(fmt, int):
        if fmt == 0:
            return args[0], args[1:]
        return args[:fmt], args[fmt:]
    ret = []
    for f in fmt:
        res, args = _regroup(args, f)
        ret.append(res)
    return ret, args


def _check_ndarrays(flat, msg):
    for a in flat:
        if not isinstance(a, NDArray):
            raise ValueError(msg)


def foreach(body, data, init_states):
    """Runs ``outputs, states = body(data[i], states)`` for i along axis 0 of `data`.

    Parameters
    ----------
    body : callable ``(data_slice, states) -> (outputs, new_states)``; outputs and states are
        NDArrays or (nested) lists of NDArrays.
    data : NDArray or list of NDArrays, iterated along axis 0.
    init_states : NDArray or (nested) list of NDArrays.

    Returns
    -------
    (outputs, states): each output of the steps stacked along a new axis 0, in the structure
    `body` returned them, and the final states.
    """
    from .shape_ext import stack
    flat, _ = _flatten(data, "foreach input")
    _check_ndarrays(flat, "data should be an NDArray or a list of NDArrays")
    flat, _ = _flatten(init_states, "foreach states")
    _check_ndarrays(flat, "init_states should be an NDArray or a list of NDArrays")
    single = isinstance(data, NDArray)
    num_iters = data.shape[0] if single else data[0].shape[0]
    states = init_states
    outputs = []
    out_fmt = None
    for i in range(num_iters):
        eles = data[i] if single else [d[i] for d in data]
        outs, states = body(eles, states)
        outs, out_fmt = _flatten(outs, "foreach output")
        outputs.append(outs)
    if out_fmt is None:  # no iteration (MXNet fails here)
        return [], states
    stacked = [stack(*o, axis=0) for o in zip(*outputs)]
    stacked, _ = _regroup(stacked, out_fmt)
    return stacked, states


def _to_python_scalar(inputs, type_, name):
    if hasattr(inputs, "asscalar"):
        inputs = inputs.asscalar()
    try:
        return type_(inputs)
    except Exception:
        raise ValueError(f"Cannot convert {name} to python {type_.__name__}") from None


def while_loop(cond, func, loop_vars, max_iterations=None):
    """Runs ``step_output, loop_vars = func(*loop_vars)`` while ``cond(*loop_vars)`` holds,
    at most `max_iterations` times.

    Returns
    -------
    (outputs, loop_vars): the step outputs stacked along axis 0 and padded to
    `max_iterations` rows (MXNet pads with uninitialised memory; here with zeros), and the
    final loop variables (an NDArray if `loop_vars` was one).
    """
    from .shape_ext import concat
    from .shape import expand_dims
    from .creation import zeros
    if max_iterations is None:
        raise ValueError("max_iterations should be specified")
    max_iterations = _to_python_scalar(max_iterations, int, "max_iteration")
    single = isinstance(loop_vars, NDArray)
    if not single and len(loop_vars) == 0:
        raise ValueError("loop_vars should contain at least one element")
    loop_vars = [loop_vars] if single else list(loop_vars)
    steps = 0
    outputs = []
    out_fmt = None
    while steps < max_iterations and \
            _to_python_scalar(cond(*loop_vars), bool, "Return value of cond"):
        step_output, new_vars = func(*loop_vars)
        step_output = [] if step_output is None else step_output
        new_vars = [] if new_vars is None else new_vars
        if isinstance(step_output, tuple):
            step_output = list(step_output)
        new_vars = [new_vars] if isinstance(new_vars, NDArray) else list(new_vars)
        if len(loop_vars) != len(new_vars):
            raise ValueError("The length of loop_vars should be consistent during the loop")
        loop_vars = new_vars
        step_output, out_fmt = _flatten(step_output, "while output")
        outputs.append(step_output)
        steps += 1
        if len(step_output) != len(outputs[0]):
            raise ValueError("Number of elements in step_output should be the same in each "
                             "step")
    stacked = []
    for items in zip(*outputs):
        bad = [x for x in items if x.shape != items[0].shape]
        if bad:  # MXNet's stacking (a concat) fails
            want = ",".join(["-1"] + [str(d) for d in items[0].shape])
            raise MXNetError(f"Incompatible input shape: expected [{want}], got "
                             f"{shape_str((1,) + bad[0].shape)}")
        items = [expand_dims(x, axis=0) for x in items]
        if steps != max_iterations and items:
            items.append(zeros((max_iterations - steps,) + items[0].shape[1:],
                               ctx=items[0].context, dtype=items[0].dtype))
        stacked.append(concat(*items, dim=0))
    if out_fmt is not None:
        stacked, _ = _regroup(stacked, out_fmt)
    return stacked, (loop_vars[0] if single else loop_vars)


def cond(pred, then_func, else_func):
    """Returns ``then_func()`` if the scalar NDArray `pred` is nonzero, else ``else_func()``."""
    branch = _to_python_scalar(pred, bool, "pred")
    return then_func() if branch else else_func()
