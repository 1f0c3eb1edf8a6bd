"""Basic Gluon layers: containers, Dense, Dropout, normalization, Embedding, Flatten, Lambda."""
import warnings

import numpy as np

from ... import ndarray as nd
from ...base import MXNetError
from ..block import Block, HybridBlock, SymbolBlock
from ..utils import _indent
from .activations import Activation

# MXNet's gluon.nn re-exports the block classes (nn.Block, nn.HybridBlock)
__all__ = ["Block", "HybridBlock", "SymbolBlock", "Sequential", "HybridSequential", "Dense",
           "Dropout", "Embedding", "BatchNorm", "BatchNormReLU", "InstanceNorm", "LayerNorm",
           "GroupNorm", "Flatten", "Lambda", "HybridLambda"]


def _check_axis(x, axis, op, text):
    """`axis` of `x` made non-negative; out of range raises MXNet's channel-axis error."""
    pos = axis if axis >= 0 else axis + x.ndim
    if pos < 0 or pos >= x.ndim:
        raise MXNetError("Error in operator %s: Check failed: %s (input shape %s)"
                         % (op, text, x.shape))
    return pos


def _attrs_text(attrs):
    """'k1=v1, k2=v2' with the values' reprs, as the normalization layers print them."""
    return ", ".join("%s=%r" % item for item in attrs.items())


def _scale_shift(block, size, scale, center, gamma_init, beta_init):
    """Creates `gamma` and `beta` of shape (size,); a disabled one gets grad_req 'null'."""
    block.gamma = block.params.get("gamma", grad_req="write" if scale else "null",
                                   shape=(size,), init=gamma_init, allow_deferred_init=True)
    block.beta = block.params.get("beta", grad_req="write" if center else "null",
                                  shape=(size,), init=beta_init, allow_deferred_init=True)


class _Stack:
    """List-like behaviour shared by Sequential and HybridSequential."""

    def add(self, *blocks):
        """Adds blocks on top of the stack."""
        for blk in blocks:
            self.register_child(blk)

    def __len__(self):
        return len(self._children)

    def __iter__(self):
        return iter(self._children.values())

    def __getitem__(self, key):
        picked = list(self._children.values())[key]
        if not isinstance(picked, list):
            return picked
        # a slice: a new container of the same type and prefix holding those layers
        sub = type(self)(prefix=self._prefix)
        with sub.name_scope():
            sub.add(*picked)
        return sub

    def __repr__(self):
        rows = ["  (%s): %s" % (key, _indent(repr(blk), 2))
                for key, blk in self._children.items()]
        return "%s(\n%s\n)" % (type(self).__name__, "\n".join(rows))


class Sequential(_Stack, Block):
    """Stacks Blocks sequentially: ``net.add(nn.Dense(10), nn.Dense(2))``."""

    def __init__(self, prefix=None, params=None):
        Block.__init__(self, prefix=prefix, params=params)

    def forward(self, x):
        for layer in self._children.values():
            x = layer(x)
        return x

    def hybridize(self, active=True, **kwargs):
        kids = list(self._children.values())
        if kids and all(isinstance(k, HybridBlock) for k in kids):
            warnings.warn("All children of this Sequential layer '%s' are HybridBlocks. "
                          "Consider using HybridSequential for the best performance."
                          % self.prefix, stacklevel=2)
        Block.hybridize(self, active, **kwargs)


class HybridSequential(_Stack, HybridBlock):
    """Stacks HybridBlocks sequentially."""

    def __init__(self, prefix=None, params=None):
        HybridBlock.__init__(self, prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        for layer in self._children.values():
            x = layer(x)
        return x


class Dense(HybridBlock):
    """Densely-connected layer: ``output = activation(dot(input, weight.T) + bias)``.

    Parameters
    ----------
    units : int, output dimension
    activation : str, default None (linear)
    use_bias : bool, default True
    flatten : bool, default True; flattens all input axes but the first
    dtype : str or np.dtype, default 'float32'
    weight_initializer, bias_initializer : Initializer (bias default 'zeros')
    in_units : int, default 0 (inferred from the first input)
    """

    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype="float32",
                 weight_initializer=None, bias_initializer="zeros", in_units=0, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        self._flatten = flatten
        self._units = units
        self._in_units = in_units
        with self.name_scope():
            self.weight = self.params.get("weight", shape=(units, in_units), dtype=dtype,
                                          init=weight_initializer, allow_deferred_init=True)
            self.bias = None if not use_bias else self.params.get(
                "bias", shape=(units,), dtype=dtype, init=bias_initializer,
                allow_deferred_init=True)
            self.act = None if activation is None else \
                Activation(activation, prefix=activation + "_")

    def infer_shape(self, x, *args):
        features = x.shape[1:] if self._flatten else x.shape[-1:]
        # a 1-D input flattens to (n, 1), as MXNet's FullyConnected
        in_units = int(np.prod(features)) if x.ndim else 0
        if not in_units:
            raise MXNetError("Error in operator %s_fwd: FullyConnected cannot infer its "
                             "input size from data of shape %s" % (self.name, x.shape))
        self.weight.shape = (self._units, in_units)

    def hybrid_forward(self, F, x, weight, bias=None):
        y = F.FullyConnected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                             flatten=self._flatten)
        return y if self.act is None else self.act(y)

    def __repr__(self):
        out_units, in_units = self.weight.shape
        return "%s(%s -> %s, %s)" % (type(self).__name__, in_units or None, out_units,
                                     self.act if self.act else "linear")


class Dropout(HybridBlock):
    """Applies Dropout (rate = fraction of inputs dropped) in training mode; identity in
    prediction. `axes` shares the mask along those axes."""

    def __init__(self, rate, axes=(), **kwargs):
        HybridBlock.__init__(self, **kwargs)
        self._rate = rate
        self._axes = axes

    def hybrid_forward(self, F, x):
        if not self._rate > 0:
            return F.identity(x)
        return F.Dropout(x, p=self._rate, axes=self._axes, cudnn_off=False)

    def __repr__(self):
        return "%s(p = %s, axes=%s)" % (type(self).__name__, self._rate, self._axes)


class _BatchNorm(HybridBlock):
    """BatchNorm with an optional fused ReLU; the op's arguments live in `_kwargs`."""

    def __init__(self, axis, momentum, epsilon, center, scale, use_global_stats, fuse_relu,
                 beta_initializer, gamma_initializer, running_mean_initializer,
                 running_variance_initializer, in_channels, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        self._kwargs = {"axis": axis, "eps": epsilon, "momentum": momentum,
                        "fix_gamma": not scale, "use_global_stats": use_global_stats}
        self.fuse_relu = fuse_relu
        if in_channels != 0:
            self.in_channels = in_channels
        # (name, learned?, initializer); the running statistics are never differentiated
        for pname, learned, init in (("gamma", scale, gamma_initializer),
                                     ("beta", center, beta_initializer),
                                     ("running_mean", False, running_mean_initializer),
                                     ("running_var", False, running_variance_initializer)):
            param = self.params.get(pname, grad_req="write" if learned else "null",
                                    shape=(in_channels,), init=init,
                                    allow_deferred_init=True, differentiable=learned)
            setattr(self, pname, param)

    def cast(self, dtype):
        # float16 networks keep their normalization statistics in float32
        HybridBlock.cast(self, "float32" if np.dtype(dtype).name == "float16" else dtype)

    def infer_shape(self, x, *args):
        axis = self._kwargs["axis"]
        pos = _check_axis(x, axis, self.name + "_fwd",
                          "channelAxis < dshape.ndim() : Channel axis out of range: %d" % axis)
        for param in (self.gamma, self.beta, self.running_mean, self.running_var):
            param.shape = (x.shape[pos],)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        y = F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._kwargs)
        return F.relu(y) if self.fuse_relu else y

    def __repr__(self):
        return "%s(%s, in_channels=%s)" % (type(self).__name__, _attrs_text(self._kwargs),
                                           self.gamma.shape[0] or None)


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe & Szegedy 2015). Running statistics are the op's
    moving_mean/moving_var, updated in training mode (``autograd.record()``).

    Parameters
    ----------
    axis : int, default 1 (the channel axis)
    momentum : float, default 0.9
    epsilon : float, default 1e-5
    center, scale : bool, default True (scale=False fixes gamma at 1)
    use_global_stats : bool, default False
    beta_initializer, gamma_initializer, running_mean_initializer,
    running_variance_initializer : Initializer
    in_channels : int, default 0 (inferred from the first input)
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", in_channels=0, **kwargs):
        _BatchNorm.__init__(self, axis, momentum, epsilon, center, scale, use_global_stats,
                            False, beta_initializer, gamma_initializer,
                            running_mean_initializer, running_variance_initializer,
                            in_channels, **kwargs)


class BatchNormReLU(_BatchNorm):
    """Batch normalization followed by ReLU."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", in_channels=0, **kwargs):
        _BatchNorm.__init__(self, axis, momentum, epsilon, center, scale, use_global_stats,
                            True, beta_initializer, gamma_initializer,
                            running_mean_initializer, running_variance_initializer,
                            in_channels, **kwargs)


class Embedding(HybridBlock):
    """Turns non-negative integer indices into dense vectors of size `output_dim`.

    Parameters
    ----------
    input_dim : int, vocabulary size
    output_dim : int
    dtype : str, default 'float32'
    weight_initializer : Initializer
    sparse_grad : bool (accepted; gradients are dense in mxlite)
    """

    def __init__(self, input_dim, output_dim, dtype="float32", weight_initializer=None,
                 sparse_grad=False, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        self._kwargs = dict(input_dim=input_dim, output_dim=output_dim, dtype=dtype,
                            sparse_grad=sparse_grad)
        self.weight = self.params.get("weight", shape=(input_dim, output_dim), dtype=dtype,
                                      init=weight_initializer, allow_deferred_init=True)

    def hybrid_forward(self, F, x, weight):
        return F.Embedding(x, weight, **self._kwargs)

    def __repr__(self):
        a = self._kwargs
        return "%s(%s -> %s, %s)" % (type(self).__name__, a["input_dim"], a["output_dim"],
                                     a["dtype"])


class Flatten(HybridBlock):
    """Flattens the input to shape (batch_size, -1)."""

    def __init__(self, **kwargs):
        HybridBlock.__init__(self, **kwargs)

    def hybrid_forward(self, F, x):
        return F.flatten(x)

    def __repr__(self):
        return type(self).__name__


class _Norm(HybridBlock):
    """Shared set-up and repr of InstanceNorm and LayerNorm."""

    def _setup(self, axis, epsilon, center, scale, beta_initializer, gamma_initializer,
               in_channels):
        self._kwargs = {"eps": epsilon, "axis": axis, "center": center, "scale": scale}
        self._axis = axis
        self._epsilon = epsilon
        _scale_shift(self, in_channels, scale, center, gamma_initializer, beta_initializer)

    def __repr__(self):
        return "%s(%s, in_channels=%s)" % (type(self).__name__, _attrs_text(self._kwargs),
                                           self.gamma.shape[0])


class InstanceNorm(_Norm):
    """Instance normalization (Ulyanov et al. 2016): normalizes each sample and channel
    over the spatial axes.

    Parameters
    ----------
    axis : int, default 1; epsilon : float, default 1e-5
    center : bool, default True; scale : bool, default False
    beta_initializer, gamma_initializer : Initializer
    in_channels : int, default 0
    """

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0, **kwargs):
        _Norm.__init__(self, **kwargs)
        self._setup(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                    in_channels)

    def infer_shape(self, x, *args):
        if x.ndim < 2:
            raise MXNetError("Error in operator %s_fwd: Check failed: i >= 0 && i < ndim(): "
                             "index = 1 must be in range [0, %d) (input shape %s)"
                             % (self.name, x.ndim, x.shape))
        pos = _check_axis(x, self._axis, self.name + "_fwd",
                          "Channel axis out of range: axis=%d" % self._axis)
        self.gamma.shape = self.beta.shape = (x.shape[pos],)

    def hybrid_forward(self, F, x, gamma, beta):
        # the op normalizes with channels on axis 1: move the channel axis there and back
        moved = self._axis != 1
        if moved:
            x = x.swapaxes(1, self._axis)
        y = F.InstanceNorm(x, gamma, beta, eps=self._epsilon)
        return y.swapaxes(1, self._axis) if moved else y


class LayerNorm(_Norm):
    """Layer normalization (Ba et al. 2016) over `axis`.

    Parameters
    ----------
    axis : int, default -1; epsilon : float, default 1e-5
    center, scale : bool, default True
    beta_initializer, gamma_initializer : Initializer
    in_channels : int, default 0
    """

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", in_channels=0,
                 prefix=None, params=None):
        _Norm.__init__(self, prefix=prefix, params=params)
        self._setup(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                    in_channels)
        self._center = center
        self._scale = scale

    def infer_shape(self, x, *args):
        text = ("axis >= 0 && axis < dshape.ndim(): Channel axis out of range: axis=%d"
                % self._axis)
        pos = _check_axis(x, self._axis, "%s_%s" % (self.name, self.name), text)
        self.gamma.shape = self.beta.shape = (x.shape[pos],)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)


class GroupNorm(HybridBlock):
    """Group normalization (Wu & He 2018): channels split into `num_groups` groups.

    Parameters
    ----------
    num_groups : int, default 1; epsilon : float, default 1e-5
    center, scale : bool, default True
    beta_initializer, gamma_initializer : Initializer
    """

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", prefix=None, params=None):
        HybridBlock.__init__(self, prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "num_groups": num_groups, "center": center,
                        "scale": scale}
        self._num_groups, self._epsilon = num_groups, epsilon
        self._center, self._scale = center, scale
        _scale_shift(self, num_groups, scale, center, gamma_initializer, beta_initializer)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups,
                           eps=self._epsilon)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, _attrs_text(self._kwargs))


def _lookup(function, where):
    """An mx.nd function given by name, or `function` itself if it is callable."""
    if isinstance(function, str):
        assert hasattr(nd, function), "Function name %s is not found in %s." % (function,
                                                                                where)
        return getattr(nd, function)
    if not callable(function):
        raise ValueError("Unrecognized function in lambda: {} of type {}"
                         .format(function, type(function)))
    return function


class Lambda(Block):
    """Wraps a function (or the name of an mx.nd function) as a Block."""

    def __init__(self, function, prefix=None):
        Block.__init__(self, prefix=prefix)
        self._func_impl = _lookup(function, "ndarray")

    def forward(self, *args):
        return self._func_impl(*args)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self._func_impl.__name__)


class HybridLambda(HybridBlock):
    """Wraps ``function(F, x, *args)`` (or the name of an mx.nd function) as a HybridBlock."""

    def __init__(self, function, prefix=None):
        HybridBlock.__init__(self, prefix=prefix)
        fn = _lookup(function, "symbol/ndarray")
        if isinstance(function, str):
            # an nd function takes no F: drop it
            self._func = lambda F, *args: fn(*args)
            self._func_name = function
        else:
            self._func = fn
            self._func_name = fn.__name__

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self._func_name)
