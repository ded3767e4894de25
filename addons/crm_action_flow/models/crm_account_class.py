from odoo import fields, models

from .retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE


class CrmAccountClass(models.Model):
    """AF-8: the class of an account (e.g. Suspect, Prospect, Customer), ordered by sequence."""

    _name = "crm.account.class"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Account Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    rule_ids = fields.One2many("crm.account.class.rule", "class_id", string="Transition Rules")

    def _next_class(self):
        """Return the class after this one in sequence order (empty on the last one)."""
        self.ensure_one()
        return self.search(
            ["|", ("sequence", ">", self.sequence), "&", ("sequence", "=", self.sequence), ("id", ">", self.id)],
            limit=1,
        )
