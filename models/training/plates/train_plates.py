#!/usr/bin/env python3
"""Trains PlateNet on synthetic plates pasted onto real photos, plus the real plates of the
development set's training half (issue #31). Resumable; checkpoints every --every steps.

Backgrounds (none of them evaluation-reserved, none of them the bench's false-blur negatives):
RDD2022 Czech train images numbered 1000-2699, China_Drone numbered 300-1799, the pothole street
photos, CPRID crack photos, and the even-numbered half of the LIRE development photos with their
hand-labelled plates (bench/privacy-dev/lire-ferrari-plates.json); the odd half is validation.

Usage: train_plates.py --lire DIR --out DIR [--steps 20000] [--batch 16] [--size 320]
"""
import argparse
import glob
import json
import math
import os
import random
import re
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F

from platenet import STRIDE, PlateNet
from synth import paste_plate

HERE = os.path.dirname(os.path.abspath(__file__))
DEV_LABELS = os.path.join(HERE, "../../../bench/privacy-dev/lire-ferrari-plates.json")


def number(path):
    m = re.search(r"(\d+)\.jpg$", path)
    return int(m.group(1)) if m else -1


def lire_split(lire_dir):
    """(train, val): lists of (path, boxes) from the development labels, alternating by name."""
    images = sorted(json.load(open(DEV_LABELS))["images"], key=lambda e: e["file"])
    half = [[], []]
    for i, e in enumerate(images):
        half[i % 2].append((os.path.join(lire_dir, e["file"]), [tuple(b) for b in e["plates"]]))
    return half[0], half[1]


# pothole photos pasted into sample-images/video/drone-nadir.mp4 (its truth file): kept out, so
# that PlateFinderPlausibilityTest stays a test on unseen potholes
SAMPLE_FLIGHT_POTHOLES = ("pothole_333_", "pothole_223_", "pothole_393_", "pothole_353_",
                          "pothole_123_")


def backgrounds(czech, drone, potholes, cprid):
    pools = {
        "czech": [p for p in glob.glob(czech + "/*.jpg") if 1000 <= number(p) < 2700],
        "drone": [p for p in glob.glob(drone + "/*.jpg") if 300 <= number(p) < 1800],
        "potholes": [p for p in glob.glob(potholes + "/**/*.jpg", recursive=True)
                     if not os.path.basename(p).startswith(SAMPLE_FLIGHT_POTHOLES)],
        "cprid": glob.glob(cprid + "/*.jpg")[:400],
    }
    return {k: sorted(v) for k, v in pools.items()}


def paste_pothole(rng, canvas, pothole_photos):
    """Hard negative: a labelled pothole of a photo pasted onto canvas (in place) through a
    feathered ellipse, its ring matched in mean colour, 20-150 px across: what the sample drone
    flight's generator (GroundMosaic) does. Not a plate, so never labelled."""
    for _ in range(5):
        path = rng.choice(pothole_photos)
        boxes = damage_boxes(path)
        if boxes:
            break
    else:
        return
    img = cv2.imread(path)
    h, w = img.shape[:2]
    x0, y0, x1, y1 = rng.choice(boxes)
    cx, cy, bw, bh = (x0 + x1) / 2 * w, (y0 + y1) / 2 * h, (x1 - x0) * w, (y1 - y0) * h
    if bw < 8 or bh < 8:
        return
    outer = 1.35
    X0, Y0 = int(max(0, cx - outer * bw / 2)), int(max(0, cy - outer * bh / 2))
    X1, Y1 = int(min(w, cx + outer * bw / 2)), int(min(h, cy + outer * bh / 2))
    crop = img[Y0:Y1, X0:X1].astype(np.float32)
    across = rng.uniform(20, 150)
    k = across / max(bw, bh)
    crop = cv2.resize(crop, (max(4, int(crop.shape[1] * k)), max(4, int(crop.shape[0] * k))))
    ch, cw = crop.shape[:2]
    H, W = canvas.shape[:2]
    if ch >= H or cw >= W:
        return
    ox, oy = rng.randint(0, W - cw), rng.randint(0, H - ch)
    yy, xx = np.mgrid[:ch, :cw]
    u = (xx + 0.5 - (cx - X0) * k) / (bw * k / 2)
    v = (yy + 0.5 - (cy - Y0) * k) / (bh * k / 2)
    rho = np.sqrt(u * u + v * v)
    alpha = np.clip((outer - rho) / (outer - 1.0), 0, 1)[..., None]
    region = canvas[oy:oy + ch, ox:ox + cw].astype(np.float32)
    ring = (rho > 1.05) & (rho < outer)
    if ring.any():
        crop = crop + (region[ring].mean(axis=0) - crop[ring].mean(axis=0))
    canvas[oy:oy + ch, ox:ox + cw] = np.clip(region * (1 - alpha) + crop * alpha, 0,
                                             255).astype(np.uint8)


def damage_boxes(image_path):
    """YOLO boxes of a pothole photo (labels/ beside images/) as fractions (x0, y0, x1, y1)."""
    label = image_path.replace("/images/", "/labels/").rsplit(".", 1)[0] + ".txt"
    out = []
    if os.path.exists(label):
        for line in open(label):
            v = line.split()
            if len(v) >= 5:
                cx, cy, w, h = map(float, v[1:5])
                out.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return out


class Samples(torch.utils.data.IterableDataset):
    def __init__(self, pools, lire_train, size, seed, weights=(30, 30, 12, 20, 8, 0)):
        self.pools, self.lire, self.size, self.seed = pools, lire_train, size, seed
        self.weights = weights

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        rng = random.Random(self.seed + (info.id if info else 0) * 7919 + int(time.time()))
        while True:
            yield self.sample(rng)

    def sample(self, rng):
        s = self.size
        kinds = ["lire", "czech", "drone", "potholes", "cprid", "pothole_centred", "pasted_pothole"]
        kind = rng.choices(kinds, list(self.weights) + [0] * (len(kinds) - len(self.weights)))[0]
        pasted = kind == "pasted_pothole"
        if pasted:
            kind = rng.choice(["drone", "czech"])
        focus = None  # a box (fractions) the crop is centred on: a pothole, a hard negative
        if kind == "lire":
            path, boxes = rng.choice(self.lire)
        elif kind == "pothole_centred":
            path, boxes = rng.choice(self.pools["potholes"]), []
            damage = damage_boxes(path)
            focus = rng.choice(damage) if damage else None
        else:
            path, boxes = rng.choice(self.pools[kind]), []
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        long_side = rng.uniform(500, 1500) if kind != "lire" else 1024 * rng.uniform(0.45, 1.6)
        if focus:  # the pothole 20-150 px across, as a drone or street camera sees it
            across = max(focus[2] - focus[0], focus[3] - focus[1]) * max(h, w)
            long_side = max(h, w) * rng.uniform(20, 150) / max(1.0, across)
        g = long_side / max(h, w)
        img = cv2.resize(img, (max(s, round(w * g)), max(s, round(h * g))),
                         interpolation=cv2.INTER_AREA if g < 1 else cv2.INTER_LINEAR)
        gx, gy = img.shape[1] / w, img.shape[0] / h
        boxes = [(b[0] * gx, b[1] * gy, b[2] * gx, b[3] * gy) for b in boxes]
        H, W = img.shape[:2]
        if focus:
            b = (focus[0] * W, focus[1] * H, focus[2] * W, focus[3] * H)
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            x0 = int(np.clip(cx - rng.uniform(0.2, 0.8) * s, 0, W - s))
            y0 = int(np.clip(cy - rng.uniform(0.2, 0.8) * s, 0, H - s))
        elif boxes and rng.random() < 0.8:
            b = rng.choice(boxes)
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            x0 = int(np.clip(cx - rng.uniform(0.15, 0.85) * s, 0, W - s))
            y0 = int(np.clip(cy - rng.uniform(0.15, 0.85) * s, 0, H - s))
        else:
            x0, y0 = rng.randint(0, W - s), rng.randint(0, H - s)
        crop = np.ascontiguousarray(img[y0:y0 + s, x0:x0 + s])
        labels = []
        for b in boxes:
            c = (max(0, b[0] - x0), max(0, b[1] - y0), min(s, b[2] - x0), min(s, b[3] - y0))
            full = (b[2] - b[0]) * (b[3] - b[1])
            if c[2] > c[0] and c[3] > c[1] and (c[2] - c[0]) * (c[3] - c[1]) >= 0.5 * full:
                labels.append(c)
            elif c[2] > c[0] and c[3] > c[1]:
                labels.append(c + ("ignore",))
        if pasted:
            for _ in range(rng.randint(1, 3)):
                paste_pothole(rng, crop, self.pools["potholes"])
        pastes = rng.choices([0, 1], [60, 40])[0] if focus or pasted else \
            rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]
        for _ in range(pastes):
            b = paste_plate(rng, crop, 7, 100, occupied=[l[:4] for l in labels])
            if b and b[2] - b[0] > 2 and b[3] - b[1] > 2:
                labels.append(b)
        if rng.random() < 0.5:
            crop = cv2.flip(crop, 1)
            labels = [(s - l[2], l[1], s - l[0], l[3]) + tuple(l[4:]) for l in labels]
        if rng.random() < 0.5:
            q = rng.randint(35, 95)
            crop = cv2.imdecode(cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, q])[1], 1)
        return torch.from_numpy(crop).permute(2, 0, 1).float(), targets(labels, s)


def targets(labels, s):
    n = s // STRIDE
    heat = np.zeros((n, n), np.float32)
    ignore = np.zeros((n, n), np.float32)
    reg = np.zeros((4, n, n), np.float32)
    mask = np.zeros((n, n), np.float32)
    for l in labels:
        x0, y0, x1, y1 = l[:4]
        bw, bh = (x1 - x0) / STRIDE, (y1 - y0) / STRIDE
        cx, cy = (x0 + x1) / 2 / STRIDE, (y0 + y1) / 2 / STRIDE
        ix, iy = min(n - 1, int(cx)), min(n - 1, int(cy))
        if len(l) > 4 or bh * STRIDE < 5:
            ignore[max(0, int(y0 / STRIDE)):int(math.ceil(y1 / STRIDE)),
                   max(0, int(x0 / STRIDE)):int(math.ceil(x1 / STRIDE))] = 1
            continue
        sx, sy = max(0.5, bw / 6), max(0.5, bh / 6)
        ys, xs = np.ogrid[:n, :n]
        g = np.exp(-((xs - ix) ** 2 / (2 * sx * sx) + (ys - iy) ** 2 / (2 * sy * sy)))
        heat = np.maximum(heat, g.astype(np.float32))
        heat[iy, ix] = 1
        reg[:, iy, ix] = (math.log(max(bw, 0.25)), math.log(max(bh, 0.25)), cx - ix, cy - iy)
        mask[iy, ix] = 1
    ignore[heat >= 1] = 0
    return torch.from_numpy(heat), torch.from_numpy(ignore), torch.from_numpy(reg), \
        torch.from_numpy(mask)


def loss_fn(out, heat, ignore, reg, mask):
    p = torch.sigmoid(out[:, 0]).clamp(1e-4, 1 - 1e-4)
    pos = heat >= 1
    keep = 1 - ignore
    pos_loss = -(torch.log(p) * (1 - p) ** 2)[pos].sum()
    neg_loss = -(torch.log(1 - p) * p ** 2 * (1 - heat) ** 4 * keep)[~pos].sum()
    npos = pos.sum().clamp(min=1)
    m = mask.unsqueeze(1)
    size_loss = (F.l1_loss(out[:, 1:3], reg[:, :2], reduction="none") * m).sum() / npos
    off_loss = (F.l1_loss(out[:, 3:5], reg[:, 2:], reduction="none") * m).sum() / npos
    return (pos_loss + neg_loss) / npos, size_loss, off_loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lire", required=True)
    ap.add_argument("--czech", default="/work/rdd-czech/data/rdd2022_yolo/train/images")
    ap.add_argument("--drone", default="/work/shared/data/rdd2022-china-drone/images")
    ap.add_argument("--potholes", default="/work/shared/data/potholes")
    ap.add_argument("--cprid", default="/work/shared/data/cracks-cprid/images")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--every", type=int, default=250)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", help="start from this checkpoint's weights (a fine-tuning stage)")
    ap.add_argument("--weights", default="30,30,12,20,8,0",
                    help="sampling weights: lire, czech, drone, potholes, cprid, pothole-centred,"
                         " pasted-pothole (optional)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    train, _ = lire_split(a.lire)
    pools = backgrounds(a.czech, a.drone, a.potholes, a.cprid)
    print({k: len(v) for k, v in pools.items()}, "lire train", len(train), flush=True)
    net = PlateNet()
    if a.init and not os.path.exists(os.path.join(a.out, "last.pt")):
        net.load_state_dict(torch.load(a.init)["net"])
        print("initialised from", a.init, flush=True)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    step = 0
    ckpt = os.path.join(a.out, "last.pt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt)
        net.load_state_dict(st["net"])
        opt.load_state_dict(st["opt"])
        step = st["step"]
        print("resumed at", step, flush=True)
    loader = torch.utils.data.DataLoader(Samples(pools, train, a.size, 17,
                                                 [float(w) for w in a.weights.split(",")]), batch_size=a.batch,
                                         num_workers=1, prefetch_factor=4)
    net.train()
    t0, acc = time.time(), np.zeros(3)
    for x, (heat, ignore, reg, mask) in loader:
        lr = a.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, step / a.steps)))
        lr *= min(1.0, (step + 1) / (50 if a.init else 300))
        for g in opt.param_groups:
            g["lr"] = lr
        out = net(x / 255.0)
        hl, sl, ol = loss_fn(out, heat, ignore, reg, mask)
        loss = hl + 0.5 * sl + ol
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
        opt.step()
        acc += (hl.item(), sl.item(), ol.item())
        step += 1
        if step % 50 == 0:
            print(f"step {step} lr {lr:.5f} heat {acc[0] / 50:.3f} size {acc[1] / 50:.3f} "
                  f"off {acc[2] / 50:.3f} {(time.time() - t0) / 50:.2f}s/step", flush=True)
            acc[:] = 0
            t0 = time.time()
        if step % a.every == 0 or step >= a.steps:
            torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "step": step}, ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
            if step % (a.every * 4) == 0:
                torch.save({"net": net.state_dict(), "step": step},
                           os.path.join(a.out, f"step{step}.pt"))
        if step >= a.steps:
            break


if __name__ == "__main__":
    main()
