"""Repository-level static checks over the four addons (no database needed)."""

import ast
import csv
import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["crm_action_flow", "crm_journey", "crm_portfolio", "crm_loyalty"]
CHAIN = {"crm_journey": "crm_action_flow", "crm_portfolio": "crm_journey", "crm_loyalty": "crm_portfolio"}


def manifest(addon: str) -> dict:
    return ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys_and_version(addon):
    m = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", m["version"]), m["version"]
    for key in ("name", "license", "category", "summary", "maintainers", "depends"):
        assert m.get(key), f"{addon}: manifest lacks {key}"


@pytest.mark.parametrize("addon", sorted(CHAIN))
def test_module_chain(addon):
    assert CHAIN[addon] in manifest(addon)["depends"]


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist_and_security_first(addon):
    m = manifest(addon)
    base = ROOT / "addons" / addon
    data = m.get("data", [])
    for rel in data + m.get("demo", []):
        assert (base / rel).is_file(), f"{addon}: {rel} is listed in the manifest but missing"
    security = [i for i, rel in enumerate(data) if rel.startswith("security/")]
    if security:
        assert security == list(range(len(security))), f"{addon}: security files must come first"


@pytest.mark.parametrize("path", sorted((ROOT / "addons").rglob("*.xml")), ids=lambda p: str(p.relative_to(ROOT)))
def test_xml_parses(path):
    etree.parse(str(path))


@pytest.mark.parametrize("path", sorted((ROOT / "addons").rglob("ir.model.access.csv")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_access_csv_well_formed(path):
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, f"{path} is empty"
    for row in rows:
        assert row["id"] and row["model_id:id"], row
        assert {row[k] for k in ("perm_read", "perm_write", "perm_create", "perm_unlink")} <= {"0", "1"}


@pytest.mark.parametrize("addon", ADDONS)
def test_pt_br_translation_complete(addon):
    po = ROOT / "addons" / addon / "i18n" / "pt_BR.po"
    assert po.is_file(), f"{addon} ships no i18n/pt_BR.po"
    import polib

    catalog = polib.pofile(str(po))
    missing = [e.msgid for e in catalog if not e.obsolete and not e.translated()]
    assert not missing, f"{addon}: {len(missing)} untranslated strings, e.g. {missing[:3]}"
    pot = ROOT / "addons" / addon / "i18n" / f"{addon}.pot"
    assert pot.is_file(), f"{addon} ships no i18n/{addon}.pot"
    template = {e.msgid for e in polib.pofile(str(pot))}
    assert template <= {e.msgid for e in catalog}, f"{addon}: pt_BR.po lacks strings of the .pot"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_fragments(addon):
    for frag in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (ROOT / "addons" / addon / "readme" / frag).is_file(), f"{addon}: readme/{frag} missing"
