"""The manual's pictures: the README's screenshots, scaled to the width of the help window.

Reads ``docs/screenshots/*.png`` (made by ``python scripts/screenshots.py``) and writes the ones
the manual's pages use into ``resources/help/de/bilder/`` (English: ``docs/screenshots/en`` into
``resources/help/en/bilder``), 640 pixels wide, as palette PNGs (a tenth of the size, the same
look for screenshots). Run it after new screenshots: ``python scripts/make_help_images.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 640
SOURCES = {"de": ROOT / "docs" / "screenshots", "en": ROOT / "docs" / "screenshots" / "en"}


def used_pictures(folder: Path) -> set[str]:
    """The pictures the pages of ``folder`` show (``<img src="bilder/NAME">``)."""
    names = set()
    for page in folder.glob("*.html"):
        names.update(re.findall(r'src="bilder/([^"]+)"', page.read_text(encoding="utf-8")))
    return names


def main() -> int:
    for language, source in SOURCES.items():
        pages = ROOT / "resources" / "help" / language
        if not pages.is_dir() or not source.is_dir():
            continue
        target = pages / "bilder"
        target.mkdir(exist_ok=True)
        for name in sorted(used_pictures(pages)):
            image = Image.open(source / name).convert("RGB")
            height = round(image.height * WIDTH / image.width)
            small = image.resize((WIDTH, height), Image.Resampling.LANCZOS)
            small.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target / name, optimize=True)
            print(f"{target / name}: {(target / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
