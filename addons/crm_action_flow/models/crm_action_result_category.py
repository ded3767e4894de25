from odoo import fields, models

from .retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE


class CrmActionResultCategory(models.Model):
    """AF-2: groups results for reporting (e.g. Contact made, No contact, Sale)."""

    _name = "crm.action.result.category"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Result Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
