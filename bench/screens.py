"""Benchmark of the screens at scale (#12): ./dev bench screens --customers N.

Generates N customer companies (set-based SQL): 10% on a journey (four stages of three milestones, half
of them done, some late) in ten portfolios, with an action log each; 10% under a running loyalty; 30%
with MRR; one customer with 5,000 action logs. Then measures the server time of the calls the web client
makes, built from the screens' own views (fields and sub-lists of the arch, as the client asks them):

- customer base: first page of the Customer Base list with its default filter (web_search_read, 80 rows,
  with the count);
- customer base, Late: the same filtered by journey status Late;
- portfolio board: one portfolio's kanban by journey stage (web_read_group of the columns with their
  counts, the status progress bars, the first 40 cards of every column);
- partner form: web_read of the company form of the customer with 5,000 logs;
- log action: the Log action dialog of a customer (default values, create, Log) with an automatic next
  action (rolled back).

Floor: Odoo's own contact list, first page (web_search_read of base.view_partner_tree, 80 rows, count),
on the same database. Each figure is the median of the repetitions (after one warm-up). The last line
is machine-readable.
"""

import argparse
import statistics
import time
from datetime import date, timedelta

from lxml import etree

import odoo
from odoo.tools import config

TODAY = date(2026, 11, 22)
X2MANY_LIMIT = 40


def spec_from_arch(env, model_name, arch):
    """The ``specification`` the web client sends for a view arch: its fields, x2many sub-lists limited."""
    model = env[model_name]
    spec = {}

    def visit(node):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                name = child.get("name")
                field = model._fields.get(name)
                if field is None:
                    continue
                entry = {}
                if field.type in ("many2one", "many2many", "one2many"):
                    sub = next((c for c in child if c.tag in ("list", "kanban")), None)
                    if sub is not None and field.type != "many2one":
                        entry = {"fields": spec_from_arch(env, field.comodel_name, sub), "limit": X2MANY_LIMIT}
                    else:
                        entry = {"fields": {"display_name": {}}}
                spec[name] = entry
                continue
            visit(child)

    visit(arch)
    return spec


def view_spec(env, model_name, view_xmlid, view_type):
    view = env.ref(view_xmlid)
    arch = env[model_name].get_views([(view.id, view_type)])["views"][view_type]["arch"]
    return spec_from_arch(env, model_name, etree.fromstring(arch))


def generate(cr, env, n: int) -> dict:
    """The data set; returns the ids the screens need."""
    journey = env["crm.journey"].create({"name": "Bench onboarding", "stage_ids": [
        (0, 0, {"name": f"Bench stage {s}", "sequence": s, "milestone_ids": [
            (0, 0, {"name": f"Bench milestone {s}.{m}", "deadline_days": 5 * m}) for m in (1, 2, 3)
        ]}) for s in (1, 2, 3, 4)
    ]})
    portfolios = env["crm.portfolio"].create([
        {"name": f"Bench portfolio {k}", "manager_id": 2, "journey_id": journey.id} for k in range(10)
    ])
    call = env.ref("mail.mail_activity_data_call")
    action = env["crm.action"].create({"name": "Bench call", "activity_type_id": call.id, "schedules_followup": True})
    result = env["crm.action.result"].create({
        "name": "Bench answered", "action_id": action.id, "outcome": "positive",
        "next_action_mode": "automatic", "next_action_id": action.id, "period_type": "days", "period": 2,
    })
    env.flush_all()
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type, company_id, customer_state,
                                   create_date, write_date, lang)
           SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 'contact', 1, 'active',
                  now(), now(), 'en_US'
             FROM generate_series(1, %s) g""",
        [n],
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("UPDATE res_partner SET mrr = round((random() * 5000)::numeric, 2) "
               "WHERE name LIKE 'Bench customer %%' AND random() < 0.3")
    cr.execute("UPDATE res_partner SET loyalty_user_id = 2, loyalty_start = %s::date - 10, "
               "loyalty_end = %s::date + 20 WHERE name LIKE 'Bench customer %%' AND random() < 0.1", [TODAY, TODAY])
    stages = journey.stage_ids.sorted("sequence")
    # 10% on the journey: a stage, its entry date, its milestones (half done), the stage history.
    cr.execute(
        """UPDATE res_partner p SET journey_id = %(journey)s,
                  journey_stage_id = (%(stages)s::int[])[1 + (p.id / 10 %% 4)],
                  journey_stage_date = %(today)s::date - (p.id %% 20),
                  portfolio_id = (%(portfolios)s::int[])[1 + (p.id / 40 %% 10)], success_manager_id = 2
            WHERE name LIKE 'Bench customer %%' AND p.id %% 10 = 0""",
        {"journey": journey.id, "stages": stages.ids, "today": TODAY, "portfolios": portfolios.ids},
    )
    cr.execute(
        """INSERT INTO crm_journey_partner_milestone (partner_id, milestone_id, stage_id, journey_id, is_current,
                                                     entry_date, due_date, done_date, done_late)
           SELECT p.id, m.id, m.stage_id, %(journey)s, true, p.journey_stage_date,
                  p.journey_stage_date + m.deadline_days,
                  CASE WHEN random() < 0.5 THEN p.journey_stage_date + 1 END, false
             FROM res_partner p JOIN crm_journey_milestone m ON m.stage_id = p.journey_stage_id
            WHERE p.journey_id = %(journey)s""",
        {"journey": journey.id},
    )
    from odoo.addons.crm_journey.models.res_partner import summary_sql  # the addons path is set by now

    cr.execute(summary_sql())  # what the ORM stores when milestones are created through the product
    cr.execute(
        """INSERT INTO crm_journey_stage_history (partner_id, stage_id, journey_id, date_in, user_id)
           SELECT id, journey_stage_id, journey_id, journey_stage_date, 2 FROM res_partner
            WHERE journey_id = %s""",
        [journey.id],
    )
    cr.execute(
        """INSERT INTO crm_action_log (partner_id, action_id, result_id, outcome, productive, date, start_time,
                                      end_time, user_id, company_id, create_date, write_date, create_uid, write_uid)
           SELECT id, %(action)s, %(result)s, 'positive', false, %(today)s::date - (id %% 300), 9, 9.5, 2, 1,
                  now(), now(), 2, 2
             FROM res_partner WHERE journey_id = %(journey)s""",
        {"action": action.id, "result": result.id, "today": TODAY, "journey": journey.id},
    )
    cr.execute("SELECT min(id) FROM res_partner WHERE journey_id = %s", [journey.id])
    busy = cr.fetchone()[0]
    cr.execute(
        """INSERT INTO crm_action_log (partner_id, action_id, result_id, outcome, productive, date, start_time,
                                      end_time, user_id, company_id, create_date, write_date, create_uid, write_uid)
           SELECT %(busy)s, %(action)s, %(result)s, 'positive', false, %(today)s::date - (g %% 700), 9, 9.5, 2, 1,
                  now(), now(), 2, 2
             FROM generate_series(1, 5000) g""",
        {"busy": busy, "action": action.id, "result": result.id, "today": TODAY},
    )
    cr.execute("ANALYZE res_partner; ANALYZE crm_journey_partner_milestone; ANALYZE crm_action_log;"
               "ANALYZE crm_journey_stage_history")
    env.invalidate_all()
    return {"portfolio": portfolios[0].id, "journey": journey.id, "busy": busy, "action": action.id,
            "result": result.id}


def measure(fn, repeat, env):
    """Median server time (ms) of ``fn``; each call starts with an empty ORM cache, as a new request does."""
    fn()  # warm-up: caches of the registry and of PostgreSQL
    times = []
    for _ in range(repeat):
        env.invalidate_all()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config.parse_config(["-d", args.database, "--log-level=warn"])
    odoo.netsvc.init_logger()
    registry = odoo.modules.registry.Registry(args.database)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        ids = generate(cr, env, args.customers)
        cr.commit()
    print(f"generated {args.customers} customers in {time.perf_counter() - t0:.1f}s")

    with registry.cursor() as cr:
        # The screens as the administrator sees them (a real user, not the superuser: rules apply).
        env = odoo.api.Environment(cr, 2, {"lang": "en_US", "tz": "America/Sao_Paulo"})
        Partner = env["res.partner"]
        floor_spec = view_spec(env, "res.partner", "base.view_partner_tree", "list")
        base_spec = view_spec(env, "res.partner", "crm_portfolio.res_partner_customer_base_view_list", "list")
        kanban_spec = view_spec(env, "res.partner", "crm_portfolio.res_partner_portfolio_view_kanban", "kanban")
        form_spec = view_spec(env, "res.partner", "base.view_partner_form", "form")
        base_domain = [("is_company", "=", True), ("customer_state", "=", "active")]
        board_domain = [("portfolio_id", "=", ids["portfolio"])]
        board_env = env(context=dict(env.context, journey_kanban_journey_id=ids["journey"],
                                     default_portfolio_id=ids["portfolio"]))

        def floor():
            Partner.web_search_read([], floor_spec, limit=80, count_limit=10001)

        def base():
            Partner.web_search_read(base_domain, base_spec, limit=80, order="name", count_limit=10001)

        def base_late():
            Partner.web_search_read(base_domain + [("journey_status", "=", "late")], base_spec, limit=80,
                                    order="name", count_limit=10001)

        def board():
            BoardPartner = board_env["res.partner"]
            groups = BoardPartner.web_read_group(board_domain, ["journey_stage_id"], ["journey_stage_id"],
                                                 lazy=True)
            BoardPartner.read_progress_bar(board_domain, "journey_stage_id", {
                "field": "journey_status",
                "colors": {"late": "danger", "today": "warning", "on_time": "success", "done": "info"},
            })
            for group in groups["groups"]:
                BoardPartner.web_search_read(group["__domain"], kanban_spec, limit=40)

        def form():
            Partner.browse(ids["busy"]).web_read(form_spec)

        def log_action():
            with cr.savepoint(flush=False) as savepoint:
                Wizard = env["crm.action.log.wizard"].with_context(default_partner_id=ids["busy"])
                defaults = Wizard.default_get(list(Wizard._fields))
                wizard = Wizard.create(dict(defaults, action_id=ids["action"], result_id=ids["result"],
                                            date=TODAY - timedelta(days=1)))
                wizard.action_log()
                env.flush_all()
                savepoint.rollback()

        screens = {"customer base": base, "customer base, Late": base_late, "portfolio board": board,
                   "partner form (5,000 logs)": form, "log action": log_action}
        floor_ms = measure(floor, args.repeat, env)
        print(f"floor: Odoo's contact list, first page: {floor_ms:.1f} ms")
        worst_ratio = worst_ms = 0.0
        for name, fn in screens.items():
            ms = measure(fn, args.repeat, env)
            worst_ratio, worst_ms = max(worst_ratio, ms / floor_ms), max(worst_ms, ms)
            print(f"{name}: {ms:.1f} ms ({ms / floor_ms:.2f}x the floor)")
        cr.rollback()
    print(f"worst_ratio_to_floor={worst_ratio:.2f} worst_ms={worst_ms:.1f}")


if __name__ == "__main__":
    main()
