"""The README's picture is the project's own output: ``make images`` remakes it, and the
committed file is what it makes now (pixel for pixel, give or take the PNG encoder)."""

from __future__ import annotations

import importlib.util
import struct
import zlib
from types import ModuleType

from tests.conftest import ROOT

IMAGE = ROOT / "docs" / "images" / "support-triage.png"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_images", ROOT / "scripts" / "readme_images.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the RGBA bytes of an 8-bit RGBA, non-interlaced PNG."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (8, 6, 0), "resvg writes 8-bit RGBA"
    raw, stride, rows = zlib.decompress(b"".join(chunks)), width * 4, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - 4] if x >= 4 else 0
            up, corner = previous[x], previous[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                best = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + best[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, b"".join(rows)


def test_the_readme_shows_the_committed_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '<img src="docs/images/support-triage.png"' in readme


def test_the_committed_picture_is_what_make_images_makes() -> None:
    fresh = _script().support_triage_png()
    committed = IMAGE.read_bytes()
    if fresh == committed:
        return
    # another PNG encoder may pack the same pixels differently: compare the pixels
    width, height, pixels = _pixels(committed)
    new_width, new_height, new_pixels = _pixels(fresh)
    assert (width, height) == (new_width, new_height), "run make images"
    differing = sum(a != b for a, b in zip(pixels, new_pixels, strict=True))
    assert differing <= len(pixels) // 1000, "the picture changed: run make images"


def test_the_pixel_reader_reads_a_drawing() -> None:
    """The fallback comparison reads real pixels: a small drawing of the example is white
    at its corner and has the START step's green."""
    from liveflow_graph import load, svg_to_png

    flow = load(ROOT / "examples" / "support-triage.json").flows[0]
    width, height, pixels = _pixels(svg_to_png(flow.draw().to_svg(), scale=0.5))
    assert len(pixels) == width * height * 4
    assert pixels[:4] == b"\xff\xff\xff\xff"
    green = bytes.fromhex("2e7d32ff")
    assert any(pixels[i : i + 4] == green for i in range(0, len(pixels), 4))
