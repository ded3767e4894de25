"""An integrator's install: the four addons built as OCA-style wheels (whool), installed with pip into
a fresh virtual environment beside the Odoo source, and crm_loyalty installed on a fresh database
from those wheels, not from the repository's addons/.

Offline: whool comes from the wheel cache (requirements-dev.txt), the build runs without isolation.
Needs the test cluster of ./dev (PGHOST): runs in ./dev test and ./dev test-repo. A few minutes."""

import ast
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["crm_action_flow", "crm_journey", "crm_portfolio", "crm_loyalty"]
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo-18.0"))
WHEELS = os.environ.get("CRM_PACK_WHEELS", "/opt/crm-pack-wheels")
PIP = ["-m", "pip", "--disable-pip-version-check", "-q"]


def manifest(addon: str) -> dict:
    return ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())


def check(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    assert result.returncode == 0, f"{cmd[:4]}...: {(result.stdout + result.stderr)[-3000:]}"
    return result


def metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return HeaderParser().parsestr(zf.read(name).decode())


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    for addon in ADDONS:
        check([sys.executable, *PIP, "wheel", "--no-build-isolation", "--no-deps", "--no-index",
               "-w", str(dist), str(ROOT / "addons" / addon)], timeout=300)
    return {addon: next(dist.glob(f"odoo_addon_{addon}-*.whl")) for addon in ADDONS}


def test_each_addon_builds_an_odoo_addon_wheel_from_its_manifest(wheels):
    for addon, wheel in wheels.items():
        m = manifest(addon)
        meta = metadata(wheel)
        assert meta["Name"] == f"odoo-addon-{addon}"
        assert meta["Version"].startswith(m["version"]), (meta["Version"], m["version"])
        assert meta["Summary"] == m["summary"]
        requires = meta.get_all("Requires-Dist")
        # The pack's dependencies are the other wheels; Odoo's own addons are "odoo".
        pack = sorted(r.split("==")[0] for r in requires if r.startswith("odoo-addon-"))
        assert pack == sorted(f"odoo-addon-{d}" for d in m["depends"] if d in ADDONS), requires
        assert "odoo==18.0.*" in requires
        for python in m.get("external_dependencies", {}).get("python", []):
            assert python in requires
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
        assert f"odoo/addons/{addon}/__manifest__.py" in names
        assert f"odoo/addons/{addon}/static/description/icon.png" in names


@pytest.mark.skipif(not os.environ.get("PGHOST"), reason="needs the test cluster: run through ./dev test or test-repo")
def test_crm_loyalty_installs_from_the_wheels_in_a_fresh_environment(wheels, tmp_path):
    venv = tmp_path / "venv"
    check([sys.executable, "-m", "venv", str(venv)], timeout=300)
    py = str(venv / "bin" / "python")
    # Odoo itself is not a distribution on the package index: the venv sees the source, as ./dev does.
    site = Path(check([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "odoo-src.pth").write_text(f"{ODOO_SRC}\n")
    check([py, *PIP, "install", "--no-index", "--find-links", WHEELS,
           "-r", str(ROOT / "requirements-odoo.txt"), "-r", str(ROOT / "requirements.txt")], timeout=900)
    # --no-deps: the wheels require the "odoo" distribution, which the source tree stands for.
    check([py, *PIP, "install", "--no-index", "--no-deps", *map(str, wheels.values())], timeout=300)
    installed = site / "odoo" / "addons"
    assert sorted(p.name for p in installed.iterdir()) == sorted(ADDONS)

    db = f"crmpack_wheels_{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "odoo.conf"
    conf.write_text(
        "[options]\n"
        f"addons_path = {installed},{ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons\n"
        f"data_dir = {tmp_path / 'data'}\n"
        f"db_host = {os.environ['PGHOST']}\n"
        f"db_user = {os.environ.get('PGUSER', 'odoo')}\n"
        "db_password = False\n"
    )
    assert str(ROOT / "addons") not in conf.read_text()
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_RC", "VIRTUAL_ENV", "PYTHONPATH")}
    log = tmp_path / "install.log"
    try:
        install = subprocess.run(
            [py, str(ODOO_SRC / "odoo-bin"), "-c", str(conf), "-d", db, "-i", "crm_loyalty",
             "--without-demo=all", "--stop-after-init", "--no-http", f"--logfile={log}"],
            env=env, timeout=1500, cwd=tmp_path, capture_output=True, text=True, check=False)
        text = log.read_text() if log.exists() else install.stderr
        assert install.returncode == 0, text[-3000:]
        assert " ERROR " not in text and " CRITICAL " not in text, text[-3000:]
        probe = check([py, "-c", (
            "import sys, odoo\n"
            "from odoo.tools import config\n"
            f"config.parse_config(['-c', {str(conf)!r}, '-d', {db!r}])\n"
            "from odoo.modules.module import get_module_path\n"
            "reg = odoo.modules.registry.Registry(config['db_name'])\n"
            "with reg.cursor() as cr:\n"
            f"    cr.execute('select name, state from ir_module_module where name = any(%s)', [{ADDONS!r}])\n"
            "    states = dict(cr.fetchall())\n"
            f"for a in {ADDONS!r}:\n"
            "    print(a, states.get(a), get_module_path(a))\n"
        )], env=env, timeout=300, cwd=tmp_path)
        for line, addon in zip(probe.stdout.strip().splitlines(), ADDONS, strict=True):
            name, state, path = line.split()
            assert (name, state) == (addon, "installed"), line
            assert Path(path) == installed / addon, line
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", db], capture_output=True, check=False, env=env)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_build_backend_is_whool_as_oca_uses():
    for addon in ADDONS:
        text = (ROOT / "addons" / addon / "pyproject.toml").read_text()
        assert 'build-backend = "whool.buildapi"' in text
        assert "version" not in text, "the manifest is the source of truth for the version"
