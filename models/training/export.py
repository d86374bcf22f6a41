#!/usr/bin/env python3
"""Exports a trained RoadNet checkpoint as TorchScript for DJL, with its synset, serving
properties and self-check (selfcheck.txt: the output for a fixed input, which the Java detector
verifies at start), and writes the reference detections that the Java agreement test compares
against.

Usage: export.py --ckpt runs/r1/best.pt --out ../roadscan-damage
                 [--thresholds thresholds.json]
                 [--fixture IMG.jpg --fixture-out ../../detector/src/test/resources/python-reference.json]
"""
import argparse
import json
import os

import torch

from evaluate import predict_file
from roadnet import DEFAULT_WIDTH, LEGACY_DEPTH, RoadNet

CLASSES = ["D00", "D10", "D20", "D40"]
NAME = "roadscan-damage"


class ChannelsLastRoadNet(RoadNet):
    """RoadNet that computes in channels-last (NHWC) memory format; same parameters and names.

    Exported this way because DJL's libtorch 2.7.1 computed some NCHW convolutions wrongly on
    the AMD EPYC build machines with AVX-512 (its oneDNN kernels; one 3x3 stride-2 conv was off
    by up to 1.0 in activations of magnitude 4, and the results changed with the thread count),
    while its channels-last kernels agree with torch 2.13 to 1e-4 px and were faster there
    (22.6 against 29.2 ms, one thread). The input stays NCHW (what the Java detector sends); the
    first op converts it.
    """

    def forward(self, x):
        return super().forward(x.contiguous(memory_format=torch.channels_last))


def selfcheck_input(size):
    """The fixed input of the Java ModelSelfCheck: ((37 x + 91 y + 53 c) mod 251) / 250, [1,3,S,S]."""
    c, y, x = torch.meshgrid(torch.arange(3), torch.arange(size), torch.arange(size), indexing="ij")
    return (((37 * x + 91 * y + 53 * c) % 251).float() / 250.0)[None]


def write_selfcheck(module, size, path, every=25):
    """The traced module's output rows for selfcheck_input: every 25th anchor point and each
    class's best one. The Java detector refuses to serve when its engine disagrees."""
    with torch.no_grad():
        out = module(selfcheck_input(size))[0]
    picks = sorted(set(range(0, out.shape[0], every)) | set(out[:, 4:].argmax(0).tolist()))
    with open(path, "w") as f:
        f.write("# RoadScan model self-check (export.py): output rows of this model in PyTorch for the\n"
                "# input ((37 x + 91 y + 53 c) mod 251) / 250 (planar RGB, 1 x 3 x size x size).\n"
                "# Each row: anchor index, x0 y0 x1 y1 (input px), class probabilities in synset order.\n"
                f"size {size}\n")
        for a in picks:
            f.write(f"{a} " + " ".join(f"{v:.7g}" for v in out[a].tolist()) + "\n")
    return len(picks)


def class_thresholds(path, default):
    """{class: threshold} for the classes whose operating point differs from the default."""
    if not path:
        return {}
    with open(path) as f:
        classes = json.load(f)["classes"]
    return {n: round(c["ship"], 3) for n, c in classes.items() if abs(c["ship"] - default) > 1e-9}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fixture", action="append", default=[])
    ap.add_argument("--fixture-out")
    ap.add_argument("--threshold", type=float, default=0.25)
    ap.add_argument("--fixture-threshold", type=float,
                    help="confidence floor of the reference detections (default: --threshold); "
                         "lower it to pin the weak crack scores too")
    ap.add_argument("--thresholds", help="thresholds.py --json output: classes whose 'ship' value "
                    "differs from --threshold get their own threshold.<CLASS> line")
    ap.add_argument("--ground-sample-m", type=float, default=0,
                    help="metres of ground per input pixel the model learned nadir drone photos at, "
                         "for the service's scale-aware tiling (groundSampleM; 0: none). RDD2022 "
                         "China_Drone is about 0.005 m per pixel at 512 px, so 0.008 at 320 px")
    a = ap.parse_args()
    ck = torch.load(a.ckpt, map_location="cpu", weights_only=False)
    size = ck.get("size", 320)
    model = ChannelsLastRoadNet(len(CLASSES), width=tuple(ck.get("width", DEFAULT_WIDTH)),
                                depth=tuple(ck.get("depth", LEGACY_DEPTH)))
    model.load_state_dict(ck["ema"] if "ema" in ck else ck["model"])
    model.eval().to(memory_format=torch.channels_last)
    os.makedirs(a.out, exist_ok=True)
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.zeros(1, 3, size, size))
    path = os.path.join(a.out, NAME + ".pt")
    traced.save(path)
    loaded = torch.jit.load(path)  # checks and references come from the file DJL will load
    rows = write_selfcheck(loaded, size, os.path.join(a.out, "selfcheck.txt"))
    with open(os.path.join(a.out, "synset.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    with open(os.path.join(a.out, "serving.properties"), "w") as f:
        f.write(f"# RoadNet exported from {os.path.basename(a.ckpt)} (epoch {ck.get('epoch')})\n"
                f"engine=PyTorch\n"
                f"option.modelName={NAME}\n"
                f"# letterboxed square input, RGB scaled to 0..1, padding gray 114\n"
                f"width={size}\nheight={size}\n"
                f"# output [1, anchors, 4 + classes]: x0, y0, x1, y1 in input pixels, class probabilities\n"
                f"# minimum class probability; threshold.<CLASS> overrides it for one class (thresholds.py)\n"
                f"threshold={a.threshold}\n")
        for name, value in class_thresholds(a.thresholds, a.threshold).items():
            f.write(f"threshold.{name}={value}\n")
        f.write("nmsThreshold=0.5\n")
        if a.ground_sample_m > 0:
            f.write("# metres of ground per input pixel the model learned drone photos at: the\n"
                    "# service tiles georeferenced drone frames to match it (ScaleAwareSlicing)\n"
                    f"groundSampleM={a.ground_sample_m}\n")
    print("exported", path, "epoch", ck.get("epoch"), "val", json.dumps(ck.get("val", {}).get("map50")),
          "self-check rows", rows)
    if a.fixture and a.fixture_out:
        floor = a.fixture_threshold if a.fixture_threshold is not None else a.threshold
        refs = []
        for fx in a.fixture:
            dets = predict_file(loaded, fx, size, torch.device("cpu"), conf=floor)
            refs.append({"image": os.path.basename(fx), "size": size, "threshold": floor,
                         "detections": [{"class": CLASSES[c], "confidence": round(s, 5),
                                         "box": [round(v, 2) for v in b]} for c, s, b in dets]})
        with open(a.fixture_out, "w") as f:
            json.dump(refs, f, indent=1)
        print("reference detections:", sum(len(r["detections"]) for r in refs))


if __name__ == "__main__":
    main()
