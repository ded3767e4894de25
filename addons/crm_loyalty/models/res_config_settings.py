from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_loyalty_active_days = fields.Integer(
        string="Days for Active", config_parameter="crm_loyalty.active_days", default=90,
        help="A customer whose last won opportunity is at most this old is Active.",
    )
    crm_loyalty_recently_inactive_days = fields.Integer(
        string="Days for Recently Inactive", config_parameter="crm_loyalty.recently_inactive_days", default=180,
        help="Beyond the Active days and up to this age of the last win, the customer is Recently inactive; "
        "older, Inactive.",
    )
    crm_loyalty_clear_after_days = fields.Integer(
        string="Clear After (days)", config_parameter="crm_loyalty.clear_after_days",
        help="An Inactive customer whose last win is older than this leaves its salesperson (0 = never).",
    )
    crm_loyalty_keep_on_category_change = fields.Boolean(
        string="Keep Loyalty on Category Change", config_parameter="crm_loyalty.keep_on_category_change",
        default=True,
    )
    crm_loyalty_erp_owner_absolute = fields.Boolean(
        string="ERP Owner Is Absolute", config_parameter="crm_loyalty.erp_owner_absolute",
        help="A customer whose Salesperson was set by hand cannot be taken under loyalty by anyone else.",
    )
    crm_loyalty_ignored_user_ids = fields.Many2many(
        "res.users", string="ERP Users to Ignore", compute="_compute_crm_loyalty_ignored_user_ids",
        inverse="_inverse_crm_loyalty_ignored_user_ids",
        help="Salespeople whose ownership never blocks a loyalty (e.g. integration users).",
    )
    crm_loyalty_keep_activities = fields.Boolean(
        string="Keep Scheduled Activities", config_parameter="crm_loyalty.keep_activities",
        help="Keep the customer's future activities when it leaves a salesperson.",
    )
    crm_loyalty_extend_global = fields.Boolean(
        string="Extend Loyalty (Actives)", config_parameter="crm_loyalty.extend_global",
        help="When an Active customer becomes Recently inactive during its loyalty, extend it, for every result.",
    )
    crm_loyalty_warn_days = fields.Integer(
        string="Warn Days Before Release", config_parameter="crm_loyalty.warn_days",
        help="Plan an activity for the holder this many days before the loyalty ends (0 = no warning).",
    )
    crm_loyalty_max_customers = fields.Integer(
        string="Maximum Customers per Salesperson", config_parameter="crm_loyalty.max_customers",
        help="Customers one salesperson may hold under loyalty at once (0 = no limit).",
    )
    crm_loyalty_cooldown_days = fields.Integer(
        string="Reclaim Cooldown (days)", config_parameter="crm_loyalty.cooldown_days",
        help="Days during which a released customer cannot be taken again by its previous holder.",
    )

    @api.depends("company_id")
    def _compute_crm_loyalty_ignored_user_ids(self):
        ids = self.env["res.partner"]._loyalty_settings()["ignored_user_ids"]
        for settings in self:
            settings.crm_loyalty_ignored_user_ids = self.env["res.users"].browse(ids).exists()

    def _inverse_crm_loyalty_ignored_user_ids(self):
        for settings in self:
            self.env["ir.config_parameter"].sudo().set_param(
                "crm_loyalty.ignored_user_ids", ",".join(str(i) for i in settings.crm_loyalty_ignored_user_ids.ids)
            )

    @api.constrains(
        "crm_loyalty_active_days", "crm_loyalty_recently_inactive_days", "crm_loyalty_clear_after_days",
        "crm_loyalty_warn_days", "crm_loyalty_max_customers", "crm_loyalty_cooldown_days",
    )
    def _check_crm_loyalty_days(self):
        for settings in self:
            values = (
                settings.crm_loyalty_active_days, settings.crm_loyalty_recently_inactive_days,
                settings.crm_loyalty_clear_after_days, settings.crm_loyalty_warn_days,
                settings.crm_loyalty_max_customers, settings.crm_loyalty_cooldown_days,
            )
            if any(v < 0 for v in values):
                raise models.ValidationError(self.env._("Categorization settings cannot be negative."))
            if settings.crm_loyalty_active_days < 1:
                raise models.ValidationError(self.env._("Days for Active must be at least 1."))
            if settings.crm_loyalty_recently_inactive_days <= settings.crm_loyalty_active_days:
                raise models.ValidationError(
                    self.env._("Days for Recently inactive must be greater than days for Active.")
                )
