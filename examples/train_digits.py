"""Train a LeNet-style CNN with Gluon on the shipped UCI optical digits (8x8, 10 classes).

Written against MXNet 1.9.1's API only: replace ``mxlite`` by ``mxnet`` in the imports and
it runs on MXNet; ``python -m mxlite examples/train_digits.py`` runs it on mxlite too.

    python examples/train_digits.py                       # 10 epochs, ~98% test accuracy
    python examples/train_digits.py --epochs 3 --quiet --out /tmp/digits.params

Steps: a fixed seeded split of the 1,797 digits into 1,500 training and 297 test images,
a DataLoader (shuffled batches), a HybridSequential of Conv2D/MaxPool2D/Dense trained with
Adam (cosine learning-rate decay) and softmax cross-entropy, loss and accuracies printed
per epoch; then the parameters are saved, loaded into a fresh network, and its test
accuracy checked against the trained one. A progress bar shows with tqdm when installed
(an optional extra), else a plain text bar; --quiet hides it.
"""
import argparse
import gzip
import math
import os
import sys
import tempfile
import time

import numpy as np

import mxlite as mx
from mxlite import autograd, gluon, nd
from mxlite.gluon import nn

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "optdigits.csv.gz")
N_TRAIN = 1500


def load_digits(path=DATA, seed=0):
    """(train_x, train_y, test_x, test_y): images float32 (N, 1, 8, 8) in [0, 1], labels
    float32; a fixed permutation (numpy seed `seed`) splits 1,500 / 297."""
    with gzip.open(path, "rt") as f:
        raw = np.loadtxt(f, delimiter=",", dtype=np.float32)
    x = (raw[:, :64] / 16.0).reshape(-1, 1, 8, 8).astype(np.float32)
    y = raw[:, 64].astype(np.float32)
    order = np.random.RandomState(seed).permutation(len(y))
    tr, te = order[:N_TRAIN], order[N_TRAIN:]
    return x[tr], y[tr], x[te], y[te]


def build_net():
    """LeNet-style: two conv/pool stages (the 8x8 input is padded so 3x3 kernels keep the
    size), then two dense layers."""
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Conv2D(channels=32, kernel_size=3, padding=1, activation="relu"),
                nn.MaxPool2D(pool_size=2, strides=2),          # 8x8 -> 4x4
                nn.Conv2D(channels=64, kernel_size=3, padding=1, activation="relu"),
                nn.MaxPool2D(pool_size=2, strides=2),          # 4x4 -> 2x2
                nn.Flatten(),
                nn.Dense(128, activation="relu"),
                nn.Dense(10))
    return net


class _TextBar:
    """A minimal progress bar on stderr, used when tqdm is not installed."""

    def __init__(self, total, desc, width=30):
        self.total, self.desc, self.width, self.n = total, desc, width, 0
        self.postfix = ""

    def update(self, n=1):
        self.n += n
        done = int(self.width * self.n / max(self.total, 1))
        sys.stderr.write(f"\r{self.desc} [{'#' * done}{'.' * (self.width - done)}] "
                         f"{self.n}/{self.total} {self.postfix}")
        sys.stderr.flush()

    def set_postfix_str(self, s):
        self.postfix = s

    def close(self):
        sys.stderr.write("\r" + " " * (len(self.desc) + self.width + 40) + "\r")
        sys.stderr.flush()


def progress(total, desc, quiet):
    """tqdm when importable (an optional extra), else _TextBar; None when quiet."""
    if quiet:
        return None
    try:
        from tqdm import tqdm
        return tqdm(total=total, desc=desc, leave=False, file=sys.stderr)
    except ImportError:
        return _TextBar(total, desc)


def evaluate(net, loader):
    """Accuracy of `net` over the batches of `loader`."""
    metric = mx.metric.Accuracy()
    for data, label in loader:
        metric.update([label], [net(data)])
    return metric.get()[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.003, help="Adam's learning rate")
    parser.add_argument("--out", default=None,
                        help="where to save the parameters (default: a temporary file)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", default=DATA, help="optdigits.csv.gz (64 pixels, label)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    mx.random.seed(args.seed)      # initial weights (and mxlite's shuffling)
    np.random.seed(args.seed)      # MXNet's RandomSampler shuffles with numpy's generator
    train_x, train_y, test_x, test_y = load_digits(args.data)
    train_loader = gluon.data.DataLoader(gluon.data.ArrayDataset(train_x, train_y),
                                         batch_size=args.batch_size, shuffle=True)
    test_loader = gluon.data.DataLoader(gluon.data.ArrayDataset(test_x, test_y),
                                        batch_size=256)
    print(f"digits: {len(train_y)} training and {len(test_y)} test images of 8x8")

    net = build_net()
    net.initialize(mx.init.Xavier())
    net.hybridize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": args.lr})

    start = time.time()
    test_acc = 0.0
    for epoch in range(1, args.epochs + 1):
        tic = time.time()
        metric = mx.metric.Accuracy()
        total_loss, seen = 0.0, 0
        # cosine decay of the learning rate over the epochs: a steadier final accuracy
        trainer.set_learning_rate(args.lr * 0.5 * (1 + math.cos(math.pi * (epoch - 1) /
                                                                args.epochs)))
        bar = progress(len(train_loader), f"epoch {epoch}", args.quiet)
        for data, label in train_loader:
            with autograd.record():
                output = net(data)
                loss = loss_fn(output, label)
            loss.backward()
            trainer.step(data.shape[0])
            total_loss += nd.sum(loss).asscalar()
            seen += data.shape[0]
            metric.update([label], [output])
            if bar is not None:
                bar.set_postfix_str(f"loss {total_loss / seen:.4f}")
                bar.update(1)
        if bar is not None:
            bar.close()
        test_acc = evaluate(net, test_loader)
        print(f"epoch {epoch}/{args.epochs}: loss {total_loss / seen:.4f}, "
              f"train acc {metric.get()[1]:.4f}, test acc {test_acc:.4f}, "
              f"{time.time() - tic:.1f} s")
        sys.stdout.flush()
    train_time = time.time() - start
    print(f"training time: {train_time:.1f} s ({train_time / max(args.epochs, 1):.2f} s/epoch)")
    print(f"final test accuracy: {test_acc:.4f}")

    out = args.out
    tmpdir = None
    if out is None:
        tmpdir = tempfile.mkdtemp(prefix="digits-")
        out = os.path.join(tmpdir, "lenet-digits.params")
    net.save_parameters(out)
    print(f"saved parameters to {out}")

    fresh = build_net()
    fresh.load_parameters(out)
    reloaded = evaluate(fresh, test_loader)
    same = abs(reloaded - test_acc) < 1e-12
    print(f"reloaded test accuracy: {reloaded:.4f} ({'matches' if same else 'MISMATCH'})")
    if tmpdir is not None:
        os.remove(out)
        os.rmdir(tmpdir)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
