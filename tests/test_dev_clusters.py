"""Where ./dev keeps its PostgreSQL clusters (issue 15): a test cluster (unsafe-fast) and a run
cluster (durable), reachable by the server's user wherever the checkout is. Fast: ./dev doctor and
./dev clean on a copy of the script, no server started."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def checkout(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    dest = home / "crm-pack"
    dest.mkdir(mode=0o700)
    shutil.copy(ROOT / "dev", dest / "dev")
    return dest


def dev(where: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("PGHOST", "PGUSER", "ODOO_RC")}
    return subprocess.run([str(where / "dev"), *args], capture_output=True, text=True, timeout=60,
                          env={**clean, **env}, check=False)


def clusters(result: subprocess.CompletedProcess) -> dict:
    found = {}
    for line in result.stderr.splitlines():
        words = line.split()
        if len(words) > 3 and words[2] == "cluster" and words[1] in ("test", "run"):
            found[words[1]] = words[3]
    return found


def test_two_clusters_per_checkout_the_run_one_apart(tmp_path):
    where = checkout(tmp_path)
    found = clusters(dev(where, "doctor", CRM_PG_ROOT=str(tmp_path / "pgroot")))
    assert set(found) == {"test", "run"}
    assert found["test"] != found["run"]
    assert Path(found["test"]).parent == Path(found["run"]).parent


@pytest.mark.skipif(os.geteuid() != 0, reason="as root only")
def test_as_root_the_data_lives_where_the_postgres_user_can_enter(tmp_path):
    where = checkout(tmp_path)
    found = clusters(dev(where, "doctor", CRM_PG_ROOT=str(tmp_path / "pgroot")))
    base = Path(found["test"]).parent
    assert base.parent == tmp_path / "pgroot"
    assert base.name.startswith("crm-pack-")
    assert not str(base).startswith(str(where))


@pytest.mark.skipif(os.geteuid() != 0, reason="as root only")
def test_a_checkout_with_its_clusters_in_dot_pg_keeps_them(tmp_path):
    where = checkout(tmp_path)
    (where / ".pg" / "data").mkdir(parents=True)
    (where / ".pg" / "data" / "PG_VERSION").write_text("15\n")
    found = clusters(dev(where, "doctor", CRM_PG_ROOT=str(tmp_path / "pgroot")))
    assert found == {"test": str(where / ".pg" / "data"), "run": str(where / ".pg" / "run")}


@pytest.mark.skipif(os.geteuid() == 0, reason="as another user than root")
def test_as_a_user_the_data_stays_in_the_checkout(tmp_path):
    where = checkout(tmp_path)
    found = clusters(dev(where, "doctor"))
    assert found == {"test": str(where / ".pg" / "data"), "run": str(where / ".pg" / "run")}


def test_clean_says_what_it_would_delete_and_deletes_only_with_yes(tmp_path):
    where = checkout(tmp_path)
    (where / ".dev").mkdir()
    result = dev(where, "clean", CRM_PG_ROOT=str(tmp_path / "pgroot"))
    assert result.returncode == 1
    assert "./dev clean --yes would stop and delete" in result.stderr
    assert (where / ".dev").exists()
    result = dev(where, "clean", "--yes", CRM_PG_ROOT=str(tmp_path / "pgroot"))
    assert result.returncode == 0, result.stderr
    assert not (where / ".dev").exists()


def test_help_lists_the_new_commands():
    out = dev(ROOT, "help").stdout
    for command in ("test-repo", "screenshots", "wheels", "readme", "clean"):
        assert f"  {command}" in out
