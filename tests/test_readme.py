"""Each addon's Apps page (static/description/): an icon, and an index.html that says what the
readme fragments say (regenerate with ./dev readme)."""

import importlib.util
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["crm_action_flow", "crm_journey", "crm_portfolio", "crm_loyalty"]

spec = importlib.util.spec_from_file_location("gen_readme", ROOT / "tests" / "tools" / "gen_readme.py")
gen_readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_readme)


@pytest.mark.parametrize("addon", ADDONS)
def test_index_html_is_up_to_date_with_the_readme_fragments(addon):
    index = ROOT / "addons" / addon / "static" / "description" / "index.html"
    assert index.is_file(), f"{addon}: no static/description/index.html (run ./dev readme)"
    assert index.read_text(encoding="utf-8") == gen_readme.page(addon), (
        f"{addon}: static/description/index.html differs from readme/*.md: run ./dev readme")


@pytest.mark.parametrize("addon", ADDONS)
def test_index_html_shows_every_fragment_and_the_pt_br_summary(addon):
    html = (ROOT / "addons" / addon / "static" / "description" / "index.html").read_text(encoding="utf-8")
    readme = ROOT / "addons" / addon / "readme"
    assert not html.startswith("<?xml"), "Odoo 17+ deprecates XML declarations in module descriptions"
    for title in ("Configuration", "Usage", "Credits"):
        assert f"<h1>{title}</h1>" in html
    first_words = (readme / "DESCRIPTION.md").read_text(encoding="utf-8").split("\n")[0].split()[:3]
    assert " ".join(first_words) in html
    pt_br = (readme / "SUMMARY.pt_BR.md").read_text(encoding="utf-8").strip()
    assert pt_br and gen_readme.html.escape(pt_br) in html


@pytest.mark.parametrize("addon", ADDONS)
def test_icon_is_a_128px_png(addon):
    data = (ROOT / "addons" / addon / "static" / "description" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (128, 128)
