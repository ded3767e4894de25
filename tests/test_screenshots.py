"""The README's screenshots: one PNG in docs/ per screen of tests/tools/screenshots.py, small, and
shown by the README (static: taking them is ./dev screenshots, never part of ./dev test)."""

import importlib.util
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("screenshots", ROOT / "tests" / "tools" / "screenshots.py")
screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshots)


def test_every_screen_has_a_small_png_that_the_readme_shows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [name for name, *_ in screenshots.SCREENS]
    assert len(names) == len(set(names))
    for name in names:
        png = ROOT / "docs" / f"{name}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png
        assert struct.unpack(">II", data[16:24]) == (screenshots.WIDTH, screenshots.HEIGHT), png
        assert len(data) < 150_000, f"{png} is {len(data)} bytes: keep screenshots small"
        assert f"](docs/{name}.png)" in readme, f"README does not show docs/{name}.png"
