from odoo import api, fields, models


class CrmCampaignFlow(models.Model):
    """AF-13: for one campaign, a result's next action overridden (Datasul "Manutenção de Campanha")."""

    _name = "crm.campaign.flow"
    _description = "Campaign Flow"
    _order = "campaign_id, result_id, id"

    campaign_id = fields.Many2one("utm.campaign", required=True, ondelete="cascade", index=True)
    result_id = fields.Many2one("crm.action.result", required=True, ondelete="cascade")
    action_id = fields.Many2one(related="result_id.action_id")
    next_action_mode = fields.Selection(
        [("none", "None"), ("prompt", "Prompt"), ("automatic", "Automatic")],
        default="prompt",
        required=True,
        help="What the result triggers when logged for this campaign, instead of its own next action mode.",
    )
    next_action_id = fields.Many2one(
        "crm.action", help="Action to plan next for this campaign; the result's own next action when empty."
    )

    _sql_constraints = [
        ("campaign_result_uniq", "unique(campaign_id, result_id)", "The campaign already overrides this result."),
    ]

    @api.depends("campaign_id", "result_id")
    def _compute_display_name(self):
        for flow in self:
            flow.display_name = f"{flow.campaign_id.name or ''} / {flow.result_id.display_name or ''}"

    def _next_action(self):
        """The action this flow plans next: its own, else the result's, else the result's action."""
        self.ensure_one()
        return self.next_action_id or self.result_id.next_action_id or self.result_id.action_id

    @api.constrains("next_action_mode", "next_action_id", "result_id")
    def _check_next_action(self):
        for flow in self:
            if flow.next_action_mode == "none":
                continue
            if not flow.result_id.action_id.schedules_followup:
                raise models.ValidationError(self.env._(
                    "Campaign %(campaign)s plans a next action after %(result)s, but action %(action)s does not "
                    "schedule follow-ups.",
                    campaign=flow.campaign_id.name, result=flow.result_id.name, action=flow.result_id.action_id.name,
                ))
            if not flow._next_action().activity_type_id:
                raise models.ValidationError(self.env._(
                    "Campaign %(campaign)s plans %(action)s after %(result)s, but that action has no activity type.",
                    campaign=flow.campaign_id.name, result=flow.result_id.name, action=flow._next_action().name,
                ))
