from odoo import api, fields, models

from .service_cycle_rules import CYCLE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_action_flow_service_cycle = fields.Boolean(
        string="Use the service cycle", default=True,
        help="Stages ask their service cycle questions and the required ones must be answered before an "
        "opportunity leaves its stage. Off: no question is asked nor required.",
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        values["crm_action_flow_service_cycle"] = self.env["crm.lead"]._cycle_enabled()
        return values

    def set_values(self):
        res = super().set_values()
        # Stored as "True"/"False": a missing parameter means ON, so an unticked box must be written.
        self.env["ir.config_parameter"].sudo().set_param(CYCLE_PARAM, str(bool(self.crm_action_flow_service_cycle)))
        return res
