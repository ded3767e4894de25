from datetime import date, timedelta

from odoo import Command
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


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCustomer360HeaderTour(HttpCase):
    """Browser tour of JO-8 (completed): the Customer 360 header of a company form."""

    def test_customer_360_header_tour(self):
        admin = self.env.ref("base.user_admin")
        today = date.today()
        journey = self.env["crm.journey"].create({"name": "Tour360 journey", "stage_ids": [
            Command.create({"name": "Tour360 Kick-off", "sequence": 1})]})
        portfolio = self.env["crm.portfolio"].create(
            {"name": "Tour360 portfolio", "manager_id": admin.id, "journey_id": journey.id})
        holder = self.env["res.users"].create({"name": "Tour360 Holder", "login": "lo_tour360_holder"})
        customer = self.env["res.partner"].create({
            "name": "Tour360 Customer", "is_company": True, "portfolio_id": portfolio.id,
            "account_class_id": self.env["crm.account.class"].create({"name": "Tour360 class"}).id,
            "agent_ids": [Command.set(admin.ids)], "next_renewal_date": today + timedelta(days=20),
        })
        customer.sudo().write({"loyalty_user_id": holder.id, "loyalty_end": today + timedelta(days=30),
                               "retention_category": "active"})
        action = self.env["crm.action"].create({"name": "Tour360 visit"})
        result = self.env["crm.action.result"].create({"name": "Tour360 met", "action_id": action.id})
        self.env["crm.action.log"].create({"partner_id": customer.id, "action_id": action.id,
                                           "result_id": result.id, "date": today})
        customer.activity_schedule(act_type_xmlid="mail.mail_activity_data_todo", user_id=admin.id,
                                   summary="Tour360 follow-up", date_deadline=today + timedelta(days=2))
        self.start_tour(f"/odoo/res.partner/{customer.id}", "crm_loyalty_360_header", login="admin")
