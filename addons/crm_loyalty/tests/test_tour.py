from datetime import date, timedelta

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_loyalty")
class TestLoyaltyTour(HttpCase):
    """Browser tour: the global setting turned on in Settings makes loyalty results warn (LO-4)."""

    def test_global_extend_warning(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        action = self.env["crm.action"].create(
            {"name": "Tour Loyalty", "grants_loyalty": True, "activity_type_id": todo.id}
        )
        result = self.env["crm.action.result"].create({"name": "Tour Closed", "action_id": action.id})
        self.start_tour("/odoo/action-crm.crm_config_settings_action", "crm_loyalty_enable_global_extend",
                        login="admin")
        self.assertEqual(self.env["ir.config_parameter"].get_param("crm_loyalty.extend_global"), "True")
        self.start_tour(f"/odoo/action-crm_action_flow.crm_action_result_action/{result.id}",
                        "crm_loyalty_result_warning", login="admin")


@tagged("post_install", "-at_install", "crm_loyalty")
class TestWorklistsTour(HttpCase):
    """Browser tour of LO-10: My loyal customers, loyalty ending in 7 days, customers by category and holder,
    category changes."""

    def test_worklists_tour(self):
        admin = self.env.ref("base.user_admin")
        other = self.env["res.users"].create({"name": "Tour Holder", "login": "lo_tour_holder"})
        today = date.today()
        Partner = self.env["res.partner"]
        for name, holder, days in (("Tour Soon", admin, 3), ("Tour Later", admin, 40),
                                   ("Tour Other holder", other, 2)):
            Partner.create({"name": name, "is_company": True}).sudo().write({
                "loyalty_user_id": holder.id, "loyalty_end": today + timedelta(days=days),
                "retention_category": "active",
            })
        soon = Partner.search([("name", "=", "Tour Soon")])
        self.env["crm.loyalty.category.history"].sudo().create({
            "partner_id": soon.id, "category_from": "active", "category_to": "recently_inactive",
            "date": today, "cause": "last_won",
        })
        self.start_tour("/odoo/action-crm_loyalty.res_partner_my_loyal_action", "crm_loyalty_worklists",
                        login="admin")
