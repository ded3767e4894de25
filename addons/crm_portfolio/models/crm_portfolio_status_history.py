from odoo import fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import LONG_TEXT_MAX_LENGTH


class CrmPortfolioStatusHistory(models.Model):
    """PO-9: every cancellation and reactivation of a customer, with date and reason."""

    _name = "crm.portfolio.status.history"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Customer Status Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    state = fields.Selection([("active", "Active"), ("cancelled", "Cancelled")], required=True)
    date = fields.Date(required=True, retention_date=True)
    reason = fields.Text(retention_text=LONG_TEXT_MAX_LENGTH)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
