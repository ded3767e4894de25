from odoo import api, fields, models

from .retention_bounds import SEQUENCE_RANGE


class CrmCampaignAction(models.Model):
    """AF-13: an action a campaign offers (Datasul "Manutenção de Campanha"), with its defaults there.

    A campaign with such lines offers only their actions: logging another one for it is refused.
    """

    _name = "crm.campaign.action"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Campaign Action"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("utm.campaign", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    action_id = fields.Many2one("crm.action", required=True, ondelete="cascade")
    default_result_id = fields.Many2one(
        "crm.action.result", domain="[('action_id', '=', action_id)]",
        help="Result proposed when this action is logged for the campaign (else the action's default result).",
    )
    medium_id = fields.Many2one(
        "utm.medium", help="Medium proposed when this action is logged for the campaign (else the action's)."
    )

    _sql_constraints = [
        ("campaign_action_uniq", "unique(campaign_id, action_id)", "The campaign already offers this action."),
    ]

    @api.depends("campaign_id", "action_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.campaign_id.name or ''} / {line.action_id.name or ''}"

    @api.constrains("action_id", "default_result_id")
    def _check_default_result_id(self):
        for line in self:
            if line.default_result_id and line.default_result_id.action_id != line.action_id:
                raise models.ValidationError(self.env._(
                    "The default result of %(action)s in campaign %(campaign)s must be one of its own results.",
                    action=line.action_id.name, campaign=line.campaign_id.name,
                ))
