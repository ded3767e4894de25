from odoo import api, fields, models

from . import loyalty_rules


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
        # The lenient reader: the settings must open (and be corrected) even when a stored value is bad.
        ids = self.env["res.partner"]._loyalty_settings_read()[0]["ignored_user_ids"]
        for settings in self:
            settings.crm_loyalty_ignored_user_ids = self.env["res.users"].browse(ids).exists()

    def _inverse_crm_loyalty_ignored_user_ids(self):
        for settings in self:
            self.env["ir.config_parameter"].sudo().set_param(
                "crm_loyalty.ignored_user_ids", ",".join(str(i) for i in settings.crm_loyalty_ignored_user_ids.ids)
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._crm_loyalty_check_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._crm_loyalty_check_vals(vals)
        return super().write(vals)

    @api.model
    def _crm_loyalty_check_vals(self, vals):
        """Bounds checked on the typed values before anything is stored (a number beyond the database's
        integers would otherwise fail as a technical error), whole floats and plain decimal texts stored as
        integers (``vals`` updated); the constraint below checks the result."""
        typed = {
            key: loyalty_rules.typed_integer(vals[f"crm_loyalty_{key}"])
            for key, spec in loyalty_rules.SETTINGS.items() if spec.kind == "int" and f"crm_loyalty_{key}" in vals
        }
        if typed:
            self.env["res.partner"]._loyalty_check_typed_settings(typed)
            vals.update({f"crm_loyalty_{key}": value for key, value in typed.items()})

    @api.constrains(*(f"crm_loyalty_{key}" for key, spec in loyalty_rules.SETTINGS.items() if spec.kind == "int"))
    def _check_crm_loyalty_settings(self):
        """X-3: every number within its bounds (loyalty_rules.SETTINGS), Recently inactive after Active."""
        for settings in self:
            settings.env["res.partner"]._loyalty_check_typed_settings({
                key: settings[f"crm_loyalty_{key}"]
                for key, spec in loyalty_rules.SETTINGS.items() if spec.kind == "int"
            })

    @api.model
    def get_values(self):
        # Odoo reads a stored "False" as True (bool of a non-empty text): read the booleans strictly.
        values = super().get_values()
        settings = self.env["res.partner"]._loyalty_settings_read()[0]
        values.update({
            f"crm_loyalty_{key}": settings[key] for key, spec in loyalty_rules.SETTINGS.items() if spec.kind == "bool"
        })
        return values

    def set_values(self):
        res = super().set_values()
        # Odoo deletes the parameter of an unticked boolean, which then reads as its default: a setting
        # whose default is True (keep loyalty on category change) could never be switched off. Store both.
        ICP = self.env["ir.config_parameter"].sudo()
        for key, spec in loyalty_rules.SETTINGS.items():
            if spec.kind == "bool":
                ICP.set_param(f"crm_loyalty.{key}", str(bool(self[f"crm_loyalty_{key}"])))
        return res
