"""``mx.nd.contrib`` SSD detection ops: MultiBoxPrior, MultiBoxTarget, MultiBoxDetection.

Reached as ``nd.contrib.<name>`` (D2L 9.4-9.7). Computations run in float32 in the order of
MXNet's CPU kernels so that the results match bit for bit where possible. None of these ops
passes a gradient (MXNet writes zeros to every input); here too the gradients are zeros.
"""
import numpy as np

from ..base import MXNetError, shape_str
from .register import primitive

__all__ = []  # contrib-only names: re-exported explicitly by contrib.py, not top-level

_F = np.float32


def _zero_grads(n):
    return [lambda g, *args, _i=i, **attrs: _zero_input(args, _i) for i in range(n)]


def _zero_input(args, i):
    from .unary import zeros_like
    return zeros_like(args[i])


def _tuple(v, name="", n=None):
    if isinstance(v, str):
        v = v.strip("()[] ").split(",")
        v = [x for x in v if x.strip()]
    if np.isscalar(v):
        v = (v,)
    v = tuple(float(x) for x in v)
    if n is not None and len(v) != n:
        raise MXNetError(f"Invalid Parameter format for {name} expect a tuple of {n} values "
                         f"but value='{v}'")
    return v


@primitive(*_zero_grads(1))
def MultiBoxPrior(xp, data, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0),
                  offsets=(0.5, 0.5)):
    """Generates prior (anchor) boxes from data, sizes and ratios.

    Parameters
    ----------
    data : NDArray, shape (batch, channels, height, width); only its shape is used.
    sizes : tuple of float, box sizes relative to the image (each with ``ratios[0]``).
    ratios : tuple of float, width/height ratios (each with ``sizes[0]``).
    clip : bool, clip the boxes to [0, 1].
    steps : (step_y, step_x); -1 means ``1 / height`` and ``1 / width``.
    offsets : (offset_y, offset_x) of the anchor centres within a cell.

    Returns
    -------
    NDArray of shape (1, height * width * (len(sizes) + len(ratios) - 1), 4), corner format
    ``[xmin, ymin, xmax, ymax]``.
    """
    if data.ndim < 4:
        raise MXNetError("Input data should be 4D: batch-channel-y-x")
    sizes = _tuple(sizes, "sizes")
    ratios = _tuple(ratios, "ratios")
    steps = _tuple(steps, "steps")
    offsets = _tuple(offsets, "offsets")
    if not sizes:
        raise MXNetError("Check failed: sizes_.size() > 0 (0 vs. 0) :")
    if not ratios:
        raise MXNetError("Check failed: ratios_.size() > 0 (0 vs. 0) :")
    if len(steps) != 2:
        raise MXNetError(f"Check failed: param_.steps.ndim() == 2 ({len(steps)} vs. 2) : Step "
                         "ndim must be 2: (step_y, step_x)")
    if steps[0] * steps[1] < 0:
        raise MXNetError("Must specify both step_y and step_x")
    if len(offsets) != 2:
        raise MXNetError(f"Check failed: offsets_.size() == 2 ({len(offsets)} vs. 2) :")
    h, w = data.shape[2], data.shape[3]
    step_y = _F(steps[0]) if steps[0] > 0 else _F(1) / _F(h)
    step_x = _F(steps[1]) if steps[1] > 0 else _F(1) / _F(w)
    # (half width, half height) per anchor, in MXNet's float32 operation order
    halves = []
    r0 = np.sqrt(_F(ratios[0]))
    for s in sizes:
        s = _F(s)
        halves.append((s * _F(h) / _F(w) * r0 / _F(2), s / r0 / _F(2)))
    for r in ratios[1:]:
        r = np.sqrt(_F(r))
        s = _F(sizes[0])
        halves.append((s * _F(h) / _F(w) * r / _F(2), s / r / _F(2)))
    hw = np.array([a for a, _ in halves], _F)
    hh = np.array([b for _, b in halves], _F)
    cy = (np.arange(h, dtype=_F) + _F(offsets[0])) * step_y
    cx = (np.arange(w, dtype=_F) + _F(offsets[1])) * step_x
    cy = cy[:, None, None]
    cx = cx[None, :, None]
    k = len(halves)
    out = np.empty((h, w, k, 4), _F)
    out[..., 0] = cx - hw
    out[..., 1] = cy - hh
    out[..., 2] = cx + hw
    out[..., 3] = cy + hh
    if clip:
        np.clip(out, 0, 1, out=out)
    dt = data.dtype if data.dtype.kind == "f" else _F
    return xp.asarray(out.reshape(1, h * w * k, 4).astype(dt))


def _iou_matrix(a, g):
    """IoU of corner boxes a (A, 4) against g (G, 4), float32, MXNet's formula."""
    iw = np.maximum(_F(0), np.minimum(a[:, None, 2], g[None, :, 2]) -
                    np.maximum(a[:, None, 0], g[None, :, 0]))
    ih = np.maximum(_F(0), np.minimum(a[:, None, 3], g[None, :, 3]) -
                    np.maximum(a[:, None, 1], g[None, :, 1]))
    inter = iw * ih
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_g = (g[:, 2] - g[:, 0]) * (g[:, 3] - g[:, 1])
    union = area_a[:, None] + area_g[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = np.where(union > 0, inter / union, _F(0))
    return iou.astype(_F)


def _target_one(anchors, label, cls_pred, overlap_threshold, ignore_label,
                negative_mining_ratio, negative_mining_thresh, minimum_negative_samples,
                variances):
    na = anchors.shape[0]
    loc = np.zeros((na, 4), _F)
    mask = np.zeros((na, 4), _F)
    cls = np.full(na, _F(ignore_label), _F)
    valid = 0
    for row in label:  # ground truths end at the first class id -1
        if row[0] == -1:
            if row[1] != -1:
                raise MXNetError(f"Check failed: static_cast<float>(*(p_label + i * label_width "
                                 f"+ 1)) == -1.0f ({row[1]:g} vs. -1) : a padding label row "
                                 f"(class -1) must be all -1")
            break
        valid += 1
    if valid == 0:
        return loc, mask, cls
    gt = label[:valid]
    ov = _iou_matrix(anchors, gt[:, 1:5])
    flags = np.full(na, -1, np.int64)
    best_iou = np.full(na, _F(-1), _F)
    best_gt = np.full(na, -1, np.int64)
    # greedy bipartite matching: each ground truth takes its best free anchor
    work = ov.copy()
    num_pos = 0
    for _ in range(valid):
        k = int(np.argmax(work))
        j, g = divmod(k, valid)
        if not work[j, g] > _F(1e-6):
            break
        best_iou[j], best_gt[j], flags[j] = work[j, g], g, 1
        work[j, :] = -1
        work[:, g] = -1
        num_pos += 1
    free = flags != 1
    if overlap_threshold > 0:
        fi = np.nonzero(free)[0]
        if fi.size:
            m = np.argmax(ov[fi], axis=1)
            mv = ov[fi, m]
            upd = mv > best_iou[fi]
            best_iou[fi[upd]] = mv[upd]
            best_gt[fi[upd]] = m[upd]
            pos = fi[best_iou[fi] > _F(overlap_threshold)]
            flags[pos] = 1
            num_pos += pos.size
    if negative_mining_ratio > 0:
        if not negative_mining_thresh > 0:  # checked per sample with ground truths
            raise MXNetError(f"Check failed: negative_mining_thresh > 0 "
                             f"({negative_mining_thresh:g} vs. 0) :")
        num_neg = int(num_pos * negative_mining_ratio)
        # MXNet 1.9.1's CPU kernel ignores minimum_negative_samples; so do we
        num_neg = min(num_neg, na - num_pos)
        if num_neg > 0:
            fi = np.nonzero(flags != 1)[0]
            unset = fi[best_iou[fi] < 0]
            if unset.size:
                best_iou[unset] = ov[unset].max(axis=1)
            cand = fi[best_iou[fi] < _F(negative_mining_thresh)]
            if cand.size < num_neg:
                raise MXNetError(f"Check failed: temp.size() >= num_negative ({cand.size} vs. "
                                 f"{num_neg}) :")
            p = cls_pred[:, cand].astype(_F)
            p = np.exp(p - p.max(axis=0))
            prob = p[0] / p.sum(axis=0)
            order = np.argsort(prob, kind="stable")[:num_neg]
            flags[cand[order]] = 0
    else:
        flags[flags != 1] = 0
    pos = np.nonzero(flags == 1)[0]
    cls[flags == 0] = 0
    if pos.size:
        gb = gt[best_gt[pos]]
        cls[pos] = gb[:, 0] + _F(1)
        mask[pos] = 1
        a = anchors[pos]
        aw, ah = a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]
        ax, ay = (a[:, 0] + a[:, 2]) * _F(0.5), (a[:, 1] + a[:, 3]) * _F(0.5)
        g = gb[:, 1:5]
        gw, gh = g[:, 2] - g[:, 0], g[:, 3] - g[:, 1]
        gx, gy = (g[:, 0] + g[:, 2]) * _F(0.5), (g[:, 1] + g[:, 3]) * _F(0.5)
        v = [_F(x) for x in variances]
        with np.errstate(divide="ignore", invalid="ignore"):
            loc[pos, 0] = (gx - ax) / aw / v[0]
            loc[pos, 1] = (gy - ay) / ah / v[1]
            loc[pos, 2] = np.log(gw / aw) / v[2]
            loc[pos, 3] = np.log(gh / ah) / v[3]
    return loc, mask, cls


def _check_target_args(anchor, label, cls_pred, variances, ratio, thresh):
    """MXNet's checks of MultiBoxTarget's inputs, in its order and with its texts."""
    for bad, text in (
            (anchor.ndim != 3, "Anchor should be batch shared N*4 tensor"),
            (anchor.shape[0] != 1, "Anchors are shared across batches, first dimension should "
                                   "be 1"),
            (anchor.shape[-1] != 4, "Box dimension should be 4: [xmin, ymin, xmax, ymax]"),
            (label.ndim != 3, "Label should be [batch, num_labels, label_width] tensor"),
            (label.shape[-1] < 5, "Label width should be greater than or equal to 5"),
            (cls_pred.ndim != 3, f"Prediction: Check failed: pshape.ndim() == 3 ({cls_pred.ndim} "
                                 "vs. 3) : [batch, num_classes, num_anchors]"),
            (cls_pred.shape[-1] != anchor.shape[1], "Number of anchors mismatch"),
            (len(_tuple(variances)) != 4, f"Check failed: variances.ndim() == 4 "
                                          f"({len(_tuple(variances))} vs. 4) :")):
        if bad:
            raise MXNetError(text)
    if float(ratio) > 0 and cls_pred.shape[0] < label.shape[0]:
        # MXNet reads past cls_pred here (hard negative mining of the missing samples)
        raise MXNetError(f"MultiBoxTarget: cls_pred {shape_str(cls_pred.shape)} has fewer "
                         f"samples than label {shape_str(label.shape)}")


@primitive(*_zero_grads(3))
def MultiBoxTarget(xp, anchor, label, cls_pred, overlap_threshold=0.5, ignore_label=-1.0,
                   negative_mining_ratio=-1.0, negative_mining_thresh=0.5,
                   minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """Computes the training targets of SSD anchors.

    Parameters
    ----------
    anchor : NDArray (1, num_anchors, 4), corner format.
    label : NDArray (batch, num_labels, >=5), rows ``[class, xmin, ymin, xmax, ymax]``; the
        ground truths of an image end at the first row with class -1.
    cls_pred : NDArray (batch, num_classes + 1, num_anchors), used for negative mining.
    overlap_threshold : float, IoU above which an anchor is positive.
    ignore_label : float, class target of anchors that are neither positive nor negative.
    negative_mining_ratio : float, negatives per positive (<= 0: every non-positive anchor is
        negative).
    negative_mining_thresh : hard negative mining: only anchors whose best IoU is below it
        can be negatives (those with the lowest background probability are taken).
    minimum_negative_samples : int, accepted but unused (as in MXNet 1.9.1 on CPU).
    variances : the 4 variances dividing the encoded offsets.

    Returns
    -------
    [bbox_target (batch, num_anchors*4), bbox_mask (batch, num_anchors*4),
    cls_target (batch, num_anchors)]
    """
    _check_target_args(anchor, label, cls_pred, variances, negative_mining_ratio,
                       negative_mining_thresh)
    variances = _tuple(variances)
    na = anchor.shape[1]
    a = np.asarray(anchor)[0].astype(_F)
    lab = np.asarray(label).astype(_F)
    cp = np.asarray(cls_pred).astype(_F)
    outs = [_target_one(a, lab[b], cp[min(b, len(cp) - 1)], float(overlap_threshold),
                        float(ignore_label),
                        float(negative_mining_ratio), float(negative_mining_thresh),
                        int(minimum_negative_samples), variances)
            for b in range(lab.shape[0])]
    nb = lab.shape[0]
    dt = anchor.dtype
    loc = np.stack([o[0] for o in outs]).reshape(nb, na * 4) if nb else np.zeros((0, na * 4), _F)
    mask = np.stack([o[1] for o in outs]).reshape(nb, na * 4) if nb else np.zeros((0, na * 4), _F)
    cls = np.stack([o[2] for o in outs]) if nb else np.zeros((0, na), _F)
    return xp.asarray(loc.astype(dt)), xp.asarray(mask.astype(dt)), xp.asarray(cls.astype(dt))


def _decode_boxes(anchors, loc, clip, v):
    """MXNet's TransformLocations on arrays (float32)."""
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    ax, ay = (anchors[:, 0] + anchors[:, 2]) / _F(2), (anchors[:, 1] + anchors[:, 3]) / _F(2)
    ox = loc[:, 0] * v[0] * aw + ax
    oy = loc[:, 1] * v[1] * ah + ay
    ow = np.exp(loc[:, 2] * v[2]) * aw / _F(2)
    oh = np.exp(loc[:, 3] * v[3]) * ah / _F(2)
    out = np.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=1).astype(_F)
    if clip:
        np.clip(out, 0, 1, out=out)
    return out


def _detect_one(prob, loc, anchors, clip, threshold, nms_threshold, force_suppress, v,
                nms_topk):
    nc, na = prob.shape
    out = np.full((na, 6), _F(-1), _F)
    if nc > 1:
        fg = prob[1:]
        cid = np.argmax(fg, axis=0) + 1  # first max among the foreground classes
        score = fg[cid - 1, np.arange(na)]
    else:
        cid = np.zeros(na, np.int64)
        score = np.full(na, _F(-1), _F)
    cid = np.where((cid > 0) & (score < _F(threshold)), 0, cid)
    boxes = _decode_boxes(anchors, loc.reshape(na, 4), clip, v)
    keep = np.nonzero(cid > 0)[0]
    if keep.size == 0:
        return out
    n = keep.size
    rows = np.empty((n, 6), _F)  # the valid detections, compacted in anchor order
    rows[:, 0] = cid[keep] - 1
    rows[:, 1] = score[keep]
    rows[:, 2:] = boxes[keep]
    out[:n] = rows
    if not 0 < nms_threshold <= 1:
        return out  # no NMS: MXNet leaves them unsorted
    order = np.argsort(-rows[:, 1], kind="stable")
    n_nms = nms_topk if 0 < nms_topk < n else n
    # MXNet writes the best n_nms back in score order and marks the rest (left in their old
    # places) invalid
    out[:n_nms] = rows[order[:n_nms]]
    out[n_nms:n, 0] = -1
    rows = out
    box = rows[:n_nms, 2:]
    area = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
    thr = _F(nms_threshold)
    for i in range(n_nms - 1):
        if rows[i, 0] < 0:
            continue
        j = i + 1 + np.nonzero(rows[i + 1:n_nms, 0] >= 0)[0]
        if not force_suppress:
            j = j[rows[j, 0] == rows[i, 0]]
        if j.size == 0:
            continue
        b = box[i]
        iw = np.maximum(_F(0), np.minimum(b[2], box[j, 2]) - np.maximum(b[0], box[j, 0]))
        ih = np.maximum(_F(0), np.minimum(b[3], box[j, 3]) - np.maximum(b[1], box[j, 1]))
        inter = iw * ih
        union = area[i] + area[j] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            iou = np.where(union > 0, inter / union, _F(0))
        rows[j[iou >= thr], 0] = -1
    return out


def _check_detect_args(cls_prob, loc_pred, anchor, v):
    """MXNet's checks of MultiBoxDetection's inputs, in its order and with its texts."""
    if len(v) != 4:
        raise MXNetError(f"Check failed: variances.ndim() == 4 ({len(v)} vs. 4) : Variance size "
                         "must be 4")
    for x, nm, n in ((cls_prob, "cshape", 3), (loc_pred, "lshape", 2), (anchor, "ashape", 3)):
        if x.ndim != n:
            raise MXNetError(f"Provided: Check failed: {nm}.ndim() == {n}U ({x.ndim} vs. {n}) : "
                             f"{shape_str(x.shape)}")
    na = cls_prob.shape[2]
    if anchor.shape[1] != na:
        raise MXNetError("Number of anchors mismatch")
    if loc_pred.shape[1] != na * 4:
        raise MXNetError(f"Check failed: cshape[2] * 4 == lshape[1] ({na * 4} vs. "
                         f"{loc_pred.shape[1]}) : # anchors mismatch with # loc")
    if anchor.shape[2] != 4:
        raise MXNetError(f"Check failed: ashape[2] == 4U ({anchor.shape[2]} vs. 4) :")
    if anchor.shape[0] != 1:
        raise MXNetError("TBlob.get_with_shape: Check failed: this->shape_.Size() == "
                         f"static_cast<size_t>(shape.Size()) ({anchor.size} vs. {na * 4}) : new "
                         "and old shape do not match total elements")
    if loc_pred.shape[0] < cls_prob.shape[0]:  # MXNet reads past loc_pred here
        raise MXNetError(f"MultiBoxDetection: loc_pred {shape_str(loc_pred.shape)} has fewer "
                         f"samples than cls_prob {shape_str(cls_prob.shape)}")


@primitive(*_zero_grads(3))
def MultiBoxDetection(xp, cls_prob, loc_pred, anchor, clip=True, threshold=0.01,
                      background_id=0, nms_threshold=0.5, force_suppress=False,
                      variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """Converts SSD predictions to detections, with non-maximum suppression.

    Parameters
    ----------
    cls_prob : NDArray (batch, num_classes + 1, num_anchors), class probabilities (class 0 is
        the background).
    loc_pred : NDArray (batch, num_anchors * 4), predicted offsets.
    anchor : NDArray (1, num_anchors, 4), corner format.
    clip : bool, clip the boxes to [0, 1].
    threshold : float, minimum score of a detection.
    background_id : int, accepted for compatibility (MXNet 1.9.1 always treats class 0 as the
        background).
    nms_threshold : float, IoU at or above which the lower-scored box of the same class is
        suppressed (NMS off unless in (0, 1]).
    force_suppress : bool, suppress across classes too.
    variances : the 4 variances of the encoded offsets.
    nms_topk : int, only the best `nms_topk` detections take part in NMS (-1: all).

    Returns
    -------
    NDArray (batch, num_anchors, 6), rows ``[class_id, score, xmin, ymin, xmax, ymax]`` sorted
    by score; class_id -1 marks suppressed or background rows.
    """
    v = tuple(_F(x) for x in _tuple(variances))
    _check_detect_args(cls_prob, loc_pred, anchor, v)
    nb, _, na = cls_prob.shape
    p = np.asarray(cls_prob).astype(_F)
    lp = np.asarray(loc_pred).astype(_F)
    a = np.asarray(anchor)[0].astype(_F)
    out = np.stack([_detect_one(p[b], lp[b], a, bool(clip), float(threshold),
                                float(nms_threshold), bool(force_suppress), v, int(nms_topk))
                    for b in range(nb)]) if nb else np.zeros((0, na, 6), _F)
    return xp.asarray(out.astype(cls_prob.dtype))
