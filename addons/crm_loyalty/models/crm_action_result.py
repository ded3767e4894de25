from odoo import api, fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import LOYALTY_RENEWALS_RANGE, MAX_DAYS


class CrmActionResult(models.Model):
    _inherit = "crm.action.result"

    grants_loyalty = fields.Boolean(related="action_id.grants_loyalty")
    loyalty_days = fields.Integer(
        default=90, retention_range=(0, MAX_DAYS), help="How long the salesperson keeps the customer.")
    loyalty_max_renewals = fields.Integer(
        string="Maximum Renewals", retention_range=LOYALTY_RENEWALS_RANGE,
        help="How many times the same holder may renew the loyalty (0 = no limit)."
    )
    loyalty_working_days = fields.Boolean(
        string="Count Working Days",
        help="Count the loyalty days on the company's working calendar, public holidays skipped.",
    )
    loyalty_extend = fields.Boolean(
        string="Extend Loyalty",
        help="When the customer goes from Active to Recently inactive during the loyalty, push its end by "
        "the loyalty days. No effect while the global setting Extend loyalty (Actives) is on.",
    )
    loyalty_global_extend = fields.Boolean(
        string="Global Extend Loyalty", compute="_compute_loyalty_global_extend",
        help="The global setting Extend loyalty (Actives) is on.",
    )

    _sql_constraints = [
        ("loyalty_days_positive", "CHECK(loyalty_days >= 0)", "Loyalty days cannot be negative."),
        ("loyalty_max_renewals_positive", "CHECK(loyalty_max_renewals >= 0)",
         "The maximum number of renewals cannot be negative."),
    ]

    def _compute_loyalty_global_extend(self):
        value = self.env["res.partner"]._loyalty_settings_read()[0]["extend_global"]  # the form opens anyway
        for result in self:
            result.loyalty_global_extend = value

    @api.onchange("action_id", "loyalty_days", "loyalty_max_renewals", "loyalty_working_days", "loyalty_extend")
    def _onchange_loyalty_global_extend(self):
        """LO-4: warn whoever creates or edits a loyalty result while the global setting is on."""
        if self.action_id.grants_loyalty and self.env["res.partner"]._loyalty_settings_read()[0]["extend_global"]:
            message = self.env._(
                "Attention! The global setting Extend loyalty (Actives) is enabled. It applies to every result. "
                "To extend loyalty per result, ask an administrator to disable the global setting."
            )
            return {"warning": {"title": self.env._("Extend loyalty"), "message": message}}
        return None
