"""Define-by-run automatic differentiation (``mxnet.autograd``).

Every recorded op becomes a :class:`Node` holding its gradient formulas, its input handles
and its raw outputs. Creation order is a topological order, so backward pops nodes from a
heap by descending sequence number: no recursion, no recursion limit. Gradient formulas are
written with mxlite's own differentiable ops, so running them with recording on
(``create_graph=True``) records the backward pass and gives gradients of every order.
A node never points at its outputs' handles: the graph dies with its last reference.
"""
import heapq
import itertools
import threading

from . import _gradbuf, _parallel
from .base import MXNetError, shape_str

__all__ = ["record", "pause", "train_mode", "predict_mode", "is_recording", "is_training",
           "set_recording", "set_training", "mark_variables", "backward", "grad",
           "get_symbol", "Function"]

NOT_IN_GRAPH = ("Cannot differentiate node because it is not in a computational graph. "
                "You need to set is_recording to true or use autograd.record() to save "
                "computational graphs for backward. If you want to differentiate the same "
                "graph twice, you need to pass retain_graph=True to backward.")
NO_INPUTS = ("Check failed: xs.size() > 0 (0 vs. 0) : There are no inputs in computation "
             "graph that require gradients.")
_GRAD_REQ_MAP = {"null": 0, "write": 1, "add": 3}


class _State(threading.local):
    recording = False
    training = False
    ones = None  # during backward(): the raw implicit head gradients (all ones)


_state = _State()
_seq = itertools.count()


class Node:
    """One recorded op, or (``grad_fns is None``) a marked variable.

    ``inputs is None`` means released: the node is no longer in a graph.
    """
    __slots__ = ("grad_fns", "inputs", "outputs", "attrs", "seq", "joint",
                 "grad_buf", "grad_req", "fresh", "__weakref__")

    def __init__(self, grad_fns, inputs, outputs, attrs, joint=False):
        self.grad_fns = grad_fns      # tuple: one formula per input; or one joint formula
        self.inputs = inputs          # tuple of input NDArray handles
        self.outputs = outputs        # tuple of raw output arrays
        self.attrs = attrs            # dict of op attributes (or None)
        self.joint = joint
        self.seq = next(_seq)


def _leaf(grad_buf, grad_req):
    n = Node(None, (), None, None)
    n.grad_buf, n.grad_req, n.fresh = grad_buf, grad_req, False
    return n


def record_op(grad_fns, inputs, outputs, attrs, out_handles, joint=False):
    """Records one op if any input is in a live graph (MXNet records nothing otherwise)."""
    for x in inputs:
        n = x._node
        if n is not None and n.inputs is not None:
            break
    else:
        return None
    node = _new_node(Node)  # Node(...) without the __init__ frame: this runs for every op
    node.grad_fns, node.inputs, node.outputs = grad_fns, inputs, outputs
    node.attrs, node.joint, node.seq = attrs, joint, next(_seq)
    if len(out_handles) == 1:
        h = out_handles[0]
        h._node, h._index = node, 0
    else:
        for i, h in enumerate(out_handles):
            h._node, h._index = node, i
    return node


_new_node = object.__new__


# ---------------------------------------------------------------- recording state scopes
def is_recording():
    """Whether operations are being recorded (thread-local, False by default)."""
    return _state.recording


def is_training():
    """Whether train mode is on (thread-local, False by default)."""
    return _state.training


def set_recording(is_recording):  # noqa: F811 - MXNet's parameter name
    """Sets recording on or off; returns the previous value."""
    prev, _state.recording = _state.recording, bool(is_recording)
    return prev


def set_training(train_mode):  # noqa: F811
    """Sets train mode on or off; returns the previous value."""
    prev, _state.training = _state.training, bool(train_mode)
    return prev


class _RecordingStateScope:
    """Sets recording/training on enter (None leaves a flag alone), restores them on exit."""
    __slots__ = ("_enter_is_record", "_enter_train_mode", "_prev_is_record", "_prev_train_mode")

    def __init__(self, is_record, train_mode):
        self._enter_is_record, self._enter_train_mode = is_record, train_mode
        self._prev_is_record = self._prev_train_mode = None

    def __enter__(self):
        st = _state
        if self._enter_is_record is not None:
            self._prev_is_record, st.recording = st.recording, self._enter_is_record
        if self._enter_train_mode is not None:
            self._prev_train_mode, st.training = st.training, self._enter_train_mode

    def __exit__(self, *exc):
        st = _state
        if self._enter_is_record is not None and self._prev_is_record != self._enter_is_record:
            st.recording = self._prev_is_record
        if self._enter_train_mode is not None and self._prev_train_mode != self._enter_train_mode:
            st.training = self._prev_train_mode


def record(train_mode=True):  # noqa: F811
    """Scope that records operations for differentiation (and sets train mode by default)."""
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):  # noqa: F811
    """Scope that stops recording (and sets predict mode by default)."""
    return _RecordingStateScope(False, train_mode)


def train_mode():
    """Scope that sets train mode without touching recording."""
    return _RecordingStateScope(None, True)


def predict_mode():
    """Scope that sets predict mode without touching recording."""
    return _RecordingStateScope(None, False)


# ---------------------------------------------------------------- variables
def mark_variables(variables, gradients, grad_reqs="write"):
    """Marks arrays as variables whose gradients backward() writes into `gradients`.

    Parameters
    ----------
    variables : NDArray or list of NDArray
    gradients : NDArray or list of NDArray (the buffers; same structure as variables)
    grad_reqs : str or list of str, 'write', 'add' or 'null'
    """
    from .ndarray.ndarray import NDArray
    if isinstance(variables, NDArray):
        assert isinstance(gradients, NDArray)
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    for v, g, req in zip(variables, gradients, grad_reqs):
        _GRAD_REQ_MAP[req]  # KeyError for unknown reqs, as MXNet
        v._node, v._index = _leaf(g, req), 0


# ---------------------------------------------------------------- backward
# Bound by ndarray/register.py at import (the engine sits below the ndarray layer).
_NDArray = _ones_like = _zeros_like = _zeros_raw = _sum_to = _depend = _identity = None
_new = object.__new__


def _backprop(heads, head_grads, create_graph, mark_ones=False):
    """Runs the reverse sweep; returns ({leaf: grad or None}, nodes visited).

    Gradients are kept in `grads` under the node for output 0 and under (node, i) for the
    other outputs, and popped once consumed. A node's formulas run only for inputs that are
    in a live graph; every live input counts as reached (structural reachability).
    `mark_ones` (backward() only) records the implicit all-ones head gradients in
    ``_state.ones`` for :func:`ones_times`; the caller clears them.
    """
    grads, heap, seen = {}, [], set()
    push, pop = heapq.heappush, heapq.heappop
    for i, h in enumerate(heads):
        n = h._node
        if n is None or n.inputs is None:
            raise MXNetError(NOT_IN_GRAPH)
        hg = head_grads[i] if head_grads is not None else None
        if hg is None:
            hg = _ones_like(h)
            if mark_ones and hg._data.size >= _ADOPT_MIN:  # (backward() only: ones_times)
                _state.ones = (_state.ones or ()) + (hg._data,)
        elif hg.shape != h.shape:
            raise MXNetError(f"head gradient of shape {shape_str(hg.shape)} does not match the "
                             f"shape {shape_str(h.shape)} of the {i + 1}-th head")
        elif hg.dtype != h.dtype:
            raise MXNetError(f"head gradient of dtype {hg.dtype.__name__} does not match the "
                             f"dtype {h.dtype.__name__} of the {i + 1}-th head")
        key = n if h._index == 0 else (n, h._index)
        old = grads.get(key)
        grads[key] = hg if old is None else old + hg
        if n not in seen:
            seen.add(n)
            push(heap, (-n.seq, n))
    leaves = {}
    NDArray = _NDArray
    while heap:
        n = pop(heap)[1]
        g = grads.pop(n, None)
        fns = n.grad_fns
        if fns is None:
            leaves[n] = g
            continue
        ins, outs = n.inputs, n.outputs
        if len(outs) > 1:
            g = [g] + [grads.pop((n, i), None) for i in range(1, len(outs))]
            if all(gi is None for gi in g):
                g = None
        if g is None:  # nothing flowed here, but the inputs are still reached
            for x in ins:
                m = x._node
                if m is not None and m not in seen and m.inputs is not None:
                    seen.add(m)
                    push(heap, (-m.seq, m))
            continue
        ctx = ins[0]._ctx
        if type(g) is list:
            g = tuple(gi if gi is not None else _zeros_raw(o, ctx) for gi, o in zip(g, outs))
            y = []
            for i, o in enumerate(outs):
                h = _new(NDArray)
                h._data, h._ctx, h._node, h._index = o, ctx, n, i
                y.append(h)
            y = tuple(y)
        else:
            y = _new(NDArray)
            y._data, y._ctx, y._node, y._index = outs[0], ctx, n, 0
        attrs = n.attrs
        # a joint formula gives every input's gradient at once; else one formula per input
        joint = (fns(g, *ins, y, **attrs) if attrs else fns(g, *ins, y)) if n.joint else None
        for i, x in enumerate(ins):
            m = x._node
            if m is None or m.inputs is None:
                continue
            if m not in seen:
                seen.add(m)
                push(heap, (-m.seq, m))
            if joint is not None:
                r = joint[i]
            else:
                f = fns[i]
                if f is None:
                    continue
                r = f(g, *ins, y, **attrs) if attrs else f(g, *ins, y)
            if r is None:
                continue
            if r._data.shape != x._data.shape:
                r = _sum_to(r, x._data.shape)
            if create_graph and not _reaches(r, x, n):
                r = _depend(r, x)
            key = m if x._index == 0 else (m, x._index)
            old = grads.get(key)
            grads[key] = r if old is None else old + r
    return leaves, seen


def _reaches(r, x, n):
    """Whether the gradient r (recorded in create_graph mode) has a direct edge to the input x
    or to an output of the forward node n, so x stays structurally reachable without an extra
    `_depend` edge (tanh's gradient uses y, mul's gradient wrt a uses only b)."""
    rn = r._node
    if rn is None or rn.inputs is None:
        return False
    for h in rn.inputs:
        if h is x or h._node is n:
            return True
    return False


def _release(seen):
    for n in seen:
        if n.grad_fns is not None:
            n.inputs = n.outputs = n.attrs = None
        elif n.grad_req == "null":
            n.inputs = None


def _as_list(x, what):
    NDArray = _NDArray
    if type(x) is list:
        for a in x:
            if not isinstance(a, NDArray):
                break
        else:
            return x
    elif isinstance(x, NDArray):
        return [x]
    elif isinstance(x, tuple) and all(isinstance(a, NDArray) for a in x):
        return list(x)
    raise TypeError(f"{what} must be an NDArray or a list of NDArrays, got {type(x).__name__}")


def _head_grads(heads, head_grads):
    if head_grads is None:
        return None
    if isinstance(head_grads, _NDArray):
        head_grads = [head_grads]
    assert len(heads) == len(head_grads), "heads and head_grads must be lists of the same length"
    return list(head_grads)


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):  # noqa: F811
    """Computes the gradients of heads with respect to all marked variables in their graph
    and writes them into the variables' ``.grad`` buffers according to ``grad_req``."""
    heads = _as_list(heads, "heads")
    head_grads = _head_grads(heads, head_grads)
    st = _state
    prev = st.recording, st.training
    st.recording, st.training = False, train_mode
    try:
        leaves, seen = _backprop(heads, head_grads, False, True)
        if st.ones is not None:
            st.ones = None
        wrote = False
        for n in leaves:  # (keys only: no loop variable may hold a gradient, see _gradbuf)
            req = n.grad_req
            if req == "write":
                g = leaves[n]
                if g is None:
                    n.grad_buf._data[...] = 0
                elif g._data.size < _ADOPT_MIN:  # (a copy is cheaper than the checks)
                    n.grad_buf._data[...] = g._data
                else:
                    g = None
                    if not _gradbuf.adopt(leaves, n):
                        _parallel.copyto(n.grad_buf._data, leaves[n]._data)
            elif req == "add":
                g = leaves[n]
                if g is not None:
                    n.grad_buf._data += g._data
            else:
                continue
            n.fresh = wrote = True
        if not wrote:
            raise MXNetError(NO_INPUTS)
        if not retain_graph:
            _release(seen)
    finally:
        st.recording, st.training = prev
        st.ones = None


_ADOPT_MIN = 1 << 16  # elements: smaller gradients are copied, smaller ones multiplied


def ones_times(g, x):
    """``g * x`` in a gradient formula; just `x` while backward() runs with an implicit head
    gradient `g` of ones of x's shape and dtype (the product would be a copy of x: the
    engine never writes into a gradient, and it copies x into a buffer rather than adopt it).
    Only backward() sets the ones, never grad(), whose results the caller owns."""
    ones = _state.ones
    if ones is not None and x.shape == g.shape and x.dtype == g.dtype:
        raw = g._data
        for o in ones:
            if raw is o:
                return x
    return g * x


def unmark_ones(g):
    """Hands gradient(s) `g` to user code (a Function's or CustomOp's backward), which may
    write into them: they no longer count as all ones for :func:`ones_times`."""
    ones = _state.ones
    if ones is None:
        return
    raws = [x._data for x in (g if isinstance(g, (tuple, list)) else (g,)) if x is not None]
    _state.ones = tuple(o for o in ones if all(o is not r for r in raws)) or None


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False,
         train_mode=True):  # noqa: F811
    """Returns the gradients of heads with respect to variables as a list of new arrays.

    ``.grad`` buffers are not touched. With ``create_graph=True`` the backward pass is
    recorded, so the results can be differentiated again (to any order).
    """
    heads = _as_list(heads, "heads")
    variables = _as_list(variables, "variables")
    assert variables, "variables cannot be an empty list."
    head_grads = _head_grads(heads, head_grads)
    if retain_graph is None:
        retain_graph = create_graph
    for i, v in enumerate(variables):
        n = v._node
        if n is None or n.grad_fns is not None or n.inputs is None or n.grad_req == "null":
            raise MXNetError(f"Cannot differentiate with respect to the {i + 1}-th variable "
                             "because it does not require gradient.")
    st = _state
    prev = st.recording, st.training
    st.recording, st.training = create_graph, train_mode
    try:
        leaves, seen = _backprop(heads, head_grads, create_graph)
        out = []
        for i, v in enumerate(variables):
            if v._node not in leaves:
                raise MXNetError(f"Cannot differentiate with respect to the {i + 1}-th variable "
                                 "because it is unreachable from the outputs.")
            n = v._node
            if leaves[n] is None:
                out.append(_zeros_like(v))
            elif _gradbuf.owned(leaves, n, create_graph):
                out.append(leaves[n])
            else:  # a head gradient, a forward array or a view of one: the caller gets a copy
                out.append(_identity(leaves[n]))
        if not retain_graph:
            _release(seen)
        return out
    finally:
        st.recording, st.training = prev


def get_symbol(x):
    """The recorded history of `x` as a Symbol (``list_arguments()`` names its variables)."""
    from .ndarray.ndarray import NDArray
    from .symbol import Symbol
    assert isinstance(x, NDArray), "x must be an NDArray"
    n = x._node
    if n is None or n.inputs is None:
        raise MXNetError(NOT_IN_GRAPH)
    order, stack, seen = [], [n], {n}
    while stack:
        m = stack.pop()
        order.append(m)
        for h in m.inputs:
            p = h._node
            if p is not None and p.inputs is not None and p not in seen:
                seen.add(p)
                stack.append(p)
    return Symbol(sorted(order, key=lambda m: m.seq), x._index)


from .function import Function  # noqa: E402  (Function needs the helpers above)
