"""Online evaluation metrics (``mx.metric``) with MXNet 1.9.1's behaviour.

A metric keeps two tallies, ``sum_metric`` / ``num_inst`` (cleared by ``reset_local``) and
``global_sum_metric`` / ``global_num_inst`` (cleared only by ``reset``), fed by
``update(labels, preds)`` with lists of NDArrays; ``get()`` reports their ratio. The
classification metrics live here; regression, likelihood, correlation, loss and custom
metrics in :mod:`mxlite._metric_more`, F1 and MCC in :mod:`mxlite._metric_binary`; all are
re-exported from this module.
"""
import json
import math
import warnings
from collections import OrderedDict

import numpy

from .base import numeric_types, string_types
from . import ndarray

__all__ = ["EvalMetric", "CompositeEvalMetric", "Accuracy", "TopKAccuracy", "F1", "MCC",
           "Perplexity", "MAE", "MSE", "RMSE", "CrossEntropy", "NegativeLogLikelihood",
           "PearsonCorrelation", "PCC", "Loss", "Torch", "Caffe", "CustomMetric", "np",
           "create", "register", "alias", "check_label_shapes"]


def _listify(x):
    return [x] if isinstance(x, ndarray.NDArray) else x


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Checks that labels and preds have the same length (or the same ``.shape`` when
    `shape`); with `wrap`, a single NDArray on either side becomes a one-element list."""
    got = (labels.shape, preds.shape) if shape else (len(labels), len(preds))
    if got[0] != got[1]:
        raise ValueError("Shape of labels {} does not match shape of predictions {}"
                         .format(*got))
    if not wrap:
        return labels, preds
    return _listify(labels), _listify(preds)


def _plain(value):
    """A NumPy scalar as the Python number it holds: MXNet's values are NumPy scalars that
    print like Python numbers under NumPy 1.x (NumPy 2 prints ``np.float64(0.5)``)."""
    return value.item() if isinstance(value, numpy.generic) else value


def _pairs(name, value):
    """(name, value) -> [(name, value), ...], where either may already be a list."""
    names = name if isinstance(name, list) else [name]
    values = value if isinstance(value, list) else [value]
    return list(zip(names, values))


class EvalMetric(object):
    """Base class for all evaluation metrics.

    Parameters
    ----------
    name : str
        Name of this metric instance for display.
    output_names : list of str, or None
        Name of predictions that should be used when updating with update_dict.
    label_names : list of str, or None
        Name of labels that should be used when updating with update_dict.
    """
    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs       # the constructor options get_config() reports
        self.reset()

    def __str__(self):
        return "EvalMetric: %s" % (dict(self.get_name_value()),)

    def get_config(self):
        """Save configurations of metric. Can be recreated from configs with
        metric.create(**config)"""
        config = dict(self._kwargs)
        config['metric'] = type(self).__name__
        config['name'] = self.name
        config['output_names'] = self.output_names
        config['label_names'] = self.label_names
        return config

    def update_dict(self, label, pred):
        """Update the internal evaluation with named label and pred (dicts of NDArrays)."""
        def pick(named, wanted):
            return list(named.values()) if wanted is None else [named[k] for k in wanted]
        outputs = pick(pred, self.output_names)
        self.update(pick(label, self.label_names), outputs)

    def update(self, labels, preds):
        """Updates the internal evaluation result.

        Parameters
        ----------
        labels : list of `NDArray`
            The labels of the data.
        preds : list of `NDArray`
            Predicted values.
        """
        raise NotImplementedError()

    def _add(self, amount, count):
        """Adds one observation to the local and the global tallies alike."""
        self.sum_metric += amount
        self.global_sum_metric += amount
        self.num_inst += count
        self.global_num_inst += count

    @staticmethod
    def _mean(total, count):
        """What get() reports for a tally; nan while nothing was counted."""
        return _plain(total / count) if count else float('nan')

    def reset(self):
        """Resets the internal evaluation result to initial state."""
        self.num_inst = self.global_num_inst = 0
        self.sum_metric = self.global_sum_metric = 0.0

    def reset_local(self):
        """Resets the local portion of the internal evaluation results to initial state."""
        self.num_inst, self.sum_metric = 0, 0.0

    def get(self):
        """Gets the current evaluation result: ``(name, value)``; value is nan before any update."""
        return self.name, self._mean(self.sum_metric, self.num_inst)

    def get_global(self):
        """Gets the current global evaluation result."""
        if not self._has_global_stats:
            return self.get()
        return self.name, self._mean(self.global_sum_metric, self.global_num_inst)

    def get_name_value(self):
        """Returns zipped name and value pairs: a list of ``(name, value)`` tuples."""
        return _pairs(*self.get())

    def get_global_name_value(self):
        """Returns zipped name and value pairs for global results."""
        if not self._has_global_stats:
            return self.get_name_value()
        return _pairs(*self.get_global())


# ---------------------------------------------------------------- registry and create()
_REGISTRY = {}


def register(klass, name=None):
    """Registers a metric class under its lower-cased name (or `name`)."""
    assert issubclass(klass, EvalMetric), \
        "Can only register subclass of %s" % EvalMetric.__name__
    key = (klass.__name__ if name is None else name).lower()
    old = _REGISTRY.get(key)
    if old is not None:
        warnings.warn("\033[91mNew metric %s.%s registered with name %s is"
                      "overriding existing metric %s.%s\033[0m"
                      % (klass.__module__, klass.__name__, key, old.__module__, old.__name__),
                      UserWarning, stacklevel=2)
    _REGISTRY[key] = klass
    return klass


def alias(*aliases):
    """Registers a metric class under extra names."""
    def add_names(klass):
        for other in aliases:
            register(klass, other)
        return klass
    return add_names


def _builtin(*aliases):
    """Class decorator of the metrics shipped here: own name plus `aliases`."""
    def add_all(klass):
        return register(alias(*aliases)(klass))
    return add_all


def _build(spec, args, kwargs):
    """One metric from an instance, a config dict, a JSON text or a registered name."""
    if isinstance(spec, EvalMetric):
        assert not args and not kwargs, \
            "metric is already an instance. Additional arguments are invalid"
        return spec
    if isinstance(spec, dict):          # a get_config() result; extra arguments are ignored
        options = dict(spec)
        return _build(options.pop("metric"), (), options)
    assert isinstance(spec, string_types), "metric must be of string type"
    if spec[:1] in ('[', '{'):          # '["name", {options}]' or '{"metric": ..., ...}'
        assert not args and not kwargs
        decoded = json.loads(spec)
        if spec[0] == '{':
            return _build(decoded, (), {})
        return _build(decoded[0], (), decoded[1])
    key = spec.lower()
    assert key in _REGISTRY, \
        "%s is not registered. Please register with metric.register first" % key
    return _REGISTRY[key](*args, **kwargs)


def create(metric, *args, **kwargs):
    """Creates evaluation metric from metric names, instances of EvalMetric, a list of them,
    or a custom metric function ``feval(label, pred)``.

    >>> metric1 = mx.metric.create('acc')
    >>> metric3 = mx.metric.create([metric1, 'mse'])
    """
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        return CompositeEvalMetric([create(m, *args, **kwargs) for m in metric])
    return _build(metric, args, kwargs)


# ---------------------------------------------------------------- composite
class CompositeEvalMetric(EvalMetric):
    """Manages multiple evaluation metrics.

    Parameters
    ----------
    metrics : list of EvalMetric
        List of child metrics.
    """
    def __init__(self, metrics=None, name='composite', output_names=None, label_names=None):
        EvalMetric.__init__(self, name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)
        self.metrics = [create(m) for m in (metrics or [])]

    def add(self, metric):
        """Adds a child metric."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """Returns a child metric (MXNet returns, not raises, the ValueError when out of range)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError("Metric index {} is out of range 0 and {}"
                              .format(index, len(self.metrics)))

    def _broadcast(self, method, *args):
        # EvalMetric.__init__ calls reset() before the child list exists: nothing to do then
        for child in getattr(self, 'metrics', ()):
            getattr(child, method)(*args)

    def update_dict(self, labels, preds):
        def only(named, wanted):
            if wanted is None:
                return named
            return OrderedDict((k, v) for k, v in named.items() if k in wanted)
        self._broadcast('update_dict', only(labels, self.label_names),
                        only(preds, self.output_names))

    def update(self, labels, preds):
        self._broadcast('update', labels, preds)

    def reset(self):
        self._broadcast('reset')

    def reset_local(self):
        self._broadcast('reset_local')

    def _flatten(self, results):
        names, values = [], []
        for name, value in results:
            names += [name] if isinstance(name, string_types) else name
            values += [value] if isinstance(value, numeric_types) else value
        return names, values

    def get(self):
        return self._flatten(m.get() for m in self.metrics)

    def get_global(self):
        return self._flatten(m.get_global() for m in self.metrics)

    def get_config(self):
        config = EvalMetric.get_config(self)
        config['metrics'] = [m.get_config() for m in self.metrics]
        return config


# ---------------------------------------------------------------- classification
class Accuracy(EvalMetric):
    """Computes accuracy classification score: predictions are argmax'ed along `axis` when
    their shape differs from the label's.

    Parameters
    ----------
    axis : int, default=1
        The axis that represents classes
    """
    def __init__(self, axis=1, name='accuracy', output_names=None, label_names=None):
        EvalMetric.__init__(self, name, axis=axis, output_names=output_names,
                            label_names=label_names, has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            if pred.shape != label.shape:
                pred = ndarray.argmax(pred, axis=self.axis)
            guess = pred.asnumpy().astype('int32').ravel()
            truth = label.asnumpy().astype('int32').ravel()
            check_label_shapes(truth, guess)
            self._add((guess == truth).sum(), guess.size)


class TopKAccuracy(EvalMetric):
    """Computes top k predictions accuracy.

    Parameters
    ----------
    top_k : int
        Whether targets are in top k predictions.
    """
    def __init__(self, top_k=1, name='top_k_accuracy', output_names=None, label_names=None):
        EvalMetric.__init__(self, name, top_k=top_k, output_names=output_names,
                            label_names=label_names, has_global_stats=True)
        self.top_k = top_k
        assert self.top_k > 1, 'Please use Accuracy if top_k is no more than 1'
        self.name = '%s_%d' % (self.name, self.top_k)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            assert len(pred.shape) <= 2, 'Predictions should be no more than 2 dims'
            ranked = numpy.argpartition(pred.asnumpy().astype('float32'), -self.top_k)
            truth = label.asnumpy().astype('int32')
            check_label_shapes(truth, ranked)
            rows = ranked.shape[0]
            if ranked.ndim == 1:
                # as MXNet: 1-d predictions only reach the local sum
                self.sum_metric += (ranked.ravel() == truth.ravel()).sum()
            else:
                width = ranked.shape[1]
                best = ranked[:, width - min(width, self.top_k):]
                hits = (best == truth.reshape(-1, 1)).sum()
                self.sum_metric += hits
                self.global_sum_metric += hits
            self.num_inst += rows
            self.global_num_inst += rows


class Perplexity(EvalMetric):
    """Computes perplexity: ``exp(-sum(log p(label)) / n)``, skipping `ignore_label`.

    Parameters
    ----------
    ignore_label : int or None
        Index of invalid label to ignore when counting. By default, sets to -1.
    axis : int (default -1)
        The axis from prediction that was used to compute softmax.
    """
    def __init__(self, ignore_label, axis=-1, name='perplexity',
                 output_names=None, label_names=None):
        EvalMetric.__init__(self, name, ignore_label=ignore_label, output_names=output_names,
                            label_names=label_names, has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    @staticmethod
    def _mean(total, count):
        return math.exp(total / count) if count else float('nan')

    def _label_probs(self, label, pred):
        """The predicted probability of each label, flat, in the label's order."""
        probs = numpy.moveaxis(pred.asnumpy(), self.axis, -1)
        probs = probs.reshape(-1, probs.shape[-1])
        classes = numpy.clip(label.asnumpy().ravel().astype('int32'), 0, probs.shape[1] - 1)
        return probs[numpy.arange(len(classes)), classes]

    def update(self, labels, preds):
        assert len(labels) == len(preds)
        nll, count = 0., 0
        for label, pred in zip(labels, preds):
            assert label.size == pred.size / pred.shape[-1], \
                "shape mismatch: %s vs. %s" % (label.shape, pred.shape)
            prob = self._label_probs(label, pred)
            if self.ignore_label is not None:
                skip = label.asnumpy().ravel() == self.ignore_label
                count -= skip.astype(prob.dtype).sum()
                prob = numpy.where(skip, prob.dtype.type(1), prob)
            floor = prob.dtype.type(1e-10)
            nll -= numpy.log(numpy.maximum(floor, prob)).sum(dtype=prob.dtype).item()
            count += prob.size
        self._add(nll, count)


from ._metric_more import (MAE, MSE, RMSE, CrossEntropy, NegativeLogLikelihood,  # noqa: E402
                           PearsonCorrelation, PCC, Loss, Torch, Caffe, CustomMetric, np)
from ._metric_binary import F1, MCC  # noqa: E402,F401

_builtin('composite')(CompositeEvalMetric)
_builtin('acc')(Accuracy)
_builtin('top_k_accuracy', 'top_k_acc')(TopKAccuracy)
_builtin()(Perplexity)
