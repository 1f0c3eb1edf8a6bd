"""d2l 1st edition, ch. 4.5 (reading and writing) across implementations: files written by
real MXNet 1.9.1 load in mxlite and give the same outputs.

    /work/shared/tools/mxnet-ref tests/d2l_scripts/params_io.py   # writes expected/mxnet_*
tests/test_d2l_basics.py loads them with ``load_and_compare``."""
import os

import numpy as np

import mxnet as mx
from mxnet import init, nd
from mxnet.gluon import nn, rnn

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'expected')


class MLP(nn.Block):
    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.hidden = nn.Dense(6, activation='relu', in_units=4)
        self.bn = nn.BatchNorm(in_channels=6)
        self.rnn = rnn.LSTM(3, input_size=6)
        self.output = nn.Dense(2, in_units=3)

    def forward(self, x):
        h = self.bn(self.hidden(x))
        return self.output(self.rnn(h.expand_dims(0))[0])


X = nd.array(np.linspace(-1, 1, 8).reshape((2, 4)))


def save(prefix):
    """Writes PREFIX.params (save_parameters), PREFIX.nd (nd.save of a dict), PREFIX_list.nd
    and PREFIX_out.npy (the network's output on X)."""
    mx.random.seed(0)
    net = MLP()
    net.initialize(init.Normal(0.5))
    net.bn.running_mean.set_data(nd.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]))
    net.save_parameters(prefix + '.params')
    nd.save(prefix + '.nd', {'a': nd.arange(5), 'b': nd.array([[1, 2]], dtype='int32'),
                             'c': nd.ones((2,), dtype='float64')})
    nd.save(prefix + '_list.nd', [nd.arange(3), nd.zeros((1, 1))])
    np.save(prefix + '_out.npy', net(X).asnumpy())


def load_and_compare(prefix):
    """Loads the files save(prefix) wrote; returns (max |output difference|, dict, list)."""
    net = MLP()
    net.load_parameters(prefix + '.params')
    diff = np.abs(net(X).asnumpy() - np.load(prefix + '_out.npy')).max()
    return diff, nd.load(prefix + '.nd'), nd.load(prefix + '_list.nd')


if __name__ == '__main__':
    save(os.path.join(HERE, 'mxnet_mlp'))
