"""Dive into Deep Learning (1st edition) chapters 6 and 10 (RNNs, seq2seq) written as the book
does, on a tiny corpus: mxlite must run it unchanged and the models must learn.

Shapes, parameter names and reprs are compared against real MXNet 1.9.1 via
tests/d2l_scripts/rnn_shapes.py."""
import math
import random

import numpy as np

import mxlite as mx
from mxlite import autograd, gluon, init, nd
from mxlite.gluon import data as gdata, loss as gloss, nn, rnn

from d2l_common import SCRIPTS, run_d2l_script  # noqa: E402,F401  (installs the mxnet alias)
import d2lzh as d2l  # noqa: E402
from d2lzh import (RNNModel, data_iter_consecutive, data_iter_random,  # noqa: E402
                   grad_clipping, load_data_tiny_lyrics, predict_rnn_gluon, to_onehot,
                   train_and_predict_rnn_gluon)


def test_script_rnn_shapes_match_mxnet():
    run_d2l_script("rnn_shapes.py")


def test_data_iterators_and_one_hot():
    my_seq = list(range(30))
    random.seed(0)
    seen = []
    for X, Y in data_iter_random(my_seq, batch_size=2, num_steps=6):
        assert X.shape == (2, 6) and (Y - X == 1).min().asscalar() == 1
        seen += X[:, 0].asnumpy().tolist()
    assert sorted(seen) == [0, 6, 12, 18]
    batches = list(data_iter_consecutive(my_seq, batch_size=2, num_steps=6))
    assert len(batches) == 2
    assert batches[0][0].asnumpy().tolist() == [[0, 1, 2, 3, 4, 5], [15, 16, 17, 18, 19, 20]]
    assert batches[1][1].asnumpy().tolist() == [[7, 8, 9, 10, 11, 12],
                                                [22, 23, 24, 25, 26, 27]]
    X = nd.arange(10).reshape((2, 5))
    inputs = to_onehot(X, 12)
    assert len(inputs) == 5 and inputs[0].shape == (2, 12)
    assert inputs[1].asnumpy().argmax(1).tolist() == [1, 6]
    assert nd.one_hot(nd.array([0, 2]), 3).asnumpy().tolist() == [[1, 0, 0], [0, 0, 1]]


def test_grad_clipping_manual_norm_and_clip_global_norm():
    a, b = nd.array([[3.0, 0]]), nd.array([4.0])
    for p in (a, b):
        p.attach_grad()
    with autograd.record():
        l = (a * nd.array([[3.0, 0]])).sum() + (b * 1.0).sum() * 4
    l.backward()
    grad_clipping([a, b], 1.0, mx.cpu())  # global norm 5 -> scaled by 1/5
    np.testing.assert_allclose(a.grad.asnumpy(), [[0.6, 0]], rtol=1e-6)
    np.testing.assert_allclose(b.grad.asnumpy(), [0.8], rtol=1e-6)
    grad_clipping([a, b], 10.0, mx.cpu())  # below theta: untouched
    np.testing.assert_allclose(b.grad.asnumpy(), [0.8], rtol=1e-6)
    grads = [nd.array([[3.0, 0]]), nd.array([4.0])]
    total = gluon.utils.clip_global_norm(grads, 1.0)
    assert abs(total - 5.0) < 1e-6
    np.testing.assert_allclose(grads[0].asnumpy(), [[0.6, 0]], rtol=1e-5)
    grads = [nd.array([1.0, 2.0])]
    assert abs(gluon.utils.clip_global_norm(grads, 10.0) - math.sqrt(5)) < 1e-6
    assert grads[0].asnumpy().tolist() == [1.0, 2.0]


# ---------------------------------------------------------------- 6.4 RNN from scratch
def test_rnn_from_scratch_reduces_perplexity_and_matches_rnn_layer():
    mx.random.seed(0)
    random.seed(0)
    (corpus_indices, char_to_idx, idx_to_char, vocab_size) = load_data_tiny_lyrics()
    ctx = mx.cpu()
    num_inputs, num_hiddens, num_outputs = vocab_size, 32, vocab_size

    def get_params():
        def _one(shape):
            return nd.random.normal(scale=0.01, shape=shape, ctx=ctx)

        # hidden layer parameters
        W_xh = _one((num_inputs, num_hiddens))
        W_hh = _one((num_hiddens, num_hiddens))
        b_h = nd.zeros(num_hiddens, ctx=ctx)
        # output layer parameters
        W_hq = _one((num_hiddens, num_outputs))
        b_q = nd.zeros(num_outputs, ctx=ctx)
        # attach gradients
        params = [W_xh, W_hh, b_h, W_hq, b_q]
        for param in params:
            param.attach_grad()
        return params

    def init_rnn_state(batch_size, num_hiddens, ctx):
        return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx), )

    def rnn_fn(inputs, state, params):
        # inputs and outputs are lists of num_steps matrices (batch_size, vocab_size)
        W_xh, W_hh, b_h, W_hq, b_q = params
        H, = state
        outputs = []
        for X in inputs:
            H = nd.tanh(nd.dot(X, W_xh) + nd.dot(H, W_hh) + b_h)
            Y = nd.dot(H, W_hq) + b_q
            outputs.append(Y)
        return outputs, (H,)

    state = init_rnn_state(2, num_hiddens, ctx)
    inputs = to_onehot(nd.arange(10).reshape((2, 5)), vocab_size)
    params = get_params()
    outputs, state_new = rnn_fn(inputs, state, params)
    assert len(outputs) == 5 and outputs[0].shape == (2, vocab_size)
    assert state_new[0].shape == (2, num_hiddens)

    # the same step as gluon's rnn.RNN layer with the transposed weights
    layer = rnn.RNN(num_hiddens, input_size=vocab_size, activation='tanh')  # default relu
    layer.initialize()
    W_xh, W_hh, b_h = params[:3]
    layer.l0_i2h_weight.set_data(W_xh.T)
    layer.l0_h2h_weight.set_data(W_hh.T)
    layer.l0_i2h_bias.set_data(b_h)
    layer.l0_h2h_bias.set_data(nd.zeros(num_hiddens))
    Xs = nd.stack(*inputs)
    out, (h,) = layer(Xs, layer.begin_state(batch_size=2))
    np.testing.assert_allclose(h[0].asnumpy(), state_new[0].asnumpy(), rtol=1e-5, atol=1e-6)

    num_epochs, num_steps, batch_size, lr, clipping_theta = 12, 8, 4, 1e2, 1e-2
    pred_period, pred_len, prefixes = 4, 10, ['the', 'fox']
    for is_random_iter in (True, False):
        ppl = d2l.train_and_predict_rnn(rnn_fn, get_params, init_rnn_state, num_hiddens,
                                    vocab_size, ctx, corpus_indices, idx_to_char,
                                    char_to_idx, is_random_iter, num_epochs, num_steps, lr,
                                    clipping_theta, batch_size, pred_period, pred_len,
                                    prefixes)
        assert ppl[0] > vocab_size * 0.6 and ppl[-1] < ppl[0] / 3, ppl


# ---------------------------------------------------------------- 6.5 / 6.8 / 6.9 gluon RNNs
def test_gluon_rnn_lstm_gru_language_models_reduce_perplexity():
    mx.random.seed(1)
    (corpus_indices, char_to_idx, idx_to_char, vocab_size) = load_data_tiny_lyrics()
    ctx = mx.cpu()
    num_hiddens, num_steps, batch_size = 32, 8, 4
    for layer_cls, lr in ((rnn.RNN, 1e2), (rnn.LSTM, 1e2), (rnn.GRU, 1e2)):
        model = RNNModel(layer_cls(num_hiddens), vocab_size)
        ppl = train_and_predict_rnn_gluon(model, num_hiddens, vocab_size, ctx,
                                          corpus_indices, idx_to_char, char_to_idx,
                                          10, num_steps, lr, 1e-2, batch_size, 5, 10,
                                          ['the'])
        assert ppl[0] > vocab_size * 0.6 and ppl[-1] < ppl[0] / 2, (layer_cls, ppl)
        # p.data().grad is the Parameter's gradient (grad_clipping relies on it)
        p = model.dense.weight
        assert p.data().grad is not None and p.data().grad.shape == p.grad().shape
        assert (p.data().grad == p.grad()).min().asscalar() == 1
        text = predict_rnn_gluon('the', 10, model, vocab_size, ctx, idx_to_char,
                                 char_to_idx)
        assert len(text) == 13 and text.startswith('the')


def test_lstm_and_gru_layers_match_the_books_equations():
    mx.random.seed(2)
    T, N, I, H = 3, 2, 5, 4
    X = nd.random.normal(shape=(T, N, I))

    def np_sigmoid(v):
        return 1 / (1 + np.exp(-v))

    lstm = rnn.LSTM(H, input_size=I)
    lstm.initialize(init.Normal(0.5))
    (out, (h, c)) = lstm(X, lstm.begin_state(batch_size=N))
    Wx = lstm.l0_i2h_weight.data().asnumpy()  # (4H, I), gates in order i, f, c~, o
    Wh = lstm.l0_h2h_weight.data().asnumpy()
    b = lstm.l0_i2h_bias.data().asnumpy() + lstm.l0_h2h_bias.data().asnumpy()
    Hn, Cn, outs = np.zeros((N, H)), np.zeros((N, H)), []
    for x in X.asnumpy():
        z = x @ Wx.T + Hn @ Wh.T + b
        I_, F, C_tilda, O = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
        I_, F, O, C_tilda = np_sigmoid(I_), np_sigmoid(F), np_sigmoid(O), np.tanh(C_tilda)
        Cn = F * Cn + I_ * C_tilda
        Hn = O * np.tanh(Cn)
        outs.append(Hn)
    np.testing.assert_allclose(out.asnumpy(), np.stack(outs), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(c[0].asnumpy(), Cn, rtol=1e-4, atol=1e-5)

    gru = rnn.GRU(H, input_size=I)
    gru.initialize(init.Normal(0.5))
    out, (h,) = gru(X, gru.begin_state(batch_size=N))
    Wx = gru.l0_i2h_weight.data().asnumpy()  # (3H, I), gates r, z, n
    Wh = gru.l0_h2h_weight.data().asnumpy()
    bx, bh = gru.l0_i2h_bias.data().asnumpy(), gru.l0_h2h_bias.data().asnumpy()
    Hn = np.zeros((N, H))
    for x in X.asnumpy():
        gx, gh = x @ Wx.T + bx, Hn @ Wh.T + bh
        R = np_sigmoid(gx[:, :H] + gh[:, :H])
        Z = np_sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
        H_tilda = np.tanh(gx[:, 2 * H:] + R * gh[:, 2 * H:])
        Hn = Z * Hn + (1 - Z) * H_tilda
    np.testing.assert_allclose(h[0].asnumpy(), Hn, rtol=1e-4, atol=1e-5)

    # gradient of the GRU output w.r.t. its input weight vs finite differences
    gru.cast('float64')
    X64 = X.astype('float64')
    with autograd.record():
        l = (gru(X64) ** 2).sum()
    l.backward()
    W = gru.l0_i2h_weight.data().asnumpy().copy()
    g = gru.l0_i2h_weight.grad().asnumpy()
    for idx in ((0, 0), (5, 3), (11, 4)):
        vals = []
        for d in (1e-6, -1e-6):
            W2 = W.copy()
            W2[idx] += d
            gru.l0_i2h_weight.set_data(nd.array(W2, dtype='float64'))
            vals.append((gru(X64) ** 2).sum().asscalar())
        fd = (vals[0] - vals[1]) / 2e-6
        assert abs(fd - g[idx]) < 1e-5 * max(1, abs(fd)), (idx, fd, g[idx])


def test_lstm_gru_from_scratch_train_and_match_gluon_layer():
    """6.7 / 6.8: the book's GRU and LSTM from scratch learn the corpus, and the scratch LSTM
    equals rnn.LSTM given the same weights (MXNet's gate order i, f, c, o)."""
    mx.random.seed(4)
    random.seed(4)
    (corpus_indices, char_to_idx, idx_to_char, vocab_size) = load_data_tiny_lyrics()
    num_inputs, num_hiddens, num_outputs = vocab_size, 32, vocab_size
    ctx = d2l.try_gpu()

    def _one(shape):
        return nd.random.normal(scale=0.01, shape=shape, ctx=ctx)

    def _three():
        return (_one((num_inputs, num_hiddens)),
                _one((num_hiddens, num_hiddens)),
                nd.zeros(num_hiddens, ctx=ctx))

    def get_gru_params():
        W_xz, W_hz, b_z = _three()  # update gate parameters
        W_xr, W_hr, b_r = _three()  # reset gate parameters
        W_xh, W_hh, b_h = _three()  # candidate hidden state parameters
        # output layer parameters
        W_hq = _one((num_hiddens, num_outputs))
        b_q = nd.zeros(num_outputs, ctx=ctx)
        params = [W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]
        for param in params:
            param.attach_grad()
        return params

    def init_gru_state(batch_size, num_hiddens, ctx):
        return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx), )

    def gru(inputs, state, params):
        W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
        H, = state
        outputs = []
        for X in inputs:
            Z = nd.sigmoid(nd.dot(X, W_xz) + nd.dot(H, W_hz) + b_z)
            R = nd.sigmoid(nd.dot(X, W_xr) + nd.dot(H, W_hr) + b_r)
            H_tilda = nd.tanh(nd.dot(X, W_xh) + nd.dot(R * H, W_hh) + b_h)
            H = Z * H + (1 - Z) * H_tilda
            Y = nd.dot(H, W_hq) + b_q
            outputs.append(Y)
        return outputs, (H,)

    def get_lstm_params():
        W_xi, W_hi, b_i = _three()  # input gate parameters
        W_xf, W_hf, b_f = _three()  # forget gate parameters
        W_xo, W_ho, b_o = _three()  # output gate parameters
        W_xc, W_hc, b_c = _three()  # candidate memory cell parameters
        W_hq = _one((num_hiddens, num_outputs))
        b_q = nd.zeros(num_outputs, ctx=ctx)
        params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc,
                  b_c, W_hq, b_q]
        for param in params:
            param.attach_grad()
        return params

    def init_lstm_state(batch_size, num_hiddens, ctx):
        return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx),
                nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx))

    def lstm(inputs, state, params):
        [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
         W_hq, b_q] = params
        (H, C) = state
        outputs = []
        for X in inputs:
            I = nd.sigmoid(nd.dot(X, W_xi) + nd.dot(H, W_hi) + b_i)  # noqa: E741
            F = nd.sigmoid(nd.dot(X, W_xf) + nd.dot(H, W_hf) + b_f)
            O = nd.sigmoid(nd.dot(X, W_xo) + nd.dot(H, W_ho) + b_o)
            C_tilda = nd.tanh(nd.dot(X, W_xc) + nd.dot(H, W_hc) + b_c)
            C = F * C + I * C_tilda
            H = O * C.tanh()
            Y = nd.dot(H, W_hq) + b_q
            outputs.append(Y)
        return outputs, (H, C)

    num_epochs, num_steps, batch_size, lr, clipping_theta = 10, 8, 4, 1e2, 1e-2
    for fn, get_params, init_state in ((gru, get_gru_params, init_gru_state),
                                       (lstm, get_lstm_params, init_lstm_state)):
        ppl = d2l.train_and_predict_rnn(fn, get_params, init_state, num_hiddens, vocab_size,
                                        ctx, corpus_indices, idx_to_char, char_to_idx, False,
                                        num_epochs, num_steps, lr, clipping_theta,
                                        batch_size, 5, 10, ['the'])
        assert ppl[0] > vocab_size * 0.6 and ppl[-1] < ppl[0] / 2, (fn.__name__, ppl)

    params = get_lstm_params()
    for p in params[:12]:
        p[:] = nd.random.normal(scale=0.3, shape=p.shape)
    layer = rnn.LSTM(num_hiddens, input_size=vocab_size)
    layer.initialize()
    W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c = params[:12]
    layer.l0_i2h_weight.set_data(nd.concat(W_xi.T, W_xf.T, W_xc.T, W_xo.T, dim=0))
    layer.l0_h2h_weight.set_data(nd.concat(W_hi.T, W_hf.T, W_hc.T, W_ho.T, dim=0))
    layer.l0_i2h_bias.set_data(nd.concat(b_i, b_f, b_c, b_o, dim=0))
    layer.l0_h2h_bias.set_data(nd.zeros(4 * num_hiddens))
    X = nd.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
    _, (H, C) = lstm(to_onehot(X, vocab_size), init_lstm_state(2, num_hiddens, ctx), params)
    _, (h, c) = layer(nd.one_hot(X.T, vocab_size), layer.begin_state(batch_size=2))
    np.testing.assert_allclose(h[0].asnumpy(), H.asnumpy(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(c[0].asnumpy(), C.asnumpy(), rtol=1e-4, atol=1e-6)


def test_word2vec_skip_gram_with_masked_sigmoid_bce():
    """10.3 (tests/d2l_scripts/word2vec.py): skip-gram with negative sampling on a tiny
    corpus, the book's batchify, masked SigmoidBinaryCrossEntropyLoss and batch_dot."""
    import word2vec
    for what, holds in word2vec.verdicts():
        assert holds, what


def test_script_word2vec_matches_mxnet():
    run_d2l_script("word2vec.py")


# ---------------------------------------------------------------- 10.x encoder-decoder
class Encoder(nn.Block):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 drop_prob=0, **kwargs):
        super(Encoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)

    def forward(self, inputs, state):
        # input (batch, time steps); the rnn wants time-major
        embedding = self.embedding(inputs).swapaxes(0, 1)
        return self.rnn(embedding, state)

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


class Decoder(nn.Block):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 drop_prob=0, **kwargs):
        super(Decoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)
        self.out = nn.Dense(vocab_size, flatten=False)

    def forward(self, cur_input, state):
        # one time step: cur_input (batch,) -> output (batch, vocab)
        output, state = self.rnn(self.embedding(cur_input).expand_dims(0), state)
        output = self.out(output).squeeze(axis=0)
        return output, state

    def begin_state(self, enc_state):
        # the encoder's final hidden state is the decoder's initial state
        return enc_state


PAD, BOS, EOS = 0, 1, 2


def toy_translation_data(n=48, max_len=5, vocab=8, seed=0):
    """Source: random tokens 3..vocab-1 padded with PAD; target: the source reversed + EOS."""
    rng = np.random.RandomState(seed)
    src, tgt = [], []
    for _ in range(n):
        k = rng.randint(2, max_len)
        s = rng.randint(3, vocab, size=k).tolist()
        src.append(s + [PAD] * (max_len - k))
        t = s[::-1] + [EOS]
        tgt.append(t + [PAD] * (max_len + 1 - len(t)))
    return gdata.ArrayDataset(nd.array(src), nd.array(tgt))


def batch_loss(encoder, decoder, X, Y, loss):
    batch_size = X.shape[0]
    enc_state = encoder.begin_state(batch_size=batch_size)
    enc_outputs, enc_state = encoder(X, enc_state)
    # initialize the decoder's hidden state
    dec_state = decoder.begin_state(enc_state)
    # the decoder's first input is BOS
    dec_input = nd.array([BOS] * batch_size)
    # mask the loss of the padding after EOS
    mask, num_not_pad_tokens = nd.ones(shape=(batch_size,)), 0
    l = nd.array([0])
    for y in Y.T:
        dec_output, dec_state = decoder(dec_input, dec_state)
        l = l + (mask * loss(dec_output, y)).sum()
        dec_input = y  # teacher forcing
        num_not_pad_tokens += mask.sum().asscalar()
        # after EOS the following tokens are PAD: mask them
        mask = mask * (y != EOS)
    return l / num_not_pad_tokens


class MaskedSoftmaxCELoss(gloss.SoftmaxCrossEntropyLoss):
    # pred shape: (batch_size, seq_len, vocab_size); label: (batch_size, seq_len);
    # valid_length: (batch_size,)
    def forward(self, pred, label, valid_length):
        # the sample weights have shape (batch_size, seq_len, 1)
        weights = nd.ones_like(label).expand_dims(axis=-1)
        weights = nd.SequenceMask(weights, valid_length, True, axis=1)
        return super(MaskedSoftmaxCELoss, self).forward(pred, label, weights)


def test_masked_softmax_ce_loss_closed_form():
    loss = MaskedSoftmaxCELoss()
    pred = nd.zeros((3, 4, 10))
    pred.attach_grad()
    with autograd.record():
        l = loss(pred, nd.ones((3, 4)), nd.array([4, 2, 0]))
    l.backward()
    np.testing.assert_allclose(l.asnumpy(), [math.log(10), math.log(10) / 2, 0], rtol=1e-5)
    g = pred.grad.asnumpy()
    # d mean_t(w_t * CE_t) / d pred = w_t / 4 * (softmax - onehot); zero past the length
    assert np.abs(g[2]).max() == 0 and np.abs(g[1, 2:]).max() == 0
    np.testing.assert_allclose(g[0, 0, 1], (0.1 - 1) / 4, rtol=1e-5)
    np.testing.assert_allclose(g[0, 0, 0], 0.1 / 4, rtol=1e-5)


def test_encoder_decoder_trains_with_masked_loss():
    mx.random.seed(3)
    dataset = toy_translation_data()
    vocab, embed_size, num_hiddens, num_layers = 8, 16, 32, 1
    encoder = Encoder(vocab, embed_size, num_hiddens, num_layers)
    decoder = Decoder(vocab, embed_size, num_hiddens, num_layers)
    encoder.initialize(init.Xavier(), force_reinit=True)
    decoder.initialize(init.Xavier(), force_reinit=True)
    enc_trainer = gluon.Trainer(encoder.collect_params(), 'adam', {'learning_rate': 0.01})
    dec_trainer = gluon.Trainer(decoder.collect_params(), 'adam', {'learning_rate': 0.01})
    loss = gloss.SoftmaxCrossEntropyLoss()
    data_iter = gdata.DataLoader(dataset, 16, shuffle=True)
    losses = []
    for epoch in range(12):
        l_sum, n = 0.0, 0
        for X, Y in data_iter:
            with autograd.record():
                l = batch_loss(encoder, decoder, X, Y, loss)
            l.backward()
            enc_trainer.step(1)
            dec_trainer.step(1)
            l_sum += l.asscalar()
            n += 1
        losses.append(l_sum / n)
        if (epoch + 1) % 4 == 0:
            print('epoch %d, loss %.3f' % (epoch + 1, l_sum / n))
    assert losses[-1] < losses[0] * 0.6, losses
    # every encoder parameter received a gradient through the decoder's initial state
    for p in encoder.collect_params().values():
        assert p.grad().abs().sum().asscalar() > 0, p.name

    # the same model trained with the SequenceMask-weighted loss over the whole sequence
    masked = MaskedSoftmaxCELoss()
    trainer = gluon.Trainer(decoder.collect_params(), 'sgd', {'learning_rate': 0.5})
    X, Y = dataset[:16]
    X, Y = nd.array(X), nd.array(Y)
    valid_len = (Y != PAD).sum(axis=1)
    dec_in = nd.concat(nd.full((16, 1), BOS), Y[:, :-1], dim=1)
    before = None
    for _ in range(5):
        with autograd.record():
            _, enc_state = encoder(X, encoder.begin_state(batch_size=16))
            out, _ = decoder.rnn(decoder.embedding(dec_in).swapaxes(0, 1), enc_state)
            pred = decoder.out(out).swapaxes(0, 1)  # (batch, steps, vocab)
            l = masked(pred, Y, valid_len)
        l.backward()
        trainer.step(16)
        before = l.mean().asscalar() if before is None else before
    assert l.shape == (16,) and l.mean().asscalar() < before
