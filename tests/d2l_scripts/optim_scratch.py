"""d2l 1st edition, ch. 7 (optimization algorithms): the book's from-scratch updates, checked
step by step against the Gluon Trainer of the same name, and the book's training loops.

Run as a script it prints only verdicts; tests/test_d2l_basics.py also imports it."""
import contextlib
import io

import numpy as np

import d2lzh as d2l
import mxnet as mx
from mxnet import autograd, gluon, nd
from mxnet.gluon import loss as gloss, nn


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        v[:] = hyperparams['momentum'] * v + hyperparams['lr'] * p.grad
        p[:] -= v


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        s[:] += p.grad.square()
        p[:] -= hyperparams['lr'] * p.grad / (s + eps).sqrt()


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        s[:] = gamma * s + (1 - gamma) * p.grad.square()
        p[:] -= hyperparams['lr'] * p.grad / (s + eps).sqrt()


def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        s[:] = rho * s + (1 - rho) * p.grad.square()
        g = ((delta + eps).sqrt() / (s + eps).sqrt()) * p.grad
        p[:] -= g
        delta[:] = rho * delta + (1 - rho) * g * g


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        v[:] = beta1 * v + (1 - beta1) * p.grad
        s[:] = beta2 * s + (1 - beta2) * p.grad.square()
        v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
        s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
        p[:] -= hyperparams['lr'] * v_bias_corr / (s_bias_corr.sqrt() + eps)
    hyperparams['t'] += 1


def init_states(num_inputs=5, pairs=False):
    """Zero optimizer states for (w, b); pairs: two per parameter (AdaDelta, Adam)."""
    def one():
        return nd.zeros((num_inputs, 1)), nd.zeros(1)

    if not pairs:
        return one()
    (a, b), (c, d) = one(), one()
    return ((a, c), (b, d))


CASES = [
    (sgd_momentum, False, {'lr': 0.02, 'momentum': 0.5},
     'sgd', {'learning_rate': 0.02, 'momentum': 0.5}),
    (adagrad, False, {'lr': 0.1}, 'adagrad', {'learning_rate': 0.1}),
    (rmsprop, False, {'lr': 0.01, 'gamma': 0.9},
     'rmsprop', {'learning_rate': 0.01, 'gamma1': 0.9}),
    (adadelta, True, {'rho': 0.9}, 'adadelta', {'rho': 0.9}),
    (adam, True, {'lr': 0.01, 't': 1}, 'adam', {'learning_rate': 0.01}),
]


def compare_with_gluon(num_steps=4):
    """Yields (trainer name, step, max relative difference between the from-scratch and
    the Gluon parameters) after each step on the same batch (the book's eps values differ
    from MXNet's by < 1e-5, hence not bit-equal)."""
    features, labels = d2l.get_data_ch7()
    X, y = features[:10], labels[:10]
    for trainer_fn, pairs, hyperparams, name, gluon_hp in CASES:
        mx.random.seed(11)
        states, hyperparams = init_states(pairs=pairs), dict(hyperparams)
        w = nd.random.normal(scale=0.5, shape=(5, 1))
        b = nd.zeros(1)
        net = nn.Dense(1, in_units=5)
        net.initialize()
        net.weight.set_data(w.T)
        trainer = gluon.Trainer(net.collect_params(), name, gluon_hp)
        w.attach_grad()
        b.attach_grad()
        for step in range(num_steps):
            with autograd.record():
                l = d2l.squared_loss(d2l.linreg(X, w, b), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            with autograd.record():
                l = gloss.L2Loss()(net(X), y)
            l.backward()
            trainer.step(10)
            ours = np.concatenate([net.weight.data().asnumpy().ravel(),
                                   net.bias.data().asnumpy()])
            book = np.concatenate([w.asnumpy().ravel(), b.asnumpy()])
            yield name, step, float(np.max(np.abs(ours - book) / (np.abs(book) + 0.1)))


def train_all():
    """The book's loops (train_ch7 / train_gluon_ch7): yields (name, first loss, last)."""
    features, labels = d2l.get_data_ch7()
    mx.random.seed(12)
    with contextlib.redirect_stdout(io.StringIO()):
        ls = d2l.train_ch7(sgd_momentum, init_states(), {'lr': 0.02, 'momentum': 0.5},
                           features, labels)
    yield 'sgd_momentum from scratch', ls[0], ls[-1]
    for name, hp in (('sgd', {'learning_rate': 0.05}), ('adagrad', {'learning_rate': 0.1}),
                     ('rmsprop', {'learning_rate': 0.01, 'gamma1': 0.9}),
                     ('adadelta', {'rho': 0.9999}), ('adam', {'learning_rate': 0.01})):
        with contextlib.redirect_stdout(io.StringIO()):
            ls = d2l.train_gluon_ch7(name, hp, features, labels)
        yield name, ls[0], ls[-1]


if __name__ == '__main__':
    worst = {}
    for name, step, diff in compare_with_gluon():
        worst[name] = max(worst.get(name, 0), diff)
    for name, diff in worst.items():
        print(name, 'matches the book within 2e-4:', diff < 2e-4)
    for name, first, last in train_all():
        print(name, 'loss decreased by 20%:', last < first * 0.8)
