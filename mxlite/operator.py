"""``mx.operator``: operators written in Python (``CustomOp``), run by ``nd.Custom``.

A ``CustomOpProp`` subclass, registered under a name with :func:`register`, declares the
op's arguments, outputs, auxiliary states, shapes and types and creates a ``CustomOp``
whose ``forward``/``backward`` fill their output arrays (``assign`` honours ``req``).
``nd.Custom(*data, op_type=name, **kwargs)`` builds the prop with the keyword arguments
converted to strings (as MXNet does), allocates the outputs from ``infer_shape`` /
``infer_type``, runs ``forward`` with recording paused and records one autograd node whose
gradient calls the user's ``backward``.
"""
import numpy as np

from . import autograd as _ag
from .base import MXNetError, DTYPE_TO_FLAG

__all__ = ["CustomOp", "CustomOpProp", "register"]

_REGISTRY = {}


class CustomOp(object):
    """Base class for operators implemented in python"""

    def __init__(self):
        pass

    def forward(self, is_train, req, in_data, out_data, aux):
        """Forward interface. Can override when creating new operators.

        Parameters
        ----------
        is_train : bool
            whether this is for training
        req : list of str
            how to assign to out_data. can be 'null', 'write', or 'add'.
            You can optionally use self.assign(dst, req, src) to handle this.
        in_data, out_data, aux: list of NDArrays
            input, output, and auxiliary states for forward.
        """
        pass

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        """Backward interface. Can override when creating new operators.

        Parameters
        ----------
        req : list of str
            how to assign to in_grad. can be 'null', 'write', or 'add'.
            You can optionally use self.assign(dst, req, src) to handle this.
        out_grad, in_data, out_data, in_grad, aux : list of NDArrays
            input and output for backward.
        """
        pass

    def assign(self, dst, req, src):
        """Helper function for assigning into dst depending on requirements."""
        if req == 'null':
            return
        elif req in ('write', 'inplace'):
            dst[:] = src
        elif req == 'add':
            dst[:] += src


class CustomOpProp(object):
    """Base class for operator property class implemented in python.

    Parameters
    ----------
    need_top_grad : bool
        The default declare_backward_dependency function. Use this value
        to determine whether this operator needs gradient input.
    """

    def __init__(self, need_top_grad=True):
        self.need_top_grad_ = need_top_grad

    def infer_shape(self, in_shape):
        """infer_shape interface. Can override when creating new operators.

        Returns ``(in_shape, out_shape[, aux_shape])``: lists of shapes in the order of
        list_arguments, list_outputs and list_auxiliary_states.
        """
        return in_shape, (in_shape[0],) * len(self.list_outputs()), ()

    def infer_type(self, in_type):
        """infer_type interface. Returns ``(in_type, out_type[, aux_type])``: lists of numpy
        types (default: everything takes the first input's type)."""
        return in_type, [in_type[0]] * len(self.list_outputs()), \
            [in_type[0]] * len(self.list_auxiliary_states())

    def infer_storage_type(self, in_stype):
        """infer_storage_type interface: only the default (dense) storage is supported."""
        for i, stype in enumerate(in_stype):
            assert stype == 'default', \
                "Default infer_storage_type implementation doesnt allow non default stypes: " \
                "found non default stype '%s' for in_stype[%d]." % (stype, i)
        return in_stype, ['default'] * len(self.list_outputs()), \
            ['default'] * len(self.list_auxiliary_states())

    def list_outputs(self):
        """list_outputs interface. Returns the list of output blob names."""
        return ['output']

    def list_arguments(self):
        """list_arguments interface. Returns the list of argument blob names."""
        return ['data']

    def list_auxiliary_states(self):
        """list_auxiliary_states interface. Returns the list of auxiliary state names."""
        return []

    def declare_backward_dependency(self, out_grad, in_data, out_data):
        """Declare dependencies of this operator for backward pass.

        Parameters
        ----------
        out_grad, in_data, out_data : list of int
            ids of out_grad, in_data and out_data blobs.

        Returns
        -------
        deps : list of int
            ids of the needed blobs.
        """
        deps = []
        if self.need_top_grad_:
            deps.extend(out_grad)
        deps.extend(in_data)
        deps.extend(out_data)
        return deps

    def create_operator(self, ctx, in_shapes, in_dtypes):
        """Create an operator that carries out the real computation
        given the context, input shapes, and input data types."""
        return CustomOp()


def register(reg_name):
    """Register a subclass of CustomOpProp to the registry with name reg_name."""
    def do_register(prop_cls):
        """Register a subclass of CustomOpProp to the registry."""
        _REGISTRY[reg_name] = prop_cls
        return prop_cls
    return do_register


def _registered_names():
    """The names of the registered custom operators."""
    return sorted(_REGISTRY)


# ---------------------------------------------------------------- nd.Custom
def _split_ret(ret, what, n_in, n_out, n_aux):
    if len(ret) == 2:
        ins, outs = ret
        auxs = []
    elif len(ret) == 3:
        ins, outs, auxs = ret
    else:
        raise MXNetError(f"{what} must return 2 or 3 lists")
    kind = "shapes" if what == "infer_shape" else "types"
    for name, got, want in (("output", outs, n_out), ("input", ins, n_in),
                            ("aux state", auxs, n_aux)):
        if len(got) != want:
            raise MXNetError(f"{'InferShape' if kind == 'shapes' else 'InferType'} Error: "
                             f"expecting {want} entries in returned {name} {kind}, "
                             f"got {len(got)}.")
    return list(ins), list(outs), list(auxs)


def _invoke(data, op_type, kwargs):
    """Runs the registered custom op `op_type` on `data` (arguments then aux states)."""
    from .ndarray.ndarray import NDArray
    from .ndarray import zeros
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    if op_type is None or op_type == "":
        raise MXNetError("Check failed: !params.op_type.empty(): Required argument `op_type` "
                         "is missing.")
    prop_cls = _REGISTRY.get(op_type)
    if prop_cls is None:
        raise MXNetError(f"Check failed: CustomOperator::Get()->Find(params.op_type) != "
                         f"nullptr: Cannot find custom operator {op_type}")
    # MXNet hands every keyword argument to the prop as a string
    prop = prop_cls(**{k: str(v) for k, v in kwargs.items()})
    n_in = len(prop.list_arguments())
    n_out = len(prop.list_outputs())
    n_aux = len(prop.list_auxiliary_states())
    if len(data) != n_in + n_aux:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({len(data)} vs. "
                         f"{n_in + n_aux}) : Operator Custom expects {n_in + n_aux} inputs, "
                         f"but got {len(data)} instead.")
    for i, a in enumerate(data):
        if not isinstance(a, NDArray):
            raise AssertionError(f"Positional arguments must have NDArray type, but got {a!r}")
    args, auxs = list(data[:n_in]), list(data[n_in:])
    in_shapes = [list(a.shape) for a in args]
    _, out_shapes, _ = _split_ret(prop.infer_shape(in_shapes), "infer_shape", n_in, n_out,
                                  n_aux)
    in_types = [a._data.dtype.type for a in args]
    _, out_types, _ = _split_ret(prop.infer_type(in_types), "infer_type", n_in, n_out, n_aux)
    ctx = args[0].context if args else None
    op = prop.create_operator(ctx, in_shapes, [DTYPE_TO_FLAG.get(np.dtype(t), -1)
                                               for t in in_types])
    kw = {} if ctx is None else {"ctx": ctx}
    outs = [zeros(tuple(int(d) for d in s), dtype=np.dtype(t), **kw)
            for s, t in zip(out_shapes, out_types)]
    recording = _ag._state.recording
    _ag._state.recording = False
    try:
        op.forward(is_train=_ag._state.training, req=['write'] * n_out, in_data=args,
                   out_data=outs, aux=auxs)
    finally:
        _ag._state.recording = recording
    if recording and args:
        _record(op, args, outs, auxs)
    if out is not None:
        targets = out if isinstance(out, (list, tuple)) else [out]
        for t, o in zip(targets, outs):
            t[:] = o
        return out
    return outs[0] if n_out == 1 else outs


def _record(op, args, outs, auxs):
    """Records one node whose gradient runs ``op.backward``."""
    n_in = len(args)

    def grad(g, *ins_and_y):
        _ag.unmark_ones(g)  # (user code may write into g)
        ins, y = ins_and_y[:n_in], ins_and_y[n_in]
        out_grad = [g] if not isinstance(g, tuple) else list(g)
        out_data = [y] if not isinstance(y, tuple) else list(y)
        live = [x._node is not None and x._node.inputs is not None for x in ins]
        from .ndarray import zeros_like
        with _ag.pause(train_mode=_ag._state.training):
            in_grad = [zeros_like(x) for x in ins]
            op.backward(req=['write' if lv else 'null' for lv in live], out_grad=out_grad,
                        in_data=list(ins), out_data=out_data, in_grad=in_grad, aux=auxs)
        return tuple(ig if lv else None for ig, lv in zip(in_grad, live))

    _ag.record_op(grad, tuple(args), tuple(o._data for o in outs), None, tuple(outs),
                  joint=True)
