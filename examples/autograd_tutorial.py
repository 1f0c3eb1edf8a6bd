"""An autograd tutorial for mxlite: attach_grad, record, backward, control flow, head
gradients and higher-order derivatives. Written for MXNet's API, so it also runs as
`python -m mxlite examples/autograd_tutorial.py` with `import mxnet` code.

    python examples/autograd_tutorial.py
"""
import mxlite as mx
from mxlite import autograd, nd

# 1. Ask for a gradient buffer, record the computation, call backward.
x = nd.array([[1, 2], [3, 4]])
x.attach_grad()
with autograd.record():
    z = 2 * x * x                 # z = 2x^2, so dz/dx = 4x
z.backward()                      # a non-scalar head: backward uses ones of its shape
print("dz/dx = 4x:", x.grad)

# 2. Python control flow is recorded as it runs: the graph is whatever executed.
def f(a):
    b = a * 2
    while nd.norm(b).asscalar() < 1000:
        b = b * 2
    return b if nd.sum(b).asscalar() > 0 else 100 * b

mx.random.seed(1)
a = nd.random.normal(shape=3)
a.attach_grad()
with autograd.record():
    c = f(a)
c.backward()
print("f is linear in a, so a.grad == c / a:", a.grad, (c / a))

# 3. Head gradients: backward(dz/dy) applies the chain rule from an outer function.
with autograd.record():
    y = x * 2
    z = y * x
head = nd.array([[10, 1.0], [0.1, 0.01]])
z.backward(head)
print("x.grad = head * 4x:", x.grad)

# 4. grad() returns gradients without touching .grad; create_graph=True records the
#    backward pass, so derivatives of any order are available.
t = nd.array([0.0, 0.5, 1.0])
t.attach_grad()
with autograd.record():
    s = nd.sin(t)
    ds = autograd.grad(s, t, create_graph=True)[0]      # cos t
    d2s = autograd.grad(ds, t, create_graph=True)[0]    # -sin t
d3s = autograd.grad(d2s, t)[0]                           # -cos t
print("sin''' = -cos:", d3s, -nd.cos(t))

# 5. pause() stops recording (results are constants); train_mode/predict_mode set the flag
#    layers such as Dropout and BatchNorm read.
with autograd.record():
    u = t * 3
    with autograd.pause():
        frozen = u * 2                   # not differentiated
    v = (frozen * t).sum()
v.backward()
print("gradient through a paused value only:", t.grad)
