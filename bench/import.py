"""Benchmark of the portfolio spreadsheet import (PO-5): ./dev bench import [--rows N].

Generates N active companies (set-based SQL), two portfolios on a two-stage journey and an .xlsx sheet
(ID, Company, Portfolio) assigning every company to one of them, then measures, in the same run:

- the wizard: upload, validation (streamed, openpyxl read-only) and import (grouped writes), N rows;
- the baseline: the same file read row by row, each row searched and written through the ORM
  (`partner.portfolio_id = portfolio`), timed on a sample and scaled to N;
- memory: the peak RSS of this process after a first run on N/10 rows and after the run on N rows
  (flat memory: the second figure stays close to the first).

Everything runs in one transaction that is rolled back at the end: the database is left as found.
The last line is machine-readable.
"""

import argparse
import base64
import io
import resource
import time

import openpyxl

import odoo
from odoo.tools import config


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


def run_wizard(env, data: bytes) -> tuple[float, dict]:
    t0 = time.perf_counter()
    wizard = env["crm.portfolio.import"].create(
        {"upload_file": base64.b64encode(data), "upload_name": "bench.xlsx"}
    )
    wizard.action_validate()
    assert not wizard.rows_invalid, f"{wizard.rows_invalid} invalid rows"
    wizard.action_import()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    return elapsed, {"found": wizard.rows_found, "valid": wizard.rows_valid, "imported": wizard.imported_count}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows of the ORM baseline (scaled to N)")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    n = args.rows

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        journey = env["crm.journey"].create({
            "name": "Bench journey",
            "stage_ids": [(0, 0, {"name": "Bench kick-off", "sequence": 1}),
                          (0, 0, {"name": "Bench live", "sequence": 2})],
        })
        manager = env.ref("base.user_admin")
        portfolios = env["crm.portfolio"].create([
            {"name": "Bench A", "manager_id": manager.id, "journey_id": journey.id},
            {"name": "Bench B", "manager_id": manager.id, "journey_id": journey.id},
        ])
        names = portfolios.mapped("name")
        env.flush_all()

        # Warm-up and memory reference: a file a tenth of the size.
        small_n = max(n // 10, 1)
        generate_companies(cr, small_n, "Bench small ")
        small = build_sheet(cr, "Bench small ", names)
        t_small, _ = run_wizard(env, small)
        rss_small = peak_rss_mb()
        del small
        print(f"{small_n} rows: wizard {t_small:.2f}s ({small_n / t_small:.0f} rows/s) | peak RSS {rss_small:.0f} MB")

        t0 = time.perf_counter()
        generate_companies(cr, n, "Bench customer ")
        data = build_sheet(cr, "Bench customer ", names)
        print(f"generated {n} companies and a {len(data) / 1e6:.1f} MB sheet in {time.perf_counter() - t0:.1f}s")

        cr.execute("SAVEPOINT bench_orm")
        env.invalidate_all()
        t_orm, sampled = orm_row_by_row(env, data, min(args.sample, n))
        cr.execute("ROLLBACK TO SAVEPOINT bench_orm")
        env.invalidate_all()
        env.registry.clear_cache()
        orm_rate = sampled / t_orm
        print(f"ORM row by row: {sampled} rows in {t_orm:.2f}s ({orm_rate:.0f} rows/s; {n / orm_rate:.0f}s for {n})")

        t_wiz, counts = run_wizard(env, data)
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
        cr.rollback()
    print(f"rows_per_s={rate:.0f} speedup_vs_orm={rate / orm_rate:.1f} peak_rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
