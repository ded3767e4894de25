from odoo import api, fields, models

from .retention_bounds import SEQUENCE_RANGE


class CrmQualificationRule(models.Model):
    """AF-7: a (campaign, action, result) combination that qualifies a lead."""

    _name = "crm.qualification.rule"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Lead Qualification Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    campaign_id = fields.Many2one("utm.campaign", help="Any campaign when empty.")
    action_id = fields.Many2one("crm.action", required=True, ondelete="cascade")
    result_id = fields.Many2one(
        "crm.action.result", required=True, ondelete="cascade", domain="[('action_id', '=', action_id)]"
    )
    effect = fields.Selection(
        [("convert", "Convert to opportunity"), ("stage", "Set stage")], required=True, default="convert"
    )
    stage_id = fields.Many2one("crm.stage")

    @api.constrains("effect", "stage_id", "result_id", "action_id")
    def _check_rule(self):
        for rule in self:
            if rule.effect == "stage" and not rule.stage_id:
                raise models.ValidationError(self.env._("A qualification rule that sets a stage needs that stage."))
            if rule.result_id.action_id != rule.action_id:
                raise models.ValidationError(
                    self.env._("The result of a qualification rule must belong to its action.")
                )

    def _match(self, campaign, action, result):
        """Return the first rule matching the combination (campaign-specific rules first)."""
        rules = self.search([("action_id", "=", action.id), ("result_id", "=", result.id)])
        specific = rules.filtered(lambda r: r.campaign_id and r.campaign_id == campaign)
        return specific[:1] or rules.filtered(lambda r: not r.campaign_id)[:1]
