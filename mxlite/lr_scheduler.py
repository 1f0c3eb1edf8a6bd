"""Scheduling learning rate (``mx.lr_scheduler``), as MXNet 1.9.1.

A scheduler is called with ``num_update``, the largest number of updates applied to any
weight so far (the optimizer's ``num_update``), and returns the learning rate.  Every
scheduler first runs an optional warmup phase, then its own decay rule.
"""
import logging
import math

__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
           "CosineScheduler"]

_WARMUP_MODES = ('linear', 'constant')


def _need_positive_max_update(max_update):
    assert isinstance(max_update, int)
    if max_update < 1:
        raise ValueError("maximum number of updates must be strictly positive")


def _need_shrinking_factor(factor):
    if factor > 1.0:
        raise ValueError("Factor must be no more than 1 to make lr reduce")


class LRScheduler(object):
    """Base class of a learning rate scheduler.

    Parameters
    ----------
    base_lr : float, optional
        The initial learning rate.
    warmup_steps: int
        number of warmup steps used before this scheduler starts decay
    warmup_begin_lr: float
        if using warmup, the learning rate from which it starts warming up
    warmup_mode: string
        'linear' mode gradually increases lr with each step in equal increments;
        'constant' mode keeps lr at warmup_begin_lr for warmup_steps
    """
    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        assert isinstance(warmup_steps, int)
        # the warmup target is frozen here: a later change of base_lr (the optimizer
        # overriding it with its learning_rate) does not move it, as in MXNet
        self.base_lr = self.warmup_final_lr = base_lr
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_steps = warmup_steps
        if warmup_begin_lr > base_lr:
            raise ValueError("Base lr has to be higher than warmup_begin_lr")
        if warmup_steps < 0:
            raise ValueError("Warmup steps has to be positive or 0")
        if warmup_mode not in _WARMUP_MODES:
            raise ValueError("Supports only linear and constant modes of warmup")
        self.warmup_mode = warmup_mode

    def get_warmup_lr(self, num_update):
        """The learning rate during warmup (num_update < warmup_steps)."""
        assert num_update < self.warmup_steps
        mode = self.warmup_mode
        if mode == 'constant':
            return self.warmup_begin_lr
        if mode != 'linear':
            raise ValueError("Invalid warmup mode %s" % mode)
        span = self.warmup_final_lr - self.warmup_begin_lr
        return self.warmup_begin_lr + span * float(num_update) / float(self.warmup_steps)

    def _in_warmup(self, num_update):
        return num_update < self.warmup_steps

    def __call__(self, num_update):
        """Returns the learning rate for `num_update` (the maximal number of updates applied
        to a weight)."""
        raise NotImplementedError("must override this")


class FactorScheduler(LRScheduler):
    """Reduce the learning rate by a factor for every *n* steps::

        base_lr * pow(factor, floor(num_update/step))

    Parameters
    ----------
    step : int
        Changes the learning rate for every n updates.
    factor : float, optional
        The factor to change the learning rate.
    stop_factor_lr : float, optional
        Stop updating the learning rate if it is less than this value.
    """
    def __init__(self, step, factor=1, stop_factor_lr=1e-8, base_lr=0.01,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        LRScheduler.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        if step < 1:
            raise ValueError("Schedule step must be greater or equal than 1 round")
        _need_shrinking_factor(factor)
        self.step, self.factor = step, factor
        self.stop_factor_lr = stop_factor_lr
        self.count = 0      # num_update at which the last decay happened

    def _decay_once(self, num_update):
        self.count += self.step
        lowered = self.base_lr * self.factor
        if lowered < self.stop_factor_lr:
            self.base_lr = self.stop_factor_lr
            logging.info("Update[%d]: now learning rate arrived at %0.5e, will not "
                         "change in the future", num_update, self.base_lr)
        else:
            self.base_lr = lowered
            logging.info("Update[%d]: Change learning rate to %0.5e", num_update, lowered)

    def __call__(self, num_update):
        if self._in_warmup(num_update):
            return self.get_warmup_lr(num_update)
        # several decays at once when training resumes at a later num_update
        while self.count + self.step < num_update:
            self._decay_once(num_update)
        return self.base_lr


class MultiFactorScheduler(LRScheduler):
    """Reduce the learning rate at the given steps: for ``step[k] <= num_update < step[k+1]``
    the rate is ``base_lr * pow(factor, k+1)``.

    Parameters
    ----------
    step: list of int
        The list of steps to schedule a change
    factor: float
        The factor to change the learning rate.
    """
    def __init__(self, step, factor=1, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        LRScheduler.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(step, list) and len(step) >= 1
        previous = None
        for boundary in step:
            if previous is not None and boundary <= previous:
                raise ValueError("Schedule step must be an increasing integer list")
            if boundary < 1:
                raise ValueError("Schedule step must be greater or equal than 1 round")
            previous = boundary
        _need_shrinking_factor(factor)
        self.step, self.factor = step, factor
        self.cur_step_ind = 0   # index of the next boundary to pass
        self.count = 0          # the last boundary passed

    def __call__(self, num_update):
        if self._in_warmup(num_update):
            return self.get_warmup_lr(num_update)
        boundaries = self.step
        while self.cur_step_ind < len(boundaries) and num_update > boundaries[self.cur_step_ind]:
            self.count = boundaries[self.cur_step_ind]
            self.cur_step_ind += 1
            self.base_lr *= self.factor
            logging.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class PolyScheduler(LRScheduler):
    """Reduce the learning rate according to a polynomial of given power::

       final_lr + (start_lr - final_lr) * (1-nup/max_nup)^pwr   if nup < max_nup

    Parameters
    ----------
    max_update: int
        maximum number of updates before the decay reaches final learning rate.
    base_lr: float
        base learning rate to start from
    pwr:   int
        power of the decay term as a function of the current number of updates.
    final_lr:   float
        final learning rate after all steps
    """
    def __init__(self, max_update, base_lr=0.01, pwr=2, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        LRScheduler.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        _need_positive_max_update(max_update)
        self.max_update, self.final_lr, self.power = max_update, final_lr, pwr
        self.base_lr_orig = self.base_lr
        self.max_steps = max_update - self.warmup_steps

    def __call__(self, num_update):
        if self._in_warmup(num_update):
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            progress = float(num_update - self.warmup_steps) / float(self.max_steps)
            remaining = pow(1 - progress, self.power)
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) * remaining
        return self.base_lr


class CosineScheduler(LRScheduler):
    """Reduce the learning rate according to a cosine function::

       final_lr + (start_lr - final_lr) * (1+cos(pi * nup/max_nup))/2   if nup < max_nup

    Parameters
    ----------
    max_update: int
        maximum number of updates before the decay reaches final_lr
    base_lr: float
        base learning rate
    final_lr: float
        final learning rate after all steps
    """
    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        LRScheduler.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        _need_positive_max_update(max_update)
        self.max_update, self.final_lr = max_update, final_lr
        self.base_lr_orig = base_lr
        self.max_steps = max_update - self.warmup_steps

    def __call__(self, num_update):
        if self._in_warmup(num_update):
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            angle = math.pi * (num_update - self.warmup_steps) / self.max_steps
            spread = self.base_lr_orig - self.final_lr
            self.base_lr = self.final_lr + spread * (1 + math.cos(angle)) / 2
        return self.base_lr
