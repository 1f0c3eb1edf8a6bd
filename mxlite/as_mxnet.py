"""``import mxlite.as_mxnet``: a one-line opt-in that makes ``import mxnet`` give mxlite."""
from ._alias import install_as_mxnet

install_as_mxnet()
