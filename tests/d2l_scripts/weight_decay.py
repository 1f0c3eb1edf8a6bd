"""d2l 1st edition, ch. 3.12 (weight decay): the L2 penalty from scratch and ``wd`` in two
Gluon Trainers (weights decayed, bias not), on the book's high-dimensional linear data.

Run as a script it prints only verdicts; tests/test_d2l_basics.py also imports it."""
import d2lzh as d2l
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import data as gdata, loss as gloss, nn

mx.random.seed(6)
n_train, n_test, num_inputs = 20, 100, 50
true_w, true_b = nd.ones((num_inputs, 1)) * 0.01, 0.05
features = nd.random.normal(shape=(n_train + n_test, num_inputs))
labels = nd.dot(features, true_w) + true_b
labels += nd.random.normal(scale=0.01, shape=labels.shape)
train_features, test_features = features[:n_train, :], features[n_train:, :]
train_labels, test_labels = labels[:n_train], labels[n_train:]


def init_params():
    w = nd.random.normal(scale=1, shape=(num_inputs, 1))
    b = nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()
    return [w, b]


def l2_penalty(w):
    return (w**2).sum() / 2


batch_size, num_epochs, lr = 1, 20, 0.003
net, loss = d2l.linreg, d2l.squared_loss
train_iter = gdata.DataLoader(gdata.ArrayDataset(
    train_features, train_labels), batch_size, shuffle=True)


def fit_and_plot(lambd):
    """Returns (||w||, train losses, test losses) per epoch."""
    w, b = init_params()
    train_ls, test_ls = [], []
    for _ in range(num_epochs):
        for X, y in train_iter:
            with autograd.record():
                # add the L2 norm penalty term
                l = loss(net(X, w, b), y) + lambd * l2_penalty(w)
            l.backward()
            d2l.sgd([w, b], lr, batch_size)
        train_ls.append(loss(net(train_features, w, b),
                             train_labels).mean().asscalar())
        test_ls.append(loss(net(test_features, w, b),
                            test_labels).mean().asscalar())
    return w.norm().asscalar(), train_ls, test_ls


def fit_and_plot_gluon(wd):
    """Returns (||w||, train losses, test losses) per epoch."""
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=1))
    loss = gloss.L2Loss()
    # weight decay on the weights; weight names usually end with "weight"
    trainer_w = gluon.Trainer(net.collect_params('.*weight'), 'sgd',
                              {'learning_rate': lr, 'wd': wd})
    # no weight decay on the bias; bias names usually end with "bias"
    trainer_b = gluon.Trainer(net.collect_params('.*bias'), 'sgd',
                              {'learning_rate': lr})
    train_ls, test_ls = [], []
    for _ in range(num_epochs):
        for X, y in train_iter:
            with autograd.record():
                l = loss(net(X), y)
            l.backward()
            # each Trainer instance updates its own parameters
            trainer_w.step(batch_size)
            trainer_b.step(batch_size)
        train_ls.append(loss(net(train_features),
                             train_labels).mean().asscalar())
        test_ls.append(loss(net(test_features),
                            test_labels).mean().asscalar())
    return net[0].weight.data().norm().asscalar(), train_ls, test_ls


def verdicts():
    """(description, holds) pairs the book's plots show."""
    out = []
    for fit in (fit_and_plot, fit_and_plot_gluon):
        norm0, train0, test0 = fit(0)
        norm3, train3, test3 = fit(3)
        out += [(fit.__name__ + ': training loss decreases', train0[-1] < train0[0]),
                (fit.__name__ + ': decay shrinks ||w|| by half', norm3 < norm0 / 2),
                (fit.__name__ + ': decay lowers the test loss', test3[-1] < test0[-1])]
    return out


if __name__ == '__main__':
    for what, holds in verdicts():
        print(what, holds)
