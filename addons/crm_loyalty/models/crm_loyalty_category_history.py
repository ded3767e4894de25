from odoo import fields, models

CATEGORY_SELECTION = [
    ("prospect", "Prospect"),
    ("active", "Active"),
    ("recently_inactive", "Recently inactive"),
    ("inactive", "Inactive"),
]


class CrmLoyaltyCategoryHistory(models.Model):
    """LO-5: every change of a customer's category, with its cause."""

    _name = "crm.loyalty.category.history"
    _description = "Customer Category Change"
    _order = "date desc, id desc"
    _log_access = True

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    category_from = fields.Selection(CATEGORY_SELECTION, string="From")
    category_to = fields.Selection(CATEGORY_SELECTION, string="To", required=True)
    date = fields.Date(required=True)
    cause = fields.Selection(
        [("first", "First categorization"), ("last_won", "Last won opportunity date")], required=True
    )
