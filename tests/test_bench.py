"""The benchmarks run (#12): each once at a tiny size, so that a change of the product that breaks one is
seen by CI, not by the next person who measures. Their figures are not asserted here (speed is measured
by ./dev bench at the sizes of bench/README.md, never by timed tests); only that each completes and
prints its machine-readable last line."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"[0-9]+(?:\.[0-9]+)?"

IMPORT_LINE = rf"rows_per_s={NUMBER} speedup_vs_orm={NUMBER} ratio_to_floor={NUMBER} peak_rss_mb={NUMBER}"
RUNS = {
    # 5,000 rows: a file above the background threshold, so that the server run (odoo-bin --workers 2) goes
    # through the cron worker, or queue_job's runner.
    "import": (["--rows", "5000", "--sample", "20"], IMPORT_LINE),
    "import --queue-job": (["--rows", "5000", "--sample", "20", "--queue-job"], IMPORT_LINE),
    "screens": (["--customers", "400", "--repeat", "1"], rf"worst_ratio_to_floor={NUMBER} worst_ms={NUMBER}"),
    "categorize": (["--customers", "400"], rf"ratio_to_floor={NUMBER} speedup_vs_orm={NUMBER} .*"),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_benchmark_completes(name):
    args, last_line = RUNS[name]
    result = subprocess.run([str(ROOT / "dev"), "bench", name.split()[0], *args], capture_output=True, text=True,
                            timeout=1200, check=False)
    assert result.returncode == 0, f"./dev bench {name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    lines = result.stdout.strip().splitlines()
    assert lines and re.fullmatch(last_line, lines[-1]), f"unexpected last line: {lines[-1:]}"
