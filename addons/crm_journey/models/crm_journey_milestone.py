import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_action_flow.models.retention_bounds import LONG_TEXT_MAX_LENGTH, MAX_DAYS, SEQUENCE_RANGE

from . import journey_rules


class CrmJourneyMilestone(models.Model):
    _name = "crm.journey.milestone"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Journey Milestone"
    _order = "stage_id, sequence, deadline_days, id"

    name = fields.Char(required=True, translate=True, retention_name=journey_rules.NAME_MAX_LENGTH)
    stage_id = fields.Many2one("crm.journey.stage", required=True, ondelete="cascade", index=True)
    journey_id = fields.Many2one(related="stage_id.journey_id", store=True, index=True)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    deadline_days = fields.Integer(
        string="Deadline (days)",
        required=True,
        default=1,
        retention_range=(1, MAX_DAYS),
        help="Days after the customer entered the stage (calendar or working days, as the journey counts).",
    )
    rule_domain = fields.Char(
        string="Completes when",
        retention_text=LONG_TEXT_MAX_LENGTH,
        help="When set, the milestone completes itself, dated the day the customer matches this rule "
        "(checked when the customer changes and nightly).",
    )
    has_rule = fields.Boolean(compute="_compute_has_rule", store=True)

    @api.depends("rule_domain")
    def _compute_has_rule(self):
        for milestone in self:
            milestone.has_rule = bool(milestone._get_rule_domain())

    def _get_rule_domain(self):
        self.ensure_one()
        if not self.rule_domain:
            return []
        try:
            domain = ast.literal_eval(self.rule_domain)
        except (ValueError, SyntaxError):
            return []
        return domain if isinstance(domain, list) else []

    @api.constrains("rule_domain")
    def _check_rule_domain(self):
        for milestone in self.filtered("rule_domain"):
            try:
                domain = ast.literal_eval(milestone.rule_domain)
                self.env["res.partner"].search_count(domain, limit=1)
            except Exception as exc:
                raise ValidationError(
                    self.env._(
                        "The rule of milestone “%(name)s” is not a valid customer filter: %(error)s",
                        name=milestone.name,
                        error=exc,
                    )
                ) from exc

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        # Customers already on the stage get the new milestone, due from their entry date.
        self.env["res.partner"].sudo()._journey_add_milestones(milestones)
        return milestones

    def write(self, vals):
        res = super().write(vals)
        if "deadline_days" in vals:
            self.env["crm.journey.partner.milestone"].sudo().search(
                [("milestone_id", "in", self.ids), ("is_current", "=", True), ("done_date", "=", False)]
            )._recompute_due_dates()
        return res
