"""Dive into Deep Learning (1st edition) chapter 5 (CNNs) written as the book does, at small
sizes: mxlite must run it unchanged and the models must learn.

Layer names and per-layer shapes of LeNet/AlexNet/VGG/NiN/GoogLeNet/ResNet/DenseNet are
compared against real MXNet 1.9.1 via tests/d2l_scripts/cnn_shapes.py."""

import numpy as np

import mxlite as mx
from mxlite import autograd, gluon, init, nd
from mxlite.gluon import loss as gloss, nn, utils as gutils

from d2l_common import SCRIPTS, run_d2l_script  # noqa: E402,F401  (installs the mxnet alias)
import d2lzh as d2l  # noqa: E402
from d2lzh import bar_images, corr2d, train_ch5  # noqa: E402


def test_script_cnn_shapes_match_mxnet():
    run_d2l_script("cnn_shapes.py")


def test_script_training_with_d2lzh_matches_mxnet():
    run_d2l_script("train_small.py")


def test_corr2d_matches_nn_conv2d():
    mx.random.seed(0)
    X = nd.random.uniform(shape=(5, 6))
    K = nd.random.uniform(shape=(2, 3))
    conv = nn.Conv2D(1, kernel_size=(2, 3), in_channels=1)
    conv.initialize()
    conv.weight.set_data(K.reshape((1, 1, 2, 3)))
    np.testing.assert_allclose(conv(X.reshape((1, 1, 5, 6)))[0, 0].asnumpy(),
                               corr2d(X, K).asnumpy(), rtol=1e-5)


def test_conv2d_learns_edge_kernel():
    # 5.1.4: learn the kernel [1, -1] from the edge-detection input/output pair
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    K = nd.array([[1, -1]])
    Y = corr2d(X, K)
    # a convolutional layer with 1 output channel and a (1, 2) kernel; bias ignored
    conv2d = nn.Conv2D(1, kernel_size=(1, 2))
    conv2d.initialize()
    # the input and output use the 4-D format (example, channel, height, width)
    X = X.reshape((1, 1, 6, 8))
    Y = Y.reshape((1, 1, 6, 7))
    losses = []
    for i in range(10):
        with autograd.record():
            Y_hat = conv2d(X)
            l = (Y_hat - Y) ** 2
        l.backward()
        # ignore the bias for simplicity
        conv2d.weight.data()[:] -= 3e-2 * conv2d.weight.grad()
        if (i + 1) % 2 == 0:
            print('batch %d, loss %.3f' % (i + 1, l.sum().asscalar()))
        losses.append(l.sum().asscalar())
    assert losses[-1] < losses[0] / 10
    w = conv2d.weight.data().reshape((1, 2)).asnumpy()
    np.testing.assert_allclose(w, [[1, -1]], atol=0.15)


def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    Y = nd.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y


def test_pooling_from_scratch_vs_gluon():
    mx.random.seed(1)
    X = nd.random.uniform(shape=(5, 7))
    X4 = X.reshape((1, 1, 5, 7))
    for mode, layer in (('max', nn.MaxPool2D((2, 3), strides=1)),
                        ('avg', nn.AvgPool2D((2, 3), strides=1))):
        np.testing.assert_allclose(layer(X4)[0, 0].asnumpy(),
                                   pool2d(X, (2, 3), mode).asnumpy(), rtol=1e-6)
    # gradient of max pooling routes to the argmax; of avg pooling spreads 1/size
    X4.attach_grad()
    with autograd.record():
        y = nn.MaxPool2D(pool_size=5, strides=5)(X4[:, :, :, :5])
    y.backward()
    g = X4.grad[0, 0].asnumpy()
    assert g.sum() == 1 and g[:, :5].ravel().argmax() == X[:, :5].asnumpy().ravel().argmax()
    with autograd.record():
        y = nn.AvgPool2D(pool_size=(5, 7))(X4)
    y.backward()
    np.testing.assert_allclose(X4.grad.asnumpy(), np.full((1, 1, 5, 7), 1 / 35), rtol=1e-6)
    # count_include_pad (MXNet's default): padded zeros count in the average
    X = nd.ones((1, 1, 2, 2))
    assert np.isclose(nn.AvgPool2D(3, strides=1, padding=1)(X)[0, 0, 0, 0].asscalar(), 4 / 9)
    assert nn.GlobalMaxPool2D()(X4).shape == (1, 1, 1, 1)


def test_multi_channel_gradients_vs_finite_differences():
    mx.random.seed(2)
    X = nd.random.uniform(shape=(2, 3, 5, 5), dtype='float64')
    conv = nn.Conv2D(4, kernel_size=3, padding=1, strides=2, in_channels=3)
    conv.initialize(init.Xavier())
    conv.cast('float64')
    with autograd.record():
        l = (conv(X) ** 2).sum()
    l.backward()
    W = conv.weight.data().asnumpy().copy()
    g = conv.weight.grad().asnumpy()
    rng = np.random.RandomState(0)
    for _ in range(3):
        idx = tuple(rng.randint(0, s) for s in W.shape)
        vals = []
        for d in (1e-5, -1e-5):
            W2 = W.copy()
            W2[idx] += d
            conv.weight.set_data(nd.array(W2, dtype='float64'))
            vals.append((conv(X) ** 2).sum().asscalar())
        fd = (vals[0] - vals[1]) / 2e-5
        assert abs(fd - g[idx]) < 1e-6 * max(1, abs(fd)), (idx, fd, g[idx])


def test_lenet_trains_on_tiny_images():
    mx.random.seed(3)
    # the book's sigmoid LeNet needs thousands of steps to leave its plateau (so does real
    # MXNet on this data: loss 1.39 after 15 epochs); ReLU learns these in a few epochs
    net = nn.Sequential()
    net.add(nn.Conv2D(channels=6, kernel_size=5, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(channels=16, kernel_size=3, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(32, activation='relu'),
            nn.Dense(16, activation='relu'),
            nn.Dense(4))
    X = nd.random.uniform(shape=(1, 1, 12, 12))
    net.initialize()
    shapes = []
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)
        shapes.append(X.shape)
    assert shapes == [(1, 6, 8, 8), (1, 6, 4, 4), (1, 16, 2, 2), (1, 16, 1, 1), (1, 32),
                      (1, 16), (1, 4)]
    batch_size = 16
    train_iter, test_iter = bar_images(batch_size)

    ctx = d2l.try_gpu()
    lr, num_epochs = 0.01, 5
    net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
    # Adam: plain SGD on 16 steps per epoch fails for some seeds (so does real MXNet)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    hist = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)
    assert hist[-1][0] < hist[0][0] * 0.5
    assert hist[-1][2] > 0.7  # chance is 0.25


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    # autograd tells whether we are in training or prediction mode
    if not autograd.is_training():
        # prediction mode: use the moving mean and variance directly
        X_hat = (X - moving_mean) / nd.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            # fully connected layer: mean and variance over the feature dimension
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)
        else:
            # 2-D convolution: mean and variance per channel (axis=1), keeping the shape
            # for broadcasting
            mean = X.mean(axis=(0, 2, 3), keepdims=True)
            var = ((X - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
        # in training mode: standardize with the current mean and variance
        X_hat = (X - mean) / nd.sqrt(var + eps)
        # update the moving averages
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta  # scale and shift
    return Y, moving_mean, moving_var


class BatchNorm(nn.Block):
    def __init__(self, num_features, num_dims, **kwargs):
        super(BatchNorm, self).__init__(**kwargs)
        if num_dims == 2:
            shape = (1, num_features)
        else:
            shape = (1, num_features, 1, 1)
        # the scale and shift parameters, initialized to 1 and 0
        self.gamma = self.params.get('gamma', shape=shape, init=init.One())
        self.beta = self.params.get('beta', shape=shape, init=init.Zero())
        # the moving statistics are not model parameters: initialized to 0 on the CPU
        self.moving_mean = nd.zeros(shape)
        self.moving_var = nd.zeros(shape)

    def forward(self, X):
        # copy moving_mean and moving_var to the device of X if they are not there
        if self.moving_mean.context != X.context:
            self.moving_mean = self.moving_mean.copyto(X.context)
            self.moving_var = self.moving_var.copyto(X.context)
        # save the updated moving_mean and moving_var
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma.data(), self.beta.data(), self.moving_mean,
            self.moving_var, eps=1e-5, momentum=0.9)
        return Y


def test_batch_norm_from_scratch_matches_nn_batchnorm():
    mx.random.seed(4)
    X = nd.random.normal(loc=2, scale=3, shape=(4, 3, 5, 5))
    mine = BatchNorm(3, num_dims=4)
    mine.initialize()
    ref = nn.BatchNorm(in_channels=3)
    ref.initialize()
    head = nd.random.normal(shape=X.shape)
    for blk in (mine, ref):
        X.attach_grad()
        with autograd.record():
            Y = blk(X)
            l = (Y * head).sum()
        l.backward()
        blk.out, blk.xgrad = Y.asnumpy(), X.grad.asnumpy().copy()
        blk.ggrad = blk.gamma.grad().asnumpy().ravel()
    np.testing.assert_allclose(mine.out, ref.out, rtol=1e-4, atol=1e-4)
    per_channel = mine.out.transpose(1, 0, 2, 3).reshape(3, -1)
    np.testing.assert_allclose(per_channel.mean(1), 0, atol=1e-5)
    np.testing.assert_allclose(per_channel.std(1), 1, atol=1e-3)
    np.testing.assert_allclose(mine.xgrad, ref.xgrad, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(mine.ggrad, ref.ggrad, rtol=1e-4, atol=1e-4)
    # running statistics: MXNet keeps 0.9 * running + 0.1 * batch; var is the biased one
    Xn = X.asnumpy()
    mean, var = Xn.mean(axis=(0, 2, 3)), Xn.var(axis=(0, 2, 3))
    np.testing.assert_allclose(ref.running_mean.data().asnumpy(), 0.1 * mean, rtol=1e-4)
    np.testing.assert_allclose(ref.running_var.data().asnumpy(), 0.9 + 0.1 * var, rtol=1e-4)
    np.testing.assert_allclose(mine.moving_mean.asnumpy().ravel(), 0.1 * mean, rtol=1e-4)
    # predict mode (no record): uses the running statistics, updates nothing
    before = ref.running_mean.data().asnumpy().copy()
    Yp = ref(X).asnumpy()
    rm, rv = ref.running_mean.data().asnumpy(), ref.running_var.data().asnumpy()
    np.testing.assert_allclose(rm, before)
    expect = (Xn - rm[None, :, None, None]) / np.sqrt(rv[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(Yp, expect, rtol=1e-4, atol=1e-4)
    Ym, _, _ = batch_norm(X, mine.gamma.data(), mine.beta.data(), mine.moving_mean,
                          mine.moving_var, 1e-5, 0.9)
    assert Ym.shape == X.shape
    # record(train_mode=False) also predicts with the running statistics
    with autograd.record(train_mode=False):
        Yr = ref(X)
    np.testing.assert_allclose(Yr.asnumpy(), Yp, rtol=1e-6)
    np.testing.assert_allclose(ref.running_mean.data().asnumpy(), before)
    # 2-D (fully connected) input, from scratch
    bn2 = BatchNorm(6, num_dims=2)
    bn2.initialize()
    with autograd.record():
        Y2 = bn2(nd.random.normal(shape=(8, 6)))
    np.testing.assert_allclose(Y2.asnumpy().mean(0), 0, atol=1e-5)


def test_lenet_with_batch_norm_and_gap_classifier_train():
    mx.random.seed(5)
    net = nn.Sequential()
    net.add(nn.Conv2D(6, kernel_size=3),
            BatchNorm(6, num_dims=4),
            nn.Activation('sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(8, kernel_size=3),
            nn.BatchNorm(),
            nn.Activation('relu'),
            nn.Conv2D(4, kernel_size=1),
            nn.GlobalAvgPool2D(),
            nn.Flatten())
    batch_size = 16
    train_iter, test_iter = bar_images(batch_size, n_train=192)
    net.initialize(init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.05})
    hist = train_ch5(net, train_iter, test_iter, batch_size, trainer, mx.cpu(), 5)
    assert hist[-1][0] < hist[0][0] * 0.8 and hist[-1][2] > 0.5
    gamma = net[1].gamma.data().reshape((-1,))
    assert gamma.shape == (6,) and abs(gamma - 1).sum().asscalar() > 0  # learned
    assert net[5].running_mean.data().abs().sum().asscalar() > 0
    assert net[1].moving_var.abs().sum().asscalar() > 0


def test_residual_and_dense_blocks_backward():
    mx.random.seed(6)

    net = nn.Sequential()
    net.add(d2l.Residual(4, use_1x1conv=True, strides=2), d2l.Residual(4), nn.GlobalAvgPool2D(),
            nn.Dense(3))
    net.initialize(init.Xavier())
    X = nd.random.uniform(shape=(2, 3, 6, 6))
    y = nd.array([0, 2])
    loss = gloss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    losses = []
    for _ in range(8):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(2)
        losses.append(l.mean().asscalar())
    assert losses[-1] < losses[0] / 2
    assert net[0].conv3.weight.shape == (4, 3, 1, 1) and net[1].conv3 is None
    for p in net.collect_params('.*weight|.*gamma').values():
        assert p.grad().abs().sum().asscalar() > 0, p.name


def resnet18(num_classes):
    """A slimmed ResNet-18 as d2lzh.resnet18 builds it (channels 8/16, one residual each)."""
    def resnet_block(num_channels, num_residuals, first_block=False):
        blk = nn.Sequential()
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.add(d2l.Residual(num_channels, use_1x1conv=True, strides=2))
            else:
                blk.add(d2l.Residual(num_channels))
        return blk

    net = nn.Sequential()
    # this model uses a smaller kernel, stride and padding and drops the max pooling
    net.add(nn.Conv2D(8, kernel_size=3, strides=1, padding=1),
            nn.BatchNorm(), nn.Activation('relu'))
    net.add(resnet_block(8, 1, first_block=True),
            resnet_block(16, 1))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(num_classes))
    return net


def test_multi_device_training_matches_one_device():
    """Ch. 8.5 / 9: the batch split over two contexts (cpu(0), cpu(1)) with split_and_load,
    one backward per shard and trainer.step(batch_size) gives the same model as one device."""
    ctx = [mx.cpu(0), mx.cpu(1)]
    assert d2l.try_all_gpus() in ([mx.cpu()], [mx.gpu(i) for i in range(mx.context.num_gpus())])
    X = nd.random.uniform(shape=(8, 1, 6, 6))
    y = nd.array([0, 1, 2, 3, 0, 1, 2, 3])
    nets = []
    for devices in (ctx, [mx.cpu(0)]):
        mx.random.seed(13)
        net = nn.Sequential()
        net.add(nn.Conv2D(4, kernel_size=3, activation='relu'), nn.Dense(4))
        net.initialize(init=init.Normal(sigma=0.1), ctx=devices)
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
        loss = gloss.SoftmaxCrossEntropyLoss()
        for _ in range(3):
            gpu_Xs = gutils.split_and_load(X, devices)
            gpu_ys = gutils.split_and_load(y, devices)
            with autograd.record():
                ls = [loss(net(gpu_X), gpu_y) for gpu_X, gpu_y in zip(gpu_Xs, gpu_ys)]
            for l in ls:
                l.backward()
            trainer.step(X.shape[0])
        nets.append(net)
    two, one = nets
    weight = two[0].params.get('weight')
    assert weight.list_ctx() == ctx
    np.testing.assert_array_equal(weight.data(ctx[0]).asnumpy(), weight.data(ctx[1]).asnumpy())
    np.testing.assert_allclose(weight.data(ctx[1]).asnumpy(), one[0].weight.data().asnumpy(),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(two[1].bias.data(ctx[0]).asnumpy(),
                               one[1].bias.data().asnumpy(), rtol=1e-5, atol=1e-6)

    # d2lzh.train (ch. 9) with a ResNet on both contexts learns the bar images
    mx.random.seed(14)
    net = resnet18(4)
    net.initialize(init=init.Normal(sigma=0.01), ctx=ctx)
    train_iter, test_iter = bar_images(32, n_train=128, n_test=64)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    hist = d2l.train(train_iter, test_iter, net, gloss.SoftmaxCrossEntropyLoss(), trainer,
                     ctx, 4)
    # test accuracy stays at chance for these few steps, in real MXNet too: the BatchNorm
    # running statistics (momentum 0.9) are still far from the batch statistics
    assert hist[-1][0] < hist[0][0] * 0.85 and hist[-1][1] > 0.45
    assert net[0].weight.data(ctx[1]).context == ctx[1]
    rm0, rm1 = (net[1].running_mean.data(c).asnumpy() for c in ctx)
    assert np.abs(rm0).sum() > 0 and np.abs(rm1).sum() > 0 and not np.array_equal(rm0, rm1)
