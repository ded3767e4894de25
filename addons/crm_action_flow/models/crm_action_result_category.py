from odoo import fields, models


class CrmActionResultCategory(models.Model):
    """AF-2: groups results for reporting (e.g. Contact made, No contact, Sale)."""

    _name = "crm.action.result.category"
    _description = "Result Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
