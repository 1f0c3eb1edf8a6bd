"""d2l 1st edition, ch. 6 and 10 (RNNs, seq2seq), as the book writes it, at small sizes.
Prints only deterministic things: shapes, parameter names, closed-form results."""
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import loss as gloss, nn, rnn

mx.random.seed(1)
vocab_size = 7

# 6.4 one-hot
print(nd.one_hot(nd.array([0, 2]), vocab_size))


def to_onehot(X, size):
    return [nd.one_hot(x, size) for x in X.T]


X = nd.arange(10).reshape((2, 5))
inputs = to_onehot(X, vocab_size)
print(len(inputs), inputs[0].shape)

# 6.5 concise RNN
num_hiddens = 16
rnn_layer = rnn.RNN(num_hiddens)
rnn_layer.initialize()
print(rnn_layer)
batch_size = 2
state = rnn_layer.begin_state(batch_size=batch_size)
print(type(state).__name__, state[0].shape)
num_steps = 5
X = nd.random.uniform(shape=(num_steps, batch_size, vocab_size))
Y, state_new = rnn_layer(X, state)
print(Y.shape, len(state_new), state_new[0].shape)
print(sorted(rnn_layer.collect_params().keys()))
print(rnn_layer.collect_params())
Y = rnn_layer(X)
print(type(Y).__name__, Y.shape)


class RNNModel(nn.Block):
    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super(RNNModel, self).__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.dense = nn.Dense(vocab_size)

    def forward(self, inputs, state):
        # the input is transposed to (num_steps, batch_size) then one-hot encoded
        X = nd.one_hot(inputs.T, self.vocab_size)
        Y, state = self.rnn(X, state)
        # the fully connected layer first reshapes Y to (num_steps * batch_size,
        # num_hiddens); its output has shape (num_steps * batch_size, vocab_size)
        output = self.dense(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


model = RNNModel(rnn_layer, vocab_size)
model.initialize(force_reinit=True, init=init.Normal(0.01))
state = model.begin_state(batch_size=1, ctx=mx.cpu())
Y, state = model(nd.array([3]).reshape((1, 1)), state)
print(Y.shape, state[0].shape, int(Y.argmax(axis=1).asscalar()) in range(vocab_size))

lstm_layer = rnn.LSTM(num_hiddens)
lstm_layer.initialize()
state = lstm_layer.begin_state(batch_size=batch_size)
print(len(state), state[0].shape, state[1].shape)
Y, (H, C) = lstm_layer(X, state)
print(Y.shape, H.shape, C.shape)
print(lstm_layer.collect_params())
gru_layer = rnn.GRU(num_hiddens, num_layers=2)
gru_layer.initialize()
Y, state = gru_layer(X, gru_layer.begin_state(batch_size=batch_size))
print(gru_layer, Y.shape, state[0].shape)
print(list(gru_layer.collect_params().keys()))
bi = rnn.LSTM(num_hiddens, bidirectional=True, input_size=vocab_size)
print(bi)
bi.initialize()
print(bi(X).shape)

# 10.9 encoder-decoder with attention
class Encoder(nn.Block):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 drop_prob=0, **kwargs):
        super(Encoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)

    def forward(self, inputs, state):
        # the input is (batch, time steps); swap to time-major for the rnn
        embedding = self.embedding(inputs).swapaxes(0, 1)
        return self.rnn(embedding, state)

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


encoder = Encoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
encoder.initialize()
output, state = encoder(nd.zeros((4, 7)), encoder.begin_state(batch_size=4))
print(output.shape, state[0].shape)


def attention_model(attention_size):
    model = nn.Sequential()
    model.add(nn.Dense(attention_size, activation='tanh', use_bias=False,
                       flatten=False),
              nn.Dense(1, use_bias=False, flatten=False))
    return model


def attention_forward(model, enc_states, dec_state):
    # broadcast the decoder hidden state to the shape of the encoder states
    dec_states = nd.broadcast_axis(
        dec_state.expand_dims(0), axis=0, size=enc_states.shape[0])
    enc_and_dec_states = nd.concat(enc_states, dec_states, dim=2)
    e = model(enc_and_dec_states)  # shape (time steps, batch, 1)
    alpha = nd.softmax(e, axis=0)  # softmax over the time steps
    return (alpha * enc_states).sum(axis=0)  # the context variable


seq_len, batch_size, num_hiddens = 10, 4, 8
model = attention_model(10)
model.initialize()
enc_states = nd.zeros((seq_len, batch_size, num_hiddens))
dec_state = nd.zeros((batch_size, num_hiddens))
print(attention_forward(model, enc_states, dec_state).shape)


class Decoder(nn.Block):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 attention_size, drop_prob=0, **kwargs):
        super(Decoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.attention = attention_model(attention_size)
        self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=drop_prob)
        self.out = nn.Dense(vocab_size, flatten=False)

    def forward(self, cur_input, state, enc_states):
        # use the attention mechanism to compute the context variable
        c = attention_forward(self.attention, enc_states, state[0][-1])
        # concatenate the embedded input and the context on the feature dim
        input_and_c = nd.concat(self.embedding(cur_input), c, dim=1)
        # add a time-step dimension of size 1
        output, state = self.rnn(input_and_c.expand_dims(0), state)
        # remove the time-step dimension: shape (batch, vocab size)
        output = self.out(output).squeeze(axis=0)
        return output, state

    def begin_state(self, enc_state):
        # use the final hidden state of the encoder as the initial decoder state
        return enc_state


decoder = Decoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2,
                  attention_size=10)
decoder.initialize()
X = nd.array([[1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8],
              [1, 1, 1, 1, 1, 1, 1], [9, 8, 7, 6, 5, 4, 3]])
enc_outputs, enc_state = encoder(X, encoder.begin_state(batch_size=4))
dec_state = decoder.begin_state(enc_state)
dec_output, dec_state = decoder(nd.array([1, 1, 1, 1]), dec_state, enc_outputs)
print(dec_output.shape, dec_state[0].shape)
print(decoder)

# SequenceMask, as the masked softmax cross-entropy loss uses it
weights = nd.expand_dims(nd.ones((3, 4)), axis=-1)
print(nd.SequenceMask(weights, nd.array([4, 2, 0]), True, axis=1).reshape((3, 4)))
x = nd.arange(12).reshape((3, 4))
print(nd.SequenceMask(x, sequence_length=nd.array([1, 3, 2]), use_sequence_length=True,
                      axis=1, value=-1))
loss = gloss.SoftmaxCrossEntropyLoss()
pred = nd.zeros((3, 4, 10))
label = nd.ones((3, 4))
l = loss(pred, label, nd.SequenceMask(nd.expand_dims(nd.ones_like(label), axis=-1),
                                      nd.array([4, 2, 0]), True, axis=1))
print(l.shape, [round(v, 4) for v in l.asnumpy().tolist()])

# gluon.utils.clip_global_norm
grads = [nd.ones((2, 2)) * 3, nd.ones((4,)) * 4]
norm = gluon.utils.clip_global_norm(grads, 5)
print(norm)
print(grads[0], grads[1])
grads = [nd.ones((1,))]
print(gluon.utils.clip_global_norm(grads, 10), grads[0])
