from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    assigned_partner_ids = fields.Many2many(
        "res.partner", "crm_portfolio_partner_agent_rel", "user_id", "partner_id", string="Assigned Customers",
        readonly=True,
    )
