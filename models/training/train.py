#!/usr/bin/env python3
"""Trains RoadNet on the cache written by prepare_data.py; resumable, checkpoints every epoch.

Label assignment is task-aligned (per ground-truth box the top-k anchor points inside it ranked by
score^0.5 * IoU^6), classification loss is BCE against the IoU-scaled alignment, box loss is CIoU.
An exponential moving average of the weights is what gets evaluated and exported.

Usage: train.py --cache /tmp/roadscan-data --out runs/r1 [--epochs 60] [--size 320] [--resume]
"""
import argparse
import copy
import json
import math
import os
import random
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from evaluate import predict_all, score
from roadnet import DEFAULT_DEPTH, DEFAULT_WIDTH, RoadNet

CLASSES = ["D00", "D10", "D20", "D40"]


# ---------------------------------------------------------------- data
def load_cache(path):
    z = np.load(path, allow_pickle=True)
    imgs = [cv2.imdecode(b, cv2.IMREAD_COLOR) for b in z["images"]]
    return imgs, list(z["boxes"]), list(z["sources"]), list(z["names"])


def letterbox(img, size, scale=1.0, jitter=False):
    """Resizes img by scale*size/max(h,w) and places it on a gray size x size canvas.
    Returns canvas, (gain, dx, dy) such that canvas_px = img_px * gain + d."""
    h, w = img.shape[:2]
    g = scale * size / max(h, w)
    nw, nh = max(1, round(w * g)), max(1, round(h * g))
    r = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR if g > 1 else cv2.INTER_AREA)
    if jitter:
        dx = random.randint(min(0, size - nw), max(0, size - nw))
        dy = random.randint(min(0, size - nh), max(0, size - nh))
    else:
        dx, dy = (size - nw) // 2, (size - nh) // 2
    canvas = np.full((size, size, 3), 114, np.uint8)
    x0, y0 = max(dx, 0), max(dy, 0)
    x1, y1 = min(dx + nw, size), min(dy + nh, size)
    canvas[y0:y1, x0:x1] = r[y0 - dy:y1 - dy, x0 - dx:x1 - dx]
    return canvas, (g, dx, dy)


def place_boxes(boxes, w, h, gain, dx, dy, size):
    if len(boxes) == 0:
        return np.zeros((0, 5), np.float32)
    b = boxes.copy()
    b[:, [1, 3]] = b[:, [1, 3]] * w * gain + dx
    b[:, [2, 4]] = b[:, [2, 4]] * h * gain + dy
    area0 = (b[:, 3] - b[:, 1]) * (b[:, 4] - b[:, 2])
    b[:, 1:] = b[:, 1:].clip(0, size)
    area1 = (b[:, 3] - b[:, 1]) * (b[:, 4] - b[:, 2])
    keep = (area1 > 0.35 * area0) & (b[:, 3] - b[:, 1] > 2) & (b[:, 4] - b[:, 2] > 2)
    return b[keep]


class Augmenter:
    def __init__(self, imgs, boxes, size, mosaic=0.5):
        self.imgs, self.boxes, self.size, self.mosaic_p = imgs, boxes, size, mosaic

    def single(self, i, size, scale):
        img = self.imgs[i]
        h, w = img.shape[:2]
        c, (g, dx, dy) = letterbox(img, size, scale, jitter=True)
        return c, place_boxes(self.boxes[i], w, h, g, dx, dy, size)

    def mosaic(self, idx):
        s = self.size
        big = np.full((2 * s, 2 * s, 3), 114, np.uint8)
        xc, yc = random.randint(s // 2, 3 * s // 2), random.randint(s // 2, 3 * s // 2)
        out = []
        for k, i in enumerate(idx):
            img = self.imgs[i]
            h, w = img.shape[:2]
            g = s / max(h, w) * random.uniform(0.7, 1.3)
            nw, nh = round(w * g), round(h * g)
            r = cv2.resize(img, (nw, nh))
            x0 = xc - nw if k in (0, 2) else xc
            y0 = yc - nh if k in (0, 1) else yc
            bx0, by0 = max(x0, 0), max(y0, 0)
            bx1, by1 = min(x0 + nw, 2 * s), min(y0 + nh, 2 * s)
            big[by0:by1, bx0:bx1] = r[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0]
            out.append(place_boxes(self.boxes[i], w, h, g, x0, y0, 2 * s))
        # random crop of 1.0-2.0 s, resized to s: scale variety for drone tiles
        cs = random.randint(s, 2 * s)
        cx0, cy0 = random.randint(0, 2 * s - cs), random.randint(0, 2 * s - cs)
        crop = cv2.resize(big[cy0:cy0 + cs, cx0:cx0 + cs], (s, s), interpolation=cv2.INTER_AREA)
        b = np.concatenate(out) if out else np.zeros((0, 5), np.float32)
        if len(b):
            b = b.copy()
            b[:, 1:] -= [cx0, cy0, cx0, cy0]
            b[:, 1:] *= s / cs
            b = place_boxes_px(b, s)
        return crop, b

    def photometric(self, img):
        hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV).astype(np.float32)
        hsv[..., 0] = (hsv[..., 0] + random.uniform(-5, 5)) % 180
        hsv[..., 1] *= random.uniform(0.5, 1.5)
        hsv[..., 2] *= random.uniform(0.6, 1.4)
        img = cv2.cvtColor(hsv.clip(0, 255).astype(np.uint8), cv2.COLOR_HSV2BGR)
        r = random.random()
        if r < 0.08:  # night-like: dark, bluish, noisy
            img = (img.astype(np.float32) * random.uniform(0.25, 0.5))
            img[..., 0] *= 1.15
            img += np.random.normal(0, 6, img.shape)
            img = img.clip(0, 255).astype(np.uint8)
        elif r < 0.16:  # rain-like streaks and haze
            layer = np.zeros(img.shape[:2], np.uint8)
            for _ in range(random.randint(50, 150)):
                x, y = random.randint(0, img.shape[1] - 1), random.randint(0, img.shape[0] - 1)
                cv2.line(layer, (x, y), (x + random.randint(-3, 3), y + random.randint(6, 14)), 200, 1)
            img = cv2.addWeighted(img, 0.85, np.full_like(img, 180), 0.15, 0)
            img = np.maximum(img, cv2.cvtColor(layer, cv2.COLOR_GRAY2BGR) // 2 + img // 2)
        if random.random() < 0.1:
            k = random.choice((3, 5))
            img = cv2.GaussianBlur(img, (k, k), 0)
        return img

    def __call__(self, i):
        if random.random() < self.mosaic_p:
            idx = [i] + random.choices(range(len(self.imgs)), k=3)
            img, b = self.mosaic(idx)
        else:
            img, b = self.single(i, self.size, random.uniform(0.6, 1.3))
        if random.random() < 0.5:
            img = img[:, ::-1].copy()
            if len(b):
                b[:, [1, 3]] = self.size - b[:, [3, 1]]
        return self.photometric(img), b


def place_boxes_px(b, size):
    area0 = (b[:, 3] - b[:, 1]) * (b[:, 4] - b[:, 2])
    b[:, 1:] = b[:, 1:].clip(0, size)
    area1 = (b[:, 3] - b[:, 1]) * (b[:, 4] - b[:, 2])
    keep = (area1 > 0.35 * area0) & (b[:, 3] - b[:, 1] > 2) & (b[:, 4] - b[:, 2] > 2)
    return b[keep]


class TrainSet(torch.utils.data.Dataset):
    """Every image once, plus the images listed in `repeat` (an index may be listed several times)."""

    def __init__(self, aug, repeat=()):
        self.aug = aug
        self.index = list(range(len(aug.imgs))) + list(repeat)

    def __len__(self):
        return len(self.index)

    def __getitem__(self, i):
        img, b = self.aug(self.index[i])
        x = torch.from_numpy(img[:, :, ::-1].transpose(2, 0, 1).copy())  # BGR -> RGB, CHW uint8
        return x, torch.from_numpy(np.asarray(b, np.float32).reshape(-1, 5))


def one_cv_thread(_):
    cv2.setNumThreads(1)  # each augmentation worker is one process: no thread pools on top


def collate(batch):
    xs = torch.stack([b[0] for b in batch])
    m = max(1, max(len(b[1]) for b in batch))
    t = torch.zeros(len(batch), m, 5)
    mask = torch.zeros(len(batch), m, dtype=torch.bool)
    for i, (_, b) in enumerate(batch):
        t[i, :len(b)] = b
        mask[i, :len(b)] = True
    return xs, t, mask


# ---------------------------------------------------------------- loss
def ciou(p, g, eps=1e-7):
    """Complete IoU of matched pairs p [k,4], g [k,4]."""
    iw = (torch.min(p[:, 2], g[:, 2]) - torch.max(p[:, 0], g[:, 0])).clamp(min=0)
    ih = (torch.min(p[:, 3], g[:, 3]) - torch.max(p[:, 1], g[:, 1])).clamp(min=0)
    inter = iw * ih
    pw, ph = p[:, 2] - p[:, 0], p[:, 3] - p[:, 1] + eps
    gw, gh = g[:, 2] - g[:, 0], g[:, 3] - g[:, 1] + eps
    union = pw * ph + gw * gh - inter + eps
    iou = inter / union
    cw = torch.max(p[:, 2], g[:, 2]) - torch.min(p[:, 0], g[:, 0])
    ch = torch.max(p[:, 3], g[:, 3]) - torch.min(p[:, 1], g[:, 1])
    c2 = cw ** 2 + ch ** 2 + eps
    rho2 = ((p[:, 0] + p[:, 2] - g[:, 0] - g[:, 2]) ** 2 + (p[:, 1] + p[:, 3] - g[:, 1] - g[:, 3]) ** 2) / 4
    v = (4 / math.pi ** 2) * (torch.atan(gw / gh) - torch.atan(pw / ph)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


def assign(pts, boxes, scores, gcls, gbox, valid, topk=10):
    """Task-aligned label assignment for a whole batch at once (no per-image loop, no host sync).

    pts [A,2] anchor points; boxes [B,A,4] predicted boxes and scores [B,A,C] class probabilities
    (both detached); gcls [B,M], gbox [B,M,4], valid [B,M]: labels padded to M per image.
    An anchor is a candidate of a label when it lies inside the box (the nearest anchor always
    does, for tiny boxes) and is among the label's topk by alignment score**0.5 * IoU**6; an
    anchor claimed by several labels goes to the one it overlaps most.
    Returns pos [B,A] (anchors with a label), gi [B,A] (that label's index) and the soft target
    score [B,A] (alignment normalised per label, scaled by the label's best IoU).
    """
    B, M = gcls.shape
    A = pts.shape[0]
    x, y = pts[:, 0], pts[:, 1]
    inside = ((x > gbox[..., 0, None]) & (x < gbox[..., 2, None]) &
              (y > gbox[..., 1, None]) & (y < gbox[..., 3, None]))  # [B,M,A]
    centre = (gbox[..., :2] + gbox[..., 2:]) / 2
    nearest = ((pts[None, None] - centre[:, :, None]) ** 2).sum(-1).argmin(-1)  # [B,M]
    inside.scatter_(2, nearest[..., None], True)
    inside &= valid[..., None]
    iou = box_iou(gbox, boxes).clamp(min=0)  # [B,M,A]
    sc = scores.gather(2, gcls[:, None, :].expand(B, A, M)).transpose(1, 2)  # [B,M,A]
    align = sc.pow(0.5) * iou.pow(6) * inside
    metric = align + inside * 1e-9
    top = metric.topk(min(topk, A), dim=2).indices
    cand = torch.zeros_like(inside).scatter_(2, top, True) & inside
    multi = cand.sum(1) > 1  # [B,A]
    best = F.one_hot((iou * cand).argmax(1), M).transpose(1, 2).bool()  # [B,M,A]
    cand = torch.where(multi[:, None, :], best, cand)
    pos = cand.any(1)
    gi = cand.float().argmax(1)
    al = align * cand
    norm = al.amax(2, keepdim=True) + 1e-9
    tscore = (al / norm * (iou * cand).amax(2, keepdim=True)).amax(1) * pos
    return pos, gi, tscore


def box_iou(a, b):
    """a [B,n,4], b [B,m,4] xyxy -> [B,n,m]"""
    lt = torch.max(a[:, :, None, :2], b[:, None, :, :2])
    rb = torch.min(a[:, :, None, 2:], b[:, None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    aa = (a[..., 2:] - a[..., :2]).prod(-1)
    ab = (b[..., 2:] - b[..., :2]).prod(-1)
    return inter / (aa[:, :, None] + ab[:, None] - inter + 1e-9)


def detection_loss(model, imgs, targets, mask, nc, topk=10):
    """CIoU box loss weighted by the soft target score, plus BCE against the soft targets."""
    levels = model.raw(imgs)
    cls = torch.cat([l[0] for l in levels], 1)  # [B,A,C] logits
    dist = torch.cat([l[1] for l in levels], 1)
    pts = torch.cat([l[2] for l in levels], 0)  # [A,2]
    boxes = model.decode(dist, pts)  # [B,A,4]
    gcls, gbox = targets[..., 0].long(), targets[..., 1:]
    with torch.no_grad():
        pos, gi, tscore = assign(pts, boxes.detach(), cls.sigmoid(), gcls, gbox, mask, topk)
        cls_t = torch.zeros_like(cls)
        cls_t.scatter_(2, gcls.gather(1, gi)[..., None], tscore[..., None])
        matched = gbox.gather(1, gi[..., None].expand(-1, -1, 4))  # [B,A,4]
    w = tscore[pos]
    box_loss = ((1 - ciou(boxes[pos], matched[pos])) * w).sum()
    lcls = F.binary_cross_entropy_with_logits(cls, cls_t, reduction="sum") / cls_t.sum().clamp(min=1.0)
    lbox = box_loss / w.sum().clamp(min=1.0)
    return 7.5 * lbox + 0.5 * lcls, lbox.detach(), lcls.detach()


# ---------------------------------------------------------------- validation
def evaluate_by_domain(model, val, size, dev):
    """Validation over the whole split (``map50`` and the per-class figures, as before) plus each
    source on its own under ``domains``; ``domain_map50`` is the mean of the domains' mean AP@0.5,
    so that a small domain (drone, Czech) weighs as much as the large pothole set when the best
    checkpoint is chosen."""
    sources = val[2]
    preds, labels = predict_all(model, val[0], val[1], size, dev)
    res = score(preds, labels, CLASSES)
    res["domains"] = {}
    for src in sorted(set(sources)):
        idx = [i for i, s in enumerate(sources) if s == src]
        res["domains"][src] = score([preds[i] for i in idx], [labels[i] for i in idx], CLASSES)
    maps = [d["map50"] for d in res["domains"].values()]
    res["domain_map50"] = round(float(np.mean(maps)), 4) if maps else 0.0
    return res


# ---------------------------------------------------------------- training
class EMA:
    def __init__(self, model, decay=0.9998, tau=1000):
        self.ema = copy.deepcopy(model).eval()
        self.updates, self.decay, self.tau = 0, decay, tau
        for p in self.ema.parameters():
            p.requires_grad_(False)

    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        with torch.no_grad():
            msd = model.state_dict()
            for k, v in self.ema.state_dict().items():
                if v.dtype.is_floating_point:
                    v.mul_(d).add_(msd[k].detach(), alpha=1 - d)


def initial_weights(path, dev):
    """The EMA weights of a checkpoint (best.pt), or the weights of an exported TorchScript model
    (e.g. the shipped models/roadscan-damage/roadscan-damage.pt: tracing keeps the parameter names)."""
    try:
        return torch.jit.load(path, map_location=dev).state_dict()
    except RuntimeError:  # not TorchScript
        return torch.load(path, map_location=dev, weights_only=False)["ema"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", type=int, default=2)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", help="start from these weights (a best.pt) with a fresh schedule")
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--crack-repeat", type=int, default=1,
                    help="each epoch shows images with a crack box (D00/D10/D20) this many times")
    ap.add_argument("--repeat-source", action="append", default=[], metavar="SOURCE=K",
                    help="each epoch shows the images of this source (pothole, crack, drone, czech) "
                         "K times, e.g. pothole=3 so a small set is not forgotten; repeatable")
    ap.add_argument("--width", default=",".join(map(str, DEFAULT_WIDTH)),
                    help="channel widths of the five backbone stages (the shipped model's by default)")
    ap.add_argument("--depth", default=",".join(map(str, DEFAULT_DEPTH)),
                    help="CSP bottlenecks in the four backbone stages s2..s5 (the shipped model's by default)")
    ap.add_argument("--epoch-size", type=int, default=0,
                    help="images per epoch, drawn afresh each epoch (0: the whole set): short epochs "
                         "checkpoint often, for runs that may have to stop early")
    ap.add_argument("--workers", type=int, default=1,
                    help="augmentation processes (on a GPU machine, most of its cores)")
    ap.add_argument("--ema-decay", type=float, default=0.9998,
                    help="decay of the weights' moving average (lower for runs of fewer steps)")
    ap.add_argument("--mosaic", type=float, default=0.5,
                    help="share of training images built as a four-image mosaic (0 for a closing "
                         "fine-tune at the scale the model is served at)")
    ap.add_argument("--minutes", type=float, default=0,
                    help="wall-clock budget: the cosine schedule runs over this time instead of over "
                         "--epochs, and training stops when it is spent (0: no budget)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    dev = torch.device(a.device)
    imgs, boxes, sources, _ = load_cache(os.path.join(a.cache, "train.npz"))
    val = load_cache(os.path.join(a.cache, "val.npz"))
    crack = [i for i, b in enumerate(boxes) if len(b) and (b[:, 0] < CLASSES.index("D40")).any()]
    repeat = crack * (a.crack_repeat - 1)
    for spec in a.repeat_source:
        name, times = spec.split("=")
        listed = [i for i, src in enumerate(sources) if src == name]
        if not listed:
            raise SystemExit(f"--repeat-source {spec}: no training image of source '{name}' "
                             f"(sources: {sorted(set(map(str, sources)))})")
        repeat += listed * (int(times) - 1)
    print(f"{len(imgs)} training images, {len(crack)} with cracks; an epoch draws {a.epoch_size or len(imgs) + len(repeat)}"
          f" of {len(imgs) + len(repeat)}", flush=True)
    data = TrainSet(Augmenter(imgs, boxes, a.size, a.mosaic), repeat)
    sampler = torch.utils.data.RandomSampler(data, num_samples=a.epoch_size or None)
    loader = torch.utils.data.DataLoader(data, batch_size=a.batch, sampler=sampler,
                                         num_workers=a.workers, collate_fn=collate, drop_last=True,
                                         persistent_workers=True, worker_init_fn=one_cv_thread)
    width = tuple(int(c) for c in a.width.split(","))
    depth = tuple(int(n) for n in a.depth.split(","))
    model = RoadNet(len(CLASSES), width=width, depth=depth).to(dev)
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                             {"params": no_decay, "weight_decay": 0.0}], lr=a.lr, betas=(0.9, 0.999))
    if a.init:
        model.load_state_dict(initial_weights(a.init, dev))
    ema = EMA(model, decay=a.ema_decay)
    start, best, it = 0, -1.0, 0
    last = os.path.join(a.out, "last.pt")
    if a.resume and os.path.exists(last):
        ck = torch.load(last, map_location=dev, weights_only=False)
        model.load_state_dict(ck["model"])
        ema.ema.load_state_dict(ck["ema"])
        ema.updates = ck["ema_updates"]
        opt.load_state_dict(ck["opt"])
        start, best, it = ck["epoch"] + 1, ck["best"], ck["it"]
        print("resumed at epoch", start, "best", best, flush=True)
    total = a.epochs * len(loader)
    warm = min(a.warmup, total // 10)
    log = open(os.path.join(a.out, "log.jsonl"), "a")
    budget = a.minutes * 60
    began = time.time()
    for ep in range(start, a.epochs):
        model.train()
        t0, sums, n = time.time(), [0.0, 0.0], 0
        for x, t, m in loader:
            if budget:  # schedule over the time budget; the step count is not known in advance
                progress = min(1.0, (time.time() - began) / budget)
            else:
                progress = (it - warm) / max(1, total - warm)
            lr = a.lr * (it / warm if it < warm else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * progress)))
            for g in opt.param_groups:
                g["lr"] = lr
            x = x.to(dev).float() / 255.0
            loss, lb, lc = detection_loss(model, x, t.to(dev), m.to(dev), len(CLASSES))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            ema.update(model)
            it += 1
            sums[0] += lb.item()
            sums[1] += lc.item()
            n += 1
            if it % 20 == 0:
                print(f"ep {ep} it {it} lr {lr:.5f} box {sums[0]/n:.3f} cls {sums[1]/n:.3f} "
                      f"{(time.time()-t0)/n:.2f}s/it", flush=True)
        spent = budget and time.time() - began >= budget
        rec = {"epoch": ep, "it": it, "box": sums[0] / n, "cls": sums[1] / n, "sec": time.time() - t0}
        if (ep + 1) % a.eval_every == 0 or ep + 1 == a.epochs or spent:
            res = evaluate_by_domain(ema.ema, val, a.size, dev)
            rec["val"] = res
            score = res["domain_map50"]
            if score > best:
                best = score
                torch.save({"ema": ema.ema.state_dict(), "epoch": ep, "val": res, "size": a.size,
                            "width": width, "depth": depth},
                           os.path.join(a.out, "best.pt"))
            print("VAL", json.dumps(res), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()
        torch.save({"model": model.state_dict(), "ema": ema.ema.state_dict(), "ema_updates": ema.updates,
                    "opt": opt.state_dict(), "epoch": ep, "best": best, "it": it}, last + ".tmp")
        os.replace(last + ".tmp", last)
        if spent:
            print(f"time budget of {a.minutes} min spent after {it} steps", flush=True)
            break


if __name__ == "__main__":
    main()
