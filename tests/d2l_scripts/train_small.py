"""Trains the book's models a few steps with ``import d2lzh as d2l`` (this folder's stand-in
for the book's package), as the book's notebooks do. Prints only True/False verdicts."""
import contextlib
import io
import random

import numpy as np

import d2lzh as d2l
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import loss as gloss, nn, rnn

mx.random.seed(1)
random.seed(1)
np.random.seed(1)  # MXNet's DataLoader shuffles with numpy's generator

# 3.7 concise softmax regression
batch_size = 16
train_iter, test_iter = d2l.load_data_tiny_images(batch_size)
net = nn.Sequential()
net.add(nn.Dense(4))
net.initialize(init.Normal(sigma=0.01))
loss = gloss.SoftmaxCrossEntropyLoss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
log = io.StringIO()  # the per-epoch lines hold random numbers: keep them out of stdout
with contextlib.redirect_stdout(log):
    hist = d2l.train_ch3(net, train_iter, test_iter, loss, 3, batch_size, None, None, trainer)
print('softmax: loss decreased', hist[-1][0] < hist[0][0], 'beats chance', hist[-1][2] > 0.5)

# 5.5 LeNet (ReLU: see test_d2l_cnn.py) with d2l.train_ch5
net = nn.Sequential()
net.add(nn.Conv2D(channels=6, kernel_size=5, activation='relu'),
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Conv2D(channels=16, kernel_size=3, activation='relu'),
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Dense(32, activation='relu'),
        nn.Dense(16, activation='relu'),
        nn.Dense(4))
ctx = d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
# Adam: plain SGD on 16 steps per epoch fails for some seeds (so does real MXNet)
trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.01})
train_iter, test_iter = d2l.bar_images(16)
with contextlib.redirect_stdout(log):
    hist = d2l.train_ch5(net, train_iter, test_iter, 16, trainer, ctx, 5)
print('lenet: loss decreased', hist[-1][0] < hist[0][0], 'beats chance', hist[-1][2] > 0.5)

# 6.5 concise RNN language model
(corpus_indices, char_to_idx, idx_to_char, vocab_size) = d2l.load_data_tiny_lyrics()
model = d2l.RNNModel(rnn.GRU(32), vocab_size)
with contextlib.redirect_stdout(log):
    ppl = d2l.train_and_predict_rnn_gluon(model, 32, vocab_size, ctx, corpus_indices,
                                          idx_to_char, char_to_idx, 8, 8, 1e2, 1e-2, 4, 4, 10,
                                          ['the'])
print('gru: perplexity halved', ppl[-1] < ppl[0] / 2)
print('prediction', len(d2l.predict_rnn_gluon('the', 10, model, vocab_size, ctx, idx_to_char,
                                              char_to_idx)))
print(nd.ones((1,)).context, ctx)
print(log.getvalue().count('epoch'), 'epoch lines logged')
