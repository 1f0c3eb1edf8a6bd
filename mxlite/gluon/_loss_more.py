"""Triplet, Poisson, cosine-embedding and SDML losses of ``gluon.loss`` (MXNet 1.9.1).
Re-exported by :mod:`mxlite.gluon.loss`."""
import math

from .loss import Loss, KLDivLoss, _apply_weighting, _reshape_like

__all__ = ['TripletLoss', 'PoissonNLLLoss', 'CosineEmbeddingLoss', 'SDMLLoss']


class TripletLoss(Loss):
    r"""Calculates triplet loss given three input tensors and a positive margin:

    .. math::
        L = \sum_i \max(\Vert {pos_i}_i - {pred} \Vert_2^2 -
                        \Vert {neg_i}_i - {pred} \Vert_2^2 + {margin}, 0)

    Inputs:
        - **pred**: prediction tensor with arbitrary shape
        - **positive**: positive example tensor with arbitrary shape. Must have the same
          size as pred.
        - **negative**: negative example tensor with arbitrary shape. Must have the same
          size as pred.
    """
    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, positive, negative):
        def sq_dist(other):
            return F.square(_reshape_like(F, other, pred) - pred)
        gap = F.sum(sq_dist(positive) - sq_dist(negative), axis=self._batch_axis, exclude=True)
        return _apply_weighting(F, F.relu(gap + self._margin), self._weight)


class PoissonNLLLoss(Loss):
    r"""For a target (Random Variable) in a Poisson distribution, the function calculates
    the Negative Log likelihood loss.

    .. math::
        L = \text{pred} - \text{target} * \log(\text{pred}) +\log(\text{target!})

    ⚠ As in MXNet, the result is the mean over *all* elements, a shape (1,) array, not a
    per-sample loss.

    Parameters
    ----------
    from_logits : boolean, default True
        indicating whether log(predicted) value has already been computed.
    compute_full: boolean, default False
        Indicates whether to add an approximation(Stirling factor) for the Factorial term.
    """
    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False,
                 **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits, self._compute_full = from_logits, compute_full

    @staticmethod
    def _stirling(F, k):
        # log(k!) ~ k log k - k + log(2 pi k) / 2, only counted where k > 1. MXNet multiplies
        # by (k > 1), which gives nan for a target of 0 (0 * log 0), and its in-place update
        # fails under autograd.record(); mxlite gives 0 there and a gradient.
        big = k > 1
        safe = F.where(big, k, F.ones_like(k))
        approx = safe * F.log(safe) - safe + 0.5 * F.log(2 * safe * math.pi)
        return F.where(big, approx, F.zeros_like(k))

    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):
        target = _reshape_like(F, target, pred)
        if self._from_logits:
            nll = F.exp(pred) - target * pred
        else:
            nll = pred - target * F.log(pred + epsilon)
        if self._compute_full:
            nll = nll + self._stirling(F, target)
        return F.mean(_apply_weighting(F, nll, self._weight, sample_weight))


class CosineEmbeddingLoss(Loss):
    r"""For a target label 1 or -1, vectors input1 and input2, the function computes the
    cosine distance between the vectors:

    .. math::
        L = \sum_i \begin{cases}
            1 - {cos\_sim({input1}_i, {input2}_i)} & \text{ if } {label}_i = 1\\
                         {cos\_sim({input1}_i, {input2}_i)} & \text{ if } {label}_i = -1 \end{cases}

    Outputs a (batch_size, 1) loss.

    Parameters
    ----------
    margin : float
        Margin of separation between correct and incorrect pair.
    """
    def __init__(self, weight=None, batch_axis=0, margin=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):
        sim = self._cosine_similarity(F, _reshape_like(F, input1, input2), input2)
        label = label.reshape((-1, 1))
        zero = F.array([0], ctx=sim.context, dtype=sim.dtype)
        similar_part = (1 - sim) * (label == 1)
        dissimilar_part = F.broadcast_maximum(zero, (label == -1) * (sim - self._margin),
                                              axis=1)
        return _apply_weighting(F, similar_part + dissimilar_part, self._weight, sample_weight)

    def _cosine_similarity(self, F, x, y, axis=-1):
        """Row-wise cosine similarity as a (batch, 1) column; the norm product is floored
        at 1e-12 so zero vectors give 0, not NaN."""
        def column(v):
            return v.reshape((-1, 1))
        floor = F.array([1e-12], ctx=x.context, dtype=x.dtype)
        norms = column(F.norm(x, axis=axis)) * column(F.norm(y, axis=axis))
        return column(F.sum(x * y, axis=axis)) / F.broadcast_maximum(norms, floor)


class SDMLLoss(Loss):
    r"""Calculates Batchwise Smoothed Deep Metric Learning (SDML) Loss given two input
    tensors and a smoothing weight. x1[i] and x2[i] are a positive pair; every other pair
    in the batch is a negative pair (a KL divergence against smoothed one-hot labels).

    Parameters
    ----------
    smoothing_parameter : float
        Probability mass to be distributed over the minibatch. Must be < 1.0.
    """
    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter  # mass spread over the negatives

    def _compute_distances(self, x1, x2):
        """(n, n) squared euclidean distances between the rows of x1 and of x2."""
        assert x1.shape == x2.shape
        n, d = x1.shape
        rows = x1.expand_dims(1).broadcast_to([n, n, d])
        cols = x2.expand_dims(0).broadcast_to([n, n, d])
        return ((rows - cols) ** 2).sum(axis=2)

    def _compute_labels(self, F, batch_size, dtype='float32'):
        """Smoothed identity: 1 - s on the diagonal, s / (n - 1) elsewhere."""
        s = self.smoothing_parameter
        diag = F.eye(batch_size, dtype=dtype)
        return diag * (1 - s) + (1 - diag) * s / (batch_size - 1)

    def hybrid_forward(self, F, x1, x2):
        dist = self._compute_distances(x1, x2)
        # MXNet builds the labels in float32 (float64 inputs then fail); mxlite in x1's dtype
        targets = self._compute_labels(F, x1.shape[0], x1.dtype).as_in_context(dist.context)
        return self.kl_loss(F.log_softmax(-dist, axis=1), targets)
