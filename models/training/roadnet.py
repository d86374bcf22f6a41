"""RoadNet: RoadScan's compact one-stage, anchor-free detector (YOLO family, our own code).

Backbone of strided 3x3 convolutions and cross-stage residual blocks, an SPPF block, a top-down
plus bottom-up feature pyramid (PAN) over strides 8/16/32, and a decoupled head per level
(one branch for class logits, one for the four box side distances).

The exported module returns one plain tensor, shape [N, A, 4 + C]: for every anchor point of the
three levels the box as x0, y0, x1, y1 in input pixels and the C class probabilities (sigmoid).
No NMS inside: decoding is a fixed affine map, thresholding and NMS happen in Java.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDES = (8, 16, 32)


class ConvBnAct(nn.Sequential):
    def __init__(self, cin, cout, k=3, s=1):
        super().__init__(nn.Conv2d(cin, cout, k, s, k // 2, bias=False),
                         nn.BatchNorm2d(cout, eps=1e-3, momentum=0.03), nn.SiLU(inplace=True))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = ConvBnAct(c, c, 3)
        self.cv2 = ConvBnAct(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class CSPBlock(nn.Module):
    """Split, run n bottlenecks on one half, concatenate every intermediate, fuse (C2f style)."""

    def __init__(self, cin, cout, n=1, shortcut=True):
        super().__init__()
        self.h = cout // 2
        self.cv1 = ConvBnAct(cin, 2 * self.h, 1)
        self.m = nn.ModuleList(Bottleneck(self.h, shortcut) for _ in range(n))
        self.cv2 = ConvBnAct((2 + n) * self.h, cout, 1)

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cv1 = ConvBnAct(c, c // 2, 1)
        self.cv2 = ConvBnAct(c * 2, c, 1)
        self.pool = nn.MaxPool2d(5, 1, 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.pool(x)
        y2 = self.pool(y1)
        return self.cv2(torch.cat([x, y1, y2, self.pool(y2)], 1))


# backbone stage widths of the shipped model (kept by the width sweep, see the model card)
DEFAULT_WIDTH = (16, 24, 48, 96, 192)
# CSP bottlenecks per backbone stage (s2..s5) of the shipped model (chosen by the depth sweep and
# confirmed at full length, see the model card; the previous weights, L1, had (1, 2, 2, 1))
DEFAULT_DEPTH = (1, 1, 1, 1)
# the depth of checkpoints written before train.py recorded it (all of them had this one)
LEGACY_DEPTH = (1, 2, 2, 1)


class RoadNet(nn.Module):
    def __init__(self, num_classes=4, width=DEFAULT_WIDTH, depth=DEFAULT_DEPTH):
        super().__init__()
        c0, c1, c2, c3, c4 = width
        self.nc = num_classes
        self.stem = ConvBnAct(3, c0, 3, 2)
        self.s2 = nn.Sequential(ConvBnAct(c0, c1, 3, 2), CSPBlock(c1, c1, depth[0]))
        self.s3 = nn.Sequential(ConvBnAct(c1, c2, 3, 2), CSPBlock(c2, c2, depth[1]))
        self.s4 = nn.Sequential(ConvBnAct(c2, c3, 3, 2), CSPBlock(c3, c3, depth[2]))
        self.s5 = nn.Sequential(ConvBnAct(c3, c4, 3, 2), CSPBlock(c4, c4, depth[3]), SPPF(c4))
        self.td4 = CSPBlock(c4 + c3, c3, 1, False)
        self.td3 = CSPBlock(c3 + c2, c2, 1, False)
        self.down3 = ConvBnAct(c2, c2, 3, 2)
        self.bu4 = CSPBlock(c2 + c3, c3, 1, False)
        self.down4 = ConvBnAct(c3, c3, 3, 2)
        self.bu5 = CSPBlock(c3 + c4, c4, 1, False)
        hc = c2
        self.cls = nn.ModuleList()
        self.reg = nn.ModuleList()
        for c in (c2, c3, c4):
            self.cls.append(nn.Sequential(ConvBnAct(c, hc, 3), ConvBnAct(hc, hc, 3),
                                          nn.Conv2d(hc, num_classes, 1)))
            self.reg.append(nn.Sequential(ConvBnAct(c, hc, 3), ConvBnAct(hc, hc, 3),
                                          nn.Conv2d(hc, 4, 1)))
        for m in self.cls:  # prior: ~1% of anchors positive
            nn.init.constant_(m[-1].bias, -math.log((1 - 0.01) / 0.01))
        for m in self.reg:
            nn.init.constant_(m[-1].bias, 1.0)

    def features(self, x):
        p3 = self.s3(self.s2(self.stem(x)))
        p4 = self.s4(p3)
        p5 = self.s5(p4)
        t4 = self.td4(torch.cat([F.interpolate(p5, scale_factor=2.0, mode="nearest"), p4], 1))
        n3 = self.td3(torch.cat([F.interpolate(t4, scale_factor=2.0, mode="nearest"), p3], 1))
        n4 = self.bu4(torch.cat([self.down3(n3), t4], 1))
        n5 = self.bu5(torch.cat([self.down4(n4), p5], 1))
        return n3, n4, n5

    def raw(self, x):
        """Per-level raw outputs: list of (cls logits [N,HW,C], side distances [N,HW,4] in px, grid)."""
        out = []
        for i, f in enumerate(self.features(x)):
            n, _, h, w = f.shape
            s = STRIDES[i]
            cls = self.cls[i](f).flatten(2).transpose(1, 2)
            dist = F.softplus(self.reg[i](f)).flatten(2).transpose(1, 2) * s
            ys = torch.arange(h, dtype=x.dtype, device=x.device)
            xs = torch.arange(w, dtype=x.dtype, device=x.device)
            gy, gx = torch.meshgrid(ys, xs, indexing="ij")
            pts = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1).add(0.5).mul(s)
            out.append((cls, dist, pts))
        return out

    @staticmethod
    def decode(dist, pts):
        return torch.cat([pts - dist[..., :2], pts + dist[..., 2:]], -1)

    def forward(self, x):
        boxes, scores = [], []
        for cls, dist, pts in self.raw(x):
            boxes.append(self.decode(dist, pts))
            scores.append(cls.sigmoid())
        return torch.cat([torch.cat(boxes, 1), torch.cat(scores, 1)], -1)
