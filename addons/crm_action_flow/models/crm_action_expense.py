from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .retention_bounds import EXPENSE_AMOUNT_RANGE, SHORT_TEXT_MAX_LENGTH

#: Who may change the expenses of another salesperson's log: those who may change that log (X-6).
EXPENSE_OTHERS_GROUP = "crm_action_flow.group_retention_admin"
#: Fields an expense takes from its log (for grouping and record rules); never typed.
FROM_LOG = ("partner_id", "campaign_id", "user_id", "date", "company_id")


class CrmActionExpense(models.Model):
    """AF-14 (Datasul "Lançamento de Despesa"): an expense of a logged action, expected and actual.

    An expense follows its log: who may see the log sees its expenses (record rules), and only the log's
    salesperson (else a retention Administrator, who may change any log) adds, changes or removes them.
    """

    _name = "crm.action.expense"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Action Expense"
    _order = "date desc, log_id desc, id"
    _check_company_auto = True

    log_id = fields.Many2one(
        "crm.action.log", string="Logged Action", required=True, index=True, ondelete="cascade",
    )
    type_id = fields.Many2one(
        "crm.action.expense.type", string="Expense Type", required=True, ondelete="restrict", check_company=True,
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, compute="_compute_currency_id", store=True, readonly=False, precompute=True,
        help="The log's company currency unless another is chosen.",
    )
    expected_amount = fields.Monetary(
        retention_range=EXPENSE_AMOUNT_RANGE,
        help="The expense planned for the action.",
    )
    actual_amount = fields.Monetary(
        retention_range=EXPENSE_AMOUNT_RANGE, help="What the action really cost.",
    )
    note = fields.Char(retention_text=SHORT_TEXT_MAX_LENGTH)
    # From the log, stored for grouping and record rules.
    partner_id = fields.Many2one(related="log_id.partner_id", store=True, index=True)
    campaign_id = fields.Many2one(related="log_id.campaign_id", store=True)
    user_id = fields.Many2one(related="log_id.user_id", store=True, index=True)
    date = fields.Date(related="log_id.date", store=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)

    @api.depends("log_id")
    def _compute_currency_id(self):
        for expense in self:
            if not expense.currency_id:
                expense.currency_id = (expense.log_id.company_id or self.env.company).currency_id

    @api.depends("type_id", "log_id")
    def _compute_display_name(self):
        for expense in self:
            expense.display_name = f"{expense.type_id.name or ''} – {expense.log_id.display_name or ''}"

    # ------------------------------------------------------------------ trust

    def _check_log_rights(self, logs):
        """An expense follows its log: the user must see the log and be its salesperson, or an Administrator.

        The same as changing the log itself (``crm.action.log`` is written by Administrators only; an
        Analyst adds expenses to the logs that are theirs). Superuser code is not restricted.
        """
        if self.env.su:
            return
        logs.check_access("read")
        if self.env.user.has_group(EXPENSE_OTHERS_GROUP):
            return
        foreign = logs.filtered(lambda log: log.user_id != self.env.user)
        if foreign:
            raise AccessError(self.env._(
                "An expense follows its logged action: %(user)s cannot change the expenses of %(logs)s, "
                "logged by %(others)s. Only a retention Administrator may.",
                user=self.env.user.name, logs=", ".join(foreign.mapped("display_name")),
                others=", ".join(foreign.user_id.mapped("name")),
            ))

    def _check_no_log_fields(self, vals):
        typed = [name for name in FROM_LOG if name in vals]
        if typed and not self.env.su:
            raise UserError(self.env._(
                "An expense takes its customer, campaign, salesperson, date and company from its logged "
                "action; they cannot be set on it (%(fields)s).",
                fields=", ".join(self._fields[name]._description_string(self.env) for name in typed),
            ))

    def _check_type(self, vals_list):
        if any(not vals.get("type_id") for vals in vals_list):
            raise UserError(self.env._("Every expense needs an expense type."))

    # ------------------------------------------------------------------ create / write

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")
        for vals in vals_list:
            self._check_no_log_fields(vals)
        if any(not vals.get("log_id") for vals in vals_list):
            raise UserError(self.env._("Every expense belongs to a logged action."))
        self._check_log_rights(self.env["crm.action.log"].browse({vals["log_id"] for vals in vals_list}))
        self._check_type(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self._check_no_log_fields(vals)
        logs = self.log_id
        if "log_id" in vals:
            if not vals["log_id"]:
                raise UserError(self.env._("Every expense belongs to a logged action."))
            logs |= self.env["crm.action.log"].browse(vals["log_id"])
        self._check_log_rights(logs)
        if "type_id" in vals:
            self._check_type([vals])
        return super().write(vals)

    def unlink(self):
        self.check_access("unlink")
        self._check_log_rights(self.log_id)
        return super().unlink()
