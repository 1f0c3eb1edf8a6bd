"""Binary classification metrics of ``mx.metric``: F1 and MCC (MXNet 1.9.1), both built on a
2x2 confusion count kept per batch ("macro") or over all batches ("micro").
Re-exported by :mod:`mxlite.metric`."""
import math

import numpy

from .metric import EvalMetric, _builtin, check_label_shapes

__all__ = ["F1", "MCC"]

# the four cells of the confusion count, in the order _cells() returns them
_CELLS = ("true_positives", "false_positives", "false_negatives", "true_negatives")


def _share(part, other):
    return float(part) / (part + other) if part + other > 0 else 0.


class _BinaryClassificationMetrics(object):
    """Private container class for classification metric statistics: each cell of `_CELLS`
    as a local attribute and as a ``global_`` one."""
    def __init__(self):
        self.reset_stats()

    def local_reset_stats(self):
        for cell in _CELLS:
            setattr(self, cell, 0)

    def reset_stats(self):
        self.local_reset_stats()
        for cell in _CELLS:
            setattr(self, "global_" + cell, 0)

    def update_binary_stats(self, label, pred):
        """Updates the confusion counts from one (label, pred) pair of NDArrays."""
        scores = pred.asnumpy()
        truth = label.asnumpy().astype('int32')
        guess = numpy.argmax(scores, axis=1)
        check_label_shapes(truth, scores)
        if len(numpy.unique(truth)) > 2:
            raise ValueError("%s currently only supports binary classification."
                             % type(self).__name__)
        said_yes, is_yes = guess == 1, truth == 1
        batch = (said_yes & is_yes, said_yes & ~is_yes, ~said_yes & is_yes, ~said_yes & ~is_yes)
        for cell, hits in zip(_CELLS, batch):
            count = hits.sum()
            setattr(self, cell, getattr(self, cell) + count)
            setattr(self, "global_" + cell, getattr(self, "global_" + cell) + count)

    def _cells(self, use_global):
        prefix = "global_" if use_global else ""
        return [getattr(self, prefix + cell) for cell in _CELLS]

    def _precision(self, use_global):
        tp, fp, _, _ = self._cells(use_global)
        return _share(tp, fp)

    def _recall(self, use_global):
        tp, _, fn, _ = self._cells(use_global)
        return _share(tp, fn)

    def _fscore(self, use_global):
        p, r = self._precision(use_global), self._recall(use_global)
        return 2 * p * r / (p + r) if p + r > 0 else 0.

    def _total(self, use_global):
        return sum(self._cells(use_global))

    precision = property(lambda self: self._precision(False))
    global_precision = property(lambda self: self._precision(True))
    recall = property(lambda self: self._recall(False))
    global_recall = property(lambda self: self._recall(True))
    fscore = property(lambda self: self._fscore(False))
    global_fscore = property(lambda self: self._fscore(True))
    total_examples = property(lambda self: self._total(False))
    global_total_examples = property(lambda self: self._total(True))

    def matthewscc(self, use_global=False):
        """Calculate the Matthew's Correlation Coefficent."""
        if not self._total(use_global):
            return 0.
        tp, fp, fn, tn = (float(c) for c in self._cells(use_global))
        # an empty margin is left out of the denominator rather than dividing by zero
        denom = 1.
        for margin in (tp + fp, tp + fn, tn + fp, tn + fn):
            if margin != 0.:
                denom *= margin
        return (tp * tn - fp * fn) / math.sqrt(denom)


class _ConfusionMetric(EvalMetric):
    """F1 / MCC bookkeeping. Subclasses name the attributes holding the average mode and the
    statistics (MXNet's names differ between the two) and give the score."""
    _mode_attr = _stats_attr = None
    _zero = 0

    def _score(self, stats, use_global):
        raise NotImplementedError

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        stats = getattr(self, self._stats_attr)
        for label, pred in zip(labels, preds):
            stats.update_binary_stats(label, pred)
        local, overall = self._score(stats, False), self._score(stats, True)
        if getattr(self, self._mode_attr) == "macro":
            # one score per update() call; the counts start afresh for the next one
            self.sum_metric += local
            self.global_sum_metric += overall
            self.num_inst += 1
            self.global_num_inst += 1
            stats.reset_stats()
        else:
            self.num_inst = stats.total_examples
            self.global_num_inst = stats.global_total_examples
            self.sum_metric = local * self.num_inst
            self.global_sum_metric = overall * self.global_num_inst

    def reset_local(self):
        self.sum_metric, self.num_inst = 0., self._zero
        getattr(self, self._stats_attr).local_reset_stats()

    def reset(self):
        self.global_sum_metric, self.global_num_inst = 0., self._zero
        self.sum_metric, self.num_inst = 0., self._zero
        getattr(self, self._stats_attr).reset_stats()


@_builtin()
class F1(_ConfusionMetric):
    """Computes the F1 score of a binary classification problem.

    Parameters
    ----------
    average : str, default 'macro'
        "macro": average the F1 scores for each batch; "micro": one F1 score over all batches.
    """
    _mode_attr, _stats_attr = "average", "metrics"

    def __init__(self, name='f1', output_names=None, label_names=None, average="macro"):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=True)

    def _score(self, stats, use_global):
        return stats.global_fscore if use_global else stats.fscore


@_builtin()
class MCC(_ConfusionMetric):
    """Computes the Matthews Correlation Coefficient of a binary classification problem.

    Parameters
    ----------
    average : str, default 'macro'
        "macro": average the MCC for each batch; "micro": one MCC over all batches.
    """
    _mode_attr, _stats_attr = "_average", "_metrics"
    _zero = 0.      # MXNet's MCC counts in floats

    def __init__(self, name='mcc', output_names=None, label_names=None, average="macro"):
        self._average = average
        self._metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=True)

    def _score(self, stats, use_global):
        return stats.matthewscc(use_global=use_global)
