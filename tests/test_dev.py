"""The ./dev entry point: help lists the commands; a missing Odoo source fails fast and clearly."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dev(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "dev"), *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, **env}, check=False,
    )


def test_help_lists_the_commands():
    out = dev("help").stdout
    for command in ("run", "test", "doctor", "help", "bench", "test-addon", "lint"):
        assert f"  {command}" in out


def test_unknown_command_is_refused():
    result = dev("frobnicate")
    assert result.returncode != 0
    assert "unknown command: frobnicate" in result.stderr


def test_doctor_reports_a_missing_odoo_source(tmp_path):
    result = dev("doctor", ODOO_SRC=str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert f"MISSING Odoo 18 source at {tmp_path / 'nowhere'}" in result.stderr


def test_doctor_refuses_another_odoo_version(tmp_path):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo-bin").write_text("")
    (tmp_path / "odoo" / "release.py").write_text("version_info = (17, 0, 0, FINAL, 0, '')\n")
    result = dev("doctor", ODOO_SRC=str(tmp_path))
    assert result.returncode == 1
    assert "holds Odoo 17.0" in result.stderr


def test_test_without_odoo_and_offline_fails_fast_with_one_message(tmp_path):
    # An unreachable clone address stands for "no network": ./dev must stop with one clear message.
    result = dev("test", ODOO_SRC=str(tmp_path / "odoo"), ODOO_GIT_URL=str(tmp_path / "no-such-repo"))
    assert result.returncode == 2
    assert "could not be downloaded" in result.stderr
    assert "set ODOO_SRC" in result.stderr
    assert not (tmp_path / "odoo").exists()


def test_run_refuses_an_unknown_language_before_starting_anything():
    # --lang and CRM_LANG alike: a code Odoo does not know stops ./dev run at once, with one message.
    for args, env in ((("run", "--lang", "xx_YY"), {}), (("run",), {"CRM_LANG": "xx_YY"})):
        result = dev(*args, **env)
        assert result.returncode == 2
        assert "unknown language: 'xx_YY'" in result.stderr
        assert "creating the demo database" not in result.stderr
    result = dev("run", "--lang")
    assert result.returncode == 2
    assert "--lang needs a language code" in result.stderr


def test_run_creates_the_demo_database_in_the_language_with_the_admin_in_it():
    # Static: the creation loads the language (Odoo's and the pack's translations) and sets the admin's.
    script = (ROOT / "dev").read_text()
    demo = script[script.index("ensure_demo_db() {"):script.index("cmd_run() {")]
    assert '${lang:+"--load-language=$lang"}' in demo
    assert 'set_demo_lang "$lang"' in demo
    setter = script[script.index("set_demo_lang() {"):script.index("ensure_demo_db() {")]
    assert '--load-language="$lang"' in setter
    assert "env.ref('base.user_admin').lang = '$lang'" in setter
    assert "env.cr.commit()" in setter
    assert "--lang pt_BR" in dev("help").stdout
