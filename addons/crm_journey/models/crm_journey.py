import datetime

import pytz

from odoo import api, fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import LONG_TEXT_MAX_LENGTH, SEQUENCE_RANGE

from . import journey_rules


class CrmJourney(models.Model):
    _name = "crm.journey"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Customer Journey"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, retention_name=journey_rules.NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, retention_text=LONG_TEXT_MAX_LENGTH)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    day_count = fields.Selection(
        [("calendar", "Calendar days"), ("working", "Working days")],
        string="Count deadlines in",
        required=True,
        default="calendar",
        help="Working days follow the company's working calendar; its public holidays are skipped.",
    )
    stage_ids = fields.One2many("crm.journey.stage", "journey_id", string="Stages", copy=True)
    stage_count = fields.Integer(compute="_compute_stage_count")
    partner_ids = fields.One2many("res.partner", "journey_id", string="Customers")
    partner_count = fields.Integer(compute="_compute_partner_count")

    @api.depends("stage_ids")
    def _compute_stage_count(self):
        for journey in self:
            journey.stage_count = len(journey.stage_ids)

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group([("journey_id", "in", self.ids)], ["journey_id"], ["__count"])
        )
        for journey in self:
            journey.partner_count = counts.get(journey, 0)

    def _get_calendar(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return company.resource_calendar_id

    def _compute_due_date(self, entry_date, deadline_days, cache=None):
        """Due date of a milestone of this journey entered on ``entry_date`` (JO-2, JO-9)."""
        self.ensure_one()
        if self.day_count != "working":
            return journey_rules.calendar_due_date(entry_date, deadline_days)
        calendar = self._get_calendar()
        if not calendar:
            return journey_rules.calendar_due_date(entry_date, deadline_days)
        key = (calendar.id, entry_date, deadline_days)
        if cache is not None and key in cache:
            return cache[key]
        tz = pytz.timezone(calendar.tz or "UTC")

        def plan_days(days, start):
            start_dt = tz.localize(datetime.datetime.combine(start, datetime.time.min))
            end = calendar.plan_days(days, start_dt, compute_leaves=True)
            if not end:
                return journey_rules.calendar_due_date(start, days)
            return end.astimezone(tz).date()

        due = journey_rules.working_due_date(entry_date, deadline_days, plan_days)
        if cache is not None:
            cache[key] = due
        return due

    def write(self, vals):
        res = super().write(vals)
        if "day_count" in vals:
            self.env["crm.journey.partner.milestone"].sudo().search(
                [("journey_id", "in", self.ids), ("is_current", "=", True), ("done_date", "=", False)]
            )._recompute_due_dates()
        return res

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_journey.res_partner_journey_action")
        action["domain"] = [("journey_id", "=", self.id)]
        action["context"] = {"default_journey_id": self.id, "journey_kanban_journey_id": self.id}
        action["display_name"] = self.name
        return action
