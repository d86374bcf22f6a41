#!/usr/bin/env python3
"""Builds RoadScan's training cache from the open datasets.

Reads the pothole set (YOLO labels, polygons turned into their bounding box), the CPRID crack
set, RDD2022 China_Drone (people's Pascal VOC boxes) and, when --czech names its folder, RDD2022
Czech (people's boxes as YOLO txt), resizes every image so that its longest side is --size pixels, and writes one compressed
``.npz`` per split (images as JPEG bytes, boxes as class, x0, y0, x1, y1 in 0-1 of the image).

Splits are by scene, never by file:
- potholes: the number in the file name identifies the scene (``night_pothole_238`` and
  ``rain_pothole_238`` are variants of scene 238); scenes with number % 10 == 3 go to validation.
- cracks: whole highways; ``DF_010`` and ``DF_020`` (82 images) are never trained on.
- RDD2022 (China_Drone, Czech): consecutive numbers are consecutive frames of one drive or flight,
  so the split is by blocks of 100 numbers: block % 5 == 4 (numbers 400-499, 900-999, ...) is
  validation. Images reserved for the project's held-out evaluation (China_Drone 1800 and above,
  Czech 2700 and above) are refused outright, never read.
- Boxes of classes the model does not have (RDD's ``Repair`` patches, ``Block crack``) are left
  out, so those surfaces are background: hard negatives, like the Czech photos without damage.

Usage: prepare_data.py --data ../shared/data --out /tmp/roadscan-data [--size 416] [--quality 92]
                       [--czech DIR_WITH_train_AND_val]
"""
import argparse
import glob
import os
import re
import xml.etree.ElementTree as ET

import cv2
import numpy as np

CLASSES = ["D00", "D10", "D20", "D40"]
POTHOLE = 3
CRACK_VAL_ROADS = ("DF_010", "DF_020")
# First image number of each RDD2022 part that is reserved for held-out evaluation.
RESERVED_FROM = {"China_Drone": 1800, "Czech": 2700}


def rdd_number(name):
    """(part, number) of an RDD2022 file name such as China_Drone_000123.jpg."""
    m = re.match(r"(.+)_(\d+)\.\w+$", os.path.basename(name))
    if not m:
        raise ValueError(f"not an RDD2022 file name: {name}")
    return m.group(1), int(m.group(2))


def is_reserved(name):
    part, number = rdd_number(name)
    return "MotorBike" in part or number >= RESERVED_FROM.get(part, 1 << 30)


def rdd_split(name):
    """'val' or 'train' by blocks of 100 numbers; raises for an image reserved for evaluation."""
    part, number = rdd_number(name)
    if is_reserved(name):
        raise ValueError(f"{name} is reserved for held-out evaluation and must not be used")
    return "val" if (number // 100) % 5 == 4 else "train"


def read_voc(path):
    """People's boxes of a Pascal VOC file, as (class index, x0, y0, x1, y1) in 0-1; other
    names (Repair, Block crack) are dropped: they are background for the model."""
    root = ET.parse(path).getroot()
    w = float(root.find("size/width").text)
    h = float(root.find("size/height").text)
    boxes = []
    for obj in root.findall("object"):
        name = obj.find("name").text.strip()
        if name not in CLASSES:
            continue
        bb = obj.find("bndbox")
        x0, y0, x1, y1 = (float(bb.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax"))
        x0, x1 = min(max(x0 / w, 0.0), 1.0), min(max(x1 / w, 0.0), 1.0)
        y0, y1 = min(max(y0 / h, 0.0), 1.0), min(max(y1 / h, 0.0), 1.0)
        if x1 - x0 > 1e-3 and y1 - y0 > 1e-3:
            boxes.append((CLASSES.index(name), x0, y0, x1, y1))
    return boxes


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


def drone_items(root):
    for img in sorted(glob.glob(os.path.join(root, "images", "*.jpg"))):
        name = os.path.splitext(os.path.basename(img))[0]
        split = rdd_split(img)
        yield split, img, read_voc(os.path.join(root, "labels", name + ".xml")), "drone"


def czech_items(root):
    """RDD2022 Czech as YOLO txt (0 D00, 1 D10, 2 D20, 3 D40) under root/{train,val}/{images,labels};
    the upstream train/val division is ignored in favour of the block split. A copy that still
    holds reserved images (numbers 2700 and above) has them skipped by name, unread."""
    paths = sorted(glob.glob(os.path.join(root, "*", "images", "*.jpg")))
    reserved = [p for p in paths if is_reserved(p)]
    if reserved:
        print(f"czech: skipped {len(reserved)} images reserved for held-out evaluation")
    for img in (p for p in paths if not is_reserved(p)):
        name = os.path.splitext(os.path.basename(img))[0]
        split = rdd_split(img)
        label = os.path.join(os.path.dirname(os.path.dirname(img)), "labels", name + ".txt")
        yield split, img, read_yolo(label, lambda c: c), "czech"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--quality", type=int, default=92,
                    help="JPEG quality of the cached images (80 at --size 320 fits a 64 MiB transfer)")
    ap.add_argument("--czech", help="RDD2022 Czech in YOLO txt: a folder with train/ and val/ "
                                     "(see models/roadscan-damage/MODEL_CARD.md for the source)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    splits = {"train": [], "val": []}
    items = list(pothole_items(os.path.join(a.data, "potholes")))
    items += list(crack_items(os.path.join(a.data, "cracks-cprid")))
    items += list(drone_items(os.path.join(a.data, "rdd2022-china-drone")))
    if a.czech:
        items += list(czech_items(a.czech))
    for split, img, boxes, source in items:
        splits[split].append((os.path.basename(img), source, encode(img, a.size, a.quality),
                              np.array(boxes, dtype=np.float32).reshape(-1, 5)))
    for split, rows in splits.items():
        np.savez(os.path.join(a.out, split + ".npz"),
                 names=np.array([r[0] for r in rows]), sources=np.array([r[1] for r in rows]),
                 images=np.array([np.frombuffer(r[2], np.uint8) for r in rows], dtype=object),
                 boxes=np.array([r[3] for r in rows], dtype=object))
        counts = np.bincount(np.concatenate([r[3][:, 0] for r in rows]).astype(int), minlength=4)
        print(split, len(rows), "images", dict(zip(CLASSES, counts.tolist())),
              {src: sum(1 for r in rows if r[1] == src) for src in sorted({r[1] for r in rows})})


if __name__ == "__main__":
    main()
