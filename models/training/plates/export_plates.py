#!/usr/bin/env python3
"""Exports a PlateNet checkpoint to ONNX for OpenCV 4.9's DNN (PlateNetFinder), batch norm folded
by the exporter in eval mode, input and output sides free, and checks the export against PyTorch
on a real photo.

Usage: export_plates.py CHECKPOINT OUT.onnx [CHECK_IMAGE]
"""
import sys

import cv2
import numpy as np
import torch

from platenet import Exported, PlateNet


def main():
    ckpt, out = sys.argv[1], sys.argv[2]
    net = PlateNet()
    net.load_state_dict(torch.load(ckpt)["net"])
    model = Exported(net.eval()).eval()
    x = torch.zeros(1, 3, 320, 320)
    torch.onnx.export(model, x, out, input_names=["image"], output_names=["plates"],
                      opset_version=11, do_constant_folding=True, dynamo=False,
                      dynamic_axes={"image": {2: "h", 3: "w"}, "plates": {2: "h4", 3: "w4"}})
    if len(sys.argv) > 3:
        img = cv2.imread(sys.argv[3])[:480, :640]
        cvnet = cv2.dnn.readNetFromONNX(out)
        cvnet.setInput(cv2.dnn.blobFromImage(img))
        got = cvnet.forward()
        with torch.no_grad():
            want = model(torch.from_numpy(img).permute(2, 0, 1).float()[None]).numpy()
        print("max |opencv - torch|", float(np.abs(got - want).max()), got.shape)


if __name__ == "__main__":
    main()
