"""``mx.nd.contrib`` bounding-box ops: box_iou, box_nms, box_encode, box_decode,
bipartite_matching (MXNet 1.9.1's src/operator/contrib/bounding_box*).

box_iou and box_decode are compositions of differentiable ops here (MXNet has no gradient
for them); box_nms passes the gradient back to the rows it kept, as MXNet does.
"""
import numpy as np

from ..base import MXNetError, shape_str
from .ndarray import NDArray
from .register import primitive

__all__ = []  # contrib-only names: re-exported explicitly by contrib.py, not top-level

_F = np.float32


def _check_format(fmt, name):
    if fmt not in ("corner", "center"):
        raise MXNetError(f"Invalid Input: '{fmt}', valid values are: {{'center', 'corner'}} "
                         f"(parameter {name})")


def _corners(b, fmt):
    """(x1, y1, x2, y2) NDArray slices of boxes in `fmt` (differentiable)."""
    from .index_ops import slice_axis
    c = [slice_axis(b, axis=-1, begin=i, end=i + 1) for i in range(4)]
    if fmt == "corner":
        return c
    x, y, w, h = c
    return [x - w / 2, y - h / 2, x + w / 2, y + h / 2]


def box_iou(lhs, rhs, format="corner", **kwargs):
    """Intersection over union of every box in `lhs` with every box in `rhs`.

    Parameters
    ----------
    lhs : NDArray (..., 4), rhs : NDArray (..., 4)
    format : 'corner' (xmin, ymin, xmax, ymax) or 'center' (x, y, width, height).

    Returns
    -------
    NDArray of shape ``lhs.shape[:-1] + rhs.shape[:-1]``; 0 where the union is empty.
    """
    from .elemwise_scalar import maximum, minimum
    from .elemwise import where
    from .shape import reshape
    from .unary import zeros_like
    for v, nm in ((lhs, "lhs"), (rhs, "rhs")):
        if not isinstance(v, NDArray):
            raise AssertionError(f"Argument {nm} must have NDArray type, but got {v!r}")
    _check_format(format, "format")
    for v, nm in ((lhs, "lhs"), (rhs, "rhs")):
        if v.ndim < 2:
            raise MXNetError(f"{nm} must have dim >= 2 {v.ndim} provided")
        if v.shape[-1] != 4:
            raise MXNetError(f"last dimension of {nm} must be 4 {v.shape[-1]} provided")
    _float_only(lhs, rhs)
    ls, rsh = lhs.shape[:-1], rhs.shape[:-1]
    a = reshape(lhs, shape=(-1, 1, 4))
    b = reshape(rhs, shape=(1, -1, 4))
    ax1, ay1, ax2, ay2 = _corners(a, format)
    bx1, by1, bx2, by2 = _corners(b, format)
    iw = maximum(minimum(ax2, bx2) - maximum(ax1, bx1), 0)
    ih = maximum(minimum(ay2, by2) - maximum(ay1, by1), 0)
    inter = iw * ih
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    pos = union > 0
    safe = where(pos, union, zeros_like(union) + 1)
    iou = where(pos, inter / safe, zeros_like(inter))
    return reshape(iou, shape=tuple(ls) + tuple(rsh))


def _nms_grad(g, data, y, **attrs):
    return _box_nms_backward(g[0], y[1], data)


def _nms_backward_grad(g, og, idx, data, y):
    from .unary import zeros_like
    return _box_nms_gather(g, idx), None, zeros_like(data)


@primitive(grad=lambda g, og, idx, data, y: _nms_backward_grad(g, og, idx, data, y), n_in=3)
def _box_nms_backward(xp, out_grad, index, data):
    """Scatters the output gradient back to the input rows box_nms kept."""
    n, k = data.shape[-2], data.shape[-1]
    og = out_grad.reshape(-1, n, k)
    ix = index.reshape(-1, n).astype(np.int64)
    res = xp.zeros(og.shape, out_grad.dtype)
    for b in range(og.shape[0]):
        sel = ix[b] >= 0
        res[b, ix[b, sel]] = og[b, sel]
    return res.reshape(data.shape)


@primitive(lambda g, x, idx, y: _box_nms_backward(g, idx, x), None)
def _box_nms_gather(xp, in_grad, index):
    """Row i of the result is ``in_grad[index[i]]`` (0 where index is -1)."""
    n, k = in_grad.shape[-2], in_grad.shape[-1]
    ig = in_grad.reshape(-1, n, k)
    ix = index.reshape(-1, n).astype(np.int64)
    res = xp.zeros(ig.shape, in_grad.dtype)
    for b in range(ig.shape[0]):
        sel = ix[b] >= 0
        res[b, sel] = ig[b, ix[b, sel]]
    return res.reshape(in_grad.shape)


def _to_corner(c, fmt):
    if fmt == "corner":
        return c
    x, y, w, h = c[..., 0], c[..., 1], c[..., 2], c[..., 3]
    return np.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], axis=-1)


def _convert(c, fin, fout):
    if fin == fout:
        return c
    if fout == "corner":
        return _to_corner(c, fin)
    x1, y1, x2, y2 = c[..., 0], c[..., 1], c[..., 2], c[..., 3]
    return np.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], axis=-1)


def _iou_rows(box, others):
    iw = np.maximum(0, np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]))
    ih = np.maximum(0, np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]))
    inter = iw * ih
    union = ((box[2] - box[0]) * (box[3] - box[1]) +
             (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1]) - inter)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, inter / union, 0)


def _check_nms_args(data, cs, si, ii):
    """MXNet's checks of box_nms's layout arguments, in its order and with its texts."""
    if data.ndim < 2:
        raise MXNetError("input must have dim >= 2 the last two dimensions are num_box and "
                         f"box_width {shape_str(data.shape)} provided")
    k, need = data.shape[-1], 6 if ii >= 0 else 5
    if k < need:
        raise MXNetError(f"Check failed: width_elem >= expected ({k} vs. {need}) : the last "
                         "dimension must have at least 5 elements namely (score, coordinates x "
                         f"4) {k} provided, {need} expected.")
    ce = cs + 3
    chk = "score_index: Check failed: score_index"
    if cs <= si <= ce:
        raise MXNetError(f"{chk} < coord_start || score_index > coord_end: {si} conflict with "
                         f"coordinates: ({cs}, {ce}).")
    if not (cs >= 0 and ce < k):
        raise MXNetError("coordinates: Check failed: coord_start >= 0 && coord_end < width_elem:"
                         f" ({cs}, {ce}) out of range:: (0, {k})")
    if not 0 <= si < k:
        raise MXNetError(f"{chk} >= 0 && score_index < width_elem: {si} out of range: (0, {k})")
    if ii >= 0:
        chk = "id_index: Check failed: id_index"
        if ii >= k:
            raise MXNetError(f"{chk} >= 0 && id_index < width_elem: {ii} out of range: (0, {k})")
        if cs <= ii <= ce:
            raise MXNetError(f"{chk} < coord_start || id_index > coord_end: {ii} conflict with "
                             f"coordinates: ({cs}, {ce}).")
        if ii == si:
            raise MXNetError(f"{chk} != score_index ({ii} vs. {si}) : {ii} conflict with "
                             f"score_index: {si}")
    if data.dtype.kind not in "f":
        sep = "" if data.dtype.itemsize == 1 else ","
        raise MXNetError(f"This operation only support floating point types{sep} not "
                         f"{data.dtype.name}")


@primitive(_nms_grad, visible=1)
def box_nms(xp, data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2,
            score_index=1, id_index=-1, background_id=-1, force_suppress=False,
            in_format="corner", out_format="corner"):
    """Non-maximum suppression of boxes.

    Parameters
    ----------
    data : NDArray (..., num_boxes, width); each row holds a score at `score_index`, 4
        coordinates from `coord_start` and optionally a class id at `id_index`.
    overlap_thresh : float, IoU above which the lower-scored box is suppressed.
    valid_thresh : float, boxes with a score below it are dropped first.
    topk : int, keep only the `topk` best boxes before NMS (-1: all; 0: the input unchanged).
    coord_start, score_index, id_index : int, the column layout (id_index -1: no class ids).
    background_id : int, boxes of this class are dropped when ids are given (default -1).
    force_suppress : bool, suppress across classes even when ids are given.
    in_format, out_format : 'corner' or 'center' box encodings.

    Returns
    -------
    NDArray of data's shape: the kept rows in descending score order, then rows of -1.
    """
    _check_format(in_format, "in_format")
    _check_format(out_format, "out_format")
    _check_nms_args(data, int(coord_start), int(score_index), int(id_index))
    n, k = data.shape[-2], data.shape[-1]
    cs, si, ii = int(coord_start), int(score_index), int(id_index)
    if int(topk) == 0:  # MXNet: the input unchanged (no sorting, filtering or conversion)
        index = np.broadcast_to(np.arange(n, dtype=data.dtype), data.shape[:-1])
        return xp.asarray(data.copy()), xp.asarray(index.copy())
    d = np.asarray(data).reshape(-1, n, k)
    out = np.full(d.shape, -1, data.dtype)
    index = np.full(d.shape[:2], -1, data.dtype)
    for b in range(d.shape[0]):
        rows = d[b]
        score = rows[:, si]
        ok = score > _F(valid_thresh)
        if ii >= 0:  # MXNet drops the rows of class background_id (-1 by default)
            ok &= rows[:, ii] != background_id
        cand = np.nonzero(ok)[0]
        cand = cand[np.argsort(-score[cand], kind="stable")]
        if topk > 0:
            cand = cand[:int(topk)]
        boxes = _to_corner(rows[cand, cs:cs + 4], in_format)
        alive = np.ones(cand.size, bool)
        for i in range(cand.size):
            if not alive[i]:
                continue
            rest = np.arange(i + 1, cand.size)
            rest = rest[alive[rest]]
            if ii >= 0 and not force_suppress:
                rest = rest[rows[cand[rest], ii] == rows[cand[i], ii]]
            if rest.size:
                alive[rest[_iou_rows(boxes[i], boxes[rest]) > _F(overlap_thresh)]] = False
        kept = cand[alive]
        out[b, :kept.size] = rows[kept]
        out[b, :kept.size, cs:cs + 4] = _convert(rows[kept, cs:cs + 4], in_format, out_format)
        index[b, :kept.size] = kept
    return (xp.asarray(out.reshape(data.shape)), xp.asarray(index.reshape(data.shape[:-1])))


box_non_maximum_suppression = box_nms


def _zero(g, x, *rest, **attrs):
    from .unary import zeros_like
    return zeros_like(x)


def _zero_at(i):
    def f(g, *args, **attrs):
        from .unary import zeros_like
        return zeros_like(args[i])
    return f


def _float_only(*arrays):
    for a in arrays:
        if np.dtype(a.dtype).kind != "f":
            sep = "" if np.dtype(a.dtype).itemsize == 1 else ","
            raise MXNetError(f"This operation only support floating point types{sep} not "
                             f"{np.dtype(a.dtype).name}")


def _sizes_match(got, want):
    if got != want:
        raise MXNetError("TBlob.get_with_shape: Check failed: this->shape_.Size() == "
                         f"static_cast<size_t>(shape.Size()) ({got} vs. {want}) : new and old "
                         "shape do not match total elements")


def _check_encode_args(samples, matches, anchors, refs, means, stds):
    """MXNet's checks of box_encode's inputs, in its order and with its (odd) texts."""
    if samples.ndim != 2:
        raise MXNetError(f"samples shape must have dim == 2, {samples.ndim} provided")
    if matches.ndim < 2:
        raise MXNetError(f"matches shape must have dim == 2, {matches.ndim} provided")
    if anchors.ndim < 3:
        raise MXNetError(f"matches shape must have dim == 3, {anchors.ndim} provided")
    if refs.ndim < 3:
        raise MXNetError(f"refs shape must have dim == 3, {anchors.ndim} provided")
    for a in (anchors, refs):
        if a.shape[-1] != 4:
            raise MXNetError(f"last dimension of anchors must be 4, {a.shape[-1]} provided")
    for a in (means, stds):
        if a.shape != (4,):
            raise MXNetError(f"Shape inconsistent, Provided = {shape_str(a.shape)}, inferred "
                             "shape=(4,)")
    _float_only(samples, matches, anchors, refs, means, stds)
    b, n, m = anchors.shape[0], anchors.shape[1], refs.shape[1]
    for a in (samples, matches):
        _sizes_match(a.size, b * n)
    _sizes_match(refs.size, b * m * 4)


@primitive(*[_zero_at(i) for i in range(6)])
def box_encode(xp, samples, matches, anchors, refs, means, stds):
    """Encodes matched reference boxes against anchors (corner format) as regression targets.

    Parameters
    ----------
    samples : NDArray (B, N), +1 for positive anchors (others get zero targets).
    matches : NDArray (B, N), index of the matched box in `refs`.
    anchors : NDArray (B, N, 4), refs : NDArray (B, M, 4), corner format.
    means, stds : NDArray (4,), normalisation of the targets.

    Returns
    -------
    [targets (B, N, 4), masks (B, N, 4)]
    """
    _check_encode_args(samples, matches, anchors, refs, means, stds)
    dt = anchors.dtype
    pos = samples > 0.5
    m = np.clip(matches.astype(np.int64), 0, refs.shape[1] - 1)
    ref = np.take_along_axis(refs, m[..., None], axis=1)
    rw, rh = ref[..., 2] - ref[..., 0], ref[..., 3] - ref[..., 1]
    rx, ry = ref[..., 0] + rw * 0.5, ref[..., 1] + rh * 0.5
    a = anchors
    aw, ah = a[..., 2] - a[..., 0], a[..., 3] - a[..., 1]
    ax, ay = a[..., 0] + aw * 0.5, a[..., 1] + ah * 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.stack([((rx - ax) / aw - means[0]) / stds[0],
                      ((ry - ay) / ah - means[1]) / stds[1],
                      (np.log(rw / aw) - means[2]) / stds[2],
                      (np.log(rh / ah) - means[3]) / stds[3]], axis=-1)
    t = np.where(pos[..., None], t, 0).astype(dt)
    mask = np.broadcast_to(pos[..., None], t.shape).astype(dt)
    return xp.asarray(t), xp.asarray(mask)


def box_decode(data, anchors, std0=1.0, std1=1.0, std2=1.0, std3=1.0, clip=-1.0,
               format="center", **kwargs):
    """Decodes regression offsets `data` (B, N, 4) against `anchors` (1 or B, N, 4) into
    corner boxes.

    ``x = d0*std0*aw + ax``, ``w/2 = exp(min(d2*std2, clip))*aw/2`` (clip <= 0: no clip);
    `format` is the encoding of the anchors ('center' or 'corner'). Differentiable.
    """
    from .elemwise_scalar import minimum
    from .index_ops import slice_axis
    from .shape_ext import concat
    from .unary import exp
    _check_format(format, "format")
    if data.ndim != 3:
        raise MXNetError(f"data shape must have dim == 3, {data.ndim} provided")
    if data.shape[-1] != 4:
        raise MXNetError(f"last dimension of data must be 4, {data.shape[-1]} provided")
    if anchors.ndim < 3:
        raise MXNetError(f"anchors shape must have dim == 3, {anchors.ndim} provided")
    if anchors.shape[-1] != 4:
        raise MXNetError(f"last dimension of anchors must be 4, {anchors.shape[-1]} provided")
    _float_only(data, anchors)
    _sizes_match(anchors.size, data.shape[1] * 4)
    if anchors.shape != (1, data.shape[1], 4):
        anchors = anchors.reshape((1, data.shape[1], 4))
    d = [slice_axis(data, axis=-1, begin=i, end=i + 1) for i in range(4)]
    a = [slice_axis(anchors, axis=-1, begin=i, end=i + 1) for i in range(4)]
    if format == "corner":
        aw, ah = a[2] - a[0], a[3] - a[1]
        ax, ay = a[0] + aw * 0.5, a[1] + ah * 0.5
    else:
        ax, ay, aw, ah = a
    ox = d[0] * std0 * aw + ax
    oy = d[1] * std1 * ah + ay
    dw, dh = d[2] * std2, d[3] * std3
    if clip > 0:
        dw, dh = minimum(dw, clip), minimum(dh, clip)
    ow = exp(dw) * aw * 0.5
    oh = exp(dh) * ah * 0.5
    return concat(ox - ow, oy - oh, ox + ow, oy + oh, dim=-1)


@primitive(_zero, visible=2)
def bipartite_matching(xp, data, is_ascend=False, threshold=None, topk=-1):
    """Greedy bipartite matching on a score matrix (..., N, M).

    Pairs are taken best score first (largest, or smallest with `is_ascend`) while both the
    row and the column are free and the score is strictly better than `threshold`. As in
    MXNet 1.9.1, `topk` > 0 stops after ``topk + 1`` pairs.

    Returns
    -------
    [row_marker (..., N): the matched column or -1, col_marker (..., M): the matched row or -1]
    """
    if threshold is None:
        raise MXNetError("Required parameter threshold of float is not presented, in "
                         "operator _contrib_bipartite_matching")
    if data.ndim < 2:
        raise MXNetError(f"score matrix must have dim >= 2 {data.ndim} provided")
    _float_only(data)
    n, m = data.shape[-2], data.shape[-1]
    threshold = _F(threshold)  # a float parameter in MXNet: compare in float32
    d = np.asarray(data).reshape(-1, n * m)
    rows = np.full((d.shape[0], n), -1, data.dtype)
    cols = np.full((d.shape[0], m), -1, data.dtype)
    for b in range(d.shape[0]):
        s = d[b]
        order = np.argsort(s if is_ascend else -s, kind="stable")
        count = 0
        for idx in order:
            r, c = divmod(int(idx), m)
            if rows[b, r] != -1 or cols[b, c] != -1:
                continue
            v = s[idx]
            if not ((v < threshold) if is_ascend else (v > threshold)):
                break  # the scores only get worse from here
            rows[b, r] = c
            cols[b, c] = r
            count += 1
            if topk > 0 and count > topk:  # sic: MXNet 1.9.1 keeps topk + 1 pairs
                break
    return (xp.asarray(rows.reshape(data.shape[:-1])),
            xp.asarray(cols.reshape(data.shape[:-2] + (m,))))
