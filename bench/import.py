"""Benchmark of the portfolio spreadsheet import (PO-5, #12): ./dev bench import [--rows N].

Generates N active companies (set-based SQL), two portfolios on a journey whose stages have milestones,
and an .xlsx sheet (ID, Company, Portfolio) assigning every company to one of them. Then, as a user runs
it (the administrator, tracking on), through the wizard's public methods in the order the web client
calls them: upload, Validate, Import; a large file is worked on by the background job runner
(``crm.retention.job``, the ir.cron path with its commits), timed end to end until its work is done.
Beside it, in the same run:

- the baseline: the same rows written one by one through the ORM with tracking on
  (``partner.portfolio_id = portfolio``), timed on a sample and scaled to N (rolled back);
- the floor: reading the same file with openpyxl plus one set-based UPDATE of the same rows (rolled back);
- memory: the peak RSS of this process after a first import of N/10 rows and after the N rows;
- worker limits: the longest background step, wall and CPU time of this process, beside Odoo's default
  limit_time_real (120 s) and limit_time_cpu (60 s);
- under a real server (``--workers W``, default 2; 0 skips it): N more companies imported from their own
  sheet through ``odoo-bin --workers W`` with Odoo's default limits, the web client's calls made over
  XML-RPC (upload, Validate, Import, then the wizard read until it is done) while the server's cron worker
  runs the background steps; the server log is checked for worker timeouts, errors and warnings.

The benchmark database is a fresh copy (./dev bench); the last line is machine-readable.
"""

import argparse
import base64
import io
import os
import re
import resource
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import openpyxl

import odoo
from odoo.tools import config

ODOO_BIN = Path(odoo.__path__[0]).parent / "odoo-bin"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_companies(cr, n: int, tag: str) -> None:
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type, company_id,
                                    customer_state, create_date, write_date)
           SELECT %s || g, %s || g, true, true, 'contact', 1, 'active', now(), now()
             FROM generate_series(1, %s) g""",
        [tag, tag, n],
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("ANALYZE res_partner")


def build_sheet(cr, tag: str, names: list[str]) -> bytes:
    """The filled template: every generated company, portfolios alternating (streamed, write-only)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Portfolios")
    sheet.append(["ID", "Company", "Portfolio"])
    cr.execute("SELECT id, name FROM res_partner WHERE name LIKE %s ORDER BY id", [tag + "%"])
    for i, (pid, name) in enumerate(cr.fetchall()):
        sheet.append([pid, name, names[i % len(names)]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_jobs(env, steps: list) -> None:
    """Run the background jobs as ir.cron does (each callback within its time budget, committed)."""
    Job = env["crm.retention.job"].sudo()
    while True:
        wall, cpu = time.perf_counter(), time.process_time()
        remaining = Job._action_run_jobs(max_steps=1)
        steps.append((time.perf_counter() - wall, time.process_time() - cpu))
        if not remaining:
            return


def run_wizard(env, data: bytes, steps: list) -> tuple[float, dict]:
    """Upload, Validate, Import as the web client calls them, until the background work is done."""
    t0 = time.perf_counter()
    wizard = env["crm.portfolio.import"].create({"upload_file": base64.b64encode(data), "upload_name": "bench.xlsx"})
    wizard.action_validate()
    env.cr.commit()
    run_jobs(env, steps)
    wizard.invalidate_recordset()
    assert wizard.state == "validated" and not wizard.rows_invalid, (wizard.state, wizard.rows_invalid)
    wizard.action_import()
    env.cr.commit()
    run_jobs(env, steps)
    wizard.invalidate_recordset()
    assert wizard.state == "done", (wizard.state, wizard.job_id.result_message)
    elapsed = time.perf_counter() - t0
    return elapsed, {"found": wizard.rows_found, "valid": wizard.rows_valid, "imported": wizard.imported_count}


def floor(env, data: bytes, portfolio_ids: list[int]) -> float:
    """Read the file with openpyxl and write the same rows with one set-based UPDATE (rolled back)."""
    cr = env.cr
    t0 = time.perf_counter()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    names = dict(zip(["Bench A", "Bench B"], portfolio_ids, strict=True))
    ids, targets = [], []
    for company_id, _name, portfolio_name in workbook.worksheets[0].iter_rows(min_row=2, values_only=True):
        ids.append(int(company_id))
        targets.append(names[portfolio_name])
    workbook.close()
    cr.execute("SAVEPOINT bench_floor")
    cr.execute(
        """UPDATE res_partner p SET portfolio_id = t.portfolio FROM unnest(%s::int[], %s::int[]) AS t(id, portfolio)
            WHERE p.id = t.id""",
        [ids, targets],
    )
    elapsed = time.perf_counter() - t0
    cr.execute("ROLLBACK TO SAVEPOINT bench_floor")
    return elapsed


def orm_row_by_row(env, data: bytes, sample: int) -> tuple[float, int]:
    """The naive loader: read each row, search the portfolio by name, write the partner, row by row."""
    Partner, Portfolio = env["res.partner"], env["crm.portfolio"]
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    done = 0
    t0 = time.perf_counter()
    for company_id, _name, portfolio_name in rows:
        partner = Partner.browse(int(company_id))
        portfolio = Portfolio.search([("name", "=", portfolio_name)], limit=1)
        partner.write({"portfolio_id": portfolio.id})
        env.flush_all()
        done += 1
        if done >= sample:
            break
    elapsed = time.perf_counter() - t0
    workbook.close()
    return elapsed, done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_queue_job(database: str, log_path: Path) -> None:
    """Install OCA queue_job on the benchmark database (its background jobs then run as queue jobs)."""
    subprocess.run([sys.executable, str(ODOO_BIN), "-c", config.rcfile, "-d", database, "-i", "queue_job",
                    "--stop-after-init", "--logfile", str(log_path)], check=True)


def run_under_workers(database: str, data: bytes, workers: int, log_path: Path, queue_job: bool = False,
                      timeout: float = 900) -> dict:
    """Upload, Validate, Import over XML-RPC against ``odoo-bin --workers`` with Odoo's default limits, as the
    web client calls them, polling the wizard until its background work is done: by the cron worker, or with
    ``queue_job`` by queue_job's job runner (a server-wide module) on the retention channel."""
    port, gevent_port = free_port(), free_port()
    log_path.unlink(missing_ok=True)
    server_wide = ["--load", "base,web,queue_job"] if queue_job else []
    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:2,root.crm_retention:1")
    server = subprocess.Popen([  # pylint: disable=consider-using-with
        sys.executable, str(ODOO_BIN), "-c", config.rcfile, "-d", database, "--db-filter", f"^{database}$",
        "--workers", str(workers), "--max-cron-threads", "1", "--http-port", str(port),
        "--gevent-port", str(gevent_port), "--limit-time-real", "120", "--limit-time-cpu", "60",
        "--limit-time-real-cron", "-1", "--logfile", str(log_path), "--log-level", "info", *server_wide,
    ], env=env)
    try:
        common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common")
        deadline = time.monotonic() + 60
        while True:
            try:
                common.version()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"odoo-bin --workers {workers} did not start (see {log_path})") from None
                time.sleep(0.3)
        uid = common.authenticate(database, "admin", "admin", {})
        models = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/object", allow_none=True)

        def call(method, *args):
            return models.execute_kw(database, uid, "admin", "crm.portfolio.import", method, list(args))

        def wait():
            """The wizard once its background work (if any) has ended, done or failed."""
            while True:
                [wizard] = call("read", [wizard_id], ["state", "job_state", "rows_invalid", "imported_count"])
                if wizard["state"] != "running" or wizard["job_state"] == "failed":
                    return wizard
                if time.perf_counter() - t0 > timeout:
                    raise RuntimeError(f"the import was not done after {timeout:.0f}s (see {log_path})")
                time.sleep(0.5)

        t0 = time.perf_counter()
        wizard_id = call("create", {"upload_file": base64.b64encode(data).decode(), "upload_name": "server.xlsx"})
        call("action_validate", [wizard_id])
        validated = wait()
        assert validated["state"] == "validated" and not validated["rows_invalid"], validated
        call("action_import", [wizard_id])
        done = wait()
        elapsed = time.perf_counter() - t0
        assert done["state"] == "done", done
    finally:
        server.terminate()
        server.wait(timeout=60)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    cron_steps = re.findall(r"'CRM Retention: background jobs' \(\d+\) done in ([0-9.]+)s", log)
    # queue_job's runner calls /queue_job/runjob: werkzeug logs each call's SQL and other seconds.
    queue_steps = [float(a) + float(b) for a, b in re.findall(r'GET /queue_job/runjob\?[^"]*" 200 - \d+ ([0-9.]+) ([0-9.]+)', log)]
    return {
        "elapsed": elapsed, "imported": done["imported_count"], "cron_calls": len(cron_steps),
        "longest_cron": max((float(x) for x in cron_steps), default=0.0),
        "queue_jobs": len(queue_steps), "longest_queue_job": max(queue_steps, default=0.0),
        "timeouts": len(re.findall(r"timeout after|time limit|virtual real time|CPU time limit", log)),
        "problems": len(re.findall(r"^\S+ \S+ \d+ (?:WARNING|ERROR|CRITICAL) ", log, re.MULTILINE)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows of the ORM baseline (scaled to N)")
    parser.add_argument("--workers", type=int, default=2, help="odoo-bin --workers of the server run (0: none)")
    parser.add_argument("--queue-job", action="store_true",
                        help="install OCA queue_job first: the server run's steps are queue jobs, run by its runner")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    n = args.rows

    with registry.cursor() as cr:
        # The administrator, tracking on: what a user gets.
        env = odoo.api.Environment(cr, 2, {"lang": "en_US", "tz": "America/Sao_Paulo"})
        journey = env["crm.journey"].create({
            "name": "Bench journey",
            "stage_ids": [(0, 0, {"name": "Bench kick-off", "sequence": 1, "milestone_ids": [
                              (0, 0, {"name": "Bench welcome call", "deadline_days": 2}),
                              (0, 0, {"name": "Bench contract", "deadline_days": 7})]}),
                          (0, 0, {"name": "Bench live", "sequence": 2, "milestone_ids": [
                              (0, 0, {"name": "Bench first report", "deadline_days": 30})]})],
        })
        manager = env.ref("base.user_admin")
        portfolios = env["crm.portfolio"].create([
            {"name": "Bench A", "manager_id": manager.id, "journey_id": journey.id},
            {"name": "Bench B", "manager_id": manager.id, "journey_id": journey.id},
        ])
        names = portfolios.mapped("name")
        env.cr.commit()
        steps = []

        # Warm-up and memory reference: a file a tenth of the size.
        small_n = max(n // 10, 1)
        generate_companies(cr, small_n, "Bench small ")
        small = build_sheet(cr, "Bench small ", names)
        t_small, _ = run_wizard(env, small, steps)
        rss_small = peak_rss_mb()
        del small
        print(f"{small_n} rows: wizard {t_small:.2f}s ({small_n / t_small:.0f} rows/s) | peak RSS {rss_small:.0f} MB")

        t0 = time.perf_counter()
        generate_companies(cr, n, "Bench customer ")
        data = build_sheet(cr, "Bench customer ", names)
        print(f"generated {n} companies and a {len(data) / 1e6:.1f} MB sheet in {time.perf_counter() - t0:.1f}s")

        env.cr.commit()
        cr.execute("SAVEPOINT bench_orm")
        env.invalidate_all()
        t_orm, sampled = orm_row_by_row(env, data, min(args.sample, n))
        cr.execute("ROLLBACK TO SAVEPOINT bench_orm")
        env.invalidate_all()
        env.registry.clear_cache()
        orm_rate = sampled / t_orm
        print(f"ORM row by row: {sampled} rows in {t_orm:.2f}s ({orm_rate:.0f} rows/s; {n / orm_rate:.0f}s for {n})")

        t_floor = floor(env, data, portfolios.ids)
        print(f"floor (openpyxl read + one UPDATE of {n} rows): {t_floor:.2f}s")
        env.cr.commit()

        steps.clear()
        t_wiz, counts = run_wizard(env, data, steps)
        rss = peak_rss_mb()
        cr.execute(
            "SELECT count(*) FROM res_partner WHERE name LIKE 'Bench customer %%' AND portfolio_id IN %s",
            [tuple(portfolios.ids)],
        )
        written = cr.fetchone()[0]
        assert written == n, f"{written} of {n} companies imported"
        rate = n / t_wiz
        print(f"{n} rows: wizard {t_wiz:.2f}s ({rate:.0f} rows/s) | found {counts['found']} valid {counts['valid']} "
              f"imported {counts['imported']} | peak RSS {rss:.0f} MB (after {small_n} rows: {rss_small:.0f} MB)")
        longest_wall = max(wall for wall, _cpu in steps)
        longest_cpu = max(cpu for _wall, cpu in steps)
        print(f"longest background step: {longest_wall:.1f}s wall, {longest_cpu:.1f}s CPU "
              f"(Odoo's default limits: 120s real, 60s CPU)")
        cr.execute("SELECT count(*) FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id "
                   "WHERE m.model = 'res.partner' AND m.res_id IN (SELECT id FROM res_partner WHERE name LIKE "
                   "'Bench customer %%')")
        print(f"tracking values posted: {cr.fetchone()[0]}")

        if args.workers:
            generate_companies(cr, n, "Bench server ")
            server_data = build_sheet(cr, "Bench server ", names)
            cr.commit()
            log_path = Path(config["data_dir"]).parent / "log" / "bench-import-server.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            if args.queue_job:
                install_queue_job(args.database, log_path.with_name("bench-import-queue-job-install.log"))
            run = run_under_workers(args.database, server_data, args.workers, log_path, queue_job=args.queue_job)
            if args.queue_job:
                cr.execute("SELECT state, count(*) FROM queue_job GROUP BY state ORDER BY state")
                run["queue_states"] = ", ".join(f"{count} {state}" for state, count in cr.fetchall())
            runner = (f"queue_job's runner: {run['queue_jobs']} queue jobs ({run['queue_states']}), the longest "
                      f"{run['longest_queue_job']:.1f}s" if args.queue_job else
                      f"the cron worker: {run['cron_calls']} cron calls, the longest {run['longest_cron']:.1f}s")
            print(f"under odoo-bin --workers {args.workers} (limits 120s real, 60s CPU): {run['imported']} rows "
                  f"in {run['elapsed']:.2f}s end to end ({n / run['elapsed']:.0f} rows/s), steps run by {runner} | "
                  f"worker timeouts {run['timeouts']} | warnings and errors in the server log {run['problems']} "
                  f"({log_path})")
            assert run["imported"] == n and not run["timeouts"], run
    print(f"rows_per_s={rate:.0f} speedup_vs_orm={rate / orm_rate:.1f} ratio_to_floor={t_wiz / t_floor:.2f} "
          f"peak_rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
