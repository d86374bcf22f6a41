#!/usr/bin/env python3
"""PlateNet on the development set's validation half and on the false-blur negatives.

Recall by the recall set's rule (a labelled box counts when >= 80 % of it lies in the blurred area:
every found box widened by 20 % per side), plates >= 20 px and all; false blur as the share of
pixels blurred on Czech dashcam and nadir drone frames numbered 0-149 (the bench's negatives,
never used as training backgrounds). The frame is searched at the Java finder's reduction
(longer side to 640 px, at most 2x) and, with --coarse, also 2x coarser.

Usage: eval_plates.py CHECKPOINT --lire DIR [--thresholds 0.3,0.4,0.5] [--coarse]
"""
import argparse
import glob
import os

import cv2
import numpy as np
import torch

from platenet import Exported, PlateNet, decode
from train_plates import lire_split, number

MARGIN = 0.2


def reduction(w, h, max_reduction=2.0):
    return max(1.0, min(max_reduction, max(w, h) / 640))


def run(model, img, r):
    h, w = img.shape[:2]
    small = img if r <= 1 else cv2.resize(img, (round(w / r), round(h / r)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    ph, pw = (sh + 31) // 32 * 32, (sw + 31) // 32 * 32
    pad = np.zeros((ph, pw, 3), np.uint8)
    pad[:sh, :sw] = small
    x = torch.from_numpy(pad).permute(2, 0, 1).float()[None]
    with torch.no_grad():
        out = model(x)[0].numpy()
    return out, sw / w


def find(model, img, threshold, coarse):
    h, w = img.shape[:2]
    r = reduction(w, h)
    boxes = []
    for rr in ([r, r * 2] if coarse else [r]):
        out, k = run(model, img, rr)
        boxes += [(b[0] / k, b[1] / k, b[2] / k, b[3] / k, b[4]) for b in decode(out, threshold)]
    return boxes


def mask_of(boxes, w, h):
    m = np.zeros((h, w), np.uint8)
    for x0, y0, x1, y1, _ in boxes:
        mx, my = (x1 - x0) * MARGIN, (y1 - y0) * MARGIN
        a, b = int(max(0, x0 - mx)), int(max(0, y0 - my))
        c, d = int(min(w, x1 + mx + 0.999)), int(min(h, y1 + my + 0.999))
        if c > a and d > b:
            m[b:d, a:c] = 1
    return m


def covered(m, box):
    x0, y0 = int(max(0, round(box[0]))), int(max(0, round(box[1])))
    x1, y1 = int(min(m.shape[1], round(box[2]))), int(min(m.shape[0], round(box[3])))
    if x1 <= x0 or y1 <= y0:
        return 0
    return m[y0:y1, x0:x1].mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("--lire", required=True)
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5,0.6")
    ap.add_argument("--coarse", action="store_true")
    ap.add_argument("--negatives", type=int, default=60)
    ap.add_argument("--split", default="val", choices=["val", "train"])
    ap.add_argument("--czech", default="/work/rdd-czech/data/rdd2022_yolo/train/images")
    ap.add_argument("--drone", default="/work/shared/data/rdd2022-china-drone/images")
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    net = PlateNet()
    net.load_state_dict(torch.load(a.checkpoint)["net"])
    model = Exported(net.eval())
    train, val = lire_split(a.lire)
    images = val if a.split == "val" else train
    ths = [float(t) for t in a.thresholds.split(",")]
    low = min(ths)
    found = {t: [0, 0, 0, 0] for t in ths}  # >=20 found, >=20 all, found, all
    misses = {t: [] for t in ths}
    for path, boxes in images:
        img = cv2.imread(path)
        h, w = img.shape[:2]
        cands = find(model, img, low, a.coarse)
        for t in ths:
            m = mask_of([b for b in cands if b[4] >= t], w, h)
            for b in boxes:
                ok = covered(m, b) >= 0.8
                big = b[3] - b[1] >= 20
                f = found[t]
                f[0] += ok and big
                f[1] += big
                f[2] += ok
                f[3] += 1
                if not ok:
                    misses[t].append((os.path.basename(path), b))
    negs = {}
    for name, d in (("czech", a.czech), ("drone", a.drone)):
        files = sorted(p for p in glob.glob(d + "/*.jpg") if 0 <= number(p) < 1800)[:a.negatives]
        px = {t: [0, 0, 0] for t in ths}
        for p in files:
            img = cv2.imread(p)
            h, w = img.shape[:2]
            cands = find(model, img, low, a.coarse)
            for t in ths:
                sel = [b for b in cands if b[4] >= t]
                px[t][0] += mask_of(sel, w, h).sum()
                px[t][1] += w * h
                px[t][2] += bool(sel)
        negs[name] = (px, len(files))
    for t in ths:
        f = found[t]
        line = f"t={t:.2f} plates>=20 {f[0]}/{f[1]} ({f[0] / max(1, f[1]):.2f}) all {f[2]}/{f[3]}"
        for name, (px, n) in negs.items():
            line += f" | {name} {100 * px[t][0] / max(1, px[t][1]):.2f}% px, {px[t][2]}/{n} frames"
        print(line)
        if a.misses:
            for mname, b in misses[t]:
                print("   missed", mname, b, "h", b[3] - b[1])


if __name__ == "__main__":
    main()
