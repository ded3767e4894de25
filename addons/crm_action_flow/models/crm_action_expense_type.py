from odoo import api, fields, models
from odoo.exceptions import UserError

from .retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE


class CrmActionExpenseType(models.Model):
    """AF-14: what an expense of a logged action is for (e.g. Travel, Meals, Samples)."""

    _name = "crm.action.expense.type"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Expense Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to offer the type in every company.")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["crm.action.expense"].sudo().search([("type_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(self.env._(
                "Expense type “%(type)s” is used by logged expenses: archive it instead of deleting it.",
                type=used.type_id.name,
            ))
