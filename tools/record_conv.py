"""Records forward outputs, first-order gradients and error texts of the spatial NN ops
(Convolution, Deconvolution, Pooling, UpSampling, samplers, ROIPooling, im2col/col2im) from
real MXNet 1.9.1 into tests/fixtures/conv.json.

    ../shared/tools/mxnet-ref tools/record_conv.py
"""
import os

import numpy as np
import mxnet as mx

from fixture_io import write_json  # noqa: E402

nd = mx.nd
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "conv.json")

# name, op, input shapes, kwargs, indices of differentiable inputs (None: all)
CASES = [
    # Convolution: 1-D / 2-D / 3-D, stride, pad, dilate, groups, bias
    ("conv1d", "Convolution", [(2, 3, 9), (4, 3, 3), (4,)],
     dict(kernel=(3,), stride=(2,), pad=(1,), num_filter=4), None),
    ("conv1d_dilate_nobias", "Convolution", [(1, 2, 10), (3, 2, 3)],
     dict(kernel=(3,), dilate=(3,), num_filter=3, no_bias=True), None),
    ("conv2d_basic", "Convolution", [(2, 3, 6, 5), (4, 3, 3, 3), (4,)],
     dict(kernel=(3, 3), num_filter=4), None),
    ("conv2d_stride_pad", "Convolution", [(2, 2, 7, 6), (3, 2, 3, 2), (3,)],
     dict(kernel=(3, 2), stride=(2, 3), pad=(1, 2), num_filter=3), None),
    ("conv2d_dilate_groups", "Convolution", [(1, 4, 8, 7), (6, 2, 3, 3)],
     dict(kernel=(3, 3), dilate=(2, 1), pad=(1, 0), num_filter=6, num_group=2, no_bias=True), None),
    ("conv2d_depthwise", "Convolution", [(2, 3, 5, 5), (3, 1, 3, 3), (3,)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), num_filter=3, num_group=3), None),
    ("conv2d_1x1", "Convolution", [(2, 4, 3, 3), (5, 4, 1, 1), (5,)],
     dict(kernel=(1, 1), num_filter=5), None),
    ("conv3d", "Convolution", [(1, 2, 4, 5, 4), (3, 2, 2, 3, 2), (3,)],
     dict(kernel=(2, 3, 2), stride=(1, 2, 1), pad=(1, 1, 0), num_filter=3), None),
    # Deconvolution
    ("deconv1d", "Deconvolution", [(2, 3, 4), (3, 2, 3)],
     dict(kernel=(3,), stride=(2,), num_filter=2), None),
    ("deconv2d_adj_pad", "Deconvolution", [(1, 2, 3, 4), (2, 3, 3, 3)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), adj=(1, 1), num_filter=3), None),
    ("deconv2d_bias_groups", "Deconvolution", [(2, 4, 3, 3), (4, 1, 2, 3), (2,)],
     dict(kernel=(2, 3), stride=(1, 2), num_filter=2, num_group=2, no_bias=False), None),
    # MXNet 1.9.1 (MKLDNN) crashes on any target_shape other than the natural output size
    ("deconv2d_target_shape", "Deconvolution", [(1, 2, 3, 3), (2, 2, 3, 3)],
     dict(kernel=(3, 3), stride=(2, 2), target_shape=(7, 7), num_filter=2), None),
    # (dilated Deconvolution is broken in MXNet 1.9.1 on CPU: "could not create a descriptor
    # for a dilated deconvolution"; mxlite supports it, tested by finite differences only)
    ("deconv3d", "Deconvolution", [(1, 2, 2, 3, 2), (2, 2, 2, 2, 2)],
     dict(kernel=(2, 2, 2), stride=(2, 1, 2), num_filter=2), None),
    # Pooling
    ("pool_max_2d", "Pooling", [(2, 2, 5, 6)], dict(kernel=(2, 2), stride=(2, 2)), None),
    ("pool_max_default_stride", "Pooling", [(1, 2, 5, 5)], dict(kernel=(3, 2)), None),
    ("pool_max_pad_full", "Pooling", [(1, 2, 6, 5)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pooling_convention="full"), None),
    ("pool_avg_pad", "Pooling", [(1, 2, 5, 5)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg"), None),
    ("pool_avg_pad_exclude", "Pooling", [(1, 2, 5, 5)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg", count_include_pad=False), None),
    ("pool_avg_full", "Pooling", [(1, 2, 6, 6)],
     dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg", pooling_convention="full"), None),
    ("pool_avg_full_exclude", "Pooling", [(1, 1, 5, 5)],
     dict(kernel=(3, 3), stride=(3, 3), pad=(1, 1), pool_type="avg", pooling_convention="full",
          count_include_pad=False), None),
    ("pool_sum", "Pooling", [(2, 1, 4, 5)], dict(kernel=(2, 3), stride=(1, 2), pool_type="sum"), None),
    ("pool_lp2", "Pooling", [(1, 2, 4, 4)],
     dict(kernel=(2, 2), stride=(2, 2), pool_type="lp", p_value=2), None),
    ("pool_lp3", "Pooling", [(1, 1, 4, 4)], dict(kernel=(2, 2), pool_type="lp", p_value=3), None),
    ("pool_lp1", "Pooling", [(1, 1, 4, 4)], dict(kernel=(2, 2), pool_type="lp", p_value=1), None),
    ("pool_global_max", "Pooling", [(2, 3, 4, 5)], dict(global_pool=True), None),
    ("pool_global_avg", "Pooling", [(2, 3, 4, 5)],
     dict(kernel=(2, 2), pad=(1, 1), global_pool=True, pool_type="avg"), None),
    ("pool_1d_max", "Pooling", [(2, 2, 7)], dict(kernel=(3,), stride=(2,)), None),
    ("pool_1d_avg_full", "Pooling", [(1, 2, 6)],
     dict(kernel=(3,), stride=(2,), pad=(1,), pool_type="avg", pooling_convention="full"), None),
    ("pool_3d_max", "Pooling", [(1, 2, 4, 4, 3)], dict(kernel=(2, 2, 2), stride=(2, 2, 1)), None),
    ("pool_3d_avg", "Pooling", [(1, 1, 3, 4, 4)],
     dict(kernel=(2, 3, 2), stride=(1, 1, 2), pad=(1, 1, 0), pool_type="avg"), None),
    ("pool_nhwc_max", "Pooling", [(1, 4, 5, 2)], dict(kernel=(2, 2), stride=(2, 1), layout="NHWC"), None),
    # UpSampling
    ("up_nearest", "UpSampling", [(1, 2, 2, 3)], dict(scale=2, sample_type="nearest"), None),
    ("up_nearest_concat", "UpSampling", [(1, 1, 2, 2), (1, 2, 4, 4)],
     dict(scale=2, sample_type="nearest", num_args=2), None),
    ("up_nearest_sum", "UpSampling", [(1, 1, 2, 2), (1, 1, 4, 4)],
     dict(scale=2, sample_type="nearest", num_args=2, multi_input_mode="sum"), None),
    ("up_bilinear", "UpSampling", [(1, 2, 2, 3), (2, 1, 4, 4)],
     dict(scale=2, sample_type="bilinear", num_filter=2, num_args=2), None),
    ("up_bilinear3", "UpSampling", [(1, 1, 2, 2), (1, 1, 5, 5)],
     dict(scale=3, sample_type="bilinear", num_filter=1, num_args=2), None),
    # samplers, ROI pooling, im2col
    ("grid_affine", "GridGenerator", [(2, 6)], dict(transform_type="affine", target_shape=(3, 4)), None),
    ("grid_warp", "GridGenerator", [(1, 2, 3, 4)], dict(transform_type="warp"), None),
    ("bilinear_sampler", "BilinearSampler", [(2, 2, 4, 5), "grid:(2, 2, 3, 3)"], {}, None),
    ("spatial_transformer", "SpatialTransformer", [(1, 2, 4, 5), "loc:(1, 6)"],
     dict(target_shape=(3, 3), transform_type="affine", sampler_type="bilinear"), None),
    ("roi_pooling", "ROIPooling", [(2, 2, 6, 7), "rois"], dict(pooled_size=(2, 3), spatial_scale=0.5), [0]),
    ("im2col", "im2col", [(1, 2, 4, 5)], dict(kernel=(2, 3), stride=(1, 2), pad=(1, 0)), None),
    ("col2im", "col2im", [(1, 12, 10)], dict(output_size=(4, 5), kernel=(2, 3), stride=(1, 2), pad=(1, 0)), None),
]

ERRORS = [
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), kernel=(3,3), num_filter=3)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), kernel=(7,7), num_filter=3, no_bias=True)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,7,7)), kernel=(7,7), num_filter=3, no_bias=True)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,1,3,3)), kernel=(3,3), num_filter=3, no_bias=True)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), kernel=(3,3), num_filter=4, no_bias=True)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), nd.ones(4), kernel=(3,3), num_filter=3)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), nd.ones(3), kernel=(3,), num_filter=3)",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), nd.ones(3), kernel=(3,3), num_filter=3, pad=(1,))",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), nd.ones(3), kernel=(3,3), num_filter=3, stride=(1,))",
    "nd.Convolution(nd.ones((1,2,5,5)), nd.ones((3,2,3,3)), nd.ones(3), kernel=(3,3), num_filter=3, layout='foo')",
    "nd.Convolution(nd.ones((1,2,5,5)).astype('float64'), nd.ones((3,2,3,3)), nd.ones(3), kernel=(3,3), num_filter=3)",
    "nd.Convolution(nd.ones((1,1,5,5)).astype('int32'), nd.ones((1,1,3,3)).astype('int32'), kernel=(3,3), num_filter=1, no_bias=True)",
    "nd.Convolution(nd.ones((1,1,5)), nd.ones((1,1,7)), kernel=(7,), num_filter=1, no_bias=True)",
    "nd.Convolution(nd.ones((1,1,5,5,5)), nd.ones((1,1,7,3,3)), kernel=(7,3,3), num_filter=1, no_bias=True)",
    "nd.Deconvolution(nd.ones((1,2,5,5)), nd.ones((2,3,3,3)), kernel=(3,3), num_filter=4)",
    "nd.Deconvolution(nd.ones((1,2,5,5)), nd.ones((2,3,3,3)), kernel=(3,3), num_filter=3, no_bias=False)",
    "nd.Deconvolution(nd.ones((1,2,5,5)), nd.ones((2,3,3,3)), kernel=(3,3), num_filter=3, stride=(2,2), adj=(2,2))",
    "nd.Deconvolution(nd.ones((1,2,5,5)), nd.ones((2,3,3,3)), kernel=(3,3), num_filter=3, stride=(2,2), target_shape=(12,12))",
    "nd.Pooling(nd.ones((1,2,5,5)), kernel=(7,7))",
    "nd.Pooling(nd.ones((1,2,5,5)), kernel=(2,2), pool_type='foo')",
    "nd.Pooling(nd.ones((1,2,5,5)), kernel=(2,2), pooling_convention='same')",
    "nd.Pooling(nd.ones((1,2,5,5)), kernel=(2,2), pool_type='lp')",
    "nd.Pooling(nd.ones((1,2,5,5)), kernel=(2,), pool_type='avg')",
    "nd.Pooling(nd.ones((1,1,2,2)).astype('int32'), kernel=(2,2), pool_type='avg')",
    "nd.Pooling(nd.ones((1,1,2,2)), kernel=(2,2), stride=(0,1), pool_type='avg')",
    "nd.UpSampling(nd.ones((1,1,2,2)), scale=2, sample_type='bilinear', num_filter=1)",
    "nd.UpSampling(nd.ones((1,1,2,2)), nd.ones((1,1,3,3)), scale=2, sample_type='bilinear', num_filter=1, num_args=2)",
    "nd.UpSampling(nd.ones((1,2,4)), scale=2, sample_type='nearest')",
    "nd.GridGenerator(nd.ones((1,6)), transform_type='affine')",
    "nd.BilinearSampler(nd.ones((1,1,3,4)), nd.zeros((1,3,2,2)))",
]


def _inputs(rs, shapes, kw):
    arrays = []
    for s in shapes:
        if s == "rois":
            arrays.append(np.array([[0, 0, 0, 9, 7], [1, 2.4, 1.6, 11.5, 9.2], [0, 4, 6, 6, 8],
                                    [1, -2, -1, 20, 15]], dtype=np.float32))
        elif isinstance(s, str):  # normalised coordinates / affine parameters
            kind, shape = s.split(":")
            shape = eval(shape)
            if kind == "grid":
                arrays.append(rs.uniform(-1.15, 1.15, shape).astype(np.float32).round(3))
            else:
                arrays.append((np.array([[0.9, 0.2, 0.1, -0.15, 0.8, -0.05]])
                               + rs.uniform(-0.05, 0.05, shape)).astype(np.float32).round(3))
        else:
            arrays.append(rs.uniform(-1, 1, s).astype(np.float32).round(3))
    return arrays


def _short(a):
    """7 significant digits (float32 precision) keep the file small."""
    return np.vectorize(lambda v: float(f"{v:.7g}"))(a.astype(np.float64)).tolist()


def _jsonable(kw):
    return {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}


def record_cases():
    rs = np.random.RandomState(42)
    out = []
    for name, op, shapes, kw, wrt in CASES:
        arrays = _inputs(rs, shapes, kw)
        xs = [nd.array(a) for a in arrays]
        wrt = list(range(len(xs))) if wrt is None else wrt
        for i in wrt:
            xs[i].attach_grad()
        try:
            with mx.autograd.record():
                y = getattr(nd, op)(*xs, **kw)
            head = rs.uniform(-1, 1, y.shape).astype(np.float32).round(3)
            y.backward(nd.array(head))
            y.wait_to_read()
            for i in wrt:
                xs[i].grad.wait_to_read()
        except mx.base.MXNetError as e:
            print("MXNet fails on", name, ":", str(e).strip().splitlines()[-1])
            continue
        out.append({"name": name, "op": op, "kwargs": _jsonable(kw),
                     "inputs": [a.tolist() for a in arrays], "wrt": wrt,
                     "output": _short(y.asnumpy()), "head": head.tolist(),
                     "grads": [_short(xs[i].grad.asnumpy()) for i in wrt]})
    return out


def record_errors():
    res = []
    for code in ERRORS:
        try:
            r = eval(code)
            r.wait_to_read()
            res.append({"code": code, "error": None})
        except mx.base.MXNetError as e:
            last = str(e).strip().splitlines()[-1]
            res.append({"code": code, "error": last})
    return res


def main():
    data = {"mxnet": mx.__version__, "cases": record_cases(), "errors": record_errors()}
    write_json(OUT, data)
    print(f"wrote {len(data['cases'])} cases, {len(data['errors'])} errors to {OUT}")


if __name__ == "__main__":
    main()
