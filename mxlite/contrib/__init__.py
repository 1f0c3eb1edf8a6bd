"""mx.contrib (MXNet 1.9.1's experimental contributions): ``text``, ``autograd`` (the old
autograd API), ``ndarray``/``nd`` (= mx.nd.contrib) and ``io`` (DataLoaderIter)."""
from . import ndarray
from . import ndarray as nd
from . import autograd, text, io
