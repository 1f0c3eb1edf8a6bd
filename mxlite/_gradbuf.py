"""Moving big results into long-lived arrays without copying them.

backward() writes each gradient into its variable's ``.grad`` buffer, and the SGD idiom
``param[:] = param - lr * param.grad`` writes a temporary into a parameter. When nothing else
can see the source (a fresh gradient, a temporary) and nothing else holds the target's raw
array (no views, no kernel), the target handle simply takes the source's memory (:func:`adopt`,
:func:`take`): a whole pass over the array saved. Reference counts decide "nothing else"; they
are compared with counts measured at import through the very same code paths, so the test
holds on every Python version, and where they are not stable the copy is always made.
"""
import sys

import numpy as np


__all__ = ["adopt", "owned", "init", "take", "init_take"]


def _holders(d, key):
    """Reference counts of d[key] (an NDArray), of its raw array and of that array's base."""
    g = d[key]
    base = g._data.base
    return (sys.getrefcount(g), sys.getrefcount(g._data),
            0 if base is None else sys.getrefcount(base))


def _buf_holders(n):
    base = n.grad_buf._data.base
    return sys.getrefcount(n.grad_buf._data), 0 if base is None else sys.getrefcount(base)


def _whole(x):
    """Whether x is a plain C-contiguous NumPy array owning its memory, or a view covering
    all of such an array (a reshape of a fresh result)."""
    if type(x) is not _np_ndarray or not x.flags.c_contiguous:
        return False
    base = x.base
    return base is None or (type(base) is _np_ndarray and base.base is None
                            and base.nbytes == x.nbytes and base.flags.c_contiguous)


def adopt(leaves, n):
    """Makes the freshly computed gradient leaves[n] the node's gradient buffer's memory
    instead of copying it in, when that is unobservable: the gradient's handle and raw array
    (and the array it views) are referenced by nothing but `leaves` (so it is not a head
    gradient, a forward array, another leaf's gradient or a view's base), the buffer's raw
    array by nothing but its handle (no views of .grad, no other owner), and both are whole
    C-contiguous arrays of one shape and dtype. Handles of .grad stay valid: the buffer
    handle keeps its identity and only its memory changes.

    The reference counts are compared with ones measured through the same functions at
    import (_calibrate), so the test holds on every Python version; the caller must hold no
    reference to the gradient (where the counts are not stable, adoption is off)."""
    if not ENABLED or leaves[n] is None:
        return False
    hc = _holders(leaves, n)
    if hc[0] != _SOLE[0] or hc[1] != _SOLE[1] or hc[2] not in (0, _SOLE_BASE):
        return False
    bc = _buf_holders(n)
    if bc[0] != _SOLE_BUF or bc[1] not in (0, _SOLE_BASE):
        return False
    buf = n.grad_buf
    a, b = leaves[n]._data, buf._data
    if (a.dtype != b.dtype or a.shape != b.shape or not a.flags.writeable
            or not _whole(a) or not _whole(b)):
        return False
    buf._data = a
    return True


def owned(leaves, n, recorded=False):
    """Whether the gradient leaves[n] is the caller's alone (the counts adopt uses).
    `recorded` (create_graph): the node that computed it also holds its raw array."""
    if not ENABLED:
        return False
    hc = _holders(leaves, n)
    extra = 0
    if recorded:
        node = leaves[n]._node
        extra = 1 if node is not None and node.outputs is not None else 0
    return hc[0] == _SOLE[0] and hc[1] == _SOLE[1] + extra and hc[2] in (0, _SOLE_BASE)


def _calibrate():
    """The reference counts of a sole-owned gradient, buffer and view base (None where they
    are not stable)."""
    from .autograd import _leaf
    from .ndarray.ndarray import _wrap
    seen = set()
    for _ in range(3):
        leaf = _leaf(_wrap(np.zeros(2, np.float32)), "write")
        d = {leaf: _wrap(np.ones(2, np.float32))}
        h = _holders(d, leaf)
        b = _buf_holders(leaf)
        view = {leaf: _wrap(np.ones((1, 2), np.float32).reshape(2))}
        seen.add((h[:2], b[0], _holders(view, leaf)[2], _buf_holders(
            _leaf(_wrap(np.zeros((1, 2), np.float32).reshape(2)), "write"))[1]))
    if len(seen) != 1:
        return None, None, None
    h, b, vb, bb = seen.pop()
    return (h, b, vb) if vb == bb else (None, None, None)


ENABLED = False
_SOLE = _SOLE_BUF = _SOLE_BASE = None
_np_ndarray = np.ndarray


def init():
    """Measures the reference counts (called by ndarray/register.py once NDArray exists);
    returns whether adoption is on."""
    global ENABLED, _SOLE, _SOLE_BUF, _SOLE_BASE
    _SOLE, _SOLE_BUF, _SOLE_BASE = _calibrate()
    ENABLED = _SOLE is not None
    return ENABLED


# ---------------------------------------------------------------- x[:] = temporary
TAKE_MIN = 1 << 14  # elements: below this a copy costs less than the checks
_SOLE_SET = None    # the counts take() sees for a temporary value (measured by init_take)
_probe = None


def take(x, value):
    """``x[:] = value`` by taking the memory of a temporary `value` instead of copying it
    (``param[:] = param - lr * param.grad``, D2L's sgd). Unobservable: `value` and its raw
    array are referenced by nothing but the statement's own call (a temporary), x's raw array
    only by x (no views of x, no kernel holding it), both whole C-contiguous arrays of one
    shape and dtype on one context. Returns False (the caller copies) otherwise."""
    counts = sys.getrefcount(value), sys.getrefcount(value._data)
    if _probe is not None:
        _probe.append(counts)
        return False
    if counts != _SOLE_SET or sys.getrefcount(x._data) != _SOLE_X:
        return False
    a, b = value._data, x._data
    if (type(a) is not _np_ndarray or type(b) is not _np_ndarray or a.shape != b.shape
            or a.dtype != b.dtype or not a.flags.writeable or not b.flags.writeable
            or not _whole(a) or not _whole(b) or value._ctx != x._ctx
            or (a.base is not None and _base_count(a) != _SOLE_BASE)
            or (b.base is not None and _base_count(b) != _SOLE_BASE)):
        return False
    x._data = a
    return True


_SOLE_X = None


def init_take():
    """Measures what take() sees for ``x[:] = <temporary>`` (through NDArray.__setitem__,
    exactly the user's path) and for a sole-owned x; take() stays off if it is not stable."""
    global _SOLE_SET, _SOLE_X, _probe
    from .ndarray.ndarray import _wrap
    seen = []
    for _ in range(3):
        x = _wrap(np.zeros(TAKE_MIN, np.float32))
        _probe = []
        try:
            x[:] = _wrap(np.ones(TAKE_MIN, np.float32))
        finally:
            got, _probe = _probe, None
        seen.append((tuple(got), _x_count(x)))
    if len(set(seen)) == 1 and len(seen[0][0]) == 1:
        _SOLE_SET, _SOLE_X = seen[0][0][0], seen[0][1]


def _x_count(x):
    return sys.getrefcount(x._data)


def _base_count(arr):
    base = arr.base  # (counted like _holders counts a base: a local plus the argument)
    return sys.getrefcount(base)
