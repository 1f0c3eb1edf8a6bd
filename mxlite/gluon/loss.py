"""Losses for training neural networks (``gluon.loss``), as MXNet 1.9.1.

Every loss is a HybridBlock computing ``hybrid_forward(F, pred, label, ...)`` and returns the
loss per sample: the mean (or sum, for KLDivLoss/TripletLoss) over every axis except
`batch_axis`. `weight` scales the loss globally; `sample_weight` is broadcast-multiplied.
"""
from ..base import numeric_types
from .block import HybridBlock

__all__ = ['Loss', 'L2Loss', 'L1Loss',
           'SigmoidBinaryCrossEntropyLoss', 'SigmoidBCELoss',
           'SoftmaxCrossEntropyLoss', 'SoftmaxCELoss',
           'KLDivLoss', 'CTCLoss', 'HuberLoss', 'HingeLoss',
           'SquaredHingeLoss', 'LogisticLoss', 'TripletLoss', 'PoissonNLLLoss',
           'CosineEmbeddingLoss', 'SDMLLoss']

_LOG_EPS = 1e-12    # keeps log() finite at probability 0


def _apply_weighting(F, loss, weight=None, sample_weight=None):
    """Scale `loss` by `sample_weight` (an array broadcastable to it, e.g. (64, 1) for a
    (64, 10) loss) and then by the global number `weight`; None skips either."""
    out = loss if sample_weight is None else F.broadcast_mul(loss, sample_weight)
    if weight is None:
        return out
    assert isinstance(weight, numeric_types), "weight must be a number"
    return out * weight


def _reshape_like(F, x, y):
    """`x` given the shape of `y` (same number of elements)."""
    return x.reshape(y.shape)


def _softplus_of_neg_abs(F, x):
    """log(1 + exp(-|x|)), finite for any x."""
    return F.Activation(-F.abs(x), act_type='softrelu')


def _logistic_from_logits(F, logits, target):
    """Binary cross-entropy of sigmoid(logits) against target in {0, 1}, written as
    max(x, 0) - x * z + log(1 + exp(-|x|)) so that it never overflows."""
    return F.relu(logits) - logits * target + _softplus_of_neg_abs(F, logits)


def _hinge(F, margin, pred, label):
    """max(0, margin - pred * label), label reshaped like pred."""
    return F.relu(margin - pred * _reshape_like(F, label, pred))


class Loss(HybridBlock):
    """Base class for loss.

    Parameters
    ----------
    weight : float or None
        Global scalar weight for loss.
    batch_axis : int, default 0
        The axis that represents mini-batch.
    """
    def __init__(self, weight, batch_axis, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        return '%s(batch_axis=%s, w=%s)' % (type(self).__name__, self._batch_axis, self._weight)

    def _per_sample(self, F, loss, sample_weight, weight=None, reduce='mean'):
        # weighting first, then reduce every axis but the batch axis
        scaled = _apply_weighting(F, loss, self._weight if weight is None else weight,
                                  sample_weight)
        return getattr(F, reduce)(scaled, axis=self._batch_axis, exclude=True)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Overrides to construct the loss."""
        raise NotImplementedError


class L2Loss(Loss):
    r"""Calculates the mean squared error between `label` and `pred`.

    .. math:: L = \frac{1}{2} \sum_i \vert {label}_i - {pred}_i \vert^2.

    `label` and `pred` can have arbitrary shape as long as they have the same number of
    elements.

    Parameters
    ----------
    weight : float or None
        Global scalar weight for loss.
    batch_axis : int, default 0
        The axis that represents mini-batch.

    Inputs:
        - **pred**: prediction tensor with arbitrary shape
        - **label**: target tensor with the same size as pred.
        - **sample_weight**: element-wise weighting tensor broadcastable to pred.

    Outputs:
        - **loss**: loss tensor with shape (batch_size,).
    """
    def __init__(self, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        err = _reshape_like(F, label, pred) - pred
        return self._per_sample(F, F.square(err), sample_weight, weight=self._weight / 2)


class L1Loss(Loss):
    r"""Calculates the mean absolute error between `label` and `pred`.

    .. math:: L = \sum_i \vert {label}_i - {pred}_i \vert.

    Inputs and outputs as :class:`L2Loss`.
    """
    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        err = _reshape_like(F, label, pred) - pred
        return self._per_sample(F, F.abs(err), sample_weight)


class SigmoidBinaryCrossEntropyLoss(Loss):
    r"""The cross-entropy loss for binary classification (alias: ``SigmoidBCELoss``).

    If `from_sigmoid` is False (default), this loss computes:

    .. math::
        prob = \frac{1}{1 + \exp(-{pred})}
        L = - \sum_i {label}_i * \log({prob}_i) * pos\_weight + (1 - {label}_i) * \log(1 - {prob}_i)

    If `from_sigmoid` is True, `pred` is used as `prob` directly.

    Parameters
    ----------
    from_sigmoid : bool, default is `False`
        Whether the input is from the output of sigmoid.
    weight : float or None
        Global scalar weight for loss.
    batch_axis : int, default 0
        The axis that represents mini-batch.

    Inputs:
        - **pred**, **label**, **sample_weight**: as :class:`L2Loss`.
        - **pos_weight**: a weighting tensor of positive examples, broadcastable to label.
    """
    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_sigmoid = from_sigmoid

    @staticmethod
    def _bce_of_probs(F, prob, label, pos_weight):
        positive = F.log(prob + _LOG_EPS) * label
        if pos_weight is not None:
            positive = F.broadcast_mul(positive, pos_weight)
        return -(positive + F.log(1. - prob + _LOG_EPS) * (1. - label))

    @staticmethod
    def _bce_of_logits(F, logits, label, pos_weight):
        if pos_weight is None:
            return _logistic_from_logits(F, logits, label)
        # the log(1 + exp(-x)) = log(1 + exp(-|x|)) + max(-x, 0) term scaled per positive
        scale = 1 + F.broadcast_mul(pos_weight - 1, label)
        return logits - logits * label + \
            scale * (_softplus_of_neg_abs(F, logits) + F.relu(-logits))

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        label = _reshape_like(F, label, pred)
        compute = self._bce_of_probs if self._from_sigmoid else self._bce_of_logits
        return self._per_sample(F, compute(F, pred, label, pos_weight), sample_weight)


SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss


class SoftmaxCrossEntropyLoss(Loss):
    r"""Computes the softmax cross entropy loss (alias: ``SoftmaxCELoss``).

    If `sparse_label` is `True` (default), label should contain integer category indicators:

    .. math::
        p = \softmax({pred}),\quad L = -\sum_i \log p_{i,{label}_i}

    If `sparse_label` is `False`, label should contain probability distribution and its
    shape should be the same as pred:

    .. math::
        L = -\sum_i \sum_j {label}_j \log p_{ij}

    Parameters
    ----------
    axis : int, default -1
        The axis to sum over when computing softmax and entropy.
    sparse_label : bool, default True
        Whether label is an integer array instead of probability distribution.
    from_logits : bool, default False
        Whether input is a log probability (usually from log_softmax) instead of unnormalized
        numbers.
    weight : float or None
        Global scalar weight for loss.
    batch_axis : int, default 0
        The axis that represents mini-batch.
    """
    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None,
                 batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis, self._sparse_label, self._from_logits = axis, sparse_label, from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        axis = self._axis
        logp = pred if self._from_logits else F.log_softmax(pred, axis)
        if self._sparse_label:
            picked = F.pick(logp, label, axis=axis, keepdims=True)
        else:
            picked = F.sum(logp * _reshape_like(F, label, logp), axis=axis, keepdims=True)
        return self._per_sample(F, -picked, sample_weight)


SoftmaxCELoss = SoftmaxCrossEntropyLoss


class KLDivLoss(Loss):
    r"""The Kullback-Leibler divergence loss.

    .. math::
        L = \sum_i {label}_i * \big[\log({label}_i) - {pred}_i\big]

    (the sum over non-batch axes, not the mean).

    Parameters
    ----------
    from_logits : bool, default is `True`
        Whether the input is log probability (usually from log_softmax) instead of
        unnormalized numbers.
    axis : int, default -1
        The dimension along with to compute softmax. Only used when `from_logits` is False.
    weight : float or None
        Global scalar weight for loss.
    batch_axis : int, default 0
        The axis that represents mini-batch.
    """
    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits, self._axis = from_logits, axis

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        logq = pred if self._from_logits else F.log_softmax(pred, self._axis)
        pointwise = label * (F.log(label + _LOG_EPS) - logq)
        return self._per_sample(F, pointwise, sample_weight, reduce='sum')


class CTCLoss(Loss):
    r"""Connectionist Temporal Classification Loss (the blank label is the last class).

    Parameters
    ----------
    layout : str, default 'NTC'
        Layout of prediction tensor. 'N', 'T', 'C' stands for batch size, sequence length,
        and alphabet_size respectively.
    label_layout : str, default 'NT'
        Layout of the labels. 'N', 'T' stands for batch size, and sequence length
        respectively.
    weight : float or None
        Global scalar weight for loss.

    Inputs:
        - **pred**: unnormalized prediction tensor (before softmax).
        - **label**: zero-based label tensor, padded with -1.
        - **pred_lengths**: optional (batch_size,) valid lengths of pred.
        - **label_lengths**: optional (batch_size,) valid lengths of label.

    Outputs:
        - **loss**: output loss has shape (batch_size,).
    """
    def __init__(self, layout='NTC', label_layout='NT', weight=None, **kwargs):
        assert layout in ('NTC', 'TNC'), \
            "Only 'NTC' and 'TNC' layouts for pred are supported. Got: %s" % layout
        assert label_layout in ('NT', 'TN'), \
            "Only 'NT' and 'TN' layouts for label are supported. Got: %s" % label_layout
        super().__init__(weight, label_layout.index('N'), **kwargs)
        self._layout, self._label_layout = layout, label_layout

    def hybrid_forward(self, F, pred, label, pred_lengths=None, label_lengths=None,
                       sample_weight=None):
        # the operator wants time-major pred and batch-major label
        time_major = pred if self._layout == 'TNC' else F.swapaxes(pred, 0, 1)
        batch_major = F.swapaxes(label, 0, 1) if self._batch_axis == 1 else label
        lengths = [n for n in (pred_lengths, label_lengths) if n is not None]
        loss = F.CTCLoss(time_major, batch_major, *lengths,
                         use_data_lengths=pred_lengths is not None,
                         use_label_lengths=label_lengths is not None, blank_label='last')
        return _apply_weighting(F, loss, self._weight, sample_weight)


class HuberLoss(Loss):
    r"""Smoothed L1 loss: L2 loss (scaled by 1/(2 rho)) where the absolute error is below
    `rho`, L1 loss minus rho/2 elsewhere.

    .. math::
        L = \sum_i \begin{cases} \frac{1}{2 {rho}} ({label}_i - {pred}_i)^2 &
                           \text{ if } |{label}_i - {pred}_i| < {rho} \\
                           |{label}_i - {pred}_i| - \frac{{rho}}{2} &
                           \text{ otherwise }
            \end{cases}

    Parameters
    ----------
    rho : float, default 1
        Threshold for trimmed mean estimator.
    """
    def __init__(self, rho=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._rho = rho

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        rho = self._rho
        dist = F.abs(_reshape_like(F, label, pred) - pred)
        smooth = F.where(dist > rho, dist - 0.5 * rho, (0.5 / rho) * F.square(dist))
        return self._per_sample(F, smooth, sample_weight)


class HingeLoss(Loss):
    r"""Calculates the hinge loss function often used in SVMs:

    .. math:: L = \sum_i max(0, {margin} - {pred}_i \cdot {label}_i)

    where `label` holds -1 or 1.

    Parameters
    ----------
    margin : float
        The margin in hinge loss. Defaults to 1.0
    """
    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        return self._per_sample(F, _hinge(F, self._margin, pred, label), sample_weight)


class SquaredHingeLoss(Loss):
    r"""Calculates the soft-margin loss function used in SVMs:

    .. math:: L = \sum_i max(0, {margin} - {pred}_i \cdot {label}_i)^2

    Parameters
    ----------
    margin : float
        The margin in hinge loss. Defaults to 1.0
    """
    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        gap = _hinge(F, self._margin, pred, label)
        return self._per_sample(F, F.square(gap), sample_weight)


class LogisticLoss(Loss):
    r"""Calculates the logistic loss (for binary losses only):

    .. math:: L = \sum_i \log(1 + \exp(- {pred}_i \cdot {label}_i))

    Parameters
    ----------
    label_format : str, default 'signed'
        Can be either 'signed' or 'binary'. If the label_format is 'signed', all label values
        should be either -1 or 1. If the label_format is 'binary', all label values should be
        either 0 or 1.
    """
    def __init__(self, weight=None, batch_axis=0, label_format='signed', **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        if label_format not in ('signed', 'binary'):
            raise ValueError("label_format can only be signed or binary, recieved %s."
                             % label_format)
        self._label_format = label_format

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        target = _reshape_like(F, label, pred)
        if self._label_format == 'signed':
            target = (target + 1.0) / 2.0     # {-1, 1} -> {0, 1}
        return self._per_sample(F, _logistic_from_logits(F, pred, target), sample_weight)


from ._loss_more import (TripletLoss, PoissonNLLLoss, CosineEmbeddingLoss,  # noqa: E402
                         SDMLLoss)
