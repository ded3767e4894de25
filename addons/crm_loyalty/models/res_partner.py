import logging
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from . import loyalty_rules
from .crm_loyalty_category_history import CATEGORY_SELECTION

_logger = logging.getLogger(__name__)

PARAM = "crm_loyalty."
# Keys of the Categorization settings (ir.config_parameter crm_loyalty.<key>) and their defaults.
SETTINGS_DEFAULTS = {
    "active_days": 90,
    "recently_inactive_days": 180,
    "clear_after_days": 0,
    "keep_on_category_change": True,
    "erp_owner_absolute": False,
    "ignored_user_ids": "",
    "keep_activities": False,
    "extend_global": False,
    "warn_days": 0,
    "max_customers": 0,
    "cooldown_days": 0,
}
BATCH_SIZE = 50000
SYNCED_KEY = PARAM + "categorize_synced_at"  # start of the last complete run (UTC): the next one syncs from it
# An opportunity that counts as won for the last won date.
WON_LEAD = SQL("l.active AND l.probability = 100 AND l.date_closed IS NOT NULL")
LOCK_KEY = 74110518  # advisory lock of the categorization job


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_user_id = fields.Many2one("res.users", string="Loyalty Holder", index=True, readonly=True, copy=False)
    loyalty_start = fields.Date(readonly=True, copy=False)
    loyalty_end = fields.Date(readonly=True, copy=False, index=True)
    loyalty_renewals = fields.Integer(readonly=True, copy=False)
    loyalty_result_id = fields.Many2one(
        "crm.action.result", string="Granting Result", readonly=True, copy=False, ondelete="set null"
    )
    loyalty_sets_salesperson = fields.Boolean(
        copy=False, help="The Salesperson was set by the loyalty (not by hand): releasing the loyalty clears it."
    )
    loyalty_released_user_id = fields.Many2one("res.users", string="Previous Holder", readonly=True, copy=False)
    loyalty_released_date = fields.Date(string="Released On", readonly=True, copy=False)
    loyalty_warned_end = fields.Date(readonly=True, copy=False, help="Loyalty end for which the holder was warned.")
    retention_category = fields.Selection(CATEGORY_SELECTION, string="Category", readonly=True, copy=False, index=True)
    retention_category_date = fields.Date(string="Category Since", readonly=True, copy=False)
    last_won_date = fields.Date(string="Last Won", readonly=True, copy=False)
    category_history_ids = fields.One2many(
        "crm.loyalty.category.history", "partner_id", readonly=True
    )

    # ------------------------------------------------------------------ settings

    @api.model
    def _loyalty_settings(self):
        """The Categorization settings (LO-3, LO-9), typed, with their defaults."""
        get = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for key, default in SETTINGS_DEFAULTS.items():
            raw = get(PARAM + key, default)
            if isinstance(default, bool):
                values[key] = raw not in (False, "False", "0", "", None)
            elif isinstance(default, int):
                try:
                    values[key] = int(raw or 0)
                except ValueError:
                    values[key] = default
            else:
                values[key] = raw or ""
        values["ignored_user_ids"] = [int(x) for x in values["ignored_user_ids"].split(",") if x.strip().isdigit()]
        return values

    def _loyalty_end(self, start, result):
        """The end of a loyalty granted by ``result`` on ``start`` (working days on the company calendar)."""
        calendar = (self.company_id or self.env.company).resource_calendar_id

        def plan_working_days(days, day):
            if not calendar:
                return None
            base = datetime.combine(day + timedelta(days=1), time.min)
            planned = calendar.plan_days(days, base, compute_leaves=True)
            return planned.date() if planned else None

        return loyalty_rules.loyalty_end(
            start, result.loyalty_days, plan_working_days if result.loyalty_working_days else None
        )

    # ------------------------------------------------------------------ grant (LO-2, LO-9)

    def write(self, vals):
        if "user_id" in vals and not self.env.context.get("crm_loyalty_sets_salesperson"):
            vals = dict(vals, loyalty_sets_salesperson=False)
        # A contact moving to another company takes its opportunities along: both companies' last won change.
        companies_before = self.commercial_partner_id if "parent_id" in vals else None
        result = super().write(vals)
        if companies_before is not None:
            self._loyalty_sync_last_won(partner_ids=(companies_before | self.commercial_partner_id).ids)
        return result

    def _loyalty_grant(self, user, result, day):
        """Make ``user`` the loyalty holder of this customer from ``day``, or renew, or refuse clearly."""
        self.ensure_one()
        settings = self._loyalty_settings()
        running = self.loyalty_user_id and self.loyalty_end and self.loyalty_end >= day
        holder = self.loyalty_user_id if running else self.env["res.users"]
        if holder == user:
            if not loyalty_rules.renewal_allowed(self.loyalty_renewals, result.loyalty_max_renewals):
                self.message_post(body=self.env._(
                    "Loyalty of %(user)s not renewed: the maximum of %(max)s renewals is reached.",
                    user=user.name, max=result.loyalty_max_renewals,
                ))
                return
            self.sudo().write({
                "loyalty_end": max(self.loyalty_end, self._loyalty_end(day, result)),
                "loyalty_renewals": self.loyalty_renewals + 1,
                "loyalty_result_id": result.id,
            })
            self.message_post(body=self.env._(
                "Loyalty of %(user)s renewed until %(end)s.", user=user.name, end=self.loyalty_end
            ))
            return
        self._loyalty_check_take(user, holder, day, settings)
        end = self._loyalty_end(day, result)
        self.sudo().with_context(crm_loyalty_sets_salesperson=True).write({
            "loyalty_user_id": user.id,
            "loyalty_start": day,
            "loyalty_end": end,
            "loyalty_renewals": 0,
            "loyalty_result_id": result.id,
            "user_id": user.id,
            "loyalty_sets_salesperson": True,
            "loyalty_warned_end": False,
        })
        self.message_post(body=self.env._(
            "%(user)s holds this customer under loyalty until %(end)s (result “%(result)s”).",
            user=user.name, end=end, result=result.name,
        ))

    def _loyalty_check_take(self, user, holder, day, settings):
        """Refuse, with a clear message, a loyalty that ``user`` may not take (LO-2, LO-9)."""
        if holder and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._(
                "%(customer)s is held under loyalty by %(holder)s until %(end)s: only a sales manager can take "
                "it over.", customer=self.display_name, holder=holder.name, end=self.loyalty_end,
            ))
        owner = self.user_id
        if (settings["erp_owner_absolute"] and owner and owner != user and not self.loyalty_sets_salesperson
                and owner.id not in settings["ignored_user_ids"]):
            raise UserError(self.env._(
                "%(customer)s belongs to %(owner)s in the ERP (ERP owner is absolute): it cannot be taken under "
                "loyalty by anyone else.", customer=self.display_name, owner=owner.name,
            ))
        if self.loyalty_released_user_id == user and loyalty_rules.in_cooldown(
            self.loyalty_released_date, settings["cooldown_days"], day
        ):
            raise UserError(self.env._(
                "%(user)s released %(customer)s on %(date)s and cannot take it again before %(until)s.",
                user=user.name, customer=self.display_name, date=self.loyalty_released_date,
                until=self.loyalty_released_date + timedelta(days=settings["cooldown_days"]),
            ))
        if settings["max_customers"]:
            held = self.sudo().search_count([
                ("loyalty_user_id", "=", user.id), ("loyalty_end", ">=", day), ("id", "!=", self.id),
            ])
            if held >= settings["max_customers"]:
                raise UserError(self.env._(
                    "%(user)s already holds %(count)s customers under loyalty, the maximum allowed.",
                    user=user.name, count=held,
                ))

    # ------------------------------------------------------------------ nightly categorization (LO-5..LO-9)

    @api.model
    def _cron_categorize(self):
        """Nightly ir.cron entry point (thin wrapper)."""
        return self._action_categorize()

    @api.model
    def _action_categorize(self, today=None, batch_size=BATCH_SIZE, max_batches=None, commit=True):
        """Categorize every customer in batches, extend and release loyalties; resumable and idempotent.

        Progress (the last customer id done, for ``today``) is kept in ir.config_parameter, so a killed
        run resumes where it stopped; every effect is keyed on the recorded state (a category change
        happens once), so re-running never doubles an extension. Returns the number of customers left.
        """
        today = today or fields.Date.context_today(self)
        self.env.flush_all()  # the SQL below reads what the ORM may still hold in memory
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cr.fetchone()[0]:
            _logger.info("Categorization already running: this run stops.")
            return None
        try:
            return self._categorize_batches(today, batch_size, max_batches, commit)
        finally:
            cr.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

    def _categorize_batches(self, today, batch_size, max_batches, commit):
        ICP = self.env["ir.config_parameter"].sudo()
        settings = self._loyalty_settings()
        cursor_key = PARAM + "categorize_cursor"
        day, _sep, last = (ICP.get_param(cursor_key) or "").partition(":")
        last_id = int(last) if day == str(today) and last.isdigit() else 0
        done = batches = 0
        cr = self.env.cr
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        started = cr.fetchone()[0]
        synced = ICP.get_param(SYNCED_KEY)
        full = not synced
        if full:
            # Never synced: the last won date of every customer, aggregated once (a session temp table
            # survives the per-batch commits); each batch then joins its own id range.
            cr.execute(SQL(
                """DROP TABLE IF EXISTS crm_loyalty_last_won;
                   CREATE TEMP TABLE crm_loyalty_last_won AS
                   SELECT p.commercial_partner_id AS pid, max(l.date_closed)::date AS last_won
                     FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                    WHERE %s GROUP BY 1;
                   CREATE INDEX ON crm_loyalty_last_won (pid);
                   ANALYZE crm_loyalty_last_won""",
                WON_LEAD,
            ))
        else:
            # Synced before: only the customers whose opportunities (or themselves) changed since then.
            self._loyalty_sync_last_won(since=synced)
        cr.execute("SELECT count(*) FROM res_partner WHERE id > %s AND parent_id IS NULL AND active", [last_id])
        total = cr.fetchone()[0]  # counted once: the progress needs no scan per batch
        while True:
            cr.execute(
                """SELECT max(id), count(*) FROM (
                       SELECT id FROM res_partner WHERE id > %s AND parent_id IS NULL AND active
                       ORDER BY id LIMIT %s) b""",
                [last_id, batch_size],
            )
            upper, count = cr.fetchone()
            if not count:
                ICP.set_param(cursor_key, f"{today}:done")
                ICP.set_param(SYNCED_KEY, str(started))
                if full:
                    cr.execute("DROP TABLE IF EXISTS crm_loyalty_last_won")
                self._categorize_commit(commit)
                self.env["ir.cron"]._notify_progress(done=done, remaining=0)
                return 0
            self._categorize_batch(last_id, upper, today, settings, full)
            last_id = upper
            done += count
            batches += 1
            ICP.set_param(cursor_key, f"{today}:{last_id}")
            self._categorize_commit(commit)
            remaining = max(total - done, 0)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if max_batches and batches >= max_batches and remaining:
                return remaining

    @api.model
    def _loyalty_sync_last_won(self, since=None, partner_ids=None):
        """Bring the stored last won date up to date, set-based, for the customers that may have changed.

        Those are the commercial entities of the opportunities written since ``since`` (won, lost, moved,
        archived) and of the contacts written since then (a contact moved to another company), plus
        ``partner_ids``. ``since`` is taken an hour early, for transactions still open at that time.
        """
        if not since and not partner_ids:
            return 0
        self.env["crm.lead"].flush_model(["partner_id", "probability", "date_closed", "active"])
        self.flush_model(["commercial_partner_id", "last_won_date"])
        cr = self.env.cr
        cr.execute(SQL(
            """WITH dirty AS (
                    SELECT p.commercial_partner_id AS pid
                      FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                     WHERE %(since)s::timestamp IS NOT NULL AND l.write_date >= %(since)s::timestamp - interval '1 hour'
                    UNION
                    SELECT commercial_partner_id FROM res_partner
                     WHERE %(since)s::timestamp IS NOT NULL AND write_date >= %(since)s::timestamp - interval '1 hour'
                    UNION
                    SELECT unnest(%(ids)s::int[])
                ), fresh AS (
                    SELECT d.pid, (SELECT max(l.date_closed)::date
                                     FROM res_partner p JOIN crm_lead l ON l.partner_id = p.id
                                    WHERE p.commercial_partner_id = d.pid AND %(won)s) AS last_won
                      FROM dirty d WHERE d.pid IS NOT NULL
                )
                UPDATE res_partner c SET last_won_date = f.last_won
                  FROM fresh f
                 WHERE c.id = f.pid AND c.last_won_date IS DISTINCT FROM f.last_won""",
            since=since, ids=list(partner_ids or []), won=WON_LEAD,
        ))
        if cr.rowcount:
            self.invalidate_model(["last_won_date"])
        return cr.rowcount

    def _categorize_commit(self, commit):
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
            # LO-8: every batch is committed as it finishes.

    def _categorize_batch(self, low, high, today, settings, full=True):
        """Classify the customers with low < id <= high in set-based SQL, then apply the loyalty effects.

        ``full``: the last won dates come from the run's aggregate (and are stored); otherwise the stored
        ones, kept in sync by ``_loyalty_sync_last_won``, are used.
        """
        cr = self.env.cr
        uid = self.env.uid
        if full:
            last_won = SQL("w.last_won")
            join = SQL("LEFT JOIN crm_loyalty_last_won w ON w.pid = b.id AND w.pid > %s AND w.pid <= %s", low, high)
        else:
            last_won, join = SQL("b.last_won_date"), SQL()
        cr.execute(SQL(
            """
            WITH batch AS (
                SELECT b.id, b.retention_category AS old, b.last_won_date AS old_won, %(last_won)s AS last_won
                  FROM res_partner b %(join)s
                 WHERE b.id > %(low)s AND b.id <= %(high)s AND b.parent_id IS NULL AND b.active
            ), cls AS (
                SELECT id, old, old_won, last_won,
                       CASE WHEN last_won IS NULL THEN 'prospect'
                            WHEN last_won >= %(today)s::date - %(active)s THEN 'active'
                            WHEN last_won >= %(today)s::date - %(recent)s THEN 'recently_inactive'
                            ELSE 'inactive' END AS new
                  FROM batch
            ), upd AS (
                UPDATE res_partner p
                   SET retention_category = c.new,
                       retention_category_date = CASE WHEN c.new IS DISTINCT FROM c.old
                                                      THEN %(today)s ELSE p.retention_category_date END,
                       last_won_date = c.last_won
                  FROM cls c
                 WHERE p.id = c.id AND p.id > %(low)s AND p.id <= %(high)s
                   AND (c.new IS DISTINCT FROM c.old OR c.last_won IS DISTINCT FROM c.old_won)
             RETURNING p.id, c.old, c.new
            )
            INSERT INTO crm_loyalty_category_history
                   (partner_id, category_from, category_to, date, cause, create_uid, create_date, write_uid, write_date)
            SELECT id, old, new, %(today)s,
                   CASE WHEN old IS NULL THEN 'first' ELSE 'last_won' END,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM upd WHERE new IS DISTINCT FROM old
         RETURNING partner_id, category_from, category_to
            """,
            low=low, high=high, today=today, active=settings["active_days"],
            recent=settings["recently_inactive_days"], uid=uid, last_won=last_won, join=join,
        ))
        changes = cr.fetchall()
        self.invalidate_model()
        self._categorize_loyalty_effects(changes, low, high, today, settings)

    def _categorize_loyalty_effects(self, changes, low, high, today, settings):
        """LO-6 extensions, LO-7 releases and LO-9 warnings for one batch, set-based."""
        cr = self.env.cr
        to_recent = [pid for pid, old, new in changes if old == "active" and new == "recently_inactive"]
        changed = [pid for pid, old, new in changes if old and old != new]
        extended = set()
        if to_recent:
            # LO-6: push the end by the granting result's loyalty days, once per transition.
            cr.execute(
                """SELECT p.id, p.loyalty_end, p.loyalty_result_id
                     FROM res_partner p JOIN crm_action_result r ON r.id = p.loyalty_result_id
                    WHERE p.id = ANY(%s) AND p.loyalty_user_id IS NOT NULL AND p.loyalty_end >= %s
                      AND (%s OR r.loyalty_extend)""",
                [to_recent, today, settings["extend_global"]],
            )
            rows = cr.fetchall()
            results = self.env["crm.action.result"].browse({r for _p, _e, r in rows})
            new_ends = {}
            for pid, end, rid in rows:
                key = (end, rid)
                if key not in new_ends:
                    new_ends[key] = self._loyalty_end(end, results.browse(rid))
                extended.add(pid)
            if rows:
                cr.execute(
                    """UPDATE res_partner p SET loyalty_end = v.new_end::date
                         FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::text[]) AS new_end) v
                        WHERE p.id = v.id""",
                    [[pid for pid, _e, _r in rows], [str(new_ends[(e, r)]) for _p, e, r in rows]],
                )
                self.invalidate_model(["loyalty_end"])
        # LO-7: releases — expired loyalties, long-inactive customers, and category changes without "keep".
        release_loyalty = []
        cr.execute(
            """SELECT id FROM res_partner
                WHERE id > %s AND id <= %s AND parent_id IS NULL AND loyalty_user_id IS NOT NULL
                  AND loyalty_end < %s""",
            [low, high, today],
        )
        release_loyalty += [r[0] for r in cr.fetchall()]
        if not settings["keep_on_category_change"]:
            release_loyalty += [pid for pid in changed if pid not in extended]
        clear_salesperson = []
        if settings["clear_after_days"]:
            cr.execute(
                """SELECT id FROM res_partner
                    WHERE id > %s AND id <= %s AND parent_id IS NULL AND retention_category = 'inactive'
                      AND last_won_date < %s::date - %s AND (user_id IS NOT NULL OR loyalty_user_id IS NOT NULL)""",
                [low, high, today, settings["clear_after_days"]],
            )
            clear_salesperson = [r[0] for r in cr.fetchall()]
        partners = self.browse(set(release_loyalty) | set(clear_salesperson)).exists()
        if partners:
            partners._loyalty_release(today, set(clear_salesperson), settings)
        if settings["warn_days"]:
            self._loyalty_plan_warnings(low, high, today, settings["warn_days"])

    def _loyalty_release(self, today, clear_salesperson_ids, settings):
        """Release these customers' loyalty (LO-7); the Salesperson too where loyalty set it or on clear-after.

        Set-based: two UPDATE statements for the whole batch, then one search/unlink of the future
        activities per salesperson who leaves customers.
        """
        cr = self.env.cr
        ids = self.ids
        cr.execute(
            """UPDATE res_partner
                  SET loyalty_released_user_id = loyalty_user_id, loyalty_released_date = %s,
                      loyalty_user_id = NULL, loyalty_start = NULL, loyalty_end = NULL, loyalty_renewals = 0,
                      loyalty_result_id = NULL, loyalty_warned_end = NULL
                WHERE id = ANY(%s) AND loyalty_user_id IS NOT NULL
            RETURNING id, loyalty_released_user_id""",
            [today, ids],
        )
        released = dict(cr.fetchall())  # customer -> holder released
        cr.execute(
            """UPDATE res_partner p SET user_id = NULL, loyalty_sets_salesperson = false
                 FROM (SELECT id, user_id FROM res_partner
                        WHERE id = ANY(%s) AND user_id IS NOT NULL
                          AND (loyalty_sets_salesperson OR id = ANY(%s))) old
                WHERE p.id = old.id
            RETURNING p.id, old.user_id""",
            [ids, list(clear_salesperson_ids)],
        )
        leaving = {}  # salesperson leaving -> customer ids
        cleared = dict(cr.fetchall())  # customer -> salesperson removed
        for partner_id, user_id in cleared.items():
            leaving.setdefault(user_id, []).append(partner_id)
        self.invalidate_model()
        self._loyalty_log_release(released, cleared)
        if not settings["keep_activities"]:
            for user_id, partner_ids in leaving.items():
                self.env["mail.activity"].sudo().search([
                    ("res_model", "=", "res.partner"), ("res_id", "in", partner_ids),
                    ("user_id", "=", user_id), ("date_deadline", ">", today),
                ]).unlink()

    def _loyalty_log_release(self, released, cleared):
        """One chatter note per released customer, created in one batch (the SQL release tracks nothing)."""
        users = self.env["res.users"].sudo().browse(set(released.values()) | set(cleared.values()))
        names = {user.id: user.name for user in users}
        bodies = {}
        for partner_id in set(released) | set(cleared):
            lines = []
            if partner_id in released:
                lines.append(self.env._(
                    "Loyalty of %(holder)s released by the nightly categorization.",
                    holder=names[released[partner_id]],
                ))
            if partner_id in cleared:
                lines.append(self.env._("Salesperson %(user)s removed.", user=names[cleared[partner_id]]))
            bodies[partner_id] = Markup("<br/>").join(lines)
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies)

    def _loyalty_plan_warnings(self, low, high, today, warn_days):
        """LO-9: plan, once per loyalty end, an activity for the holder N days before the end."""
        partners = self.sudo().search([
            ("id", ">", low), ("id", "<=", high), ("loyalty_user_id", "!=", False),
            ("loyalty_end", ">=", today), ("loyalty_end", "<=", today + timedelta(days=warn_days)),
        ]).filtered(lambda p: p.loyalty_warned_end != p.loyalty_end)
        todo = self.env.ref("mail.mail_activity_data_todo")
        # One activity_schedule (one create) and one write per loyalty end and holder, not per customer.
        for (end, holder), group in partners.grouped(lambda p: (p.loyalty_end, p.loyalty_user_id)).items():
            group.activity_schedule(
                activity_type_id=todo.id,
                summary=self.env._("Loyalty ends on %(end)s", end=end),
                date_deadline=loyalty_rules.warning_date(end, warn_days),
                user_id=holder.id,
            )
            group.loyalty_warned_end = end
