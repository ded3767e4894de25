from odoo import fields, models

from .retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE


class CrmActionDetail(models.Model):
    """AF-12: a detail that justifies a result, offered in the Log action dialog for its action."""

    _name = "crm.action.detail"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Action Detail"
    _order = "action_id, sequence, name, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    action_id = fields.Many2one("crm.action", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="action_id.company_id", store=True)

    _sql_constraints = [
        ("name_action_uniq", "unique(name, action_id)", "This action already offers this detail."),
    ]
