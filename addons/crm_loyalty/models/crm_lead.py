from odoo import api, models

# Fields of an opportunity that change its customer's last won date.
LAST_WON_FIELDS = {"partner_id", "probability", "stage_id", "date_closed", "active"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._loyalty_sync_customers(leads._loyalty_won_customers())
        return leads

    def write(self, vals):
        # Only won opportunities count: one won before or after the write changes its customers' date.
        before = self._loyalty_won_customers() if LAST_WON_FIELDS.intersection(vals) else None
        result = super().write(vals)
        if before is not None:
            self._loyalty_sync_customers(before | self._loyalty_won_customers())
        return result

    def unlink(self):
        partners = self._loyalty_won_customers()
        result = super().unlink()
        self._loyalty_sync_customers(partners)
        return result

    def _loyalty_won_customers(self):
        return self.filtered(lambda lead: lead.probability == 100).partner_id

    def _loyalty_sync_customers(self, partners):
        """Keep the last won date of these customers' companies current (one SQL statement)."""
        companies = partners.commercial_partner_id
        if companies:
            self.env["res.partner"].sudo()._loyalty_sync_last_won(partner_ids=companies.ids)
