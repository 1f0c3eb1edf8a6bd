"""Gluon-tutorial style code (MXNet 1.x "crash course", Gluon guides): name scopes,
initializing twice, HybridBlock parameters in hybrid_forward, initializers, activations,
grad_req='add', autograd scopes, stale gradients, lr_mult/wd_mult, ParameterDict save/load,
losses, transforms, metrics, reset_ctx, lr schedulers. Prints only deterministic things."""
import os
import tempfile
import warnings

import numpy as np

import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss, nn
from mxnet.gluon.data.vision import transforms

warnings.simplefilter('always')
def showwarning(message, category, filename, lineno, file=None, line=None):
    print('WARN', category.__name__, str(message)[:100])
warnings.showwarning = showwarning
net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(4, activation='relu'))
    net.add(nn.Dense(2))
net.initialize()
net.initialize()
print(net(nd.ones((1, 3))).shape, list(net.collect_params().keys()))
class Net(gluon.Block):
    def __init__(self, **kwargs):
        super(Net, self).__init__(**kwargs)
        with self.name_scope():
            self.dense0 = nn.Dense(5)
            self.dense1 = nn.Dense(3)
            self.blks = [nn.Dense(2), nn.Dense(2)]
    def forward(self, x):
        return self.dense1(nd.relu(self.dense0(x)))
n2 = Net(prefix='model_')
print(n2.prefix, n2.dense0.name, list(n2.collect_params().keys()))
n2.collect_params().initialize(mx.init.Xavier(magnitude=2.24), ctx=mx.cpu())
print(n2(nd.ones((2, 4))).shape)
class HNet(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(HNet, self).__init__(**kwargs)
        with self.name_scope():
            self.fc1 = nn.Dense(6)
            self.w = self.params.get('w', shape=(6, 6), init=init.One())
    def hybrid_forward(self, F, x, w):
        return F.dot(self.fc1(x), w)
h = HNet()
h.initialize()
h.hybridize()
print(h(nd.ones((2, 3))).shape, sorted(h.collect_params().keys()))
for ini in (init.Xavier(rnd_type='gaussian', factor_type='in', magnitude=2), init.MSRAPrelu(),
            init.Uniform(scale=0.07), init.Orthogonal(), init.Normal(0.5), init.Zero(),
            init.One(), init.Constant(3)):
    d = nn.Dense(50, in_units=40)
    d.initialize(ini)
    w = d.weight.data()
    print(type(ini).__name__, w.shape, bool((w.abs() <= 50).min().asscalar()))
seq = nn.HybridSequential(prefix='seq_')
with seq.name_scope():
    seq.add(nn.Dense(3), nn.BatchNorm(), nn.LeakyReLU(0.1), nn.PReLU(), nn.ELU(), nn.SELU(),
            nn.Swish(), nn.GELU())
seq.initialize()
print(seq(nd.ones((2, 3))).shape, list(seq.collect_params().keys()))
print(seq)
t = gluon.Trainer(seq.collect_params(), 'sgd', {'learning_rate': 0.1}, kvstore='device',
                  update_on_kvstore=False)
with autograd.record():
    l = seq(nd.ones((2, 3))).sum()
l.backward()
t.step(2)
print(t.learning_rate, t.optimizer.__class__.__name__)
print(nn.Dense(3, use_bias=False, in_units=2, flatten=False))
print(nn.Embedding(10, 3), nn.Flatten(), nn.Lambda(lambda x: x), nn.HybridLambda('tanh'))
print(nn.Conv1D(3, 2), nn.Conv3D(2, 1), nn.MaxPool1D(), nn.AvgPool3D(), nn.GlobalAvgPool1D(),
      nn.InstanceNorm(), nn.LayerNorm(), nn.Dropout(0.3))


mx.random.seed(3)
x = nd.array([1.0, 2.0]); x.attach_grad(grad_req='add')
for _ in range(2):
    with autograd.record():
        y = (x * x).sum()
    y.backward()
print(x.grad)
with autograd.record():
    y = x * 2
    with autograd.pause():
        z = y * 3
    print(autograd.is_recording(), autograd.is_training())
    with autograd.predict_mode():
        print(autograd.is_training())
print(autograd.is_recording())
with autograd.train_mode():
    print(autograd.is_training(), nn.Dropout(0.5)(nd.ones((1, 4))).shape)
net = nn.Sequential()
net.add(nn.Dense(3, in_units=2), nn.Dense(1, in_units=3))
net.initialize(init.One())
for p in net.collect_params().values():
    p.grad_req = 'add'
X = nd.array([[1.0, 2.0]])
for _ in range(2):
    with autograd.record():
        l = net(X).sum()
    l.backward()
print(net[0].weight.grad())
net.collect_params().zero_grad()
print(net[0].weight.grad().sum())
# stale grad
net = nn.Sequential()
net.add(nn.Dense(3, in_units=2))
unused = nn.Dense(2, in_units=2)
net.initialize(); unused.initialize()
params = net.collect_params(); params.update(unused.collect_params())
trainer = gluon.Trainer(params, 'sgd', {'learning_rate': 0.1})
with autograd.record():
    l = net(X).sum()
l.backward()
try:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        trainer.step(1)
        print('warned', [str(i.message)[:60] for i in w])
except Exception as e:
    print(type(e).__name__, str(e)[:90])
trainer.step(1, ignore_stale_grad=True)
print('ok ignore')
# lr_mult / wd_mult
net = nn.Dense(1, in_units=2); net.initialize(init.One())
net.weight.lr_mult = 0
net.collect_params('.*bias').setattr('wd_mult', 0.0)
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'wd': 0.1})
with autograd.record():
    l = net(X).sum()
l.backward(); trainer.step(1)
print(net.weight.data(), net.bias.data())
# ParameterDict save/load (1.x API)
d = tempfile.mkdtemp()
net.collect_params().save(os.path.join(d, 'p.params'))
print(sorted(nd.load(os.path.join(d, 'p.params')).keys()))
net.collect_params().load(os.path.join(d, 'p.params'), ctx=mx.cpu())
net.save_parameters(os.path.join(d, 'q.params'))
print(sorted(nd.load(os.path.join(d, 'q.params')).keys()))
try:
    net2 = nn.Dense(2, in_units=2); net2.load_parameters(os.path.join(d, 'q.params'))
except Exception as e:
    print(type(e).__name__, str(e)[:100])
# losses
pred = nd.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]); lab = nd.array([1, 2])

def r(a):
    return np.round(a.asnumpy(), 5).tolist()


print(r(gloss.SoftmaxCrossEntropyLoss(from_logits=True)(nd.log(pred), lab)))
print(r(gloss.SoftmaxCrossEntropyLoss(sparse_label=False)(pred, nd.one_hot(lab, 3))))
print(r(gloss.L1Loss()(pred, nd.ones_like(pred))),
      r(gloss.HuberLoss()(pred, nd.ones_like(pred) * 2)))
print(r(gloss.SigmoidBinaryCrossEntropyLoss(from_sigmoid=True)(pred, nd.ones_like(pred))))
print(r(gloss.KLDivLoss()(nd.log(pred), pred)), r(gloss.HingeLoss()(pred, nd.ones_like(pred))))
print(r(gloss.L2Loss(weight=2.0)(pred, nd.zeros_like(pred), nd.array([[1], [0]]))))
print(r(gloss.CTCLoss()(nd.ones((2, 5, 4)), nd.array([[1, 2], [1, 1]]))))
print(r(gloss.CosineEmbeddingLoss()(nd.array([[1, 0]]), nd.array([[1, 1]]), nd.array([1]))))
print(r(gloss.TripletLoss()(nd.array([[1, 0]]), nd.array([[1, 1]]), nd.array([[0, 1]]))))
print(r(gloss.LogisticLoss()(nd.array([0.3, -2]), nd.array([1, -1]))))
class MySigmoid(autograd.Function):
    def forward(self, x):
        y = 1 / (1 + nd.exp(-x))
        self.save_for_backward(y)
        return y
    def backward(self, dy):
        y, = self.saved_tensors
        return dy * y * (1 - y)
x = nd.array([0.0, 1.0]); x.attach_grad()
with autograd.record():
    z = MySigmoid()(x)
z.backward()
print(x.grad)


mx.random.seed(2)
transformer = transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.13, 0.31)])
img = nd.array(np.arange(28 * 28).reshape((28, 28, 1)) % 256, dtype='uint8')
out = transformer(img)
print(out.shape, out.dtype, round(float(out.mean().asscalar()), 4))
net = nn.Sequential()
net.add(nn.Conv2D(channels=6, kernel_size=5, activation='relu'),
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Conv2D(channels=16, kernel_size=3, activation='relu'),
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Flatten(),
        nn.Dense(120, activation="relu"),
        nn.Dense(84, activation="relu"),
        nn.Dense(10))
net.initialize(init=init.Xavier())
metric = mx.metric.Accuracy()
output = nd.array([[0.3, 0.7], [0.9, 0.1], [0.4, 0.6]])
label = nd.array([1, 1, 1])
metric.update([label], [output])
name, value = metric.get()
print(name, float(value))
m2 = mx.metric.create(['acc', 'ce'])
m2.update([label], [nd.softmax(output)])
names, values = m2.get()
print(names, [round(float(v), 5) for v in values])
ce = mx.metric.CrossEntropy(); ce.update(label, nd.softmax(output)); print(round(ce.get()[1], 5))
net.collect_params().reset_ctx([mx.cpu(0), mx.cpu(1)])
print(net[0].weight.list_ctx())
net.collect_params().reset_ctx(mx.cpu())
lr_sch = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.1)
print([round(lr_sch(i), 4) for i in range(1, 8)])
trainer = gluon.Trainer(net.collect_params(), 'sgd', {
    'learning_rate': 0.1,
    'lr_scheduler': mx.lr_scheduler.MultiFactorScheduler(step=[2, 4], factor=0.1)})
print(trainer.learning_rate)
print(mx.context.num_gpus())
print(nd.array([1, 2]).as_in_context(mx.cpu()).context, mx.current_context())
with mx.Context(mx.cpu(1)):
    print(nd.ones((1,)).context)
