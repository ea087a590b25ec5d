"""Draw the demo school's logo and head teacher's signature (run once; the PNGs are kept beside this script).

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/demo/make_images.py

Both images are invented: a roundel with a kestrel over a river for the fictional Kestleford, and a signature
drawn as a pen stroke through hand-placed points (it spells nothing legible and belongs to no one).
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

HERE = Path(__file__).resolve().parent
NAVY = QColor("#1f3a5f")
TEAL = QColor("#2a8c82")
GOLD = QColor("#e0a526")
INK = QColor("#1b2a6b")


def _text_on_arc(painter: QPainter, text: str, centre: QPointF, radius: float, middle_deg: float, top: bool) -> None:
    """Letters spaced along a circle, reading left to right along the top or the bottom of the roundel."""
    metrics = painter.fontMetrics()
    widths = [metrics.horizontalAdvance(ch) for ch in text]
    spread = sum(widths) / radius  # radians the text covers
    angle = math.radians(middle_deg) + (spread / 2 if top else -spread / 2)
    for ch, width in zip(text, widths, strict=True):
        step = width / radius
        mid = angle - step / 2 if top else angle + step / 2
        x = centre.x() + radius * math.cos(mid)
        y = centre.y() - radius * math.sin(mid)
        painter.save()
        painter.translate(x, y)
        painter.rotate(90 - math.degrees(mid) if top else -90 - math.degrees(mid))
        painter.drawText(QPointF(-width / 2, metrics.ascent() / 2 - 2), ch)
        painter.restore()
        angle = angle - step if top else angle + step


def draw_logo(size: int = 480) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre = QPointF(size / 2, size / 2)
    outer = size * 0.48
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(NAVY)
    painter.drawEllipse(centre, outer, outer)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(centre, outer * 0.72, outer * 0.72)
    painter.setBrush(GOLD)
    for deg in (0, 180):
        a = math.radians(deg)
        painter.drawEllipse(QPointF(centre.x() + outer * 0.86 * math.cos(a), centre.y()), size * 0.02, size * 0.02)

    # Hills and the river through them.
    inner = outer * 0.72
    clip = QPainterPath()
    clip.addEllipse(centre, inner, inner)
    painter.setClipPath(clip)
    hills = QPainterPath(QPointF(centre.x() - inner, centre.y() + inner * 0.35))
    hills.cubicTo(
        centre.x() - inner * 0.4,
        centre.y() - inner * 0.05,
        centre.x() + inner * 0.1,
        centre.y() + inner * 0.45,
        centre.x() + inner,
        centre.y() + inner * 0.1,
    )
    hills.lineTo(centre.x() + inner, centre.y() + inner)
    hills.lineTo(centre.x() - inner, centre.y() + inner)
    painter.setBrush(TEAL)
    painter.drawPath(hills)
    river = QPen(QColor("white"), size * 0.03, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(river)
    for offset in (0.55, 0.72):
        wave = QPainterPath(QPointF(centre.x() - inner, centre.y() + inner * offset))
        wave.cubicTo(
            centre.x() - inner * 0.3,
            centre.y() + inner * (offset - 0.15),
            centre.x() + inner * 0.3,
            centre.y() + inner * (offset + 0.15),
            centre.x() + inner,
            centre.y() + inner * offset,
        )
        painter.drawPath(wave)
    painter.setClipping(False)

    # A kestrel hovering: swept wings, fanned tail.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(NAVY)
    bird = QPainterPath()
    cx, cy, s = centre.x(), centre.y() - inner * 0.25, inner * 0.55
    bird.moveTo(cx, cy - s * 0.18)
    bird.cubicTo(cx - s * 0.35, cy - s * 0.45, cx - s * 0.8, cy - s * 0.3, cx - s * 1.05, cy - s * 0.05)
    bird.cubicTo(cx - s * 0.7, cy - s * 0.12, cx - s * 0.35, cy, cx - s * 0.12, cy + s * 0.12)
    bird.lineTo(cx - s * 0.16, cy + s * 0.5)
    bird.lineTo(cx, cy + s * 0.42)
    bird.lineTo(cx + s * 0.16, cy + s * 0.5)
    bird.lineTo(cx + s * 0.12, cy + s * 0.12)
    bird.cubicTo(cx + s * 0.35, cy, cx + s * 0.7, cy - s * 0.12, cx + s * 1.05, cy - s * 0.05)
    bird.cubicTo(cx + s * 0.8, cy - s * 0.3, cx + s * 0.35, cy - s * 0.45, cx, cy - s * 0.18)
    painter.drawPath(bird)
    painter.drawEllipse(QPointF(cx, cy - s * 0.22), s * 0.1, s * 0.1)

    font = QFont("DejaVu Sans", int(size * 0.065))
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    _text_on_arc(painter, "KESTLEFORD", centre, outer * 0.86, 90, top=True)
    font.setPointSizeF(font.pointSizeF() * 0.8)
    painter.setFont(font)
    _text_on_arc(painter, "LEARN · CARE · BELONG", centre, outer * 0.86, 270, top=False)
    painter.end()
    return image


def draw_signature(width: int = 520, height: int = 160) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(INK, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QBrush())
    # A looping capital, a run of joined small loops, and an underline flourish.
    stroke = QPainterPath(QPointF(40, 110))
    stroke.cubicTo(30, 40, 95, 20, 90, 70)
    stroke.cubicTo(86, 105, 55, 120, 70, 95)
    stroke.cubicTo(85, 70, 120, 60, 130, 85)
    x = 130.0
    for i in range(9):
        rise = 45 if i in (2, 6) else 70
        stroke.cubicTo(x + 8, rise, x + 22, rise, x + 20, 88)
        stroke.cubicTo(x + 18, 100, x + 30, 100, x + 36, 86)
        x += 32
    stroke.cubicTo(x + 20, 60, x + 40, 40, x + 30, 90)
    stroke.cubicTo(x + 25, 120, x - 10, 125, x + 5, 100)
    painter.drawPath(stroke)
    flourish = QPainterPath(QPointF(55, 132))
    flourish.cubicTo(180, 118, 330, 140, width - 40, 118)
    pen.setWidthF(2.4)
    painter.setPen(pen)
    painter.drawPath(flourish)
    dot = QRectF(x - 70, 40, 5, 5)
    painter.setBrush(INK)
    painter.drawEllipse(dot)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    draw_logo().save(str(HERE / "logo.png"), "PNG")
    draw_signature().save(str(HERE / "signature.png"), "PNG")
    del app
    print(f"wrote {HERE / 'logo.png'} and {HERE / 'signature.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
