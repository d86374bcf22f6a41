#!/usr/bin/env python3
"""Builds RoadScan's training cache from the two open datasets.

Reads the pothole set (YOLO labels, polygons turned into their bounding box) and the CPRID crack
set, resizes every image so that its longest side is --size pixels, and writes one compressed
``.npz`` per split (images as JPEG bytes, boxes as class, x0, y0, x1, y1 in 0-1 of the image).

Splits are by scene, never by file:
- potholes: the number in the file name identifies the scene (``night_pothole_238`` and
  ``rain_pothole_238`` are variants of scene 238); scenes with number % 10 == 3 go to validation.
- cracks: whole highways; ``DF_010`` and ``DF_020`` (82 images) are never trained on.

Usage: prepare_data.py --data ../shared/data --out /tmp/roadscan-data [--size 416] [--quality 92]
"""
import argparse
import glob
import os
import re

import cv2
import numpy as np

CLASSES = ["D00", "D10", "D20", "D40"]
POTHOLE = 3
CRACK_VAL_ROADS = ("DF_010", "DF_020")


def read_yolo(path, class_map):
    boxes = []
    if not os.path.exists(path):
        return boxes
    for line in open(path):
        v = line.split()
        if len(v) < 5:
            continue
        cls = class_map(int(float(v[0])))
        nums = [float(x) for x in v[1:]]
        if len(nums) == 4:
            cx, cy, w, h = nums
            x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
        else:  # polygon: x,y pairs -> bounding box
            xs, ys = nums[0::2], nums[1::2]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        x0, y0, x1, y1 = (min(max(t, 0.0), 1.0) for t in (x0, y0, x1, y1))
        if x1 - x0 > 1e-3 and y1 - y0 > 1e-3:
            boxes.append((cls, x0, y0, x1, y1))
    return boxes


def encode(path, size, quality=92):
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    s = size / max(h, w)
    if s < 1:
        img = cv2.resize(img, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def pothole_items(root):
    for img in sorted(glob.glob(os.path.join(root, "*", "images", "*.jpg"))):
        name = os.path.basename(img)
        m = re.match(r"[a-z_]*?_(\d+)_(jpg|png)", name)
        scene = int(m.group(1)) if m else hash(name)
        label = os.path.join(os.path.dirname(os.path.dirname(img)), "labels",
                             os.path.splitext(name)[0] + ".txt")
        split = "val" if scene % 10 == 3 else "train"
        yield split, img, read_yolo(label, lambda c: POTHOLE), "pothole"


def crack_items(root):
    for img in sorted(glob.glob(os.path.join(root, "images", "*.jpg"))):
        name = os.path.splitext(os.path.basename(img))[0]
        split = "val" if any(r in name for r in CRACK_VAL_ROADS) else "train"
        yield split, img, read_yolo(os.path.join(root, "labels", name + ".txt"), lambda c: c), "crack"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--quality", type=int, default=92,
                    help="JPEG quality of the cached images (80 at --size 320 fits a 64 MiB transfer)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    splits = {"train": [], "val": []}
    items = list(pothole_items(os.path.join(a.data, "potholes")))
    items += list(crack_items(os.path.join(a.data, "cracks-cprid")))
    for split, img, boxes, source in items:
        splits[split].append((os.path.basename(img), source, encode(img, a.size, a.quality),
                              np.array(boxes, dtype=np.float32).reshape(-1, 5)))
    for split, rows in splits.items():
        np.savez(os.path.join(a.out, split + ".npz"),
                 names=np.array([r[0] for r in rows]), sources=np.array([r[1] for r in rows]),
                 images=np.array([np.frombuffer(r[2], np.uint8) for r in rows], dtype=object),
                 boxes=np.array([r[3] for r in rows], dtype=object))
        counts = np.bincount(np.concatenate([r[3][:, 0] for r in rows]).astype(int), minlength=4)
        print(split, len(rows), "images", dict(zip(CLASSES, counts.tolist())))


if __name__ == "__main__":
    main()
