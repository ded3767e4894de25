from odoo import api, fields, models

from .action_flow_rules import is_on_step
from .retention_bounds import DURATION_RANGE, LONG_TEXT_MAX_LENGTH, NAME_MAX_LENGTH, SEQUENCE_RANGE


class CrmAction(models.Model):
    """AF-1: something a salesperson does with a customer (call, visit, ...)."""

    _name = "crm.action"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "CRM Action"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, retention_text=LONG_TEXT_MAX_LENGTH)
    schedules_followup = fields.Boolean(
        string="Schedules a follow-up",
        help="Results of this action may plan a next action; without it, none of its results plans one.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",

        help="Type of the activity planned when this action is the next action.",
    )
    activity_category = fields.Selection(related="activity_type_id.category")
    duration = fields.Float(
        default=1.0, retention_range=DURATION_RANGE,
        help="How long this action lasts when it is planned as a next action (a meeting blocks this much "
        "of the calendar).",
    )
    medium_id = fields.Many2one("utm.medium", help="Medium proposed when this action is logged.")
    detail_ids = fields.One2many(
        "crm.action.detail", "action_id", string="Details",
        help="The details a user may choose to justify a result of this action (or type their own).",
    )
    result_ids = fields.One2many("crm.action.result", "action_id", string="Results")
    result_count = fields.Integer(compute="_compute_result_count")
    default_result_id = fields.Many2one(
        "crm.action.result",
        check_company=True,
        domain="[('action_id', '=', id)]",
        help="Result proposed when this action is logged.",
    )
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "An action with this name already exists."),
    ]

    @api.depends("result_ids")
    def _compute_result_count(self):
        counts = {
            action.id: count
            for action, count in self.env["crm.action.result"]._read_group(
                [("action_id", "in", self.ids)], ["action_id"], ["__count"]
            )
        }
        for action in self:
            action.result_count = counts.get(action.id, 0)

    @api.constrains("default_result_id")
    def _check_default_result_id(self):
        for action in self:
            if action.default_result_id and action.default_result_id.action_id != action:
                raise models.ValidationError(
                    self.env._("The default result of %(action)s must be one of its own results.", action=action.name)
                )

    @api.constrains("duration")
    def _check_duration(self):
        for action in self:
            if not is_on_step(action.duration):
                raise models.ValidationError(
                    self.env._("The duration of %(action)s must be on 5-minute steps.", action=action.name)
                )

    @api.constrains("schedules_followup")
    def _check_schedules_followup(self):
        results = self.env["crm.action.result"].search(
            [("action_id", "in", self.filtered(lambda a: not a.schedules_followup).ids),
             ("next_action_mode", "!=", "none")], limit=1,
        )
        if results:
            results._check_next_action()
