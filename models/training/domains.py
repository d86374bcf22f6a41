#!/usr/bin/env python3
"""Scores an exported model (TorchScript) on the validation split of a cache, per domain, the way
train.py validates: the whole split, each source (pothole, crack = CPRID, drone, czech) under
``domains``, and ``domain_map50``, the mean of the domains' mean AP@0.5. Use it to compare
candidate weights with the shipped ones by the ship rule in the model card.

Usage: domains.py --model ../roadscan-damage/roadscan-damage.pt --cache /tmp/roadscan-cache
                  [--size 320] [--json out.json]
"""
import argparse
import json
import os

import torch

from train import evaluate_by_domain, load_cache


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = torch.jit.load(a.model).eval()
    res = evaluate_by_domain(model, load_cache(os.path.join(a.cache, "val.npz")), a.size,
                             torch.device("cpu"))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
    for name, d in sorted(res["domains"].items()):
        overall = d.get("overall", {})
        print(f"{name:8} mean AP@0.5 {d['map50']:.4f}  F1@0.25 {overall.get('f1', 0):.4f}  "
              + "  ".join(f"{c} {v['ap50']:.3f}" for c, v in d["classes"].items()))
    print(f"domain_map50 {res['domain_map50']:.4f}  (whole split map50 {res['map50']:.4f})")


if __name__ == "__main__":
    main()
