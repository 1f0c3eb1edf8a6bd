"""d2l 1st edition, ch. 7-10 bits (optimizers, multi-device training on two CPU contexts,
transposed convolution, ROI pooling, word2vec, sentiment BiRNN / textCNN, hybridize,
image transforms, DataLoader), as the book writes them. Prints only deterministic things."""
import math

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss, nn, data as gdata, rnn, utils as gutils

mx.random.seed(1)
# ch8 multi-device (cpu contexts)
ctx = [mx.cpu(0), mx.cpu(1)]
data = nd.arange(24).reshape((6, 4))
splitted = gutils.split_and_load(data, ctx)
print('input: ', data)
print('load into', ctx)
print('output:', splitted)
print([s.context for s in splitted])
def allreduce(data):
    for i in range(1, len(data)):
        data[0][:] += data[i].copyto(data[0].context)
    for i in range(1, len(data)):
        data[0].copyto(data[i])
data = [nd.ones((1, 2), ctx=mx.cpu(i)) * (i + 1) for i in range(2)]
print('before allreduce:', data)
allreduce(data)
print('after allreduce:', data)
net = nn.Sequential()
net.add(nn.Dense(3))
net.initialize(init=init.Normal(sigma=0.01), ctx=ctx)
x = nd.random.uniform(shape=(4, 5))
gpu_x = gutils.split_and_load(x, ctx)
print(net(gpu_x[0]).shape, net(gpu_x[1]).context)
weight = net[0].params.get('weight')
try:
    weight.data()
except RuntimeError:
    print('not initialized on', mx.cpu())
print((weight.data(ctx[0]) == weight.data(ctx[1])).min())
print(weight.list_ctx())
y = nd.array([0, 1, 2, 0])
loss = gloss.SoftmaxCrossEntropyLoss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
gpu_ys = gutils.split_and_load(y, ctx)
with autograd.record():
    ls = [loss(net(gx), gy) for gx, gy in zip(gpu_x, gpu_ys)]
for l in ls:
    l.backward()
trainer.step(4)
print((weight.data(ctx[0]) == weight.data(ctx[1])).min())
# same step on one device
net2 = nn.Sequential(); net2.add(nn.Dense(3)); net2.initialize()
net2(x)
net2[0].weight.set_data(weight.data(ctx[0]).copy()); net2[0].bias.set_data(nd.zeros(3))
print(net2[0].weight.data().sum().shape)

# ch7 optimizers hyper-parameter names
for name, hp in (('sgd', {'learning_rate': 0.1, 'momentum': 0.5}),
                 ('adagrad', {'learning_rate': 0.1}),
                 ('rmsprop', {'learning_rate': 0.01, 'gamma1': 0.9}),
                 ('adadelta', {'rho': 0.9999}),
                 ('adam', {'learning_rate': 0.01})):
    net = nn.Dense(1, in_units=2)
    net.initialize(init.Constant(0.5))
    trainer = gluon.Trainer(net.collect_params(), name, hp)
    X = nd.array([[1.0, 2.0], [3.0, -1.0]]); Y = nd.array([[1.0], [2.0]])
    for _ in range(3):
        with autograd.record():
            l = gloss.L2Loss()(net(X), Y)
        l.backward()
        trainer.step(2)
    print(name, np.round(net.weight.data().asnumpy(), 5).tolist(), trainer.learning_rate)
trainer.set_learning_rate(0.001)
print(trainer.learning_rate)

# ch9 Conv2DTranspose + init.Constant(NDArray), bilinear kernel
def bilinear_kernel(in_channels, out_channels, kernel_size):
    factor = (kernel_size + 1) // 2
    if kernel_size % 2 == 1:
        center = factor - 1
    else:
        center = factor - 0.5
    og = np.ogrid[:kernel_size, :kernel_size]
    filt = (1 - abs(og[0] - center) / factor) * (1 - abs(og[1] - center) / factor)
    weight = np.zeros((in_channels, out_channels, kernel_size, kernel_size), dtype='float32')
    weight[range(in_channels), range(out_channels), :, :] = filt
    return nd.array(weight)
conv_trans = nn.Conv2DTranspose(3, kernel_size=4, padding=1, strides=2)
conv_trans.initialize(init.Constant(bilinear_kernel(3, 3, 4)))
X = nd.arange(2 * 3 * 4 * 4).reshape((2, 3, 4, 4)) / 10
Y = conv_trans(X)
print(Y.shape, Y[0, 0, :3, :3])
X = nd.random.uniform(shape=(1, 3, 64, 64))
conv = nn.Conv2D(10, kernel_size=4, padding=1, strides=2); conv.initialize()
Y = conv(X)
conv_trans = nn.Conv2DTranspose(3, kernel_size=4, padding=1, strides=2); conv_trans.initialize()
print(conv_trans(Y).shape, conv_trans)
X = nd.arange(16).reshape((1, 1, 4, 4))
rois = nd.array([[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]])
print(nd.ROIPooling(X, rois, pooled_size=(2, 2), spatial_scale=0.1))

# 10.3 word2vec
embed = nn.Embedding(input_dim=20, output_dim=4)
embed.initialize()
print(embed.weight)
x = nd.array([[1, 2, 3], [4, 5, 6]])
print(embed(x).shape)
X = nd.ones((2, 1, 4))
Y = nd.ones((2, 4, 6))
print(nd.batch_dot(X, Y).shape)
def skip_gram(center, contexts_and_negatives, embed_v, embed_u):
    v = embed_v(center)
    u = embed_u(contexts_and_negatives)
    pred = nd.batch_dot(v, u.swapaxes(1, 2))
    return pred
print(skip_gram(nd.ones((2, 1)), nd.ones((2, 4)), embed, embed).shape)
loss = gloss.SigmoidBinaryCrossEntropyLoss()
pred = nd.array([[1.5, 0.3, -1, 2], [1.1, -0.6, 2.2, 0.4]])
label = nd.array([[1, 0, 1, 0]] * 2)
mask = nd.array([[1, 1, 1, 1], [1, 1, 0, 0]])
print(np.round((loss(pred, label, mask) * mask.shape[1] / mask.sum(axis=1)).asnumpy(), 5))
def sigmd(x):
    return -math.log(1 / (1 + math.exp(-x)))
print('%.7f' % ((sigmd(1.5) + sigmd(-0.3) + sigmd(1) + sigmd(-2)) / 4))
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
x_1 = (1, [2, 2], [3, 3, 3, 3])
x_2 = (1, [2, 2, 2], [3, 3])
batch = (x_1, x_2)
names = ['centers', 'contexts_negatives', 'masks', 'labels']
for name, data in zip(names, batchify(batch)):
    print(name, '=', data)
dataset = gdata.ArrayDataset([1, 2, 3, 4], [[1, 2], [2], [3, 3, 3], [4]],
                             [[0], [0, 0], [0], [0, 0, 0]])
data_iter = gdata.DataLoader(dataset, 2, shuffle=False, batchify_fn=batchify)
for batch in data_iter:
    print([d.shape for d in batch])
W = embed.weight.data()
x = W[3]
cos = nd.dot(W, x) / (nd.sum(W * W, axis=1) * nd.sum(x * x) + 1e-9).sqrt()
topk = nd.topk(cos, k=4, ret_typ='indices').asnumpy().astype('int32')
print(topk[0])
# 10.7 sentiment: BiRNN
class BiRNN(nn.Block):
    def __init__(self, vocab, embed_size, num_hiddens, num_layers, **kwargs):
        super(BiRNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(len(vocab), embed_size)
        self.encoder = rnn.LSTM(num_hiddens, num_layers=num_layers,
                                bidirectional=True, input_size=embed_size)
        self.decoder = nn.Dense(2)
    def forward(self, inputs):
        embeddings = self.embedding(inputs.T)
        outputs = self.encoder(embeddings)
        encoding = nd.concat(outputs[0], outputs[-1])
        outs = self.decoder(encoding)
        return outs
net = BiRNN(list(range(10)), 6, 5, 2)
net.initialize(init.Xavier())
print(net(nd.ones((3, 7))).shape)
net.embedding.weight.set_data(nd.ones((10, 6)))
net.embedding.collect_params().setattr('grad_req', 'null')
print(net.embedding.weight.grad_req)
with autograd.record():
    l = net(nd.ones((3, 7))).sum()
l.backward()
print(net.decoder.weight.grad().shape)
# 10.8 textCNN
def corr1d(X, K):
    w = K.shape[0]
    Y = nd.zeros((X.shape[0] - w + 1))
    for i in range(Y.shape[0]):
        Y[i] = (X[i: i + w] * K).sum()
    return Y
X, K = nd.array([0, 1, 2, 3, 4, 5, 6]), nd.array([1, 2])
print(corr1d(X, K))
def corr1d_multi_in(X, K):
    return nd.add_n(*[corr1d(x, k) for x, k in zip(X, K)])
X = nd.array([[0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8]])
K = nd.array([[1, 2], [3, 4], [-1, -3]])
print(corr1d_multi_in(X, K))
class TextCNN(nn.Block):
    def __init__(self, vocab, embed_size, kernel_sizes, num_channels, **kwargs):
        super(TextCNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(len(vocab), embed_size)
        self.constant_embedding = nn.Embedding(len(vocab), embed_size)
        self.dropout = nn.Dropout(0.5)
        self.decoder = nn.Dense(2)
        self.pool = nn.GlobalMaxPool1D()
        self.convs = nn.Sequential()
        for c, k in zip(num_channels, kernel_sizes):
            self.convs.add(nn.Conv1D(c, k, activation='relu'))
    def forward(self, inputs):
        embeddings = nd.concat(self.embedding(inputs), self.constant_embedding(inputs), dim=2)
        embeddings = embeddings.transpose((0, 2, 1))
        encoding = nd.concat(*[nd.flatten(
            self.pool(conv(embeddings))) for conv in self.convs], dim=1)
        outputs = self.decoder(self.dropout(encoding))
        return outputs
net = TextCNN(list(range(10)), 4, [3, 4, 5], [5, 5, 5])
net.initialize(init.Xavier())
print(net(nd.ones((2, 9))).shape)
net.constant_embedding.collect_params().setattr('grad_req', 'null')
print(net)
# 10.10 beam search bits / bleu use python only
# 8.1 hybridize
def get_net():
    net = nn.HybridSequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(128, activation='relu'), nn.Dense(2))
    net.initialize()
    return net
x = nd.random.normal(shape=(1, 512))
net = get_net()
y1 = net(x)
net.hybridize()
print((net(x) == y1).min())
class HybridNet(nn.HybridBlock):
    def __init__(self, **kwargs):
        super(HybridNet, self).__init__(**kwargs)
        self.hidden = nn.Dense(10)
        self.output = nn.Dense(2)
    def hybrid_forward(self, F, x):
        x = F.relu(self.hidden(x))
        return self.output(x)
net = HybridNet()
net.initialize()
x = nd.random.normal(shape=(1, 4))
print(net(x).shape)
net.hybridize()
print(net(x).shape)
nd.waitall()
y = nd.ones((2,)); y.wait_to_read()
# 8.2 async
print(mx.nd.waitall() is None)
# transforms
tr = gdata.vision.transforms
img = nd.array(np.arange(4 * 6 * 3).reshape((4, 6, 3)) % 255, dtype='uint8')
t = tr.Compose([tr.Resize(8), tr.ToTensor(), tr.Normalize([0.5, 0.5, 0.5], [0.2, 0.2, 0.2])])
out = t(img)
print(out.shape, out.dtype)
print(tr.Resize((3, 2))(img).shape)
print(tr.RandomFlipLeftRight()(img).shape, tr.CenterCrop(2)(img).shape)
print(tr.RandomResizedCrop(4, scale=(0.5, 1), ratio=(0.5, 2))(img).shape)
flip = tr.RandomFlipLeftRight()
print(gdata.vision.transforms.ToTensor()(img)[0, 0])
# DataLoader with workers
X = nd.arange(40).reshape((10, 4)); yy = nd.arange(10)
dl = gdata.DataLoader(gdata.ArrayDataset(X, yy), batch_size=4, shuffle=False, num_workers=2,
                      last_batch='keep')
for xb, yb in dl:
    print(xb.shape, yb.asnumpy())
dl = gdata.DataLoader(gdata.ArrayDataset(X, yy), batch_size=4, last_batch='discard')
print(len(dl), [b[1].shape for b in dl])
dl = gdata.DataLoader(gdata.ArrayDataset(X, yy), batch_size=4, last_batch='rollover')
print(len(dl), [b[1].shape for b in dl])
