"""Convolution, transposed convolution, pooling and padding layers (``gluon.nn``)."""
from ...base import MXNetError, numeric_types
from ...ndarray.conv import (_AXIS_NAMES, _check_groups, _check_num_filter,
                             _deconv_geometry, _spatial_params_checked)
from ..block import HybridBlock
from .activations import Activation

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
           "Conv3DTranspose", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D",
           "AvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "ReflectionPad2D"]

# how MXNet's shape check names the axes of a 1-, 2- and 3-D convolution input
_CONV_AXES = {1: "batch-num_filter-x", 2: "batch-num_filter-y-x",
              3: "batch-num_filter-depth-y-x"}
# the layouts each dimensionality accepts, for convolutions and for pooling
_CONV_LAYOUTS = {1: ("NCW",), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}
_POOL_LAYOUTS = {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


def _expand(value, n):
    """A scalar becomes an n-tuple; a sequence is kept as given."""
    return (value,) * n if isinstance(value, numeric_types) else value


def _tuple(v, n, what):
    v = _expand(v, n)
    assert len(v) == n, "%s must be a number or a list of %d ints" % (what, n)
    return v


def _check_conv_layout(n, layout):
    allowed = _CONV_LAYOUTS[n]
    assert layout in allowed, "Only supports %s layout for now" % " and ".join(
        "'%s'" % name for name in allowed)


def _check_args(op_name, channels, in_channels, attrs, adj):
    """The checks MXNet's layer runs at construction (its weight shape inference): channels,
    kernel/stride/dilation, groups against both channel counts, output_padding < strides."""
    _check_num_filter(op_name, channels, attrs)
    if any(k <= 0 for k in attrs["kernel"]):
        raise MXNetError("Check failed: param_.kernel.Size() > 0U (0 vs. 0) : incorrect kernel "
                         "size: [%s]" % ",".join(str(k) for k in attrs["kernel"]))
    _, s, _, _ = _spatial_params_checked(op_name, attrs["kernel"], attrs["stride"],
                                         attrs["dilate"], attrs["pad"])
    _check_groups(op_name, channels, in_channels, attrs["num_group"])
    for i, a in enumerate(() if adj is None else _expand(adj, len(s))):
        if s[i] - 1 < a:
            raise MXNetError(f"Check failed: param_.stride[{i}]-1 >= o_adj[{i}] ({s[i] - 1} vs. "
                             f"{a}) : adj({_AXIS_NAMES[len(s)][i]}) must be samller than "
                             f"stride[{i}]")


def _weight_shape(op_name, channels, in_channels, kernel, groups, layout):
    """The weight shape MXNet's shape inference gives (0 = unknown input channels).
    Convolution: (channels, in/groups, *kernel); Deconvolution: (in, channels/groups, *kernel);
    channel-last layouts move the second axis to the end."""
    if op_name == "Convolution":
        outer, inner = channels, in_channels // groups
    else:
        outer, inner = in_channels, channels // groups
    kernel = tuple(kernel)
    if layout.endswith("C"):
        return (outer,) + kernel + (inner,)
    return (outer, inner) + kernel


class _Conv(HybridBlock):
    """N-D convolution (op 'Convolution') or transposed convolution ('Deconvolution').

    The weight follows the op's layout; the input channels may be 0 and are then taken
    from the first input."""

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout,
                 in_channels=0, activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", op_name="Convolution", adj=None, prefix=None,
                 params=None):
        HybridBlock.__init__(self, prefix=prefix, params=params)
        n = len(kernel_size)
        attrs = dict(kernel=kernel_size, stride=_expand(strides, n),
                     dilate=_expand(dilation, n), pad=_expand(padding, n),
                     num_filter=channels, num_group=groups, no_bias=not use_bias,
                     layout=layout)
        if adj is not None:
            attrs["adj"] = adj
        _check_args(op_name, channels, in_channels, attrs, adj)
        self._kwargs = attrs
        self._op_name = op_name
        self._channels = channels
        self._in_channels = in_channels
        wshape = _weight_shape(op_name, channels, in_channels, kernel_size, groups, layout)
        with self.name_scope():
            self.weight = self.params.get("weight", shape=wshape, init=weight_initializer,
                                          allow_deferred_init=True)
            self.bias = None
            if use_bias:
                self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                            allow_deferred_init=True)
            # the activation is a child named '<prefix><activation>_'
            self.act = None if activation is None else \
                Activation(activation, prefix=activation + "_")

    def _alias(self):
        return "conv"

    def infer_shape(self, x, *args):
        attrs = self._kwargs
        rank = len(attrs["kernel"]) + 2
        if x.ndim != rank:
            raise MXNetError(
                "Error in operator %s_fwd: Check failed: dshape.ndim() == %dU (%d vs. %d) : "
                "Input data should be %dD in %s (got input of shape %s)"
                % (self.name, rank, x.ndim, rank, rank, _CONV_AXES[rank - 2], x.shape))
        in_ch = x.shape[attrs["layout"].find("C")]
        if in_ch % attrs["num_group"]:
            raise MXNetError("Error in operator %s_fwd: input num_filter must divide group "
                             "size (input channels %d, groups %d)"
                             % (self.name, in_ch, attrs["num_group"]))
        self.weight.shape = _weight_shape(self._op_name, self._channels, in_ch,
                                          attrs["kernel"], attrs["num_group"], attrs["layout"])
        # the op's geometry checks, so that they fail inside the deferred inference (ValueError)
        k, st, d, p = attrs["kernel"], attrs["stride"], attrs["dilate"], attrs["pad"]
        sizes = x.shape[1:-1] if attrs["layout"].endswith("C") else x.shape[2:]
        if self._op_name != "Convolution":
            _deconv_geometry(sizes, k, st, p, d, attrs.get("adj") or (0,) * len(k), ())
            return
        for i, size in enumerate(sizes):
            dk = d[i] * (k[i] - 1) + 1
            if dk > size + 2 * p[i]:
                raise MXNetError(
                    f"Check failed: dilated_ksize_{_AXIS_NAMES[len(k)][i]} <= AddPad(dshape"
                    f"[{i + 2}], param_.pad[{i}]) ({dk} vs. {size + 2 * p[i]}) : kernel size "
                    "exceed input")

    def hybrid_forward(self, F, x, weight, bias=None):
        inputs = (x, weight) if bias is None else (x, weight, bias)
        y = getattr(F, self._op_name)(*inputs, **self._kwargs)
        return y if self.act is None else self.act(y)

    def __repr__(self):
        attrs = self._kwargs
        n = len(attrs["kernel"])
        wshape = self.weight.shape
        parts = ["%s -> %s" % (wshape[1] if wshape[1] else None, wshape[0]),
                 "kernel_size=%s" % (attrs["kernel"],), "stride=%s" % (attrs["stride"],)]
        if attrs["pad"] != (0,) * n:
            parts.append("padding=%s" % (attrs["pad"],))
        if attrs["dilate"] != (1,) * n:
            parts.append("dilation=%s" % (attrs["dilate"],))
        # MXNet 1.9.1 never shows output_padding (its repr looks up an attribute it never
        # sets), so neither does this one.
        if attrs["num_group"] != 1:
            parts.append("groups=%s" % (attrs["num_group"],))
        if self.bias is None:
            parts.append("bias=False")
        if self.act:
            parts.append(str(self.act))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))


def _conv_args(n, layout, kernel_size, kwargs, default_op):
    """Validates layout and kernel for an n-D convolution; pops an `op_name` override."""
    _check_conv_layout(n, layout)
    return _tuple(kernel_size, n, "kernel_size"), kwargs.pop("op_name", default_op)


class Conv1D(_Conv):
    """1-D convolution over (batch, channel, width) inputs.

    Parameters
    ----------
    channels : int; kernel_size : int or tuple; strides, padding, dilation : int or tuple
    groups : int, default 1; layout : 'NCW'; activation : str, default None
    use_bias : bool, default True; weight_initializer, bias_initializer : Initializer
    in_channels : int, default 0 (inferred)
    """

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1,
                 groups=1, layout="NCW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0,
                 **kwargs):
        kernel, op = _conv_args(1, layout, kernel_size, kwargs, "Convolution")
        _Conv.__init__(self, channels, kernel, strides, padding, dilation, groups, layout,
                       in_channels=in_channels, activation=activation, use_bias=use_bias,
                       weight_initializer=weight_initializer,
                       bias_initializer=bias_initializer, op_name=op, **kwargs)


class Conv2D(_Conv):
    """2-D convolution over (batch, channel, height, width) inputs (see Conv1D)."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 dilation=(1, 1), groups=1, layout="NCHW", activation=None,
                 use_bias=True, weight_initializer=None, bias_initializer="zeros",
                 in_channels=0, **kwargs):
        kernel, op = _conv_args(2, layout, kernel_size, kwargs, "Convolution")
        _Conv.__init__(self, channels, kernel, strides, padding, dilation, groups, layout,
                       in_channels=in_channels, activation=activation, use_bias=use_bias,
                       weight_initializer=weight_initializer,
                       bias_initializer=bias_initializer, op_name=op, **kwargs)


class Conv3D(_Conv):
    """3-D convolution over (batch, channel, depth, height, width) inputs (see Conv1D)."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1),
                 padding=(0, 0, 0), dilation=(1, 1, 1), groups=1, layout="NCDHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        kernel, op = _conv_args(3, layout, kernel_size, kwargs, "Convolution")
        _Conv.__init__(self, channels, kernel, strides, padding, dilation, groups, layout,
                       in_channels=in_channels, activation=activation, use_bias=use_bias,
                       weight_initializer=weight_initializer,
                       bias_initializer=bias_initializer, op_name=op, **kwargs)


class _ConvTranspose(_Conv):
    """Shared set-up of the transposed convolutions (`output_padding` becomes `adj`)."""

    def _setup_transpose(self, n, channels, kernel_size, strides, padding, output_padding,
                         dilation, groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, kwargs):
        kernel, op = _conv_args(n, layout, kernel_size, kwargs, "Deconvolution")
        outpad = _tuple(output_padding, n, "output_padding")
        _Conv.__init__(self, channels, kernel, strides, padding, dilation, groups, layout,
                       in_channels=in_channels, activation=activation, use_bias=use_bias,
                       weight_initializer=weight_initializer,
                       bias_initializer=bias_initializer, op_name=op, adj=outpad, **kwargs)
        self.outpad = outpad


class Conv1DTranspose(_ConvTranspose):
    """1-D transposed convolution (deconvolution); `output_padding` adds to one side of the
    output (see Conv1D for the other parameters)."""

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0,
                 dilation=1, groups=1, layout="NCW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0,
                 **kwargs):
        self._setup_transpose(1, channels, kernel_size, strides, padding, output_padding,
                              dilation, groups, layout, in_channels, activation, use_bias,
                              weight_initializer, bias_initializer, kwargs)


class Conv2DTranspose(_ConvTranspose):
    """2-D transposed convolution (see Conv1DTranspose)."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 output_padding=(0, 0), dilation=(1, 1), groups=1, layout="NCHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        self._setup_transpose(2, channels, kernel_size, strides, padding, output_padding,
                              dilation, groups, layout, in_channels, activation, use_bias,
                              weight_initializer, bias_initializer, kwargs)


class Conv3DTranspose(_ConvTranspose):
    """3-D transposed convolution (see Conv1DTranspose)."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0),
                 output_padding=(0, 0, 0), dilation=(1, 1, 1), groups=1,
                 layout="NCDHW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        self._setup_transpose(3, channels, kernel_size, strides, padding, output_padding,
                              dilation, groups, layout, in_channels, activation, use_bias,
                              weight_initializer, bias_initializer, kwargs)


class _Pooling(HybridBlock):
    """N-D pooling (MXNet's Pooling op; ceil_mode selects the 'full' convention).

    `dims` is the number of spatial axes; `pool_size` may be a scalar for all of them and
    `strides` defaults to `pool_size`."""

    def __init__(self, dims, pool_type, pool_size, strides, padding, ceil_mode, layout,
                 count_include_pad=None, global_pool=False, **kwargs):
        allowed = _POOL_LAYOUTS[dims]
        assert layout in allowed, "Only %s and %s layouts are valid for %dD Pooling" % (
            allowed[0], allowed[1], dims)
        kernel = _tuple(pool_size, dims, "pool_size")
        HybridBlock.__init__(self, **kwargs)
        attrs = {"kernel": kernel,
                 "stride": _expand(kernel if strides is None else strides, dims),
                 "pad": _expand(padding, dims),
                 "global_pool": global_pool, "pool_type": pool_type, "layout": layout,
                 "pooling_convention": "full" if ceil_mode else "valid"}
        if count_include_pad is not None:
            attrs["count_include_pad"] = count_include_pad
        self._kwargs = attrs

    def _alias(self):
        return "pool"

    def hybrid_forward(self, F, x):
        rank = len(self._kwargs["kernel"]) + 2
        if x.ndim != rank:
            if self._kwargs["global_pool"] and x.ndim < 3:
                raise MXNetError(
                    "Pooling: Check failed: dshape.ndim() >= 3 (%d vs. 3) : Input data should "
                    "be  3D in (batch, channel, x) Or 4D in (batch, channel, y, x)  Or 5D in "
                    "(batch, channel, d, y, x)" % x.ndim)
            axes = ("d", "y", "x")[5 - rank:]
            raise MXNetError("Pooling: Check failed: dshape.ndim() == %dU (%d vs. %d) : Input "
                             "data should be %dD in (batch, channel, %s) (got input of shape "
                             "%s)" % (rank, x.ndim, rank, rank, ", ".join(axes), x.shape))
        return F.Pooling(x, **self._kwargs)

    def __repr__(self):
        a = self._kwargs
        return ("%s(size=%s, stride=%s, padding=%s, ceil_mode=%s, global_pool=%s, "
                "pool_type=%s, layout=%s)" % (
                    type(self).__name__, a["kernel"], a["stride"], a["pad"],
                    a["pooling_convention"] == "full", a["global_pool"], a["pool_type"],
                    a["layout"]))


class MaxPool1D(_Pooling):
    """Max pooling over (batch, channel, width); strides default to pool_size."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW",
                 ceil_mode=False, **kwargs):
        _Pooling.__init__(self, 1, "max", pool_size, strides, padding, ceil_mode, layout,
                          **kwargs)


class MaxPool2D(_Pooling):
    """Max pooling over (batch, channel, height, width); strides default to pool_size."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW",
                 ceil_mode=False, **kwargs):
        _Pooling.__init__(self, 2, "max", pool_size, strides, padding, ceil_mode, layout,
                          **kwargs)


class MaxPool3D(_Pooling):
    """Max pooling over 3-D spatial inputs; strides default to pool_size."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0,
                 ceil_mode=False, layout="NCDHW", **kwargs):
        _Pooling.__init__(self, 3, "max", pool_size, strides, padding, ceil_mode, layout,
                          **kwargs)


class AvgPool1D(_Pooling):
    """Average pooling over (batch, channel, width); count_include_pad counts padding."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW",
                 ceil_mode=False, count_include_pad=True, **kwargs):
        _Pooling.__init__(self, 1, "avg", pool_size, strides, padding, ceil_mode, layout,
                          count_include_pad, **kwargs)


class AvgPool2D(_Pooling):
    """Average pooling over (batch, channel, height, width)."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0,
                 ceil_mode=False, layout="NCHW", count_include_pad=True, **kwargs):
        _Pooling.__init__(self, 2, "avg", pool_size, strides, padding, ceil_mode, layout,
                          count_include_pad, **kwargs)


class AvgPool3D(_Pooling):
    """Average pooling over 3-D spatial inputs."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0,
                 ceil_mode=False, layout="NCDHW", count_include_pad=True, **kwargs):
        _Pooling.__init__(self, 3, "avg", pool_size, strides, padding, ceil_mode, layout,
                          count_include_pad, **kwargs)


class _GlobalPooling(_Pooling):
    """Pooling over the whole spatial extent (output size 1 on every spatial axis)."""
    _dims = 2
    _kind = "max"

    def __init__(self, layout=None, **kwargs):
        if layout is None:
            layout = _POOL_LAYOUTS[self._dims][0]
        _Pooling.__init__(self, self._dims, self._kind, (1,) * self._dims, None, 0, True,
                          layout, global_pool=True, **kwargs)


class GlobalMaxPool1D(_GlobalPooling):
    """Global max pooling over the width axis (output width 1)."""
    _dims, _kind = 1, "max"

    def __init__(self, layout="NCW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class GlobalMaxPool2D(_GlobalPooling):
    """Global max pooling over the spatial axes (output 1x1)."""
    _dims, _kind = 2, "max"

    def __init__(self, layout="NCHW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class GlobalMaxPool3D(_GlobalPooling):
    """Global max pooling over the 3 spatial axes."""
    _dims, _kind = 3, "max"

    def __init__(self, layout="NCDHW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class GlobalAvgPool1D(_GlobalPooling):
    """Global average pooling over the width axis."""
    _dims, _kind = 1, "avg"

    def __init__(self, layout="NCW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class GlobalAvgPool2D(_GlobalPooling):
    """Global average pooling over the spatial axes (output 1x1)."""
    _dims, _kind = 2, "avg"

    def __init__(self, layout="NCHW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class GlobalAvgPool3D(_GlobalPooling):
    """Global average pooling over the 3 spatial axes."""
    _dims, _kind = 3, "avg"

    def __init__(self, layout="NCDHW", **kwargs):
        _GlobalPooling.__init__(self, layout, **kwargs)


class ReflectionPad2D(HybridBlock):
    """Pads the two spatial axes of an NCHW input by reflection; `padding` is an int or
    MXNet's 8-tuple pad_width."""

    def __init__(self, padding=0, **kwargs):
        HybridBlock.__init__(self, **kwargs)
        if isinstance(padding, numeric_types):
            padding = (0,) * 4 + (padding,) * 4
        assert len(padding) == 8
        self._padding = padding

    def hybrid_forward(self, F, x):
        return F.pad(x, mode="reflect", pad_width=self._padding)
