"""A newcomer clones the repository into a private folder (mode 0700, like /root/crm-pack) and the
README's commands work there: ./dev setup, then a short ./dev test-addon; ./dev clean removes what
./dev created outside the clone. Offline: everything comes from the wheel cache and the Odoo source.

Takes a few minutes (a virtual environment and a cluster of its own, one addon installed)."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What the calling ./dev exported must not leak into the clone's own ./dev.
LEAKS = ("PGHOST", "PGUSER", "PGDATABASE", "ODOO_RC", "CRM_DEV_DB", "CRM_DB", "PORT", "VIRTUAL_ENV",
         "PYTEST_ADDOPTS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, cwd, env, timeout):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture
def clone(tmp_path):
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    dest = home / "crm-pack"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True, timeout=120)
    dest.chmod(0o700)
    env = {k: v for k, v in os.environ.items() if k not in LEAKS}
    env["PORT"] = str(free_port())
    yield dest, env
    # Whatever happened: stop and delete the clone's clusters, then the clone.
    if (dest / "dev").exists():
        run(["./dev", "clean", "--yes"], dest, env, 300)
    shutil.rmtree(home, ignore_errors=True)


def test_setup_and_test_addon_work_in_a_private_clone(clone):
    dest, env = clone
    setup = run(["./dev", "setup"], dest, env, 900)
    assert setup.returncode == 0, setup.stderr[-3000:]
    assert "dev: ready." in setup.stderr
    assert (dest / ".venv" / "bin" / "python").exists()

    quick = run(["./dev", "test-addon", "crm_action_flow", "-k", "test_float_to_hm", "-q", "-p", "no:cacheprovider"],
                dest, env, 900)
    output = quick.stdout + quick.stderr
    assert quick.returncode == 0, output[-3000:]
    assert "1 passed" in output

    doctor = run(["./dev", "doctor"], dest, env, 60)
    cluster = next(line.split()[3] for line in doctor.stderr.splitlines() if " test cluster " in line)
    assert Path(cluster, "PG_VERSION").exists()
    if os.geteuid() == 0:
        # The postgres user cannot enter the 0700 clone: the data lives where it can.
        assert not cluster.startswith(str(dest)), cluster

    clean = run(["./dev", "clean", "--yes"], dest, env, 300)
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert not Path(cluster).exists()
    assert not (dest / ".dev").exists()
