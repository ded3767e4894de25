from odoo import fields, models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    default_action_id = fields.Many2one(
        "crm.action", help="Action proposed when an action is logged for this campaign."
    )
