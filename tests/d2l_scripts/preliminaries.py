"""d2l 1st edition, ch. 2 (NDArray, autograd) and ch. 3.11 / 7 bits, as the book writes them.
Prints only deterministic things."""
import numpy as np

import mxnet as mx
from mxnet import autograd, nd

mx.random.seed(1)

# 2.2 data manipulation
x = nd.arange(12)
print(x, x.shape, x.size)
X = x.reshape((3, 4))
print(X)
print(nd.zeros((2, 3, 4)))
print(nd.ones((3, 4)))
Y = nd.array([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
print(Y)
print(nd.random.normal(0, 1, shape=(3, 4)).shape)
print(X + Y, X * Y, X / Y, Y.exp().shape)
print(nd.dot(X, Y.T))
print(nd.concat(X, Y, dim=0), nd.concat(X, Y, dim=1))
print(X == Y)
print(X.sum(), round(float(X.norm().asscalar()), 4))
A = nd.arange(3).reshape((3, 1))
B = nd.arange(2).reshape((1, 2))
print(A, B, A + B)
print(X[1:3])
X[1, 2] = 9
print(X)
X[1:2, :] = 12
print(X)
before = id(Y)
Y = Y + X
print(id(Y) == before)
Z = Y.zeros_like()
before = id(Z)
Z[:] = X + Y
print(id(Z) == before)
nd.elemwise_add(X, Y, out=Z)
print(id(Z) == before, Z)
before = id(X)
X += Y
print(id(X) == before)
P = np.ones((2, 3))
D = nd.array(P)
print(D, D.dtype)
print(type(D.asnumpy()).__name__, D.asnumpy().dtype)
print(nd.array(np.arange(3, dtype=np.int64)).dtype, nd.array([1, 2]).dtype)

# 2.3 automatic differentiation
x = nd.arange(4).reshape((4, 1))
x.attach_grad()
with autograd.record():
    y = 2 * nd.dot(x.T, x)
y.backward()
print((x.grad - 4 * x).norm().asscalar() == 0)
print(x.grad)
print(autograd.is_training())
with autograd.record():
    print(autograd.is_training())


def f(a):
    b = a * 2
    while b.norm().asscalar() < 1000:
        b = b * 2
    if b.sum().asscalar() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = nd.random.normal(shape=1)
a.attach_grad()
with autograd.record():
    c = f(a)
c.backward()
print(a.shape, (a.grad == c / a).asscalar())

# 2.4 looking up documentation
print('uniform' in dir(nd.random), 'normal' in dir(nd.random))
print(nd.ones_like.__doc__ is not None)

# 3.1 vectorization
a = nd.ones(shape=1000)
b = nd.ones(shape=1000)
c = nd.zeros(shape=1000)
for i in range(5):
    c[i] = a[i] + b[i]
print(c[:6], (a + b).sum())
a = nd.ones(shape=3)
b = 10
print(a + b)

# 3.11 polynomial features
features = nd.array([[0.5], [-1.0], [2.0]])
poly_features = nd.concat(features, nd.power(features, 2), nd.power(features, 3))
print(poly_features)
true_w, true_b = [1.2, -3.4, 5.6], 5
labels = (true_w[0] * poly_features[:, 0] + true_w[1] * poly_features[:, 1]
          + true_w[2] * poly_features[:, 2] + true_b)
print(labels)
print(features[:2, :], poly_features[:, 0:1].shape)

# 3.16 Kaggle house prices helpers
from mxnet.gluon import loss as gloss
loss = gloss.L2Loss()
preds = nd.array([[0.5], [2.0], [3.0]])
labels = nd.array([[1.0], [2.0], [4.0]])
clipped_preds = nd.clip(preds, 1, float('inf'))
rmse = nd.sqrt(2 * loss(clipped_preds.log(), labels.log()).mean())
print(clipped_preds, round(rmse.asscalar(), 5))
print(nd.concat(nd.ones((2, 3)), nd.zeros((1, 3)), dim=0).shape)

# 7.x optimization
print(nd.array([1, 2, 3]).square(), nd.array([4.0]).sqrt(), nd.array([1.0, 4.0]).rsqrt())
x1, x2 = -5.0, -2.0
print(x1 ** 2 + 2 * x2 ** 2)
