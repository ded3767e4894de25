from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import ANALYST, PACK

from . import journey_dates, journey_rules

MILESTONE_STATUSES = [
    (journey_rules.LATE, "Late"),
    (journey_rules.TODAY, "Due today"),
    (journey_rules.ON_TIME, "On time"),
    (journey_rules.DONE, "Done"),
]


class CrmJourneyPartnerMilestone(models.Model):
    _name = "crm.journey.partner.milestone"
    _inherit = ["crm.retention.field.guard", "crm.retention.bounds.mixin"]
    _description = "Customer Milestone"
    _order = "is_current desc, due_date, sequence, id"
    _rec_name = "milestone_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    milestone_id = fields.Many2one("crm.journey.milestone", required=True, ondelete="cascade", index=True)
    name = fields.Char(related="milestone_id.name")
    sequence = fields.Integer(related="milestone_id.sequence")
    stage_id = fields.Many2one(related="milestone_id.stage_id", store=True, index=True)
    journey_id = fields.Many2one(related="milestone_id.journey_id", store=True)
    has_rule = fields.Boolean(related="milestone_id.has_rule")
    is_current = fields.Boolean(
        string="Current stage",
        default=True,
        index=True,
        help="Belongs to the stage the customer is on now.",
    )
    entry_date = fields.Date(string="Stage entered on", required=True)
    due_date = fields.Date(required=True)
    done_date = fields.Date(string="Completed on", retention_date=True)
    done_event_id = fields.Many2one("crm.journey.event", string="Completed by event", ondelete="set null")
    status = fields.Selection(
        MILESTONE_STATUSES,
        compute="_compute_status",
        search="_search_status",
        help="Computed for today in your timezone.",
    )
    done_late = fields.Boolean(
        compute="_compute_done_late",
        store=True,
        help="Completed after its due date.",
    )

    _sql_constraints = [
        (
            "partner_milestone_current_uniq",
            "EXCLUDE (partner_id WITH =, milestone_id WITH =) WHERE (is_current)",
            "A customer has each milestone of its current stage only once.",
        ),
    ]

    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _retention_field_access(self):
        # Analysts complete and reopen milestones; the journey moves create them and set their dates.
        return {
            **super()._retention_field_access(),
            **dict.fromkeys(("partner_id", "milestone_id", "is_current", "entry_date", "due_date"), PACK),
            "done_date": ANALYST,
            "done_event_id": ANALYST,
        }

    @api.depends("due_date", "done_date")
    @api.depends_context("tz")
    def _compute_status(self):
        today = self._today()
        for record in self:
            record.status = journey_rules.milestone_status(record.due_date, record.done_date, today)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on milestone status: %s", operator))
        values = {value} if operator in ("=", "!=") else set(value or [])
        if operator in ("!=", "not in"):
            values = {key for key, _label in MILESTONE_STATUSES} - values
        today = self._today()
        by_status = {
            journey_rules.DONE: [("done_date", "!=", False)],
            journey_rules.LATE: [("done_date", "=", False), ("due_date", "<", today)],
            journey_rules.TODAY: [("done_date", "=", False), ("due_date", "=", today)],
            journey_rules.ON_TIME: [("done_date", "=", False), ("due_date", ">", today)],
        }
        domains = [by_status[v] for v in values if v in by_status]
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.depends("due_date", "done_date")
    def _compute_done_late(self):
        for record in self:
            record.done_late = journey_rules.is_done_late(record.due_date, record.done_date)

    def _recompute_due_dates(self):
        """Re-date the open milestones from their entry date (deadline or day count changed)."""
        cache = {}
        for record in self.filtered(lambda m: m.is_current and not m.done_date):
            record.due_date = record.journey_id._compute_due_date(
                record.entry_date, record.milestone_id.deadline_days, cache
            )
        for partner in self.partner_id.filtered("journey_stage_id"):
            current = partner.journey_milestone_ids.filtered("is_current")
            if current:
                partner.sudo().with_context(journey_internal_write=True).journey_stage_due_date = max(
                    current.mapped("due_date")
                )

    def action_done(self):
        """Complete the milestones today."""
        self.filtered(lambda m: not m.done_date).write({"done_date": self._today()})
        return True

    def _journey_complete(self, date=None):
        """JO-10: complete these open milestones of the customers' current stages, dated ``date`` (default
        today): never in the future nor before the customer entered the stage. The rights of the Done button
        (Analyst, through the field guard). Returns the number of milestones completed."""
        self._retention_check_level(ANALYST, ["done_date"])
        self.check_access("write")
        today = self._today()
        try:
            day = fields.Date.to_date(date) if date else today
        except (TypeError, ValueError):
            day = None
        if not day:
            raise ValidationError(self.env._("“%(date)s” is not a date (expected YYYY-MM-DD).", date=date))
        closed = self.filtered(lambda m: not m.is_current)
        if closed:
            raise UserError(self.env._(
                "%(milestones)s no longer belong to the customer's current stage.",
                milestones=", ".join(closed.mapped("name")),
            ))
        for milestone in self:
            error = journey_dates.dated_step_error(day, milestone.entry_date, today)
            if error == "future":
                raise ValidationError(self.env._(
                    "%(milestone)s of %(customer)s cannot be completed on %(date)s: that day is in the future.",
                    milestone=milestone.name, customer=milestone.partner_id.display_name, date=day,
                ))
            if error == "before_entry":
                raise ValidationError(self.env._(
                    "%(milestone)s of %(customer)s cannot be completed on %(date)s, before the customer entered "
                    "the stage (%(entry)s).",
                    milestone=milestone.name, customer=milestone.partner_id.display_name, date=day,
                    entry=milestone.entry_date,
                ))
        todo = self.filtered(lambda m: not m.done_date)
        todo.write({"done_date": day})
        return len(todo)

    def action_open_complete_wizard(self):
        """JO-10: complete this milestone with a chosen date."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complete on a date"),
            "res_model": "crm.journey.complete.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.partner_id.id, "default_milestone_ids": [(6, 0, self.ids)]},
        }

    def action_reopen(self):
        self.write({"done_date": False, "done_event_id": False})
        return True
