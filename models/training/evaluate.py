"""Validation for training: the same rule as the Java `evaluate` command (CRDDC: a prediction is a
true positive when IoU >= 0.5 with an unmatched label of the same class, highest confidence first).

AP@0.5 uses all-point interpolation of the precision/recall curve; precision, recall and F1 are
reported at the confidence threshold that maximises F1 per class, and at the shipped threshold.
The RDD crack classes are also scored as one class, ``groups.crack`` (a prediction of any crack
subtype matches a label of any), as the Java command does; ``map50`` stays the mean over classes.
"""
import numpy as np
import torch

import cv2


def nms(boxes, scores, iou_thr):
    """Greedy NMS on xyxy boxes (torch), returns kept indices, highest score first."""
    order = scores.argsort(descending=True)
    b = boxes[order]
    lt = torch.max(b[:, None, :2], b[None, :, :2])
    rb = torch.min(b[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    over = (inter / (area[:, None] + area[None] - inter + 1e-9) > iou_thr).numpy()
    order = order.tolist()
    keep = []
    alive = np.ones(len(order), dtype=bool)
    for i in range(len(order)):
        if alive[i]:
            keep.append(order[i])
            alive &= ~over[i]
    return keep


def postprocess(out, conf=0.001, iou_thr=0.5, max_det=300):
    """out [A, 4+C] -> list of (cls, score, x0, y0, x1, y1), class-aware NMS."""
    boxes, scores = out[:, :4], out[:, 4:]
    res = []
    for c in range(scores.shape[1]):
        s = scores[:, c]
        m = s > conf
        if not m.any():
            continue
        b, sc = boxes[m], s[m]
        if len(sc) > 500:
            top = sc.topk(500).indices
            b, sc = b[top], sc[top]
        for k in nms(b, sc, iou_thr):
            res.append((c, sc[k].item(), *b[k].tolist()))
    res.sort(key=lambda r: -r[1])
    return res[:max_det]


def iou1(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / u if u > 0 else 0.0


def match(preds, labels, nc):
    """preds: list per image of (cls, score, box); labels: list per image of (cls, box).
    Returns per class: list of (score, tp) and number of labels."""
    recs = [[] for _ in range(nc)]
    npos = [0] * nc
    for p, l in zip(preds, labels):
        for c, _ in l:
            npos[c] += 1
        used = [False] * len(l)
        for c, s, box in sorted(p, key=lambda r: -r[1]):
            best, bj = 0.5, -1
            for j, (lc, lb) in enumerate(l):
                if lc == c and not used[j]:
                    v = iou1(box, lb)
                    if v >= best:
                        best, bj = v, j
            if bj >= 0:
                used[bj] = True
            recs[c].append((s, bj >= 0))
    return recs, npos


def summarize(recs, npos, names, threshold=None):
    out = {"classes": {}}
    aps, tot_tp, tot_fp, tot_pos = [], 0, 0, 0
    for c, name in enumerate(names):
        r = sorted(recs[c], key=lambda t: -t[0])
        tp = np.cumsum([t[1] for t in r]) if r else np.zeros(0)
        fp = np.cumsum([not t[1] for t in r]) if r else np.zeros(0)
        n = npos[c]
        if n == 0:
            continue
        rec = tp / n if len(r) else np.zeros(0)
        prec = tp / np.maximum(tp + fp, 1e-9) if len(r) else np.zeros(0)
        mrec = np.concatenate([[0], rec, [1]])
        mpre = np.concatenate([[1], prec, [0]])
        mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
        idx = np.where(mrec[1:] != mrec[:-1])[0]
        ap = float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))
        f1 = 2 * prec * rec / np.maximum(prec + rec, 1e-9) if len(r) else np.zeros(1)
        k = int(np.argmax(f1)) if len(r) else 0
        entry = {"labels": n, "ap50": round(ap, 4),
                 "best_f1": round(float(f1[k]), 4) if len(r) else 0.0,
                 "best_f1_conf": round(float(r[k][0]), 4) if len(r) else None}
        if threshold is not None:
            m = [t for t in r if t[0] >= threshold]
            t_tp = sum(1 for t in m if t[1])
            p_ = t_tp / len(m) if m else 0.0
            r_ = t_tp / n
            entry.update({"precision": round(p_, 4), "recall": round(r_, 4),
                          "f1": round(2 * p_ * r_ / (p_ + r_), 4) if p_ + r_ > 0 else 0.0})
            tot_tp += t_tp
            tot_fp += len(m) - t_tp
            tot_pos += n
        out["classes"][name] = entry
        aps.append(ap)
    out["map50"] = round(float(np.mean(aps)), 4) if aps else 0.0
    if threshold is not None and tot_pos:
        p_ = tot_tp / max(tot_tp + tot_fp, 1)
        r_ = tot_tp / tot_pos
        out["overall"] = {"precision": round(p_, 4), "recall": round(r_, 4),
                          "f1": round(2 * p_ * r_ / (p_ + r_), 4) if p_ + r_ > 0 else 0.0}
    return out


CRACK_GROUP = ("D00", "D10", "D20")


def group_summary(preds, labels, names, members=CRACK_GROUP, threshold=None):
    """The classes in members scored as one class (None when fewer than two are in names)."""
    idx = {names.index(m) for m in members if m in names}
    if len(idx) < 2:
        return None
    gp = [[(0, s, b) for c, s, b in p if c in idx] for p in preds]
    gl = [[(0, b) for c, b in l if c in idx] for l in labels]
    recs, npos = match(gp, gl, 1)
    return summarize(recs, npos, ["crack"], threshold)["classes"].get("crack")


def letterbox_eval(img, size):
    h, w = img.shape[:2]
    g = size / max(h, w)
    nw, nh = round(w * g), round(h * g)
    r = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    dx, dy = (size - nw) // 2, (size - nh) // 2
    canvas = np.full((size, size, 3), 114, np.uint8)
    canvas[dy:dy + nh, dx:dx + nw] = r
    return canvas, g, dx, dy


@torch.no_grad()
def predict(model, img, size, dev, conf=0.001):
    """img BGR uint8 -> list of (cls, score, [x0,y0,x1,y1]) in image pixels."""
    c, g, dx, dy = letterbox_eval(img, size)
    x = torch.from_numpy(c[:, :, ::-1].transpose(2, 0, 1).copy()).float().div(255)[None].to(dev)
    out = model(x)[0].cpu()
    res = []
    for cl, s, x0, y0, x1, y1 in postprocess(out, conf):
        h, w = img.shape[:2]
        box = [min(max((x0 - dx) / g, 0), w), min(max((y0 - dy) / g, 0), h),
               min(max((x1 - dx) / g, 0), w), min(max((y1 - dy) / g, 0), h)]
        if box[2] > box[0] and box[3] > box[1]:  # same as Java: clipped, zero-area dropped
            res.append((cl, s, box))
    return res


def reduction_for(long_side, size, single_pass_max=640, tile=1280):
    """The JPEG decoder's reduction (1, 2, 4, 8) the Java detector uses for a frame of this long
    side (DamageDetector.decodeReduction): for a frame detected in one pass, the largest that keeps
    its long side >= the input size; for a tiled frame, the largest power of two (at most 8) that
    divides the integer factor its tiles are area-shrunk by."""
    if long_side > single_pass_max:
        f = max(1, min(long_side, tile) // size)
        return min(8, f & -f)
    r = 8
    while r > 1 and -(-long_side // r) < size:
        r //= 2
    return r


def decode_reduced(data, r):
    flag = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
            8: cv2.IMREAD_REDUCED_COLOR_8}[r]
    return cv2.imdecode(data, flag)


def predict_file(model, path, size, dev, conf=0.001, single_pass_max=640, tile=1280):
    """Like predict, on a JPEG file decoded the way the Java detector decodes it; boxes in
    full-size image pixels. The JPEG decoder scales the frame down by reduction_for; a frame up to
    single_pass_max px then gets one letterboxed pass; a larger frame that fits one tile (Java's
    default Slicing: 1280 px tiles) is area-shrunk by the integer factor that keeps its long side
    at or above the input, after trimming it to a multiple of that factor, as Java's AreaShrink
    does. Larger frames are cut into several tiles in Java, which this reference does not
    reproduce."""
    data = np.fromfile(path, np.uint8)
    full = cv2.imdecode(data, cv2.IMREAD_COLOR)
    h, w = full.shape[:2]
    if max(h, w) > tile:
        raise ValueError(f"{path}: {w}x{h} is tiled by the Java detector; not reproduced here")
    r = reduction_for(max(h, w), size, single_pass_max, tile)
    img = full if r == 1 else decode_reduced(data, r)
    sx, sy = w / img.shape[1], h / img.shape[0]
    if max(h, w) > single_pass_max:
        ih, iw = img.shape[:2]
        f = max(1, max(ih, iw) // size)
        small = img if f == 1 else cv2.resize(img[:ih // f * f, :iw // f * f], (iw // f, ih // f),
                                              interpolation=cv2.INTER_AREA)
        dets = [(c, s, [v * f for v in b]) for c, s, b in predict(model, small, size, dev, conf)]
    else:
        dets = predict(model, img, size, dev, conf)
    return [(c, s, [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy]) for c, s, b in dets]


@torch.no_grad()
def predict_all(model, imgs, boxes, size, dev):
    """Predictions and labels (in image pixels) of a cached split, for score()."""
    model.eval()
    preds, labels = [], []
    for img, b in zip(imgs, boxes):
        h, w = img.shape[:2]
        preds.append(predict(model, img, size, dev))
        labels.append([(int(r[0]), [r[1] * w, r[2] * h, r[3] * w, r[4] * h]) for r in b])
    return preds, labels


def evaluate_model(model, imgs, boxes, size, names, dev, threshold=0.25):
    preds, labels = predict_all(model, imgs, boxes, size, dev)
    return score(preds, labels, names, threshold)


def score(preds, labels, names, threshold=0.25):
    recs, npos = match(preds, labels, len(names))
    out = summarize(recs, npos, names, threshold)
    crack = group_summary(preds, labels, names, threshold=threshold)
    if crack is not None:
        out["groups"] = {"crack": crack}
    return out
