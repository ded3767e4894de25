from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_action_flow.models.retention_bounds import LONG_TEXT_MAX_LENGTH, NAME_MAX_LENGTH


class CrmPortfolioSegment(models.Model):
    """PO-7: a saved rule selecting customers, built with Odoo's domain editor."""

    _name = "crm.portfolio.segment"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Customer Segment"
    _order = "name, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    domain = fields.Char(string="Rule", required=True, default="[]", retention_text=LONG_TEXT_MAX_LENGTH)
    customer_count = fields.Integer(compute="_compute_customer_count")

    def _get_domain(self):
        self.ensure_one()
        try:
            domain = literal_eval(self.domain or "[]")
        except (ValueError, SyntaxError) as error:
            raise ValidationError(self.env._("The rule of segment %(name)s is not valid.", name=self.name)) from error
        return [("is_company", "=", True)] + list(domain)

    def _compute_customer_count(self):
        Partner = self.env["res.partner"]
        for segment in self:
            segment.customer_count = Partner.search_count(segment._get_domain())

    def _check_domain_valid(self):
        for segment in self:
            try:
                self.env["res.partner"].search_count(segment._get_domain())
            except Exception as error:
                raise ValidationError(
                    self.env._("The rule of segment %(name)s is not valid: %(error)s", name=segment.name, error=error)
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        segments = super().create(vals_list)
        segments._check_domain_valid()
        return segments

    def write(self, vals):
        res = super().write(vals)
        if "domain" in vals:
            self._check_domain_valid()
        return res

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.res_partner_customer_base_action")
        action["context"] = {"search_default_segment_id": self.id}
        return action
