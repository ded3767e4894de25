from odoo import api, fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import SEQUENCE_RANGE

from . import journey_rules


class CrmJourneyStage(models.Model):
    _name = "crm.journey.stage"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Journey Stage"
    _order = "journey_id, sequence, id"

    name = fields.Char(required=True, translate=True, retention_name=journey_rules.NAME_MAX_LENGTH)
    journey_id = fields.Many2one("crm.journey", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    fold = fields.Boolean(string="Folded in Kanban")
    milestone_ids = fields.One2many("crm.journey.milestone", "stage_id", string="Milestones", copy=True)
    max_deadline = fields.Integer(
        string="Longest deadline",
        compute="_compute_max_deadline",
        store=True,
        help="The stage is overdue for a customer who stays longer than this.",
    )

    @api.depends("milestone_ids.deadline_days")
    def _compute_max_deadline(self):
        for stage in self:
            stage.max_deadline = max(stage.milestone_ids.mapped("deadline_days") or [0])
