#!/usr/bin/env python3
"""Builds 1920x1080 "feed frames" from 512 px YOLO-labelled drone photos, for measuring the feed's
focused passes against the full tiling (issue #28; see bench/README.md):
six photos in a 3 x 2 grid, scaled by 1080/1024 to 1620 x 1080, on a grey 1920 x 1080 frame,
labels moved with them. The photos and labels are not ours to commit: output goes to OUT.

usage: bench/feed-mosaics.py IMAGES LABELS OUT   (OUT/images, OUT/labels)
"""
import sys
from pathlib import Path

import cv2
import numpy as np

W, H, SIDE = 1920, 1080, 512
SCALE = H / (2 * SIDE)

def main(images, labels, out):
    photos = sorted(p for p in Path(images).iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
    (Path(out) / "images").mkdir(parents=True, exist_ok=True)
    (Path(out) / "labels").mkdir(parents=True, exist_ok=True)
    for m in range(len(photos) // 6):
        frame = np.full((H, W, 3), 114, np.uint8)
        rows = []
        for k, photo in enumerate(photos[6 * m:6 * m + 6]):
            img = cv2.imread(str(photo))
            img = cv2.resize(img, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
            side = round(SIDE * SCALE)
            img = cv2.resize(img, (side, side), interpolation=cv2.INTER_LINEAR)
            x0, y0 = (k % 3) * side, (k // 3) * side
            frame[y0:y0 + side, x0:x0 + side] = img[:H - y0, :W - x0]
            label = Path(labels) / (photo.stem + ".txt")
            for line in (label.read_text().split("\n") if label.exists() else []):
                parts = line.split()
                if len(parts) != 5:
                    continue
                c, cx, cy, w, h = parts[0], *map(float, parts[1:])
                rows.append("%s %.6f %.6f %.6f %.6f" % (c, (x0 + cx * side) / W,
                            (y0 + cy * side) / H, w * side / W, h * side / H))
        name = "feed_%03d" % m
        cv2.imwrite(str(Path(out) / "images" / (name + ".jpg")), frame,
                    [cv2.IMWRITE_JPEG_QUALITY, 90])
        (Path(out) / "labels" / (name + ".txt")).write_text("\n".join(rows) + ("\n" if rows else ""))
    print("wrote", len(photos) // 6, "frames to", out)

if __name__ == "__main__":
    main(*sys.argv[1:4])
