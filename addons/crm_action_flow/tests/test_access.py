from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestAccess(ActionFlowCase):
    """AF-10 and X-4: four levels of one privilege; own-documents salespeople see their own logs."""

    def test_profiles_are_one_privilege_with_implied_levels(self):
        readonly = self.env.ref("crm_action_flow.group_retention_readonly")
        analyst = self.env.ref("crm_action_flow.group_retention_analyst")
        admin = self.env.ref("crm_action_flow.group_retention_admin")
        self.assertEqual(readonly.category_id, admin.category_id)
        self.assertIn(readonly, analyst.implied_ids)
        self.assertIn(analyst, admin.implied_ids)
        self.assertIn(admin, self.env.ref("sales_team.group_sale_manager").implied_ids)
        manager = self.env["res.users"].create({
            "name": "Sales boss", "login": "af_boss",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_manager").id])],
        })
        self.assertTrue(manager.has_group("crm_action_flow.group_retention_admin"))

    def test_readonly_reads_but_cannot_log(self):
        self.customer.user_id = self.user_readonly  # an own-documents salesperson reads their customers' logs
        self.log()
        logs = self.env["crm.action.log"].with_user(self.user_readonly).search([])
        self.assertTrue(logs)
        with self.assertRaises(AccessError):
            self.log(user=self.user_readonly)
        with self.assertRaises(AccessError):
            self.action_call.with_user(self.user_readonly).name = "Renamed"

    def test_analyst_logs_but_cannot_configure(self):
        log, _wizard, _action = self.log(user=self.user_analyst)
        self.assertTrue(log)
        with self.assertRaises(AccessError):
            self.action_call.with_user(self.user_analyst).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["crm.action.result"].with_user(self.user_analyst).create(
                {"name": "New", "action_id": self.action_call.id}
            )
        with self.assertRaises(AccessError):
            log.with_user(self.user_analyst).detail = "rewritten history"

    def test_administrator_configures(self):
        self.action_call.with_user(self.user_admin_profile).name = "Phone call"
        self.assertEqual(self.action_call.name, "Phone call")

    def test_no_profile_no_access(self):
        nobody = self.env["res.users"].create({
            "name": "Plain salesman", "login": "af_plain",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
        })
        with self.assertRaises(AccessError):
            self.env["crm.action.log"].with_user(nobody).search([])
        # The customer form still opens for them: retention fields are hidden, not failing.
        self.customer.with_user(nobody).read(["name"])

    def test_own_documents_salesperson_sees_only_own_customers_logs(self):
        mine = self.env["res.partner"].create({"name": "Mine Ltda", "is_company": True, "user_id": self.user_own.id})
        theirs = self.env["res.partner"].create(
            {"name": "Theirs Ltda", "is_company": True, "user_id": self.user_own_other.id}
        )
        log_mine, _w, _a = self.log(user=self.user_analyst, partner_id=mine.id)
        log_theirs, _w, _a = self.log(user=self.user_analyst, partner_id=theirs.id)
        visible = self.env["crm.action.log"].with_user(self.user_own).search([])
        self.assertIn(log_mine, visible)
        self.assertNotIn(log_theirs, visible)
        all_visible = self.env["crm.action.log"].with_user(self.user_analyst).search([])
        self.assertIn(log_theirs, all_visible, "all-documents salespeople see every log")

    def test_logs_of_another_company_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "AF Filial"})
        log = self.env["crm.action.log"].create({
            "partner_id": self.customer.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id, "company_id": other_company.id,
        })
        self.assertNotIn(log, self.env["crm.action.log"].with_user(self.user_analyst).search([]))
        self.user_analyst.company_ids |= other_company
        visible = self.env["crm.action.log"].with_user(self.user_analyst).with_context(
            allowed_company_ids=[self.env.company.id, other_company.id]
        ).search([])
        self.assertIn(log, visible)
