"""d2l 1st edition, ch. 10.3 (word2vec): skip-gram with negative sampling on a tiny corpus,
with the book's batchify, masked SigmoidBinaryCrossEntropyLoss and batch_dot.

Run as a script it prints only verdicts; tests/test_d2l_rnn.py also imports it."""
import random

import mxnet as mx
from mxnet import autograd, gluon, nd
from mxnet.gluon import data as gdata, loss as gloss, nn

mx.random.seed(5)
random.seed(5)
sentences = [['a', 'b', 'c', 'd', 'e'], ['c', 'd', 'e', 'f'], ['a', 'b', 'f', 'g', 'h']] * 4
idx_to_token = sorted({tk for st in sentences for tk in st})
token_to_idx = {tk: idx for idx, tk in enumerate(idx_to_token)}
dataset = [[token_to_idx[tk] for tk in st] for st in sentences]


def get_centers_and_contexts(dataset, max_window_size):
    centers, contexts = [], []
    for st in dataset:
        if len(st) < 2:  # each sentence needs at least 2 words
            continue
        centers += st
        for center_i in range(len(st)):
            window_size = random.randint(1, max_window_size)
            indices = list(range(max(0, center_i - window_size),
                                 min(len(st), center_i + 1 + window_size)))
            indices.remove(center_i)  # exclude the center word
            contexts.append([st[idx] for idx in indices])
    return centers, contexts


all_centers, all_contexts = get_centers_and_contexts(dataset, 2)
all_negatives = [[random.randrange(len(idx_to_token)) for _ in range(2 * len(c))]
                 for c in all_contexts]


def batchify(data):
    max_len = max(len(c) + len(n) for _, c, n in data)
    centers, contexts_negatives, masks, labels = [], [], [], []
    for center, context, negative in data:
        cur_len = len(context) + len(negative)
        centers += [center]
        contexts_negatives += [context + negative + [0] * (max_len - cur_len)]
        masks += [[1] * cur_len + [0] * (max_len - cur_len)]
        labels += [[1] * len(context) + [0] * (max_len - len(context))]
    return (nd.array(centers).reshape((-1, 1)), nd.array(contexts_negatives),
            nd.array(masks), nd.array(labels))

data_iter = gdata.DataLoader(gdata.ArrayDataset(all_centers, all_contexts, all_negatives),
                             16, shuffle=True, batchify_fn=batchify)


def skip_gram(center, contexts_and_negatives, embed_v, embed_u):
    v = embed_v(center)
    u = embed_u(contexts_and_negatives)
    pred = nd.batch_dot(v, u.swapaxes(1, 2))
    return pred


def verdicts():
    """Trains the skip-gram model; returns (description, holds) pairs."""
    loss = gloss.SigmoidBinaryCrossEntropyLoss()
    embed_size = 8
    net = nn.Sequential()
    net.add(nn.Embedding(input_dim=len(idx_to_token), output_dim=embed_size),
            nn.Embedding(input_dim=len(idx_to_token), output_dim=embed_size))
    net.initialize(force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.05})
    epoch_losses = []
    for epoch in range(8):
        l_sum, n = 0.0, 0
        for batch in data_iter:
            center, context_negative, mask, label = batch
            with autograd.record():
                pred = skip_gram(center, context_negative, net[0], net[1])
                # masked loss: average over the valid entries of each example only
                l = (loss(pred.reshape(label.shape), label, mask) *
                     mask.shape[1] / mask.sum(axis=1))
            l.backward()
            trainer.step(batch_size=center.shape[0])
            l_sum += l.sum().asscalar()
            n += l.size
        epoch_losses.append(l_sum / n)

    W = net[0].weight.data()
    x = W[token_to_idx['c']]
    # add 1e-9 for numerical stability
    cos = nd.dot(W, x) / (nd.sum(W * W, axis=1) * nd.sum(x * x) + 1e-9).sqrt()
    topk = nd.topk(cos, k=3, ret_typ='indices').asnumpy().astype('int32')
    return [('loss decreases by 20%', epoch_losses[-1] < epoch_losses[0] * 0.8),
            ('dense embedding gradient', net[0].weight.grad().shape == (len(idx_to_token), 8)),
            ('a word is its own nearest neighbour', int(topk[0]) == token_to_idx['c']),
            ('its cosine is 1', abs(cos[topk[0]].asscalar() - 1) < 1e-5)]


if __name__ == '__main__':
    for what, holds in verdicts():
        print(what, holds)
