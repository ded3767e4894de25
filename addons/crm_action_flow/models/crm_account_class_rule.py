from odoo import fields, models

from .retention_bounds import CLASS_RULE_COUNT_RANGE


class CrmAccountClassRule(models.Model):
    """AF-8: move an account to the next class at the N-th log of a result while in a class."""

    _name = "crm.account.class.rule"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Class Transition Rule"
    _order = "class_id, id"

    class_id = fields.Many2one("crm.account.class", required=True, ondelete="cascade")
    result_id = fields.Many2one("crm.action.result", required=True, ondelete="cascade")
    count = fields.Integer(
        string="Number of Results", default=1, required=True, retention_range=CLASS_RULE_COUNT_RANGE
    )
    next_class_id = fields.Many2one(
        "crm.account.class",

        help="Class the account moves to; the class following this one when empty.",
    )

    _sql_constraints = [
        ("count_positive", "CHECK(count > 0)", "The number of results of a transition rule must be positive."),
        ("class_result_uniq", "unique(class_id, result_id)", "A class has one transition rule per result."),
    ]
