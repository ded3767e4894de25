from odoo import models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_open_log_wizard(self):
        """From an activity's Done button: log the action, then mark the activity done (AF-4)."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id) if self.res_model in ("res.partner", "crm.lead") else None
        if not record:
            raise UserError(self.env._("Actions are logged on customers and opportunities only."))
        partner = record if record._name == "res.partner" else record.partner_id
        if not partner:
            raise UserError(self.env._("Set a customer on “%(record)s” before logging an action.",
                                       record=record.display_name))
        action = self.env["crm.action"].search([("activity_type_id", "=", self.activity_type_id.id)], limit=1)
        context = {
            "default_partner_id": partner.commercial_partner_id.id,
            "default_contact_id": partner.id if partner.parent_id else False,
            "default_activity_id": self.id,
            "default_description": self.note,
        }
        if record._name == "crm.lead":
            context.update(default_lead_id=record.id, default_campaign_id=record.campaign_id.id,
                           default_medium_id=record.medium_id.id)
        if action:
            context["default_action_id"] = action.id
        return self.env["crm.action.log.wizard"]._open_wizard(context)
