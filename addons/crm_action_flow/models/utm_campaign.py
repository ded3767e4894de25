from odoo import api, fields, models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    default_action_id = fields.Many2one(
        "crm.action", help="Action proposed when an action is logged for this campaign."
    )
    # AF-13: the campaign's flows (Datasul "Manutenção de Campanha")
    campaign_action_ids = fields.One2many(
        "crm.campaign.action", "campaign_id", string="Actions Offered",
        help="The actions this campaign offers; when empty, it offers every action.",
    )
    flow_ids = fields.One2many(
        "crm.campaign.flow", "campaign_id", string="Next Actions",
        help="Results whose next action is different for this campaign.",
    )

    @api.constrains("default_action_id", "campaign_action_ids")
    def _check_default_action_offered(self):
        for campaign in self:
            offered = campaign._offered_actions()
            if campaign.default_action_id and offered and campaign.default_action_id not in offered:
                raise models.ValidationError(self.env._(
                    "The default action of campaign %(campaign)s must be one of the actions it offers.",
                    campaign=campaign.name,
                ))

    def _offered_actions(self):
        """The actions the campaign restricts logging to (empty: every action)."""
        self.ensure_one()
        return self.sudo().campaign_action_ids.action_id.sudo(False)

    def _campaign_action(self, action):
        """The campaign's line for ``action`` (defaults of the action in this campaign), if any."""
        self.ensure_one()
        return self.sudo().campaign_action_ids.filtered(lambda line: line.action_id == action)[:1].sudo(False)

    def _flow(self, result):
        """The campaign's override of ``result``'s next action, if any."""
        self.ensure_one()
        return self.sudo().flow_ids.filtered(lambda flow: flow.result_id == result)[:1].sudo(False)
