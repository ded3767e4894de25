"""Benchmark of the nightly categorization (LO-5..LO-8): ./dev bench categorize --customers N.

Generates N customers (set-based SQL) with a spread of last-won dates and running loyalties, then runs
two passes of the real job (`res.partner._action_categorize`, batches committed as in production):

- first night: every customer classified from scratch;
- next night: the date moved one day on, after a day in which 0.2% of the customers won a new
  opportunity, so only a few percent of the customers change.

Each pass is printed beside, measured in the same run:
- the floor: one plain SQL UPDATE classifying the same rows (next night: only the rows that change);
- the baseline: a naive per-customer ORM loop (read the last won date, write the category, create the
  history row), timed on a 1% sample and scaled to N;
- the peak memory (max RSS) of this process.
The last line is machine-readable.
"""

import argparse
import resource
import time
from datetime import date, timedelta

import odoo
from odoo.tools import config

TODAY = date(2026, 11, 22)
CLASSIFY = """
    WITH won AS (
        SELECT p.commercial_partner_id AS pid, max(l.date_closed)::date AS last_won
          FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
         WHERE l.active AND l.probability = 100 AND l.date_closed IS NOT NULL
         GROUP BY 1
    ), cls AS (
        SELECT c.id, c.retention_category AS old,
               CASE WHEN w.last_won IS NULL THEN 'prospect'
                    WHEN w.last_won >= %(today)s::date - %(active)s THEN 'active'
                    WHEN w.last_won >= %(today)s::date - %(recent)s THEN 'recently_inactive'
                    ELSE 'inactive' END AS new
          FROM res_partner c LEFT JOIN won w ON w.pid = c.id
         WHERE c.parent_id IS NULL AND c.active
    )
    UPDATE res_partner p SET retention_category = cls.new
      FROM cls WHERE p.id = cls.id {only_changes}
"""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(cr, n: int, result_id: int, seed: int = 42) -> None:
    """N customers; 80% with a won opportunity spread over two years; 10% under a running loyalty."""
    cr.execute("SELECT setseed(%s)", [seed / 100])
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type, company_id, create_date, write_date)
           SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 'contact', 1,
                  now() - interval '2 days', now() - interval '2 days'
             FROM generate_series(1, %s) g""",
        [n],
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute(
        """INSERT INTO crm_lead (name, type, partner_id, probability, active, date_closed, company_id, user_id,
                                create_date, write_date)
           SELECT 'Bench deal', 'opportunity', id, 100, true,
                  %s::timestamp - (floor(random() * 730) || ' days')::interval, 1, 2,
                  now() - interval '2 days', now() - interval '2 days'
             FROM res_partner WHERE name LIKE 'Bench customer %%' AND random() < 0.8""",
        [TODAY],
    )
    cr.execute(
        """UPDATE res_partner SET loyalty_user_id = 2, loyalty_result_id = %s,
                  loyalty_start = %s::date - 10, loyalty_end = %s::date + (floor(random() * 120))::int - 20
            WHERE name LIKE 'Bench customer %%' AND random() < 0.1""",
        [result_id, TODAY, TODAY],
    )
    cr.execute("ANALYZE res_partner; ANALYZE crm_lead")


def day_of_sales(cr, day: date, share: float = 0.002) -> int:
    """The day between the two nights: a share of the customers win a new opportunity (written now)."""
    cr.execute(
        """INSERT INTO crm_lead (name, type, partner_id, probability, active, date_closed, company_id, user_id,
                                create_date, write_date)
           SELECT 'Bench new deal', 'opportunity', id, 100, true, %s::timestamp, 1, 2, now(), now()
             FROM res_partner WHERE name LIKE 'Bench customer %%' AND random() < %s""",
        [day, share],
    )
    return cr.rowcount


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=50_000)
    args = parser.parse_args()
    config.parse_config(["-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)
    n = args.customers

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        action = env["crm.action"].create({"name": "Bench loyalty action", "grants_loyalty": True})
        result = env["crm.action.result"].create(
            {"name": "Bench loyalty", "action_id": action.id, "loyalty_days": 30, "loyalty_extend": True}
        )
        env["ir.config_parameter"].set_param("crm_loyalty.extend_global", "True")
        settings = env["res.partner"]._loyalty_settings()
        env.flush_all()
        t_gen = timed(lambda: generate(cr, n, result.id))
    print(f"generated {n} customers in {t_gen:.1f}s")
    params = {"active": settings["active_days"], "recent": settings["recently_inactive_days"]}

    def job(day):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["res.partner"]._action_categorize(today=day, batch_size=args.batch_size)

    def floor(day, only_changes, rollback):
        with registry.cursor() as cr:
            sql = CLASSIFY.format(only_changes="AND cls.new IS DISTINCT FROM cls.old" if only_changes else "")
            t0 = time.perf_counter()
            cr.execute(sql, dict(params, today=day))
            elapsed = time.perf_counter() - t0
            rows = cr.rowcount
            if rollback:
                cr.rollback()
            return elapsed, rows

    def baseline(day):
        """The naive per-customer ORM loop on a 1% sample, scaled to N (rolled back)."""
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            Partner, Lead, History = env["res.partner"], env["crm.lead"], env["crm.loyalty.category.history"]
            from odoo.addons.crm_loyalty.models.loyalty_rules import categorize

            sample = Partner.search([("name", "like", "Bench customer %")], limit=max(n // 100, 1))
            t0 = time.perf_counter()
            for partner in sample:
                won = Lead.search_read(
                    [("partner_id", "=", partner.id), ("probability", "=", 100)], ["date_closed"],
                    order="date_closed desc", limit=1,
                )
                last_won = won[0]["date_closed"].date() if won else None
                new = categorize(last_won, day, params["active"], params["recent"])
                if new != partner.retention_category:
                    History.create({"partner_id": partner.id, "category_from": partner.retention_category,
                                    "category_to": new, "date": day, "cause": "last_won"})
                    partner.retention_category = new
                env.flush_all()
            elapsed = time.perf_counter() - t0
            cr.rollback()
            return elapsed * n / len(sample)

    # First night: the floor classifies every row (rolled back so the job starts from scratch).
    f1, f1_rows = floor(TODAY, only_changes=False, rollback=True)
    b1 = baseline(TODAY)
    j1 = timed(lambda: job(TODAY))
    rss1 = peak_rss_mb()
    print(f"first night: job {j1:.2f}s | floor (one UPDATE of {f1_rows} rows) {f1:.2f}s | "
          f"ratio {j1 / f1:.2f} | ORM baseline (1% sample, scaled) {b1:.1f}s | speedup {b1 / j1:.1f}x | "
          f"peak RSS {rss1:.0f} MB")

    # The day after: 0.2% of the customers win a new opportunity. Next night, one day later, only the
    # customers whose category changes are written.
    day2 = TODAY + timedelta(days=1)
    with registry.cursor() as cr:
        won_today = day_of_sales(cr, TODAY)
    print(f"the day after: {won_today} customers won a new opportunity")
    f2, f2_rows = floor(day2, only_changes=True, rollback=True)
    b2 = baseline(day2)
    j2 = timed(lambda: job(day2))
    rss2 = peak_rss_mb()
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_loyalty_category_history WHERE date = %s", [day2])
        changed = cr.fetchone()[0]
    print(f"next night: job {j2:.2f}s | floor (one UPDATE of the {f2_rows} changing rows) {f2:.2f}s | "
          f"ratio {j2 / f2:.2f} | ORM baseline (1% sample, scaled) {b2:.1f}s | speedup {b2 / j2:.1f}x | "
          f"changed {changed} | peak RSS {rss2:.0f} MB")
    print(f"ratio_to_floor={j2 / f2:.2f} speedup_vs_orm={b2 / j2:.1f} peak_rss_mb={rss2:.0f} "
          f"first_night_ratio_to_floor={j1 / f1:.2f}")


if __name__ == "__main__":
    main()
