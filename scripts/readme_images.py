"""The pictures the README shows, made by the library itself (``make images``).

``docs/images/support-triage.png``: the bundled example with its findings, drawn with the
shipped font only (``system_fonts=False``) so that every machine makes the same pixels;
``tests/test_readme_images.py`` checks that the committed file is what this makes.

Usage: python scripts/readme_images.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from liveflow_graph import load, svg_to_png

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "support-triage.json"
IMAGES = ROOT / "docs" / "images"
SCALE = 1.5


def support_triage_png() -> bytes:
    """The README's picture of the example: its current version, findings drawn."""
    flow = load(EXAMPLE).flows[0]
    return svg_to_png(flow.draw(findings=True).to_svg(), scale=SCALE, system_fonts=False)


PICTURES = {"support-triage.png": support_triage_png}


def main(argv: list[str]) -> int:
    """Write every picture (or, with ``--check``, say which differ and exit 1)."""
    check = "--check" in argv
    stale = []
    for name, make in PICTURES.items():
        target = IMAGES / name
        data = make()
        if check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(name)
            continue
        IMAGES.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target.relative_to(ROOT)} ({len(data):,} bytes)")
    for name in stale:
        print(f"docs/images/{name} is not what scripts/readme_images.py makes: run make images")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
