from odoo import fields, models


class CrmAction(models.Model):
    _inherit = "crm.action"

    grants_loyalty = fields.Boolean(
        help="Logging a result of this action makes the salesperson the customer's loyalty holder."
    )
