"""mxlite.gluon: MXNet's high-level interface (Blocks, Parameters, layers, losses, Trainer)."""
from . import parameter, block, nn, rnn, loss, trainer, data, utils  # noqa: F401
from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from .trainer import *  # noqa: F401,F403
from . import model_zoo  # noqa: F401
