"""Regression, likelihood, correlation, loss and custom metrics of ``mx.metric`` (MXNet 1.9.1).
Re-exported by :mod:`mxlite.metric`; a separate file only to keep files short."""
import functools

import numpy

from . import ndarray
from .metric import EvalMetric, _builtin, _plain, check_label_shapes

__all__ = ["MAE", "MSE", "RMSE", "CrossEntropy", "NegativeLogLikelihood", "PearsonCorrelation",
           "PCC", "Loss", "Torch", "Caffe", "CustomMetric", "np"]


def _columns(x):
    """NDArray -> numpy, a vector becoming one column (so (n,) and (n, 1) line up)."""
    a = x.asnumpy()
    return a.reshape(-1, 1) if a.ndim == 1 else a


class _BatchError(EvalMetric):
    """One error value per (label, pred) pair, ``_reduce(label - pred)``, averaged over the
    pairs seen."""
    def __init__(self, name, output_names, label_names):
        EvalMetric.__init__(self, name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            residual = _columns(label) - _columns(pred)
            # a Python float, as MXNet's (numpy 1.x promoted the float32 means to float64)
            self._add(float(self._reduce(residual)), 1)


@_builtin()
class MAE(_BatchError):
    """Computes Mean Absolute Error (MAE) loss: ``mean(abs(label - pred))`` per batch."""
    def __init__(self, name='mae', output_names=None, label_names=None):
        _BatchError.__init__(self, name, output_names, label_names)

    @staticmethod
    def _reduce(residual):
        return numpy.abs(residual).mean()


@_builtin()
class MSE(_BatchError):
    """Computes Mean Squared Error (MSE) loss: ``mean((label - pred)**2)`` per batch."""
    def __init__(self, name='mse', output_names=None, label_names=None):
        _BatchError.__init__(self, name, output_names, label_names)

    @staticmethod
    def _reduce(residual):
        return (residual ** 2.0).mean()


@_builtin()
class RMSE(_BatchError):
    """Computes Root Mean Squred Error (RMSE) loss per batch, averaged over batches."""
    def __init__(self, name='rmse', output_names=None, label_names=None):
        _BatchError.__init__(self, name, output_names, label_names)

    @staticmethod
    def _reduce(residual):
        return numpy.sqrt(MSE._reduce(residual))


class _LabelLogLoss(EvalMetric):
    """``-log(pred[i, label[i]] + eps)`` summed over the samples, averaged per sample."""
    def __init__(self, eps, name, output_names, label_names):
        EvalMetric.__init__(self, name, eps=eps, output_names=output_names,
                            label_names=label_names, has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            classes = label.asnumpy().ravel().astype(numpy.int64)
            probs = pred.asnumpy()
            rows = probs.shape[0]
            assert classes.shape[0] == rows, (classes.shape[0], rows)
            picked = probs[numpy.arange(rows, dtype=numpy.int64), classes]
            self._add(float(-numpy.log(picked + self.eps).sum()), rows)


@_builtin('ce')
class CrossEntropy(_LabelLogLoss):
    """Computes Cross Entropy loss: ``-sum(log(pred[label] + eps)) / n``.

    Parameters
    ----------
    eps : float
        Cross Entropy loss is undefined for predicted value is 0 or 1,
        so predicted values are added with the small constant.
    """
    def __init__(self, eps=1e-12, name='cross-entropy', output_names=None, label_names=None):
        _LabelLogLoss.__init__(self, eps, name, output_names, label_names)


@_builtin('nll_loss')
class NegativeLogLikelihood(_LabelLogLoss):
    """Computes the negative log-likelihood loss: ``-sum(log(pred[label] + eps)) / n``."""
    def __init__(self, eps=1e-12, name='nll-loss', output_names=None, label_names=None):
        _LabelLogLoss.__init__(self, eps, name, output_names, label_names)


@_builtin('pearsonr')
class PearsonCorrelation(EvalMetric):
    """Computes Pearson correlation.

    Parameters
    ----------
    average : str, default 'macro'
        'macro': average the coefficient of each batch; 'micro': one coefficient over all
        the data seen (streaming means, squared deviations and co-deviation).
    """
    def __init__(self, name='pearsonr', output_names=None, label_names=None, average='macro'):
        self.average = average       # reset(), run by the base constructor, reads it
        EvalMetric.__init__(self, name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def reset_micro(self):
        """Clears the streaming statistics of the 'micro' average."""
        self._label_nums = self._mean_l = self._sse_l = 0
        self._pred_nums = self._mean_p = self._sse_p = 0
        self._conv = 0

    def reset(self):
        EvalMetric.reset(self)
        if self.average == 'micro':
            self.reset_micro()

    def update_variance(self, new_values, *aggregate):
        """Welford's online update of (count, mean, sum of squared deviations) by a batch."""
        seen, mean, ssd = aggregate
        seen += len(new_values)
        shift = new_values - mean
        mean += numpy.sum(shift / seen)
        ssd += numpy.sum(shift * (new_values - mean))
        return seen, mean, ssd

    def update_cov(self, label, pred):
        """Adds the batch's co-deviation (label mean already updated, pred mean not yet)."""
        self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))

    def _stream(self, label, pred):
        self._label_nums, self._mean_l, self._sse_l = self.update_variance(
            label, self._label_nums, self._mean_l, self._sse_l)
        self.update_cov(label, pred)
        self._pred_nums, self._mean_p, self._sse_p = self.update_variance(
            pred, self._pred_nums, self._mean_p, self._sse_p)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            y = label.asnumpy().ravel().astype(numpy.float64)
            x = pred.asnumpy().ravel().astype(numpy.float64)
            if self.average == 'macro':
                self._add(numpy.corrcoef(x, y)[0, 1], 1)
            else:
                # the global sum is never fed here: get_global() then reads 0, as MXNet's
                self.num_inst += 1
                self.global_num_inst += 1
                self._stream(y, x)

    def get(self):
        if self.average == 'macro' or self.num_inst == 0:
            return EvalMetric.get(self)
        dof = self._label_nums - 1
        corr = self._conv / (dof * numpy.sqrt(self._sse_p / dof) * numpy.sqrt(self._sse_l / dof))
        return self.name, _plain(corr)


def _multiclass_mcc(cm):
    """Gorodkin's R_K statistic of confusion matrix `cm` (nan when a margin is constant)."""
    total = cm.sum()
    by_pred, by_label = cm.sum(axis=1), cm.sum(axis=0)
    spread_pred = numpy.sum(by_pred * (total - by_pred))
    spread_label = numpy.sum(by_label * (total - by_label))
    if spread_pred == 0 or spread_label == 0:
        return float('nan')
    agree = numpy.sum(cm.diagonal() * total - by_pred * by_label)
    return agree / (spread_pred * spread_label) ** 0.5


@_builtin()
class PCC(EvalMetric):
    """PCC is a multiclass equivalent for the Matthews correlation coefficient, computed from
    a confusion matrix (``lcm`` local, ``gcm`` global) that grows with the classes seen."""
    def __init__(self, name='pcc', output_names=None, label_names=None, has_global_stats=True):
        self.k = 2
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=has_global_stats)

    def _empty(self):
        return numpy.zeros((self.k, self.k))

    def _resize(self, k):
        grow = ((0, k - self.k), (0, k - self.k))
        self.lcm = numpy.pad(self.lcm, grow, 'constant')
        self.gcm = numpy.pad(self.gcm, grow, 'constant')
        self.k = k

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            truth = label.astype('int32', copy=False).asnumpy()
            guess = pred.asnumpy()
            if guess.shape == truth.shape:
                guess = guess.astype('int32', copy=False)
            else:
                guess = guess.argmax(axis=1)
            largest = max(guess.max(), truth.max())
            if largest >= self.k:
                self._resize(largest + 1)
            counts = self._empty()
            numpy.add.at(counts, (guess, truth), 1)
            self.lcm += counts
            self.gcm += counts
        # one instance per update() call, whatever the number of arrays
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        return _multiclass_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        return _multiclass_mcc(self.gcm) * self.global_num_inst

    def reset_local(self):
        self.num_inst, self.lcm = 0., self._empty()

    def reset(self):
        self.reset_local()
        self.global_num_inst, self.gcm = 0., self._empty()


@_builtin()
class Loss(EvalMetric):
    """Dummy metric for directly printing loss: the mean of the given loss values."""
    def __init__(self, name='loss', output_names=None, label_names=None):
        EvalMetric.__init__(self, name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, _, preds):
        for values in ([preds] if isinstance(preds, ndarray.NDArray) else preds):
            self._add(float(ndarray.sum(values).asscalar()), values.size)


@_builtin()
class Torch(Loss):
    """Dummy metric for torch criterions."""
    def __init__(self, name='torch', output_names=None, label_names=None):
        Loss.__init__(self, name, output_names=output_names, label_names=label_names)


@_builtin()
class Caffe(Loss):
    """Dummy metric for caffe criterions."""
    def __init__(self, name='caffe', output_names=None, label_names=None):
        Loss.__init__(self, name, output_names=output_names, label_names=label_names)


@_builtin()
class CustomMetric(EvalMetric):
    """Computes a customized evaluation metric ``feval(label, pred)`` on NumPy arrays; it
    returns a value or a ``(sum_metric, num_inst)`` tuple.

    Parameters
    ----------
    feval : callable(label, pred)
        Customized evaluation function.
    name : str, optional
        The name of the metric. (the default is None).
    allow_extra_outputs : bool, optional
        If true, the prediction outputs can have extra outputs.
    """
    def __init__(self, feval, name=None, allow_extra_outputs=False,
                 output_names=None, label_names=None):
        if name is None:
            name = feval.__name__
            if '<' in name:             # a lambda or other anonymous callable
                name = 'custom(%s)' % name
        EvalMetric.__init__(self, name, feval=feval, allow_extra_outputs=allow_extra_outputs,
                            output_names=output_names, label_names=label_names,
                            has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds):
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            result = self._feval(label.asnumpy(), pred.asnumpy())
            total, count = result if isinstance(result, tuple) else (result, 1)
            self._add(total, count)

    def get_config(self):
        raise NotImplementedError("CustomMetric cannot be serialized")


def np(numpy_feval, name=None, allow_extra_outputs=False):
    """Creates a custom evaluation metric that receives its inputs as numpy arrays.

    Parameters
    ----------
    numpy_feval : callable(label, pred)
        Custom evaluation function that receives labels and predictions for a minibatch
        as numpy arrays and returns the corresponding custom metric as a floating point number.
    name : str, optional
        Name of the custom metric.
    allow_extra_outputs : bool, optional
        Whether prediction output is allowed to have extra outputs.
    """
    @functools.wraps(numpy_feval, assigned=('__name__',), updated=())
    def feval(label, pred):
        return numpy_feval(label, pred)
    return CustomMetric(feval, name, allow_extra_outputs)
