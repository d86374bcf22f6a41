"""PlateNet: a small centre-point plate detector (issue #31).

MobileNet-style backbone to stride 32, a top-down path back to stride 4, and three heads at
stride 4: plate-centre heat map (sigmoid), box size (log of width and height in px / 4) and the
centre's sub-cell offset. Exported to ONNX with one output of 5 channels [heat, log w, log h,
dx, dy] that ``org.roadscan.detector.privacy.PlateNetFinder`` decodes; OpenCV 4.9's DNN runs it
(plain convolutions, batch norm folded, ReLU, nearest upsampling, add, sigmoid).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDE = 4


def cbr(i, o, s=1, k=3):
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o),
                         nn.ReLU(inplace=True))


def dw(i, o, s=1):
    return nn.Sequential(
        nn.Conv2d(i, i, 3, s, 1, groups=i, bias=False), nn.BatchNorm2d(i), nn.ReLU(inplace=True),
        nn.Conv2d(i, o, 1, 1, 0, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class PlateNet(nn.Module):
    def __init__(self, w=1.0):
        super().__init__()
        c = [int(x * w) for x in (16, 32, 64, 96, 128)]
        self.stem = cbr(3, c[0], 2)                                   # /2
        self.s4 = nn.Sequential(dw(c[0], c[1], 2), dw(c[1], c[1]))   # /4
        self.s8 = nn.Sequential(dw(c[1], c[2], 2), dw(c[2], c[2]))   # /8
        self.s16 = nn.Sequential(dw(c[2], c[3], 2), dw(c[3], c[3]), dw(c[3], c[3]))
        self.s32 = nn.Sequential(dw(c[3], c[4], 2), dw(c[4], c[4]), dw(c[4], c[4]))
        f = 48
        self.l32 = cbr(c[4], f, k=1)
        self.l16 = cbr(c[3], f, k=1)
        self.l8 = cbr(c[2], f, k=1)
        self.l4 = cbr(c[1], f, k=1)
        self.m16 = dw(f, f)
        self.m8 = dw(f, f)
        self.m4 = dw(f, f)
        self.head = nn.Sequential(dw(f, f), nn.Conv2d(f, 5, 1))
        nn.init.constant_(self.head[-1].bias, 0)
        with torch.no_grad():
            self.head[-1].bias[0] = -4.0

    def forward(self, x):
        x = self.stem(x)
        c4 = self.s4(x)
        c8 = self.s8(c4)
        c16 = self.s16(c8)
        c32 = self.s32(c16)
        p = self.l32(c32)
        p = self.m16(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l16(c16))
        p = self.m8(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l8(c8))
        p = self.m4(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l4(c4))
        return self.head(p)


class Exported(nn.Module):
    """Input BGR 0..255 NCHW; output [heat (sigmoid), log w, log h, dx, dy] at stride 4."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        y = self.net(x / 255.0)
        return torch.cat([torch.sigmoid(y[:, :1]), y[:, 1:]], dim=1)


def decode(out, threshold, max_boxes=100):
    """out: [5, H, W] numpy of Exported; boxes [(x0, y0, x1, y1, score)] in input px."""
    import numpy as np
    heat = out[0]
    pad = np.pad(heat, 1, constant_values=0)
    peaks = np.ones_like(heat, bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                peaks &= heat >= pad[1 + dy:1 + dy + heat.shape[0], 1 + dx:1 + dx + heat.shape[1]]
    ys, xs = np.nonzero(peaks & (heat >= threshold))
    order = np.argsort(-heat[ys, xs])[:max_boxes]
    boxes = []
    for i in order:
        y, x = ys[i], xs[i]
        cx = (x + out[3, y, x]) * STRIDE
        cy = (y + out[4, y, x]) * STRIDE
        w = np.exp(out[1, y, x]) * STRIDE
        h = np.exp(out[2, y, x]) * STRIDE
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, float(heat[y, x])))
    return boxes
