"""Synthetic number plates for the European-plate network (issue #31).

Renders plates of the kinds the LPD-YuNet network (trained on Chinese plates) misses: long white
and yellow European plates with and without the blue band, short custom plates, dark dealer and
old plates, 2:1 US / Japanese style plates, Gulf plates with Arabic script. Each is drawn frontal,
then seen at an angle (yaw, pitch, roll with perspective), lit, blurred and pasted onto a real
photo; the label is the axis-aligned box of what stays visible, as in the hand-labelled sets
(``bench/privacy-dev/README.md``). Fonts: DejaVu and Liberation from the system (only used to
draw training images; nothing of them ships).
"""

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = {
    "dejavu": "/usr/share/fonts/truetype/dejavu/",
    "liberation": "/usr/share/fonts/truetype/liberation/",
}
LATIN_FONTS = [
    _FONT_DIRS["dejavu"] + "DejaVuSansCondensed-Bold.ttf",
    _FONT_DIRS["dejavu"] + "DejaVuSans-Bold.ttf",
    _FONT_DIRS["dejavu"] + "DejaVuSansMono-Bold.ttf",
    _FONT_DIRS["liberation"] + "LiberationSansNarrow-Bold.ttf",
    _FONT_DIRS["liberation"] + "LiberationSansNarrow-Regular.ttf",
    _FONT_DIRS["liberation"] + "LiberationSans-Bold.ttf",
    _FONT_DIRS["liberation"] + "LiberationMono-Bold.ttf",
]
ARABIC_FONT = _FONT_DIRS["dejavu"] + "DejaVuSans-Bold.ttf"
LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"
DIGITS = "0123456789"
ARABIC = "\u0627\u0628\u062a\u062b\u062c\u062d\u062f\u0631\u0633\u0635\u0637\u0639\u0641\u0642\u0643\u0644\u0645\u0646\u0647\u0648\u064a"
ARABIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
COUNTRIES = ["D", "CZ", "NL", "F", "I", "A", "PL", "B", "E", "GB", "CH", "S", "DK", "SK"]

_font_cache = {}


def _font(path, size):
    key = (path, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(path, size)
    return _font_cache[key]


def _word(rng, n, alphabet):
    return "".join(rng.choice(alphabet) for _ in range(n))


def _eu_text(rng):
    style = rng.randrange(5)
    if style == 0:  # German: B AB 1234
        return _word(rng, rng.randint(1, 3), LETTERS) + " " + _word(rng, rng.randint(1, 2), LETTERS) \
            + " " + _word(rng, rng.randint(1, 4), DIGITS)
    if style == 1:  # British: AB12 CDE
        return _word(rng, 2, LETTERS) + _word(rng, 2, DIGITS) + " " + _word(rng, 3, LETTERS)
    if style == 2:  # Czech: 1AB 2345
        return _word(rng, 1, DIGITS) + _word(rng, 2, LETTERS) + " " + _word(rng, 4, DIGITS)
    if style == 3:  # Dutch / French: AB-123-C
        return _word(rng, 2, LETTERS) + "-" + _word(rng, 3, DIGITS) + "-" + _word(rng, 2, LETTERS)
    return _word(rng, 2, LETTERS) + " " + _word(rng, rng.randint(3, 6), DIGITS)  # Swiss, Italian


def _draw_text(draw, box, text, font_path, fill, rng):
    """Text fitted into box (x0, y0, x1, y1), centred."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    size = int(bh * rng.uniform(0.75, 0.95))
    font = _font(font_path, max(8, size))
    l, t, r, b = draw.textbbox((0, 0), text, font=font)
    tw, th = r - l, b - t
    if tw > bw * 0.96:
        size = max(8, int(size * bw * 0.96 / tw))
        font = _font(font_path, size)
        l, t, r, b = draw.textbbox((0, 0), text, font=font)
        tw, th = r - l, b - t
    x = x0 + (bw - tw) / 2 - l
    y = y0 + (bh - th) / 2 - t
    draw.text((x, y), text, font=font, fill=fill)


def render_plate(rng):
    """A frontal plate as an RGB uint8 array (height 110 px)."""
    kind = rng.choices(
        ["eu", "eu_yellow", "short", "dark", "us", "jp", "gulf", "plain"],
        weights=[34, 12, 8, 10, 12, 6, 8, 10])[0]
    h = 110
    if kind in ("us", "jp"):
        w = int(h * rng.uniform(1.8, 2.1))
    elif kind == "short":
        w = int(h * rng.uniform(2.6, 4.0))
    elif kind == "gulf" and rng.random() < 0.4:
        w = int(h * rng.uniform(1.8, 2.2))
    else:
        w = int(h * rng.uniform(4.0, 4.9))
    jitter = lambda c, d=18: tuple(int(np.clip(v + rng.randint(-d, d), 0, 255)) for v in c)
    if kind == "eu_yellow":
        bg, fg = jitter((240, 200, 30)), jitter((15, 15, 15), 10)
    elif kind == "dark":
        bg = jitter(rng.choice([(20, 20, 20), (25, 25, 40), (120, 10, 15), (10, 40, 20)]))
        fg = jitter(rng.choice([(235, 235, 235), (200, 200, 200), (230, 30, 30), (230, 200, 40)]))
    elif kind == "us":
        bg = jitter(rng.choice([(235, 235, 235), (245, 235, 200), (210, 225, 240)]))
        fg = jitter(rng.choice([(20, 30, 120), (130, 20, 20), (20, 20, 20), (20, 90, 40)]))
    elif kind == "jp":
        bg = jitter(rng.choice([(240, 240, 240), (240, 210, 40), (20, 90, 40)]))
        fg = jitter((20, 80, 40)) if bg[1] > 150 and bg[0] > 200 else jitter((240, 240, 240))
    else:
        bg, fg = jitter((238, 238, 238), 20), jitter((15, 15, 15), 10)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    x0 = 6
    if kind in ("eu", "eu_yellow") and rng.random() < 0.8:
        band = int(h * 0.4)
        d.rectangle([0, 0, band, h], fill=jitter((20, 50, 160), 15))
        _draw_text(d, (2, int(h * 0.55), band - 2, h - 6), rng.choice(COUNTRIES),
                   LATIN_FONTS[1], (235, 235, 235), rng)
        for k in range(12):  # the ring of stars, as dots
            a = 2 * math.pi * k / 12
            cx, cy = band / 2 + 0.3 * band * math.cos(a), h * 0.28 + 0.3 * band * math.sin(a)
            d.ellipse([cx - 2, cy - 2, cx + 2, cy + 2], fill=(230, 200, 30))
        x0 = band + 4
    font = rng.choice(LATIN_FONTS)
    if kind == "jp":
        _draw_text(d, (x0 + w * 0.15, 6, w - w * 0.15, h * 0.38), _word(rng, 3, LETTERS) + " "
                   + _word(rng, 3, DIGITS), font, fg, rng)
        _draw_text(d, (x0, h * 0.38, w - 6, h - 6), _word(rng, 2, DIGITS) + "-"
                   + _word(rng, 2, DIGITS), font, fg, rng)
    elif kind == "us":
        _draw_text(d, (w * 0.2, 4, w * 0.8, h * 0.25), rng.choice(
            ["California", "TEXAS", "Florida", "NEW YORK", "Ohio", "Dubai", "Nevada"]),
            LATIN_FONTS[4], fg, rng)
        _draw_text(d, (x0, h * 0.25, w - 6, h * 0.85), _word(rng, rng.randint(3, 7),
                   LETTERS + DIGITS), font, fg, rng)
    elif kind == "gulf":
        if w < 3 * h:
            _draw_text(d, (x0, 6, w - 6, h * 0.45), _word(rng, 3, ARABIC_DIGITS), ARABIC_FONT, fg, rng)
            _draw_text(d, (x0, h * 0.5, w - 6, h - 6), _word(rng, rng.randint(3, 5), DIGITS), font,
                       fg, rng)
        else:
            _draw_text(d, (x0, 8, w * 0.45, h - 8), _word(rng, rng.randint(2, 5), DIGITS), font, fg, rng)
            _draw_text(d, (w * 0.55, 8, w - 6, h - 8), _word(rng, 2, ARABIC), ARABIC_FONT, fg, rng)
    elif kind == "short":
        _draw_text(d, (x0, 8, w - 6, h - 8), _word(rng, rng.randint(2, 5), LETTERS + DIGITS), font,
                   fg, rng)
    else:
        _draw_text(d, (x0, 8, w - 6, h - 8), _eu_text(rng), font, fg, rng)
    if rng.random() < 0.7:  # border or frame
        t = rng.randint(2, 7)
        d.rectangle([0, 0, w - 1, h - 1], outline=jitter(rng.choice([fg, (20, 20, 20),
                                                                      (200, 200, 200)])), width=t)
    a = np.asarray(img, dtype=np.float32)
    if rng.random() < 0.5:  # dirt, glare
        gy = np.linspace(rng.uniform(0.7, 1.1), rng.uniform(0.7, 1.1), h)[:, None, None]
        gx = np.linspace(rng.uniform(0.8, 1.1), rng.uniform(0.8, 1.1), w)[None, :, None]
        a = a * gy * gx
    return np.clip(a, 0, 255).astype(np.uint8)


def _quad(rng, pw, ph, height_px):
    """Corners of the plate seen at an angle, in px around (0, 0), and its visible height."""
    scale = height_px / ph
    w, h = pw * scale, ph * scale
    yaw = math.radians(rng.uniform(-55, 55) if rng.random() < 0.6 else rng.uniform(-15, 15))
    pitch = math.radians(rng.uniform(-25, 25))
    roll = math.radians(rng.gauss(0, 6))
    f = rng.uniform(1.5, 4.0) * w
    pts = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        # rotate about y (yaw) then x (pitch), project with focal length f
        x1, z1 = x * math.cos(yaw), x * math.sin(yaw)
        y1, z2 = y * math.cos(pitch) - z1 * math.sin(pitch), y * math.sin(pitch) + z1 * math.cos(pitch)
        k = f / (f + z2)
        u, v = x1 * k, y1 * k
        pts.append((u * math.cos(roll) - v * math.sin(roll), u * math.sin(roll) + v * math.cos(roll)))
    return np.float32(pts)


def paste_plate(rng, canvas, min_h=9, max_h=90, occupied=()):
    """Pastes one synthetic plate onto canvas (BGR uint8, in place); returns its box or None."""
    plate = cv2.cvtColor(render_plate(rng), cv2.COLOR_RGB2BGR)
    ph, pw = plate.shape[:2]
    height = math.exp(rng.uniform(math.log(min_h), math.log(max_h)))
    quad = _quad(rng, pw, ph, height)
    H, W = canvas.shape[:2]
    qx0, qy0 = quad.min(axis=0)
    qx1, qy1 = quad.max(axis=0)
    if qx1 - qx0 > W * 0.9 or qy1 - qy0 > H * 0.9:
        return None
    for _ in range(10):
        ox = rng.uniform(-qx0, W - qx1)
        oy = rng.uniform(-qy0, H - qy1)
        box = (qx0 + ox, qy0 + oy, qx1 + ox, qy1 + oy)
        if all(box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3] for o in occupied):
            break
    else:
        return None
    dst = quad + np.float32([ox, oy])
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    m = cv2.getPerspectiveTransform(src, dst)
    # lighting before warping: brightness, colour cast
    p = plate.astype(np.float32) * rng.uniform(0.35, 1.25) + np.float32([rng.uniform(-15, 15) for _ in range(3)])
    p = np.clip(p, 0, 255).astype(np.uint8)
    warped = cv2.warpPerspective(p, m, (W, H), flags=cv2.INTER_AREA if height < ph else cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (W, H))
    if rng.random() < 0.5:
        s = rng.uniform(0.3, 1.6) * max(1.0, height / 40)
        warped = cv2.GaussianBlur(warped, (0, 0), s)
        alpha = cv2.GaussianBlur(alpha, (0, 0), min(s, 1.0))
    a = (alpha.astype(np.float32) / 255)[..., None]
    canvas[:] = (canvas.astype(np.float32) * (1 - a) + warped.astype(np.float32) * a).astype(np.uint8)
    x0, y0, x1, y1 = box
    if rng.random() < 0.12:  # a pole or another car hides one side: the box is the visible part
        frac = rng.uniform(0.15, 0.4)
        bw = x1 - x0
        src_x = int(np.clip(rng.uniform(0, W - bw * frac - 1), 0, W - 2))
        cut = int(max(1, bw * frac))
        if rng.random() < 0.5:
            xs = int(x0)
            canvas[int(y0):int(y1) + 1, xs:xs + cut] = canvas[int(y0):int(y1) + 1,
                                                              src_x:src_x + cut][:, :max(0, min(cut, W - xs))]
            x0 = x0 + cut
        else:
            xe = int(x1)
            xs = max(0, xe - cut)
            canvas[int(y0):int(y1) + 1, xs:xe] = canvas[int(y0):int(y1) + 1, src_x:src_x + (xe - xs)]
            x1 = xs
    return (max(0, x0), max(0, y0), min(W, x1), min(H, y1))


if __name__ == "__main__":
    import sys
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    tiles = []
    for i in range(24):
        c = np.full((160, 320, 3), rng.randint(40, 200), np.uint8)
        b = paste_plate(rng, c, 20, 60)
        if b:
            cv2.rectangle(c, (int(b[0]), int(b[1])), (int(b[2]), int(b[3])), (0, 0, 255), 1)
        tiles.append(c)
    rows = [np.hstack(tiles[i:i + 4]) for i in range(0, 24, 4)]
    cv2.imwrite(sys.argv[2] if len(sys.argv) > 2 else "/tmp/synth.png", np.vstack(rows))
