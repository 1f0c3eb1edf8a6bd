"""Container and modifier cells of ``gluon.rnn``: SequentialRNNCell, HybridSequentialRNNCell,
DropoutCell, ModifierCell, ZoneoutCell, ResidualCell and BidirectionalCell, with MXNet
1.9.1's semantics."""
from contextlib import contextmanager

from ... import ndarray
from ...base import numeric_types
from ...ndarray import NDArray
from ...ndarray.rnn import rnn_concat, rnn_stack
from ..utils import _indent
from .rnn_cell import (HybridRecurrentCell, RecurrentCell, _cells_begin_state,
                       _cells_state_info, _dropout, _format_sequence, _get_begin_state,
                       _mask_sequence_variable_length, _reverse_sequences)

__all__ = ["SequentialRNNCell", "HybridSequentialRNNCell", "DropoutCell", "ModifierCell",
           "ZoneoutCell", "ResidualCell", "BidirectionalCell"]

_BASE_CALLED = ("After applying modifier cells (e.g. {}) the base cell cannot be called "
                "directly. Call the modifier cell instead.")


def _require_unmodified(cell, example):
    assert not cell._modified, _BASE_CALLED.format(example)


@contextmanager
def _unmodified(cell):
    """Lets a modifier use its wrapped cell directly for the duration of the block."""
    cell._modified = False
    try:
        yield cell
    finally:
        cell._modified = True


def _per_cell(cells, states):
    """Pairs each cell with its own consecutive slice of the flat `states` list."""
    start = 0
    for cell in cells:
        stop = start + len(cell.state_info())
        yield cell, states[start:stop]
        start = stop


class _SequentialMixin:
    """What SequentialRNNCell and HybridSequentialRNNCell share: a stack of cells whose
    states are concatenated in order."""

    def __repr__(self):
        body = "\n".join("({}): {}".format(key, _indent(repr(child), 2))
                         for key, child in self._children.items())
        return "{}(\n{}\n)".format(type(self).__name__, body)

    def __getitem__(self, i):
        return self._children[str(i)]

    def __len__(self):
        return len(self._children)

    def add(self, cell):
        """Appends a cell into the stack.

        Parameters
        ----------
        cell : RecurrentCell
            The cell to add.
        """
        self.register_child(cell)

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        _require_unmodified(self, "ZoneoutCell")
        return _cells_begin_state(self._children.values(), **kwargs)

    def __call__(self, inputs, states):
        self._counter += 1
        cells = list(self._children.values())
        assert not any(isinstance(c, BidirectionalCell) for c in cells)
        carried = []
        for cell, own in _per_cell(cells, states):
            inputs, own = cell(inputs, own)
            carried.extend(own)
        return inputs, carried

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        seq, _, _, batch = _format_sequence(length, inputs, layout, None)
        initial = _get_begin_state(self, begin_state, seq, batch)
        cells = list(self._children.values())
        final = []
        for pos, (cell, own) in enumerate(_per_cell(cells, initial)):
            is_top = pos == len(cells) - 1
            seq, own = cell.unroll(length, inputs=seq, begin_state=own, layout=layout,
                                   merge_outputs=merge_outputs if is_top else None,
                                   valid_length=valid_length)
            final.extend(own)
        return seq, final


class SequentialRNNCell(_SequentialMixin, RecurrentCell):
    """Sequentially stacking multiple RNN cells."""

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError


class HybridSequentialRNNCell(_SequentialMixin, HybridRecurrentCell):
    """Sequentially stacking multiple HybridRNN cells."""

    def hybrid_forward(self, F, inputs, states):
        return self(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Applies dropout on input.

    Parameters
    ----------
    rate : float
        Percentage of elements to drop out, which is 1 - percentage to retain.
    axes : tuple of int, default ()
        The axes on which dropout mask is shared. If empty, regular dropout is applied.

    Inputs: **data** (batch_size, size); **states** (passed through).
    Outputs: **out** (batch_size, size); **next_states** = `states`.
    """

    def __init__(self, rate, axes=(), prefix=None, params=None):
        super(DropoutCell, self).__init__(prefix, params)
        assert isinstance(rate, numeric_types), "rate must be a number"
        self._rate, self._axes = rate, axes

    def _alias(self):
        return "dropout"

    def __repr__(self):
        return "{}(rate={}, axes={})".format(type(self).__name__, self._rate, self._axes)

    def state_info(self, batch_size=0):
        return []

    def hybrid_forward(self, F, inputs, states):
        dropped = _dropout(inputs, self._rate, self._axes) if self._rate > 0 else inputs
        return dropped, states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        seq, _, F, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if not isinstance(seq, NDArray):
            # a list of steps: go one step at a time like any cell (no masking needed)
            return super(DropoutCell, self).unroll(length, seq, begin_state=begin_state,
                                                   layout=layout, merge_outputs=merge_outputs,
                                                   valid_length=None)
        # a whole array: one dropout over every step at once
        return self.hybrid_forward(F, seq, begin_state or [])


class ModifierCell(HybridRecurrentCell):
    """Base class for modifier cells. A modifier cell takes a base cell, apply modifications
    on it (e.g. Zoneout), and returns a new cell. After applying modifiers the base cell
    should no longer be called directly. The modifier cell should be used instead.
    """

    def __init__(self, base_cell):
        if base_cell._modified:
            raise AssertionError("Cell %s is already modified. One cell cannot be modified "
                                 "twice" % base_cell.name)
        base_cell._modified = True
        own_prefix = base_cell.prefix + self._alias()
        super(ModifierCell, self).__init__(prefix=own_prefix, params=None)
        self.base_cell = base_cell

    def __repr__(self):
        return "{}({})".format(type(self).__name__, self.base_cell)

    @property
    def params(self):
        return self.base_cell.params

    def state_info(self, batch_size=0):
        return self.base_cell.state_info(batch_size)

    def begin_state(self, func=ndarray.zeros, **kwargs):
        _require_unmodified(self, "DropoutCell")
        with _unmodified(self.base_cell) as base:
            return base.begin_state(func=func, **kwargs)

    def hybrid_forward(self, F, inputs, states):
        raise NotImplementedError


class ZoneoutCell(ModifierCell):
    """Applies Zoneout on base cell (in training mode; identity to the base cell otherwise)."""

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        assert not isinstance(base_cell, BidirectionalCell), \
            "BidirectionalCell doesn't support zoneout since it doesn't support step. " \
            "Please add ZoneoutCell to the cells underneath instead."
        is_bi_stack = isinstance(base_cell, SequentialRNNCell) and \
            getattr(base_cell, "_bidirectional", False)
        assert not is_bi_stack, \
            "Bidirectional SequentialRNNCell doesn't support zoneout. " \
            "Please add ZoneoutCell to the cells underneath instead."
        super(ZoneoutCell, self).__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self._prev_output = None

    def _alias(self):
        return "zoneout"

    def __repr__(self):
        return "{}(p_out={}, p_state={}, {})".format(
            type(self).__name__, self.zoneout_outputs, self.zoneout_states, self.base_cell)

    def reset(self):
        super(ZoneoutCell, self).reset()
        self._prev_output = None

    @staticmethod
    def _zone(p, fresh, stale):
        """Keeps `fresh` where a dropout mask of rate `p` survives, `stale` elsewhere."""
        if p == 0.:
            return fresh
        keep = _dropout(ndarray.ones_like(fresh), p)
        return ndarray.where(keep, fresh, stale)

    def hybrid_forward(self, F, inputs, states):
        fresh_out, fresh_states = self.base_cell(inputs, states)
        stale_out = self._prev_output
        if stale_out is None:
            stale_out = ndarray.zeros_like(fresh_out)
        out = self._zone(self.zoneout_outputs, fresh_out, stale_out)
        if self.zoneout_states != 0.:
            fresh_states = [self._zone(self.zoneout_states, new, old)
                            for new, old in zip(fresh_states, states)]
        self._prev_output = out
        return out, fresh_states


class ResidualCell(ModifierCell):
    """Adds residual connection as described in Wu et al, 2016
    (https://arxiv.org/abs/1609.08144). Output of the cell is output of the base cell plus
    input."""

    def hybrid_forward(self, F, inputs, states):
        out, new_states = self.base_cell(inputs, states)
        return out + inputs, new_states

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        with _unmodified(self.base_cell) as base:
            outs, states = base.unroll(length, inputs=inputs, begin_state=begin_state,
                                       layout=layout, merge_outputs=merge_outputs,
                                       valid_length=valid_length)
        merged = isinstance(outs, NDArray) if merge_outputs is None else merge_outputs
        skip, axis, _, _ = _format_sequence(length, inputs, layout, merged)
        if valid_length is not None:
            skip = _mask_sequence_variable_length(skip, length, valid_length, axis, merged)
        if merged:
            return outs + skip, states
        return [o + s for o, s in zip(outs, skip)], states


def _join_directions(fwd, bwd, time_axis, merged):
    """Concatenates forward and (re-reversed) backward outputs on the feature axis."""
    if not merged:
        return [rnn_concat(f, b, dim=1) for f, b in zip(fwd, bwd)]
    if not isinstance(bwd, NDArray):
        bwd = rnn_stack(*bwd, axis=time_axis)
    return rnn_concat(fwd, bwd, dim=2)


class BidirectionalCell(HybridRecurrentCell):
    """Bidirectional RNN cell.

    Parameters
    ----------
    l_cell : RecurrentCell
        Cell for forward unrolling
    r_cell : RecurrentCell
        Cell for backward unrolling
    """

    def __init__(self, l_cell, r_cell, output_prefix="bi_"):
        super(BidirectionalCell, self).__init__(prefix="", params=None)
        for key, cell in (("l_cell", l_cell), ("r_cell", r_cell)):
            self.register_child(cell, key)
        self._output_prefix = output_prefix

    def __repr__(self):
        return "{}(forward={}, backward={})".format(
            type(self).__name__, self._children["l_cell"], self._children["r_cell"])

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        _require_unmodified(self, "DropoutCell")
        return _cells_begin_state(self._children.values(), **kwargs)

    def unroll(self, length, inputs, begin_state=None, layout="NTC", merge_outputs=None,
               valid_length=None):
        self.reset()
        steps, axis, _, batch = _format_sequence(length, inputs, layout, False)
        backwards = list(_reverse_sequences(steps, length, valid_length))
        initial = _get_begin_state(self, begin_state, steps, batch)
        fwd_cell, bwd_cell = self._children.values()
        split = len(fwd_cell.state_info(batch))
        fwd_out, fwd_states = fwd_cell.unroll(length, inputs=steps,
                                              begin_state=initial[:split], layout=layout,
                                              merge_outputs=merge_outputs,
                                              valid_length=valid_length)
        bwd_rev, bwd_states = bwd_cell.unroll(length, inputs=backwards,
                                              begin_state=initial[split:], layout=layout,
                                              merge_outputs=False, valid_length=valid_length)
        bwd_out = _reverse_sequences(bwd_rev, length, valid_length)
        if merge_outputs is None:
            merge_outputs = isinstance(fwd_out, NDArray)
            fwd_out = _format_sequence(None, fwd_out, layout, merge_outputs)[0]
            bwd_out = _format_sequence(None, bwd_out, layout, merge_outputs)[0]
        outputs = _join_directions(fwd_out, bwd_out, axis, merge_outputs)
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(outputs, length, valid_length, axis,
                                                     merge_outputs)
        return outputs, fwd_states + bwd_states
