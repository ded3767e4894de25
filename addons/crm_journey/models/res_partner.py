import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import ANALYST, PACK, RELATED

from . import journey_dates, journey_rules
from .crm_journey_partner_milestone import MILESTONE_STATUSES

_logger = logging.getLogger(__name__)

# Items of the Journey tab's timeline (events and action logs merged, the newest first).
TIMELINE_ITEMS = 100

# The stored milestone summary of every customer with current milestones, in one statement (see _auto_init).
SUMMARY_SQL = """
    UPDATE res_partner p
       SET journey_open_due_date = s.open_due, journey_milestones_done = s.all_done,
           journey_milestone_progress = s.progress
      FROM (SELECT partner_id, min(due_date) FILTER (WHERE done_date IS NULL) AS open_due,
                   bool_and(done_date IS NOT NULL) AS all_done,
                   100.0 * count(done_date) / count(*) AS progress
              FROM crm_journey_partner_milestone WHERE is_current %(partners)s GROUP BY partner_id) s
     WHERE p.id = s.partner_id
"""


def summary_sql(partner_ids=None):
    """The statement storing the milestone summary of ``partner_ids`` (default: every customer)."""
    partners = SQL("AND partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL()
    return SQL(SUMMARY_SQL, partners=partners)

# Fields written by the journey bookkeeping itself: changing them does not re-check rule milestones.
JOURNEY_FIELDS = {
    "journey_id",
    "journey_stage_id",
    "journey_stage_date",
    "journey_stage_due_date",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    journey_id = fields.Many2one("crm.journey", index=True, tracking=True)
    journey_stage_id = fields.Many2one(
        "crm.journey.stage",
        string="Journey stage",
        index=True,
        tracking=True,
        domain="[('journey_id', '=', journey_id)]",
        group_expand="_read_group_journey_stage_ids",
        copy=False,
    )
    journey_stage_date = fields.Date(string="In stage since", copy=False)
    journey_stage_due_date = fields.Date(
        string="Stage due on",
        copy=False,
        help="Entry date plus the stage's largest milestone deadline.",
    )
    journey_status = fields.Selection(
        MILESTONE_STATUSES,
        string="Journey status",
        compute="_compute_journey_status",
        search="_search_journey_status",
        help="Late if a milestone of the current stage is late, else Due today, else Done when all "
        "are done, else On time; computed for today.",
    )
    journey_days_in_stage = fields.Integer(string="Days in stage", compute="_compute_journey_days_in_stage")
    journey_stage_overdue = fields.Boolean(
        string="Stage overdue",
        compute="_compute_journey_days_in_stage",
        search="_search_journey_stage_overdue",
    )
    journey_milestone_ids = fields.One2many("crm.journey.partner.milestone", "partner_id", string="All milestones")
    journey_current_milestone_ids = fields.One2many(
        "crm.journey.partner.milestone",
        "partner_id",
        string="Milestones",
        domain=[("is_current", "=", True)],
    )
    # The milestone summary, stored (independent of today), so that statuses are searched and grouped by
    # comparisons on indexed columns instead of sub-queries over the milestones (#12).
    journey_open_due_date = fields.Date(
        string="Next milestone due", compute="_compute_journey_milestone_summary", store=True, index=True,
        help="Earliest due date of the open milestones of the current stage.",
    )
    journey_milestones_done = fields.Boolean(
        string="Milestones all done", compute="_compute_journey_milestone_summary", store=True,
        help="The current stage has milestones and all of them are done.",
    )
    journey_milestone_progress = fields.Float(
        string="Milestones done (%)", compute="_compute_journey_milestone_summary", store=True,
    )
    journey_history_ids = fields.One2many("crm.journey.stage.history", "partner_id", string="Stage path")
    journey_event_ids = fields.One2many("crm.journey.event", "partner_id", string="Events")
    journey_event_count = fields.Integer(compute="_compute_journey_event_count")
    journey_timeline_html = fields.Html(string="Timeline", compute="_compute_journey_timeline_html", sanitize=False)

    @api.model
    def _retention_field_access(self):
        # Moving along a journey is operational work; the entry and due dates are set by the moves only.
        return {
            **super()._retention_field_access(),
            "journey_id": ANALYST,
            "journey_stage_id": ANALYST,
            "journey_stage_date": PACK,
            "journey_stage_due_date": PACK,
            "journey_open_due_date": PACK,
            "journey_milestones_done": PACK,
            "journey_milestone_progress": PACK,
            "journey_milestone_ids": RELATED,
            "journey_current_milestone_ids": RELATED,
            "journey_history_ids": RELATED,
            "journey_event_ids": RELATED,
        }

    # ------------------------------------------------------------------ computes

    def _journey_check_can_move(self):
        """Only Analysts (and above) move customers along journeys (AF-10, X-4)."""
        if not self._retention_has_level(ANALYST):
            raise AccessError(
                self.env._("Only CRM Retention analysts and administrators can move customers along journeys.")
            )

    def _journey_today(self):
        return fields.Date.context_today(self)

    def _journey_current_rows(self):
        """{partner_id: [(due_date, done_date), ...]} for the current stage, in one query."""
        ids = [pid for pid in self.ids if pid]
        if not ids:
            return {}
        self.env["crm.journey.partner.milestone"].flush_model(["partner_id", "is_current", "due_date", "done_date"])
        self.env.cr.execute(
            """
            SELECT partner_id, array_agg(due_date), array_agg(done_date)
              FROM crm_journey_partner_milestone
             WHERE partner_id = ANY(%s) AND is_current
          GROUP BY partner_id
            """,
            [ids],
        )
        return {pid: list(zip(dues, dones, strict=True)) for pid, dues, dones in self.env.cr.fetchall()}

    def _auto_init(self):
        """Fill the stored milestone summary in SQL when its columns are created (an update of a large base
        would otherwise recompute it record by record through the ORM)."""
        cr = self.env.cr
        if not column_exists(cr, "res_partner", "journey_open_due_date"):
            create_column(cr, "res_partner", "journey_open_due_date", "date")
            create_column(cr, "res_partner", "journey_milestones_done", "boolean")
            create_column(cr, "res_partner", "journey_milestone_progress", "double precision")
            if table_exists(cr, "crm_journey_partner_milestone"):
                cr.execute(summary_sql())
        return super()._auto_init()

    @api.depends("journey_milestone_ids.is_current", "journey_milestone_ids.due_date",
                 "journey_milestone_ids.done_date")
    def _compute_journey_milestone_summary(self):
        rows = self._journey_current_rows()
        for partner in self:
            open_due, all_done, progress = journey_rules.milestone_summary(rows.get(partner.id, []))
            partner.journey_open_due_date = open_due
            partner.journey_milestones_done = all_done
            partner.journey_milestone_progress = progress

    @api.depends("journey_stage_id", "journey_open_due_date", "journey_milestones_done")
    @api.depends_context("tz")
    def _compute_journey_status(self):
        today = self._journey_today()
        for partner in self:
            partner.journey_status = journey_rules.status_from_summary(
                bool(partner.journey_stage_id), partner.journey_open_due_date, partner.journey_milestones_done,
                today,
            )

    def _search_journey_status(self, operator, value):
        """Statuses as comparisons of the stored summary with today (indexed; no sub-query)."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on journey status: %s", operator))
        asked = {value} if operator in ("=", "!=") else set(value or [])
        positive = operator in ("=", "in")
        all_values = {key for key, _label in MILESTONE_STATUSES}
        values = asked if positive else all_values - asked
        # customers on no stage have no status (False)
        include_unstaged = (False in asked) == positive
        today = self._journey_today()
        staged = [("journey_stage_id", "!=", False)]
        by_status = {
            journey_rules.LATE: staged + [("journey_open_due_date", "<", today)],
            journey_rules.TODAY: staged + [("journey_open_due_date", "=", today)],
            journey_rules.DONE: staged + [("journey_open_due_date", "=", False),
                                          ("journey_milestones_done", "=", True)],
            journey_rules.ON_TIME: staged + [
                "|", ("journey_open_due_date", ">", today),
                "&", ("journey_open_due_date", "=", False), ("journey_milestones_done", "!=", True),
            ],
        }
        domains = [by_status[v] for v in values if v in by_status]
        if include_unstaged:
            domains.append([("journey_stage_id", "=", False)])
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.model
    @api.readonly
    def read_progress_bar(self, domain, group_by, progress_bar):
        """Kanban column bars by journey status. The status depends on today, so it is not stored: one SQL
        count per (column, status) computed from the stored milestone summary (the rules of
        ``journey_rules.status_from_summary``), grouped by a stored column; other groupings count each
        status through its search."""
        if progress_bar.get("field") != "journey_status":
            return super().read_progress_bar(domain, group_by, progress_bar)
        colors = progress_bar["colors"]
        result = {}
        field = self._fields.get(group_by)
        if field is None or not field.store or field.type not in ("many2one", "selection", "boolean", "integer"):
            for status in colors:
                status_domain = expression.AND([domain or [], [("journey_status", "=", status)]])
                for value, count in self._read_group(status_domain, [group_by], ["__count"]):
                    key = str(value.id if isinstance(value, models.BaseModel) else value)
                    result.setdefault(key, dict.fromkeys(colors, 0))[status] = count
            return result
        self.flush_model([group_by, "journey_stage_id", "journey_open_due_date", "journey_milestones_done"])
        today = self._journey_today()
        query = self._search(domain or [])
        query.order = None

        def column(name):
            return SQL.identifier(query.table, name)

        status = SQL(
            """CASE WHEN %(stage)s IS NULL THEN NULL
                    WHEN %(due)s < %(today)s THEN %(late)s
                    WHEN %(due)s = %(today)s THEN %(due_today)s
                    WHEN %(due)s IS NULL AND %(all_done)s THEN %(done)s
                    ELSE %(on_time)s END""",
            stage=column("journey_stage_id"), due=column("journey_open_due_date"),
            all_done=column("journey_milestones_done"), today=today, late=journey_rules.LATE,
            due_today=journey_rules.TODAY, done=journey_rules.DONE, on_time=journey_rules.ON_TIME,
        )
        # The query itself (no self-join on id IN (...)): one scan of the board's customers.
        self.env.cr.execute(SQL("%s GROUP BY 1, 2", query.select(column(group_by), status, SQL("count(*)"))))
        for value, status_key, count in self.env.cr.fetchall():
            if status_key in colors:
                key = "False" if value is None else str(value)
                result.setdefault(key, dict.fromkeys(colors, 0))[status_key] = count
        return result

    @api.depends("journey_stage_date", "journey_stage_due_date")
    @api.depends_context("tz")
    def _compute_journey_days_in_stage(self):
        today = self._journey_today()
        for partner in self:
            partner.journey_days_in_stage = journey_rules.days_in_stage(partner.journey_stage_date, today)
            partner.journey_stage_overdue = journey_rules.stage_overdue(partner.journey_stage_due_date, today)

    def _search_journey_stage_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on stage overdue: %s", operator))
        overdue = [("journey_stage_due_date", "<", self._journey_today())]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *overdue]

    def _compute_journey_event_count(self):
        counts = dict(
            self.env["crm.journey.event"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.journey_event_count = counts.get(partner, 0)

    def _journey_timeline_items(self):
        """The newest ``TIMELINE_ITEMS`` events and action logs (crm_action_flow) of the customer, newest
        first: each read with only the columns shown, at most ``TIMELINE_ITEMS`` of each (a customer with
        thousands of logs opens as fast as one with a few)."""
        self.ensure_one()
        items = []
        Event = self.env["crm.journey.event"]
        kinds = dict(Event._fields["event_type"]._description_selection(self.env))
        statuses = dict(Event._fields["status"]._description_selection(self.env))
        events = Event.search_fetch([("partner_id", "=", self.id)],
                                    ["date", "event_type", "name", "user_id", "status", "description"],
                                    limit=TIMELINE_ITEMS)
        for event in events:
            items.append({
                "date": event.date, "kind": kinds.get(event.event_type), "title": event.name,
                "user": event.user_id.name or "", "status": statuses.get(event.status),
                "description": event.description or "",
            })
        if "crm.action.log" in self.env and self.id:
            Log = self.env["crm.action.log"]
            if Log.has_access("read"):
                action_kind = self.env._("Action")
                logs = Log.search_fetch([("partner_id", "=", self.id)],
                                        ["date", "action_id", "result_id", "user_id", "description", "detail"],
                                        limit=TIMELINE_ITEMS)
                for log in logs:
                    items.append({
                        "date": log.date, "kind": action_kind,
                        "title": " / ".join(n for n in (log.action_id.display_name, log.result_id.display_name) if n),
                        "user": log.user_id.name or "", "status": "",
                        "description": log.description or log.detail or "",
                    })
        items.sort(key=lambda item: item["date"] or fields.Date.today(), reverse=True)
        return items[:TIMELINE_ITEMS]

    def _compute_journey_timeline_html(self):
        for partner in self:
            items = partner._journey_timeline_items() if partner.id else []
            partner.journey_timeline_html = (
                self.env["ir.qweb"]._render("crm_journey.journey_timeline", {"items": items}) if items else Markup()
            )

    @api.onchange("journey_id")
    def _onchange_journey_id(self):
        """Show the first stage of the chosen journey right away; saving moves the customer."""
        if self.journey_stage_id.journey_id != self.journey_id:
            self.journey_stage_id = self.journey_id.stage_ids[:1]

    # ------------------------------------------------------------------ kanban

    @api.model
    def _read_group_journey_stage_ids(self, stages, domain):
        """Every stage of the journey shown in the kanban, empty or not (JO-8)."""
        journey_id = self.env.context.get("journey_kanban_journey_id") or self.env.context.get("default_journey_id")
        if journey_id:
            return stages.search([("journey_id", "=", journey_id)])
        return stages | stages.search([("journey_id", "in", stages.journey_id.ids)])

    # ------------------------------------------------------------------ moves (JO-6)

    @api.model_create_multi
    def create(self, vals_list):
        moves = []
        if any(vals.get("journey_stage_id") or vals.get("journey_id") for vals in vals_list):
            self._journey_check_can_move()
        for vals in vals_list:
            moves.append((vals.pop("journey_stage_id", None), vals.get("journey_id")))
        partners = super().create(vals_list)
        for partner, (stage_id, journey_id) in zip(partners, moves, strict=True):
            if stage_id or journey_id:
                stage = (
                    self.env["crm.journey.stage"].browse(stage_id)
                    if stage_id
                    else (self.env["crm.journey"].browse(journey_id).stage_ids[:1])
                )
                partner._journey_move_to_stage(stage)
        return partners

    def write(self, vals):
        if self.env.su and self.env.context.get("journey_internal_write"):
            return super().write(vals)
        if any(
            field in vals and any(partner[field].id != (vals[field] or False) for partner in self)
            for field in ("journey_id", "journey_stage_id")
        ):
            self._journey_check_can_move()
        vals = dict(vals)
        stage_id = vals.pop("journey_stage_id", None) if "journey_stage_id" in vals else None
        has_stage = "journey_stage_id" in vals or stage_id is not None
        journey_changed = "journey_id" in vals
        if journey_changed:
            changed = self.filtered(lambda p: p.journey_id.id != (vals["journey_id"] or False))
        res = super().write(vals)
        if journey_changed and not has_stage:
            journey = self.env["crm.journey"].browse(vals["journey_id"] or [])
            # Changing journey resets the customer to its first stage (or clears the stage).
            changed._journey_move_to_stage(journey.stage_ids[:1])
        elif has_stage:
            stage = self.env["crm.journey.stage"].browse(stage_id or [])
            self.filtered(lambda p: p.journey_stage_id != stage)._journey_move_to_stage(stage)
        if set(vals) - JOURNEY_FIELDS:
            self._journey_check_rule_milestones()
        return res

    def _journey_move_to_stage(self, stage, date=None):
        """Move the customers to ``stage`` (or off any stage): record entry date and history (JO-6).

        ``stage`` is a crm.journey.stage record or id (empty: leave the journey's stages); ``date``
        the entry date (default today in the user's timezone). Set-based: one write per field, one
        create for the new history rows and one for the milestones.
        """
        if isinstance(stage, int):
            stage = self.env["crm.journey.stage"].browse(stage)
        stage = stage[:1] if stage else self.env["crm.journey.stage"]
        partners = self.filtered("id")
        if not partners:
            return True
        partners._journey_check_can_move()
        today = fields.Date.to_date(date) if date else self._journey_today()
        History = self.env["crm.journey.stage.history"].sudo()
        PartnerMilestone = self.env["crm.journey.partner.milestone"].sudo()
        # Close the open history rows and retire the milestones of the stage being left.
        History.search([("partner_id", "in", partners.ids), ("date_out", "=", False)]).write({"date_out": today})
        PartnerMilestone.search([("partner_id", "in", partners.ids), ("is_current", "=", True)]).write(
            {"is_current": False}
        )
        vals = {
            "journey_stage_id": stage.id,
            "journey_stage_date": today if stage else False,
            "journey_stage_due_date": False,
        }
        if stage:
            vals["journey_id"] = stage.journey_id.id
            journey = stage.journey_id
            cache = {}
            vals["journey_stage_due_date"] = (
                journey._compute_due_date(today, stage.max_deadline, cache) if stage.milestone_ids else today
            )
        # The entry and due dates are the pack's bookkeeping (written in superuser mode, after the check
        # above); tracking still names the user who moved the customers.
        partners.sudo().with_context(journey_internal_write=True).write(vals)
        if stage:
            History.create(
                [
                    {
                        "partner_id": partner.id,
                        "stage_id": stage.id,
                        "date_in": today,
                        "due_date": vals["journey_stage_due_date"],
                    }
                    for partner in partners
                ]
            )
            partners._journey_add_milestones(stage.milestone_ids)
            partners._journey_check_rule_milestones(date=today)
        return True

    def _journey_bulk_move(self, stage, date=None, values=None):
        """``_journey_move_to_stage`` for many customers at once, in a few SQL statements (imports, #12).

        The same effects (history closed and opened, milestones retired and created with their due dates,
        entry and due dates, the stored milestone summary, rule milestones checked) without a query or an
        ORM record per customer; no tracking message (the caller logs one per customer in bulk). The
        customers' row is written once: ``values`` ({column: value}, e.g. the portfolio's fields of an
        import) are set by the same UPDATE as the stage, and the milestone summary of a stage just entered
        (every milestone open) is known without reading the milestones back. The caller has checked the
        rights (superuser mode or ``_journey_check_can_move``).
        """
        stage = stage[:1] if stage else self.env["crm.journey.stage"]
        ids = [pid for pid in self.ids if pid]
        if not ids:
            return True
        self._journey_check_can_move()
        today = fields.Date.to_date(date) if date else self._journey_today()
        self.env.flush_all()
        cr, uid = self.env.cr, self.env.uid
        cr.execute(
            "UPDATE crm_journey_stage_history SET date_out = %s, write_uid = %s, write_date = now() AT TIME ZONE 'UTC'"
            " WHERE partner_id = ANY(%s) AND date_out IS NULL", [today, uid, ids],
        )
        cr.execute(
            "UPDATE crm_journey_partner_milestone SET is_current = false, write_uid = %s,"
            " write_date = now() AT TIME ZONE 'UTC' WHERE partner_id = ANY(%s) AND is_current", [uid, ids],
        )
        journey = stage.journey_id
        cache = {}
        milestone_dues = [
            (milestone, journey._compute_due_date(today, milestone.deadline_days, cache))
            for milestone in stage.milestone_ids
        ]
        due = (journey._compute_due_date(today, stage.max_deadline, cache) if milestone_dues else today) \
            if stage else None
        open_due, all_done, progress = journey_rules.milestone_summary(
            (due_date, None) for _milestone, due_date in milestone_dues
        )
        columns = {
            "journey_stage_id": stage.id or None, "journey_stage_date": today if stage else None,
            "journey_stage_due_date": due, "journey_open_due_date": open_due,
            "journey_milestones_done": all_done, "journey_milestone_progress": progress,
        }
        if journey:
            columns["journey_id"] = journey.id
        columns.update(values or {})
        self.browse(ids)._journey_update_columns(columns)
        if stage:
            cr.execute(
                """INSERT INTO crm_journey_stage_history (partner_id, stage_id, journey_id, date_in, due_date, user_id,
                                                          create_uid, create_date, write_uid, write_date)
                   SELECT unnest(%s::int[]), %s, %s, %s, %s, %s, %s, now() AT TIME ZONE 'UTC', %s,
                          now() AT TIME ZONE 'UTC'""",
                [ids, stage.id, journey.id, today, due, uid, uid, uid],
            )
            for milestone, due_date in milestone_dues:
                cr.execute(
                    """INSERT INTO crm_journey_partner_milestone (partner_id, milestone_id, stage_id, journey_id,
                              is_current, entry_date, due_date, done_late, create_uid, create_date, write_uid,
                              write_date)
                       SELECT unnest(%s::int[]), %s, %s, %s, true, %s, %s, false, %s, now() AT TIME ZONE 'UTC', %s,
                              now() AT TIME ZONE 'UTC'""",
                    [ids, milestone.id, stage.id, journey.id, today, due_date, uid, uid],
                )
        self.env["crm.journey.stage.history"].invalidate_model()
        self.env["crm.journey.partner.milestone"].invalidate_model()
        self.invalidate_model()
        if stage.milestone_ids.filtered("has_rule"):
            self.browse(ids)._journey_check_rule_milestones(date=today)
        return True

    def _journey_update_columns(self, columns):
        """One UPDATE of these customers' rows setting ``columns`` ({column: value}) with the writer and the
        date, for the bulk writes (#12); the caller invalidates the cache."""
        self.env.cr.execute(SQL(
            "UPDATE res_partner SET %s, write_uid = %s, write_date = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
            SQL(", ").join(SQL("%s = %s", SQL.identifier(name), value) for name, value in columns.items()),
            self.env.uid, self.ids,
        ))

    def _journey_add_milestones(self, milestones):
        """Create the customer milestones of ``milestones`` for the customers on their stage."""
        PartnerMilestone = self.env["crm.journey.partner.milestone"].sudo()
        vals_list = []
        cache = {}
        for stage in milestones.stage_id:
            partners = self if self else self.search([("journey_stage_id", "=", stage.id)])
            partners = partners.filtered(lambda p, s=stage: p.journey_stage_id == s)
            for partner in partners:
                entry = partner.journey_stage_date or self._journey_today()
                for milestone in milestones.filtered(lambda m, s=stage: m.stage_id == s):
                    vals_list.append(
                        {
                            "partner_id": partner.id,
                            "milestone_id": milestone.id,
                            "entry_date": entry,
                            "due_date": stage.journey_id._compute_due_date(entry, milestone.deadline_days, cache),
                            "is_current": True,
                        }
                    )
        return PartnerMilestone.create(vals_list)

    def _journey_complete_milestones(self, milestones, date=None):
        """Complete, dated ``date`` (default today), the open current milestones ``milestones``
        (crm.journey.milestone records or ids) of these customers."""
        if not isinstance(milestones, models.BaseModel):
            milestones = self.env["crm.journey.milestone"].browse(milestones)
        pms = (
            self.env["crm.journey.partner.milestone"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("milestone_id", "in", milestones.ids),
                    ("is_current", "=", True),
                    ("done_date", "=", False),
                ]
            )
        )
        pms.write({"done_date": fields.Date.to_date(date) if date else self._journey_today()})
        return True

    # ------------------------------------------------------------------ for integrators (JO-12)

    def journey_move_to_stage(self, stage_id, entry_date=False):
        """JO-12: move these customers to stage ``stage_id`` (a crm.journey.stage id), entered on
        ``entry_date`` (YYYY-MM-DD, default today): never in the future nor before the day the customer
        entered its current stage. The rights of the stage buttons (Analyst). Returns True.

        Over XML-RPC: ``execute_kw(db, uid, key, "res.partner", "journey_move_to_stage", [[ids], stage_id],
        {"entry_date": "2026-03-01"})``.
        """
        self._journey_check_can_move()
        self.check_access("write")
        stage = self.env["crm.journey.stage"].browse(stage_id).exists() if isinstance(stage_id, int) \
            and not isinstance(stage_id, bool) else None
        if not stage:
            raise UserError(self.env._("“%(stage)s” is not a journey stage.", stage=stage_id))
        day = self._journey_parse_date(entry_date)
        today = self._journey_today()
        already = self.filtered(lambda p: p.journey_stage_id == stage)
        if already:
            raise UserError(self.env._("%(customers)s already on stage %(stage)s.",
                                       customers=", ".join(already.mapped("display_name")), stage=stage.display_name))
        for partner in self:
            error = journey_dates.dated_step_error(day, partner.journey_stage_date, today)
            if error == "future":
                raise ValidationError(self.env._(
                    "%(customer)s cannot enter %(stage)s on %(date)s: that day is in the future.",
                    customer=partner.display_name, stage=stage.display_name, date=day,
                ))
            if error == "before_entry":
                raise ValidationError(self.env._(
                    "%(customer)s cannot enter %(stage)s on %(date)s, before it entered its current stage "
                    "(%(entry)s).",
                    customer=partner.display_name, stage=stage.display_name, date=day,
                    entry=partner.journey_stage_date,
                ))
        self._journey_move_to_stage(stage, day)
        return True

    def journey_complete_milestones(self, milestone_ids, done_date=False):
        """JO-12: complete, dated ``done_date`` (YYYY-MM-DD, default today), the milestones ``milestone_ids``
        (crm.journey.milestone ids) of these customers' current stage, with the checks of the Complete dialog
        (JO-10) and the rights of the Done button (Analyst). Returns the number of milestones completed."""
        if not isinstance(milestone_ids, (list, tuple)) or not all(
            isinstance(m, int) and not isinstance(m, bool) for m in milestone_ids
        ):
            raise UserError(self.env._("Give the milestones as a list of milestone ids."))
        self.check_access("write")
        day = self._journey_parse_date(done_date)
        current = self.env["crm.journey.partner.milestone"].search([
            ("partner_id", "in", self.ids), ("milestone_id", "in", list(milestone_ids)), ("is_current", "=", True),
        ])
        found = {}
        for pm in current:
            found.setdefault(pm.partner_id.id, set()).add(pm.milestone_id.id)
        for partner in self:
            missing = set(milestone_ids) - found.get(partner.id, set())
            if missing:
                raise UserError(self.env._(
                    "%(customer)s has no milestone %(ids)s on its current stage.",
                    customer=partner.display_name, ids=", ".join(str(i) for i in sorted(missing)),
                ))
        return current._journey_complete(day)

    def _journey_parse_date(self, value):
        """A date given by an integrator (date or YYYY-MM-DD; empty: today), or a clear error."""
        if not value:
            return self._journey_today()
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise ValidationError(self.env._("“%(date)s” is not a date (expected YYYY-MM-DD).", date=value))
        return day

    def action_journey_complete_stage(self):
        """JO-10: complete every open milestone of the customer's stage with a chosen date."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complete the stage on a date"),
            "res_model": "crm.journey.complete.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_journey_next_stage(self):
        self._journey_check_can_move()
        for partner in self:
            stages = partner.journey_id.stage_ids
            if not partner.journey_stage_id:
                partner._journey_move_to_stage(stages[:1])
                continue
            index = list(stages).index(partner.journey_stage_id)
            if index + 1 >= len(stages):
                raise UserError(self.env._("%s is already on the last stage of its journey.", partner.display_name))
            partner._journey_move_to_stage(stages[index + 1])
        return True

    def action_journey_previous_stage(self):
        self._journey_check_can_move()
        for partner in self:
            stages = partner.journey_id.stage_ids
            if not partner.journey_stage_id or partner.journey_stage_id == stages[:1]:
                raise UserError(self.env._("%s is on the first stage of its journey.", partner.display_name))
            index = list(stages).index(partner.journey_stage_id)
            partner._journey_move_to_stage(stages[index - 1])
        return True

    def action_journey_new_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New event"),
            "res_model": "crm.journey.event",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    # ------------------------------------------------------------------ rule milestones (JO-9)

    def _journey_check_rule_milestones(self, date=None):
        """Complete open rule milestones of these customers' current stages that they now match,
        dated ``date`` (default today)."""
        staged = self.filtered("journey_stage_id")
        if not staged:
            return
        PartnerMilestone = self.env["crm.journey.partner.milestone"].sudo()
        open_rules = PartnerMilestone.search(
            [
                ("partner_id", "in", staged.ids),
                ("is_current", "=", True),
                ("done_date", "=", False),
                ("milestone_id.has_rule", "=", True),
            ]
        )
        today = fields.Date.to_date(date) if date else self._journey_today()
        for milestone in open_rules.milestone_id:
            pms = open_rules.filtered(lambda pm, m=milestone: pm.milestone_id == m)
            matching = self.sudo().search(
                expression.AND([[("id", "in", pms.partner_id.ids)], milestone._get_rule_domain()])
            )
            pms.filtered(lambda pm, ids=set(matching.ids): pm.partner_id.id in ids).write({"done_date": today})

    @api.model
    def _cron_journey_rule_milestones(self):
        return self._action_journey_rule_milestones()

    @api.model
    def _action_journey_rule_milestones(self, batch_size=1000):
        """Nightly pass over rule milestones (JO-9): one search per rule, over its stage's customers.

        Only the matching customers' milestones are written; no other customer is touched. Works in
        batches of ``batch_size`` milestones and reports progress to ir.cron, which re-runs the job
        while work remains.
        """
        PartnerMilestone = self.env["crm.journey.partner.milestone"].sudo()
        Partner = self.sudo().with_context(active_test=False)
        today = self._journey_today()
        rules = self.env["crm.journey.milestone"].sudo().search([("has_rule", "=", True)])
        done = 0
        remaining = 0
        for milestone in rules:
            domain = expression.AND(
                [
                    # Archived customers are out of the nightly pass, whatever active_test says.
                    [("journey_stage_id", "=", milestone.stage_id.id), ("active", "=", True)],
                    [
                        (
                            "journey_milestone_ids",
                            "any",
                            [
                                ("milestone_id", "=", milestone.id),
                                ("is_current", "=", True),
                                ("done_date", "=", False),
                            ],
                        )
                    ],
                    milestone._get_rule_domain(),
                ]
            )
            budget = batch_size - done
            if budget <= 0:
                remaining += Partner.search_count(domain)
                continue
            partners = Partner.search(domain, limit=budget)
            if partners:
                PartnerMilestone.search(
                    [
                        ("partner_id", "in", partners.ids),
                        ("milestone_id", "=", milestone.id),
                        ("is_current", "=", True),
                        ("done_date", "=", False),
                    ]
                ).write({"done_date": today})
                done += len(partners)
            if len(partners) == budget:
                remaining += Partner.search_count(domain)
        _logger.info("Journey rule milestones: %s completed, %s remaining", done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
