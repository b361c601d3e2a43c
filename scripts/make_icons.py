"""Draw the application icon from its SVG source into the sizes the systems want.

``packaging/icons/kooperation.svg`` is the one source. This script writes
``resources/icons/kooperation-<size>.png`` (the window icon, shipped with the package), and for
the installers ``packaging/icons/kooperation.ico`` (Windows) and ``kooperation.icns`` (macOS).
Run it after changing the SVG: ``python scripts/make_icons.py``. It needs no display.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "packaging" / "icons" / "kooperation.svg"
PNG_DIR = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
WINDOW_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    """The icon as PNG bytes of ``size`` × ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage needs it
    images = {size: render(size) for size in SIZES}
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size in WINDOW_SIZES:
        (PNG_DIR / f"kooperation-{size}.png").write_bytes(images[size])
    largest = Image.open(io.BytesIO(images[256]))
    largest.save(
        ROOT / "packaging" / "icons" / "kooperation.ico",
        sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)],
    )
    Image.open(io.BytesIO(images[512])).save(ROOT / "packaging" / "icons" / "kooperation.icns")
    print(f"icons written: {PNG_DIR}, packaging/icons/kooperation.ico, kooperation.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
