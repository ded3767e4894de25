import logging
from datetime import datetime, time, timedelta
from time import sleep

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import PACK, RELATED

from . import loyalty_rules
from .crm_loyalty_category_history import CATEGORY_SELECTION

_logger = logging.getLogger(__name__)

PARAM = "crm_loyalty."
# The Categorization settings (ir.config_parameter crm_loyalty.<key>): types, defaults and bounds are
# loyalty_rules.SETTINGS; _loyalty_settings reads them.
BATCH_SIZE = 50000
CURSOR_KEY = PARAM + "categorize_cursor"  # "<day>:<last customer id done>" or "<day>:done"
SYNCED_KEY = PARAM + "categorize_synced_at"  # start of the last complete run (UTC): the next one syncs from it
# A unit of the job (preparation, one batch, the finish) that meets a concurrent edit (a row lock held
# longer than LOCK_TIMEOUT, a serialization failure, a deadlock) is rolled back and retried this many times.
LOCK_TIMEOUT = "5s"
ATTEMPTS = 5
# An opportunity that counts as won for the last won date.
WON_LEAD = SQL("l.active AND l.probability = 100 AND l.date_closed IS NOT NULL")
LOCK_KEY = 74110518  # advisory lock of the categorization job (transaction-scoped: taken by each unit)


class _TakenOver(Exception):
    """Another run took the job's lock between two units of this one: this run stops."""
# Who holds the customer and how it is classified: the pack's own code paths write these.
OWNERSHIP_FIELDS = (
    "loyalty_user_id", "loyalty_start", "loyalty_end", "loyalty_renewals", "loyalty_result_id",
    "loyalty_sets_salesperson", "loyalty_released_user_id", "loyalty_released_date", "loyalty_warned_end",
    "retention_category", "retention_category_date", "last_won_date",
)


class CategorizationSkipped(UserError):
    """Another categorization run holds the lock: this one changed nothing."""


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

    @api.model
    def _retention_field_access(self):
        # Ownership: written only by the grant, the nightly job and the release, never by a client.
        return {
            **super()._retention_field_access(),
            **dict.fromkeys(OWNERSHIP_FIELDS, PACK),
            "category_history_ids": RELATED,
        }

    # ------------------------------------------------------------------ settings

    @api.model
    def _loyalty_settings(self):
        """The Categorization settings (LO-3, LO-9), typed and checked (loyalty_rules.SETTINGS).

        A stored value that cannot be used (not a number, out of bounds, not a boolean, unknown users)
        is never replaced by its default: it is logged and refused with a UserError naming it.
        """
        values, problems = self._loyalty_settings_read()
        if problems:
            raise UserError(self._loyalty_settings_problems_text(problems))
        return values

    @api.model
    def _loyalty_settings_read(self):
        """``(values, problems)`` of the stored settings; every problem is logged (WARNING, key and value).

        For screens that must open despite a bad value (the settings form): ``values`` holds the defaults
        of the keys with a problem, and must not be acted upon while there are problems.
        """
        ICP = self.env["ir.config_parameter"].sudo()
        raw = {key: ICP.get_param(PARAM + key) for key in loyalty_rules.SETTINGS}
        users = self.env["res.users"].sudo().with_context(active_test=False)
        values, problems = loyalty_rules.read_settings(raw, lambda ids: users.browse(ids).exists().ids)
        for problem in problems:
            _logger.warning(
                "Invalid Categorization setting %s%s = %r (%s): not used.",
                PARAM, problem.key, raw.get(problem.key), problem.reason,
            )
        return values, problems

    @api.model
    def _loyalty_setting_label(self, key):
        """The label of a setting, as the settings form shows it (translated)."""
        return self.env["res.config.settings"]._fields[f"crm_loyalty_{key}"]._description_string(self.env)

    @api.model
    def _loyalty_setting_message(self, problem):
        """One translated sentence naming the setting, what is wrong and the limit."""
        _ = self.env._
        setting, value = self._loyalty_setting_label(problem.key), problem.value
        if problem.reason == loyalty_rules.OUT_OF_RANGE:
            return _("%(setting)s must be between %(min)s and %(max)s, not %(value)s.",
                     setting=setting, min=problem.minimum, max=problem.maximum, value=value)
        if problem.reason == loyalty_rules.NOT_INTEGER:
            return _("%(setting)s must be a whole number, not “%(value)s”.", setting=setting, value=value)
        if problem.reason == loyalty_rules.NOT_BOOLEAN:
            return _("%(setting)s must be True or False, not “%(value)s”.", setting=setting, value=value)
        if problem.reason == loyalty_rules.NOT_IDS:
            return _("%(setting)s must be a comma-separated list of user ids, not “%(value)s”.",
                     setting=setting, value=value)
        if problem.reason == loyalty_rules.UNKNOWN_USERS:
            return _("%(setting)s lists users that do not exist: %(ids)s.",
                     setting=setting, ids=", ".join(map(str, problem.detail)))
        return _("%(setting)s (%(value)s) must be greater than %(other)s (%(other_value)s).",
                 setting=setting, value=value, other=self._loyalty_setting_label("active_days"),
                 other_value=problem.detail[0])

    @api.model
    def _loyalty_settings_problems_text(self, problems):
        lines = "\n".join(
            f"- {PARAM}{problem.key}: {self._loyalty_setting_message(problem)}" for problem in problems
        )
        return self.env._(
            "The Categorization settings hold values that cannot be used; an administrator must correct them "
            "in CRM > Configuration > Settings > Categorization:\n%(problems)s", problems=lines,
        )

    @api.model
    def _loyalty_check_typed_settings(self, values):
        """Refuse typed settings (the settings form) out of their bounds, naming the setting and the limit."""
        problems = loyalty_rules.check_settings(values)
        if problems:
            raise ValidationError("\n".join(self._loyalty_setting_message(problem) for problem in problems))

    def _loyalty_calendar(self):
        """The working calendar of this customer's loyalty: its company's, else the current company's."""
        return self.company_id.resource_calendar_id or self.env.company.resource_calendar_id

    def _loyalty_end(self, start, result, calendar=None):
        """The end of a loyalty granted by ``result`` on ``start`` (working days on ``calendar``, by default
        the customer's company calendar, see ``_loyalty_calendar``)."""
        calendar = calendar if calendar is not None else self._loyalty_calendar()

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
        # A Salesperson set by hand (not by a grant, which writes both) is no longer the loyalty's to clear.
        by_hand = "user_id" in vals and "loyalty_sets_salesperson" not in vals
        # A contact moving to another company takes its opportunities along: both companies' last won change.
        companies_before = self.commercial_partner_id if "parent_id" in vals else None
        result = super().write(vals)
        if by_hand:
            self.sudo().filtered("loyalty_sets_salesperson").write({"loyalty_sets_salesperson": False})
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
        self.sudo().write({
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
            # Counted under the holder's limit lock: concurrent grants to one salesperson see each other.
            held = self.env["crm.limit.lock"]._count(("crm_loyalty.max_customers", user.id), self.sudo(), [
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
        """Nightly ir.cron entry point (thin wrapper). A scheduled run skipped because another one holds the
        lock is logged by ``_action_categorize`` and is not a failure of the cron (which Odoo would count, and
        deactivate the cron after several); run by hand, the skip is reported to the user."""
        try:
            return self._action_categorize()
        except CategorizationSkipped:
            if self.env.context.get("cron_id"):
                return None
            raise

    @api.model
    def _action_categorize(self, today=None, batch_size=BATCH_SIZE, max_batches=None, commit=True):
        """Categorize every customer in batches, extend and release loyalties; resumable and idempotent.

        Progress (the last customer id done, for ``today``) is kept in ir.config_parameter, so a killed
        run resumes where it stopped; every effect is keyed on the recorded state (a category change
        happens once), so re-running never doubles an extension. Returns the number of customers left
        (0 when the run is complete).

        Refused with a UserError (nothing done) when a setting holds a value that cannot be used or when
        another run holds the job's lock. The lock is transaction-scoped and taken again by every unit
        (preparation, batch, finish): nothing is left to unlock, whatever fails. A unit that meets a
        concurrent edit is rolled back to its start (``commit``: its transaction; else a savepoint) and
        retried up to ATTEMPTS times; any other error is logged as the cause and raised.
        """
        today = today or fields.Date.context_today(self)
        values, problems = self._loyalty_settings_read()
        if problems:
            text = self._loyalty_settings_problems_text(problems)
            _logger.warning("Nightly categorization refused to run for %s: %s", today, text)
            raise UserError(self.env._("The nightly categorization did not run. %(problems)s", problems=text))
        self.env.flush_all()  # the SQL below reads what the ORM may still hold in memory
        cr = self.env.cr
        if not self._categorize_lock():
            _logger.warning(
                "Nightly categorization for %s skipped: another run holds its lock (advisory lock %s); "
                "this run changed nothing.", today, LOCK_KEY,
            )
            raise CategorizationSkipped(self.env._(
                "The nightly categorization is already running: this run was skipped and changed nothing. "
                "Try again once the other run has finished."
            ))
        cr.execute("SELECT current_setting('lock_timeout')")
        previous_timeout = cr.fetchone()[0]
        if not commit:  # one transaction: set once, outside the units' savepoints; restored below
            cr.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
        try:
            left = self._categorize_batches(today, batch_size, max_batches, commit, values)
        except _TakenOver:
            _logger.warning("Nightly categorization for %s: another run took over; this run stops here.", today)
            left = self._categorize_remaining(today)
        # Restored on success only: an error propagates untouched (no statement that could hide it).
        if not commit:
            cr.execute("SELECT set_config('lock_timeout', %s, true)", [previous_timeout])
        return left

    @api.model
    def _categorize_lock(self):
        """Take the job's transaction-scoped lock (released by the next commit or rollback)."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return self.env.cr.fetchone()[0]

    @api.model
    def _categorize_cursor_raw(self):
        """The stored cursor, read from the database (not from the parameters' cache)."""
        self.env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [CURSOR_KEY])
        row = self.env.cr.fetchone()
        return row[0] if row else None

    @api.model
    def _categorize_remaining(self, today):
        """Customers the cursor has not reached (for a run that stops early)."""
        cr = self.env.cr
        cr.execute("SELECT max(id) FROM res_partner")
        last_id, _problem = loyalty_rules.parse_cursor(self._categorize_cursor_raw(), today, cr.fetchone()[0] or 0)
        cr.execute("SELECT count(*) FROM res_partner WHERE id > %s AND commercial_partner_id = id AND active",
                   [last_id])
        return cr.fetchone()[0]

    def _categorize_retry_wait(self, attempt):
        """Pause before the retry ``attempt`` (1, 2, …) of a unit that met a concurrent edit."""
        sleep(min(2 ** (attempt - 1), 30))

    def _categorize_unit(self, what, work, commit, cursor):
        """Run ``work()`` as one unit of the job and return its result.

        ``commit``: the unit is its own transaction (lock taken again, lock_timeout set, committed);
        otherwise a savepoint of the caller's transaction. ``cursor``: the stored cursor expected at the
        start (another value means another run took over: _TakenOver). A concurrent edit rolls the unit
        back and retries it; any other error is logged with its cause and raised (the unit rolled back).
        """
        cr = self.env.cr
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if commit:
                    if not self._categorize_lock() or self._categorize_cursor_raw() != cursor:
                        raise _TakenOver()
                    cr.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
                    result = work()
                    self.env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                    # LO-8: every unit is committed as it finishes.
                else:
                    with cr.savepoint():
                        result = work()
                return result
            except _TakenOver:
                raise
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                if commit:
                    cr.rollback()
                self.env.invalidate_all(flush=False)
                if attempt == ATTEMPTS:
                    _logger.error(
                        "Nightly categorization failed on %s: a concurrent edit still blocked it after %s "
                        "attempts (%s: %s); rolled back.", what, ATTEMPTS, type(error).__name__, error,
                    )
                    raise
                _logger.warning(
                    "Nightly categorization met a concurrent edit on %s (%s: %s): rolled back to its start, "
                    "retry %s of %s.", what, type(error).__name__, str(error).strip(), attempt, ATTEMPTS - 1,
                )
                self._categorize_retry_wait(attempt)
            except Exception as error:
                if commit:
                    cr.rollback()
                _logger.error(
                    "Nightly categorization failed on %s (%s: %s); rolled back, the run stops.",
                    what, type(error).__name__, error, exc_info=True,
                )
                raise
        raise AssertionError("unreachable")

    def _categorize_batches(self, today, batch_size, max_batches, commit, settings):
        ICP = self.env["ir.config_parameter"].sudo()
        cr = self.env.cr
        cursor = self._categorize_cursor_raw()
        cr.execute("SELECT max(id), now() AT TIME ZONE 'UTC' FROM res_partner")
        max_id, started = cr.fetchone()
        last_id, problem = loyalty_rules.parse_cursor(cursor, today, max_id or 0)
        if problem:
            _logger.warning(
                "Nightly categorization: the parameter %s holds %r (%s, the largest customer id is %s): "
                "ignored, the run starts from the first customer.", CURSOR_KEY, cursor, problem, max_id,
            )
        synced_raw = ICP.get_param(SYNCED_KEY)
        synced, problem = loyalty_rules.parse_synced_at(synced_raw, started)
        if problem:
            _logger.warning(
                "Nightly categorization: the parameter %s holds %r (%s): ignored, every customer's last won "
                "date is aggregated again.", SYNCED_KEY, synced_raw, problem,
            )
        full = synced is None
        total = self._categorize_unit(
            "the preparation", lambda: self._categorize_prepare(last_id, synced), commit, cursor
        )
        done = batches = 0
        while True:
            cr.execute(
                """SELECT max(id), count(*) FROM (
                       SELECT id FROM res_partner WHERE id > %s AND commercial_partner_id = id AND active
                       ORDER BY id LIMIT %s) b""",
                [last_id, batch_size],
            )
            upper, count = cr.fetchone()
            if not count:
                def finish(done=done):
                    ICP.set_param(CURSOR_KEY, f"{today}:done")
                    ICP.set_param(SYNCED_KEY, str(started))
                    if full:
                        cr.execute("DROP TABLE IF EXISTS crm_loyalty_last_won")
                    self.env["ir.cron"]._notify_progress(done=done, remaining=0)

                self._categorize_unit("the finish", finish, commit, cursor)
                _logger.info("Nightly categorization for %s done: %s customers in %s batches.", today, done, batches)
                return 0
            new_cursor = f"{today}:{upper}"
            remaining = max(total - done - count, 0)

            def batch(low=last_id, high=upper, new_cursor=new_cursor, done=done + count, remaining=remaining):
                self._categorize_batch(low, high, today, settings, full)
                ICP.set_param(CURSOR_KEY, new_cursor)
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

            self._categorize_unit(f"the batch of customers {last_id + 1}..{upper}", batch, commit, cursor)
            cursor, last_id = new_cursor, upper
            done += count
            batches += 1
            if max_batches and batches >= max_batches and remaining:
                _logger.info("Nightly categorization for %s stopped after %s batches: %s customers left.",
                             today, batches, remaining)
                return remaining

    def _categorize_prepare(self, last_id, synced):
        """The last won dates the batches read, and the number of customers to do (counted once).

        Never synced (``synced`` None): the last won date of every customer, aggregated once into a
        session temp table (it survives the per-unit commits); each batch then joins its own id range.
        Synced before: only the customers whose opportunities (or themselves) changed since then.
        """
        cr = self.env.cr
        if synced is None:
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
            self._loyalty_sync_last_won(since=str(synced))
        cr.execute("SELECT count(*) FROM res_partner WHERE id > %s AND commercial_partner_id = id AND active",
                   [last_id])
        return cr.fetchone()[0]

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
                 WHERE b.id > %(low)s AND b.id <= %(high)s AND b.commercial_partner_id = b.id AND b.active
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
            # LO-6: push the end by the granting result's loyalty days, once per transition, counted on each
            # customer's company calendar (else the job company's): one end computed per (end, result, calendar).
            cr.execute(
                """SELECT p.id, p.loyalty_end, p.loyalty_result_id, COALESCE(c.resource_calendar_id, %s)
                     FROM res_partner p JOIN crm_action_result r ON r.id = p.loyalty_result_id
                     LEFT JOIN res_company c ON c.id = p.company_id
                    WHERE p.id = ANY(%s) AND p.loyalty_user_id IS NOT NULL AND p.loyalty_end >= %s
                      AND (%s OR r.loyalty_extend)""",
                [self.env.company.resource_calendar_id.id or None, to_recent, today, settings["extend_global"]],
            )
            rows = cr.fetchall()
            results = self.env["crm.action.result"].browse({r for _p, _e, r, _c in rows})
            calendars = self.env["resource.calendar"].sudo().browse({c for _p, _e, _r, c in rows if c})
            new_ends = {}
            for pid, end, rid, cid in rows:
                key = (end, rid, cid)
                if key not in new_ends:
                    new_ends[key] = self._loyalty_end(end, results.browse(rid), calendars.browse(cid or []))
                extended.add(pid)
            if rows:
                cr.execute(
                    """UPDATE res_partner p SET loyalty_end = v.new_end::date
                         FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::text[]) AS new_end) v
                        WHERE p.id = v.id""",
                    [[pid for pid, _e, _r, _c in rows], [str(new_ends[(e, r, c)]) for _p, e, r, c in rows]],
                )
                self.invalidate_model(["loyalty_end"])
        # LO-7: releases — expired loyalties, long-inactive customers, and category changes without "keep".
        release_loyalty = []
        cr.execute(
            """SELECT id FROM res_partner
                WHERE id > %s AND id <= %s AND commercial_partner_id = id AND active AND loyalty_user_id IS NOT NULL
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
                    WHERE id > %s AND id <= %s AND commercial_partner_id = id AND active
                      AND retention_category = 'inactive'
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
