from odoo import api, fields, models

from ..models.retention_bounds import EXPENSE_AMOUNT_RANGE, SHORT_TEXT_MAX_LENGTH


class CrmActionLogWizardExpense(models.TransientModel):
    """AF-14: an expense line of the Log action dialog, created with the log."""

    _name = "crm.action.log.wizard.expense"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Log Action: Expense"

    wizard_id = fields.Many2one("crm.action.log.wizard", string="Log Action", required=True, ondelete="cascade")
    type_id = fields.Many2one("crm.action.expense.type", string="Expense Type")
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, readonly=False, precompute=True,
    )
    expected_amount = fields.Monetary(retention_range=EXPENSE_AMOUNT_RANGE)
    actual_amount = fields.Monetary(retention_range=EXPENSE_AMOUNT_RANGE)
    note = fields.Char(retention_text=SHORT_TEXT_MAX_LENGTH)

    @api.depends("wizard_id.partner_id")
    def _compute_currency_id(self):
        for line in self:
            if not line.currency_id:
                company = line.wizard_id.partner_id.commercial_partner_id.company_id or self.env.company
                line.currency_id = company.currency_id

    def _expense_values(self):
        self.ensure_one()
        return {
            "type_id": self.type_id.id,
            "currency_id": self.currency_id.id,
            "expected_amount": self.expected_amount,
            "actual_amount": self.actual_amount,
            "note": self.note,
        }
