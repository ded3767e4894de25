from odoo import fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import LONG_TEXT_MAX_LENGTH


class CrmPortfolioCancelWizard(models.TransientModel):
    """PO-9: cancelling a customer asks the date and the reason."""

    _name = "crm.portfolio.cancel.wizard"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Cancel Customer"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, retention_date=True)
    reason = fields.Text(required=True, retention_text=LONG_TEXT_MAX_LENGTH)

    def action_confirm(self):
        self.ensure_one()
        self.partner_id._portfolio_cancel(self.date, self.reason)
        return {"type": "ir.actions.act_window_close"}
