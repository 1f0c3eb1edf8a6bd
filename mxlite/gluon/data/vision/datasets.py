"""Vision datasets (``gluon.data.vision``): MNIST, FashionMNIST, CIFAR10, CIFAR100.

Files, cache folders ($MXNET_HOME/datasets/<name>, default ~/.mxnet), download URLs
($MXNET_GLUON_REPO) and sha1 checks are MXNet's: files already in the cache with the right
sha1 are read without any network access; missing ones are downloaded.
"""
import gzip
import os
import struct
import tarfile
import warnings

import numpy as np

from .... import ndarray as nd
from ....base import MXNetError, data_dir
from .._recordio import imdecode, unpack
from ..dataset import _DownloadedDataset, Dataset, RecordFileDataset

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset"]


def _repo_file_url(namespace, filename):
    repo = os.environ.get("MXNET_GLUON_REPO",
                          "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/")
    if not repo.endswith("/"):
        repo += "/"
    return f"{repo}{namespace}/{filename}"


def _fetch(root, namespace, name, sha1):
    from ...utils import check_sha1, download
    path = os.path.join(root, name)
    if os.path.exists(path) and check_sha1(path, sha1):
        return path
    return download(_repo_file_url("gluon/dataset/" + namespace, name), path=root,
                    sha1_hash=sha1)


class MNIST(_DownloadedDataset):
    """MNIST handwritten digits dataset from http://yann.lecun.com/exdb/mnist

    Each sample is an image (in 3D NDArray, uint8) with shape (28, 28, 1) and an int32 label.

    Parameters
    ----------
    root : str, default $MXNET_HOME/datasets/mnist
    train : bool, default True (the training or the testing set)
    transform : function, default None, called as ``transform(data, label)``
    """
    _namespace = "mnist"
    _files = {True: (("train-images-idx3-ubyte.gz", "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d"),
                     ("train-labels-idx1-ubyte.gz", "2a80914081dc54586dbdf242f9805a6b8d2a15fc")),
              False: (("t10k-images-idx3-ubyte.gz", "c3a25af1f52dad7f726cce8cacb138654b760d48"),
                      ("t10k-labels-idx1-ubyte.gz", "763e7fa3757d93b0cdec073cef058b2004252c17"))}

    def __init__(self, root=os.path.join(data_dir(), "datasets", "mnist"), train=True,
                 transform=None):
        self._train = train
        super().__init__(root, transform)

    def _get_data(self):
        (data_name, data_sha1), (label_name, label_sha1) = self._files[self._train]
        data_file = _fetch(self._root, self._namespace, data_name, data_sha1)
        label_file = _fetch(self._root, self._namespace, label_name, label_sha1)
        with gzip.open(label_file, "rb") as f:
            magic, n = struct.unpack(">II", f.read(8))
            label = np.frombuffer(f.read(), dtype=np.uint8).astype(np.int32)
        with gzip.open(data_file, "rb") as f:
            magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
            data = np.frombuffer(f.read(), dtype=np.uint8)
        if data.size != len(label) * 28 * 28:
            raise MXNetError(f"{data_file}: {data.size} pixels for {len(label)} labels")
        self._data = nd.array(data.reshape(len(label), 28, 28, 1), dtype=np.uint8)
        self._label = label


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST (https://github.com/zalandoresearch/fashion-mnist), a drop-in
    replacement for MNIST: (28, 28, 1) uint8 images and int32 labels.

    root : str, default $MXNET_HOME/datasets/fashion-mnist
    """
    _namespace = "fashion-mnist"
    _files = {True: (("train-images-idx3-ubyte.gz", "0cf37b0d40ed5169c6b3aba31069a9770ac9043d"),
                     ("train-labels-idx1-ubyte.gz", "236021d52f1e40852b06a4c3008d8de8aef1e40b")),
              False: (("t10k-images-idx3-ubyte.gz", "626ed6a7c06dd17c0eec72fa3be1740f146a2863"),
                      ("t10k-labels-idx1-ubyte.gz", "17f9ab60e7257a1620f4ad76bbbaf857c3920701"))}

    def __init__(self, root=os.path.join(data_dir(), "datasets", "fashion-mnist"), train=True,
                 transform=None):
        super().__init__(root, train, transform)


class CIFAR10(_DownloadedDataset):
    """CIFAR10 image classification dataset from https://www.cs.toronto.edu/~kriz/cifar.html

    Each sample is an image (in 3D NDArray, uint8) with shape (32, 32, 3) and an int32 label.

    root : str, default $MXNET_HOME/datasets/cifar10
    """
    _namespace = "cifar10"
    _archive_file = ("cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891")
    _train_data = [("data_batch_1.bin", "aadd24acce27caa71bf4b10992e9e7b2d74c2540"),
                   ("data_batch_2.bin", "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795"),
                   ("data_batch_3.bin", "1dd00a74ab1d17a6e7d73e185b69dbf31242f295"),
                   ("data_batch_4.bin", "aab85764eb3584312d3c7f65fd2fd016e36a258e"),
                   ("data_batch_5.bin", "26e2849e66a845b7f1e4614ae70f4889ae604628")]
    _test_data = [("test_batch.bin", "67eb016db431130d61cd03c7ad570b013799c88c")]
    _label_bytes = 1

    def __init__(self, root=os.path.join(data_dir(), "datasets", "cifar10"), train=True,
                 transform=None):
        self._train = train
        super().__init__(root, transform)

    def _read_batch(self, filename):
        with open(filename, "rb") as f:
            raw = np.frombuffer(f.read(), dtype=np.uint8)
        rows = raw.reshape(-1, 3072 + self._label_bytes)
        return (rows[:, self._label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1),
                rows[:, self._label_bytes - 1].astype(np.int32))

    def _get_data(self):
        from ...utils import check_sha1
        files = self._train_data + self._test_data
        if any(not os.path.exists(os.path.join(self._root, n)) or
               not check_sha1(os.path.join(self._root, n), s) for n, s in files):
            archive = _fetch(self._root, self._namespace, *self._archive_file)
            with tarfile.open(archive) as tar:
                for member in tar.getmembers():
                    if member.isfile() and os.path.basename(member.name) in dict(files):
                        member.name = os.path.basename(member.name)  # flatten, no path escape
                        tar.extract(member, self._root)
        data, label = zip(*(self._read_batch(os.path.join(self._root, n))
                            for n, _ in (self._train_data if self._train else self._test_data)))
        self._data = nd.array(np.concatenate(data), dtype=np.uint8)
        self._label = np.concatenate(label)


class CIFAR100(CIFAR10):
    """CIFAR100 image classification dataset (fine labels by default, coarse with
    ``fine_label=False``).

    root : str, default $MXNET_HOME/datasets/cifar100
    """
    _namespace = "cifar100"
    _archive_file = ("cifar-100-binary.tar.gz", "a0bb982c76b83111308126cc779a992fa506b90b")
    _train_data = [("train.bin", "e207cd2e05b73b1393c74c7f5e7bea451d63e08e")]
    _test_data = [("test.bin", "8fb6623e830365ff53cf14adec797474f5478006")]

    def __init__(self, root=os.path.join(data_dir(), "datasets", "cifar100"), fine_label=False,
                 train=True, transform=None):
        self._fine = fine_label
        super().__init__(root, train, transform)

    def _read_batch(self, filename):
        with open(filename, "rb") as f:
            rows = np.frombuffer(f.read(), dtype=np.uint8).reshape(-1, 3072 + 2)
        return (rows[:, 2:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1),
                rows[:, 1 if self._fine else 0].astype(np.int32))


class ImageRecordDataset(RecordFileDataset):
    """A dataset wrapping over a RecordIO file containing images: each sample is an image
    (HWC uint8 NDArray) and its label (a float, or a float32 array for multi-label
    records).

    Decoding needs Pillow (an optional extra; MXNet uses OpenCV).

    Parameters
    ----------
    filename : str
        Path to rec file.
    flag : {0, 1}, default 1
        If 0, always convert images to greyscale; if 1, to colored (RGB).
    transform : function, default None
        Called as ``transform(data, label)``.
    """

    def __init__(self, filename, flag=1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        record = super().__getitem__(idx)
        header, img = unpack(record)
        data = nd.array(imdecode(img, self._flag), dtype=np.uint8)
        if self._transform is not None:
            return self._transform(data, header.label)
        return data, header.label


class ImageFolderDataset(Dataset):
    """A dataset for loading image files stored in a folder structure::

        root/car/0001.jpg
        root/car/xxxa.jpg
        root/bus/123.jpg

    Decoding needs Pillow (an optional extra; MXNet uses OpenCV); listing does not.

    Parameters
    ----------
    root : str
        Path to root directory.
    flag : {0, 1}, default 1
        If 0, always convert loaded images to greyscale (1 channel); if 1, to colored
        (3 channels).
    transform : callable, default None
        Called as ``transform(data, label)``.

    Attributes
    ----------
    synsets : list
        List of class names. `synsets[i]` is the name for the integer label `i`
    items : list of tuples
        List of all images in (filename, label) pairs.
    """

    def __init__(self, root, flag=1, transform=None):
        self._root = os.path.expanduser(root)
        self._flag = flag
        self._transform = transform
        self._exts = ['.jpg', '.jpeg', '.png']
        self._list_images(self._root)

    def _list_images(self, root):
        self.synsets = []
        self.items = []
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                warnings.warn('Ignoring %s, which is not a directory.' % path, stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(folder)
            for filename in sorted(os.listdir(path)):
                filename = os.path.join(path, filename)
                ext = os.path.splitext(filename)[1]
                if ext.lower() not in self._exts:
                    warnings.warn('Ignoring %s of type %s. Only support %s' % (
                        filename, ext, ', '.join(self._exts)))
                    continue
                self.items.append((filename, label))

    def __getitem__(self, idx):
        with open(self.items[idx][0], "rb") as f:
            img = nd.array(imdecode(f.read(), self._flag), dtype=np.uint8)
        label = self.items[idx][1]
        if self._transform is not None:
            return self._transform(img, label)
        return img, label

    def __len__(self):
        return len(self.items)
