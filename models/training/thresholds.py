#!/usr/bin/env python3
"""Chooses each class's operating point (confidence threshold) on the validation split, and
measures how well that choice carries to scenes it was not chosen on.

The threshold of a class is the one that maximises its F1 on the validation images. Choosing it on
the same images that report its F1 flatters the figure, so the script also runs a two-fold check:
the validation scenes are split in two folds (pothole scenes by the tens digit of their number,
CPRID by highway, RDD2022 by the hundreds block of the image number), thresholds are chosen on one fold and applied to the other, and the held-out
counts of both directions are pooled into a cross-fold precision, recall and F1 per class. A class
is shipped with its own threshold ("ship") only when that cross-fold F1 beats its F1 at the global
0.25; otherwise it keeps 0.25.

Usage: thresholds.py --model ../roadscan-damage/roadscan-damage.pt --cache /tmp/roadscan-data
                     [--size 320] [--min 0.05] [--json out.json]
"""
import argparse
import json
import os
import re

import numpy as np
import torch

from evaluate import match, predict
from train import CLASSES, load_cache


def fold_of(name, source):
    """0 or 1: CPRID by highway, pothole scenes by the tens digit of their scene number, RDD2022
    (China_Drone, Czech) by the hundreds block of their number (validation blocks 400-499,
    900-999, 1400-1499, ... alternate)."""
    if "DF_010" in name:
        return 0
    if "DF_020" in name:
        return 1
    rdd = re.match(r"(China_Drone|Czech)_(\d+)", name)
    if rdd:
        return (int(rdd.group(2)) // 100) % 2
    m = re.search(r"pothole_(?:[a-z]+_)*(\d+)_jpg", name)
    return (int(m.group(1)) // 10) % 2 if m else hash(source) % 2


def counts_at(recs, n, threshold):
    kept = [t for t in recs if t[0] >= threshold]
    tp = sum(1 for t in kept if t[1])
    return tp, len(kept) - tp, n - tp


def f1_of(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(recs, n, floor, default=0.25):
    """The candidate score with the highest F1 (ties: the higher threshold), not below floor;
    default when no threshold finds anything (F1 0 everywhere)."""
    best, best_t = 0.0, default
    for t in sorted({round(s, 3) for s, _ in recs if s >= floor}, reverse=True):
        f = f1_of(*counts_at(recs, n, t))[2]
        if f > best:
            best, best_t = f, t
    return best_t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--min", type=float, default=0.05, help="lowest threshold allowed")
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model = torch.jit.load(a.model).eval()
    imgs, boxes, sources, names = load_cache(os.path.join(a.cache, "val.npz"))
    preds, labels, folds = [], [], []
    for img, b, src, name in zip(imgs, boxes, sources, names):
        h, w = img.shape[:2]
        preds.append(predict(model, img, a.size, torch.device("cpu")))
        labels.append([(int(r[0]), [r[1] * w, r[2] * h, r[3] * w, r[4] * h]) for r in b])
        folds.append(fold_of(str(name), str(src)))
    nc = len(CLASSES)
    fold_recs = []
    for f in (0, 1):
        idx = [i for i, x in enumerate(folds) if x == f]
        fold_recs.append(match([preds[i] for i in idx], [labels[i] for i in idx], nc))
    all_recs, all_pos = match(preds, labels, nc)
    report = {"size": a.size, "images": len(imgs), "folds": [folds.count(0), folds.count(1)],
              "classes": {}}
    print(f"{len(imgs)} validation images, folds {folds.count(0)} / {folds.count(1)}")
    print(f"{'class':6} {'labels':>6} {'chosen':>7} {'F1@0.25':>8} {'F1@chosen':>10} "
          f"{'cross-fold P':>12} {'R':>6} {'F1':>6} {'ship':>6}")
    for c, cname in enumerate(CLASSES):
        n = all_pos[c]
        if n == 0:
            continue
        chosen = best_threshold(all_recs[c], n, a.min)
        held = [0, 0, 0]
        for f in (0, 1):
            recs_a, pos_a = fold_recs[f][0][c], fold_recs[f][1][c]
            recs_b, pos_b = fold_recs[1 - f][0][c], fold_recs[1 - f][1][c]
            t = best_threshold(recs_a, pos_a, a.min) if pos_a else chosen
            for k, v in enumerate(counts_at(recs_b, pos_b, t)):
                held[k] += v
        p, r, f1 = f1_of(*held)
        at025 = f1_of(*counts_at(all_recs[c], n, 0.25))[2]
        atchosen = f1_of(*counts_at(all_recs[c], n, chosen))[2]
        # a class keeps its own threshold only where that carried to held-out scenes
        ship = chosen if f1 > at025 else 0.25
        report["classes"][cname] = {"labels": n, "threshold": chosen, "ship": ship, "f1_at_0.25": round(at025, 4),
                                    "f1_at_threshold": round(atchosen, 4),
                                    "cross_fold": {"precision": round(p, 4), "recall": round(r, 4),
                                                   "f1": round(f1, 4)}}
        print(f"{cname:6} {n:6d} {chosen:7.3f} {at025:8.3f} {atchosen:10.3f} {p:12.3f} {r:6.3f} "
              f"{f1:6.3f} {ship:6.3f}")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
