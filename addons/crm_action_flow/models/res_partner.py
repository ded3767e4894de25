from odoo import api, fields, models

from .crm_retention_field_guard import ANALYST, RELATED


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.retention.field.guard"]

    action_log_ids = fields.One2many("crm.action.log", "partner_id", string="Action History")
    action_log_count = fields.Integer(compute="_compute_action_log_count", string="Actions")
    account_class_id = fields.Many2one("crm.account.class", tracking=True, index=True)

    @api.model
    def _retention_field_access(self):
        return {**super()._retention_field_access(), "action_log_ids": RELATED, "account_class_id": ANALYST}

    @api.depends("action_log_ids")
    def _compute_action_log_count(self):
        partners = self.commercial_partner_id
        counts = {
            partner.id: count
            for partner, count in self.env["crm.action.log"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        }
        for partner in self:
            partner.action_log_count = counts.get(partner.commercial_partner_id.id, 0)

    def action_open_log_wizard(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        context = {"default_partner_id": customer.id}
        if self != customer:  # else the dialog proposes the customer's main contact (AF-12)
            context["default_contact_id"] = self.id
        return self.env["crm.action.log.wizard"]._open_wizard(context)

    def action_view_action_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_action_flow.crm_action_log_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
