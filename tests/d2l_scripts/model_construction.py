"""d2l 1st edition, ch. 4.1-4.5 (model construction, parameters, deferred init, custom
layers, reading/writing), as the book writes it. Prints only deterministic things."""
import os
import tempfile

import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

mx.random.seed(1)

# 4.1 model construction
class MLP(nn.Block):
    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.hidden = nn.Dense(256, activation='relu')
        self.output = nn.Dense(10)

    def forward(self, x):
        return self.output(self.hidden(x))


X = nd.random.uniform(shape=(2, 20))
net = MLP()
net.initialize()
print(net(X).shape)
print(net)
print(net.hidden.name, net.output.name, net.name)


class MySequential(nn.Block):
    def __init__(self, **kwargs):
        super(MySequential, self).__init__(**kwargs)

    def add(self, block):
        self._children[block.name] = block

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x


net = MySequential()
net.add(nn.Dense(256, activation='relu'))
net.add(nn.Dense(10))
net.initialize()
print(net(X).shape)
print(sorted(net.collect_params().keys()))


class FancyMLP(nn.Block):
    def __init__(self, **kwargs):
        super(FancyMLP, self).__init__(**kwargs)
        self.rand_weight = self.params.get_constant(
            'rand_weight', nd.random.uniform(shape=(20, 20)))
        self.dense = nn.Dense(20, activation='relu')

    def forward(self, x):
        x = self.dense(x)
        x = nd.relu(nd.dot(x, self.rand_weight.data()) + 1)
        x = self.dense(x)
        while x.norm().asscalar() > 1:
            x /= 2
        if x.norm().asscalar() < 0.8:
            x *= 10
        return x.sum()


net = FancyMLP()
net.initialize()
out = net(X)
print(out.shape, type(out).__name__)
print(net.rand_weight.name, net.rand_weight.grad_req)
print(net.collect_params())


class NestMLP(nn.Block):
    def __init__(self, **kwargs):
        super(NestMLP, self).__init__(**kwargs)
        self.net = nn.Sequential()
        self.net.add(nn.Dense(64, activation='relu'),
                     nn.Dense(32, activation='relu'))
        self.dense = nn.Dense(16, activation='relu')

    def forward(self, x):
        return self.dense(self.net(x))


net = nn.Sequential()
net.add(NestMLP(), nn.Dense(20), FancyMLP())
net.initialize()
print(net(X).shape)
print(list(net.collect_params().keys()))

# 4.2 parameter access
net = nn.Sequential()
net.add(nn.Dense(256, activation='relu'))
net.add(nn.Dense(10))
net.initialize()
Y = net(X)
print(net[0].params, type(net[0].params).__name__)
print(net[0].params['dense10_weight'], net[0].weight)
print(net[0].weight.data().shape, net[0].weight.grad().shape)
print(net[0].weight.grad().sum())
print(net[1].bias.data())
print(net.collect_params())
print(net.collect_params('.*weight'))
net.initialize(init=init.Constant(1), force_reinit=True)
print(net[0].weight.data()[0][:4])
net.initialize(init=init.Normal(sigma=0.01), force_reinit=True)
print(net[0].weight.data().shape)


class MyInit(init.Initializer):
    def _init_weight(self, name, data):
        print('Init', name, data.shape)
        data[:] = nd.random.uniform(low=-10, high=10, shape=data.shape)
        data *= data.abs() >= 5


net.initialize(MyInit(), force_reinit=True)
w = net[0].weight.data()
print(((w.abs() >= 5) + (w == 0)).min())
net[0].weight.set_data(net[0].weight.data() + 1)
print((net[0].weight.data() - w).mean())

net = nn.Sequential()
shared = nn.Dense(8, activation='relu')
net.add(nn.Dense(8, activation='relu'),
        shared,
        nn.Dense(8, activation='relu', params=shared.params),
        nn.Dense(10))
net.initialize()
X = nd.random.uniform(shape=(2, 20))
print(net(X).shape)
print(net[1].weight.data()[0] == net[2].weight.data()[0])
print(net[1].weight is net[2].weight, net[2].weight.name)

# 4.3 deferred initialization
class MyInit(init.Initializer):
    def _init_weight(self, name, data):
        print('Init', name, data.shape)


net = nn.Sequential()
net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
net.initialize(init=MyInit())
print(net[0].weight)
X = nd.random.uniform(shape=(2, 20))
Y = net(X)
print(net[0].weight)
Y = net(X)
net.initialize(init=MyInit(), force_reinit=True)
net = nn.Sequential()
net.add(nn.Dense(256, in_units=20, activation='relu'))
net.add(nn.Dense(10, in_units=256))
net.initialize(init=MyInit())

# 4.4 custom layers
class CenteredLayer(nn.Block):
    def __init__(self, **kwargs):
        super(CenteredLayer, self).__init__(**kwargs)

    def forward(self, x):
        return x - x.mean()


layer = CenteredLayer()
print(layer(nd.array([1, 2, 3, 4, 5])))
net = nn.Sequential()
net.add(nn.Dense(128), CenteredLayer())
net.initialize()
y = net(nd.random.uniform(shape=(4, 8)))
print(abs(y.mean().asscalar()) < 1e-6)
params = gluon.ParameterDict()
params.get('param2', shape=(2, 3))
print(params)


class MyDense(nn.Block):
    def __init__(self, units, in_units, **kwargs):
        super(MyDense, self).__init__(**kwargs)
        self.weight = self.params.get('weight', shape=(in_units, units))
        self.bias = self.params.get('bias', shape=(units,))

    def forward(self, x):
        linear = nd.dot(x, self.weight.data()) + self.bias.data()
        return nd.relu(linear)


dense = MyDense(units=3, in_units=5)
print(dense.params)
dense.initialize()
print(dense(nd.random.uniform(shape=(2, 5))).shape)
net = nn.Sequential()
net.add(MyDense(8, in_units=64),
        MyDense(1, in_units=8))
net.initialize()
print(net(nd.random.uniform(shape=(2, 64))).shape)

# 4.5 reading and writing
tmp = tempfile.mkdtemp()
os.chdir(tmp)
x = nd.ones(3)
nd.save('x', x)
x2 = nd.load('x')
print(x2)
y = nd.zeros(4)
nd.save('xy', [x, y])
x2, y2 = nd.load('xy')
print(x2, y2)
mydict = {'x': x, 'y': y}
nd.save('mydict', mydict)
mydict2 = nd.load('mydict')
print(mydict2)


class MLP(nn.Block):
    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.hidden = nn.Dense(256, activation='relu')
        self.output = nn.Dense(10)

    def forward(self, x):
        return self.output(self.hidden(x))


net = MLP()
net.initialize()
X = nd.random.uniform(shape=(2, 20))
Y = net(X)
filename = 'mlp.params'
net.save_parameters(filename)
net2 = MLP()
net2.load_parameters(filename)
Y2 = net2(X)
print(Y2 == Y)
print(net2.hidden.weight.name)

# 4.6 GPU probing as the book does
def try_gpu():
    try:
        ctx = mx.gpu()
        _ = nd.zeros((1,), ctx=ctx)
    except mx.base.MXNetError:
        ctx = mx.cpu()
    return ctx


ctx = try_gpu()
print(mx.cpu(), mx.gpu(), mx.gpu(1))
x = nd.array([1, 2, 3])
print(x.context)
a = nd.array([1, 2, 3], ctx=ctx)
print(a.context == ctx, a.as_in_context(ctx) is a)
z = x.copyto(mx.cpu())
print(z)
net = nn.Sequential()
net.add(nn.Dense(1))
net.initialize(ctx=ctx)
print(net(a.reshape((1, 3))).context == ctx, net[0].weight.data().context == ctx)
