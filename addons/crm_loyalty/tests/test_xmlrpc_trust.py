"""X-6 as integrators reach the server: XML-RPC calls with users of each profile."""

import base64
import xmlrpc.client
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpcTrust(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = "sales_team.group_sale_salesman_all_leads"
        retention = "crm_action_flow.group_retention"
        cls.sales = new_test_user(cls.env, "rpc_sales", groups=f"{sales},base.group_partner_manager")
        cls.readonly = new_test_user(cls.env, "rpc_readonly", groups=f"{sales},{retention}_readonly")
        cls.analyst = new_test_user(cls.env, "rpc_analyst", groups=f"{sales},{retention}_analyst")
        cls.holder = new_test_user(cls.env, "rpc_holder", groups=f"{sales},{retention}_analyst")
        todo = cls.env.ref("mail.mail_activity_data_todo")
        action = cls.env["crm.action"].create({"name": "RPC loyalty", "grants_loyalty": True,
                                               "activity_type_id": todo.id})
        cls.result = cls.env["crm.action.result"].create(
            {"name": "RPC closed", "action_id": action.id, "outcome": "positive", "loyalty_days": 30}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Empório RPC", "is_company": True})
        cls.env["crm.action.log"].with_user(cls.holder).create({
            "partner_id": cls.customer.id, "action_id": action.id, "result_id": cls.result.id,
            "date": date.today(), "user_id": cls.holder.id,
        })

    def call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def assertFault(self, pattern, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call(user, model, method, *args, **kwargs)
        self.assertRegex(caught.exception.faultString, pattern)

    def test_ownership_fields_refused_over_rpc(self):
        """A partner editor cannot make themselves loyalty holder with a plain write (LO-2, X-6)."""
        self.assertFault(
            "cannot be written directly", self.sales, "res.partner", "write", [self.customer.id],
            {"loyalty_user_id": self.sales.id, "loyalty_end": "2099-12-31"},
        )
        self.assertFault(
            "cannot be written directly", self.analyst, "res.partner", "write", [self.customer.id],
            {"retention_category": "active", "last_won_date": "2026-01-01"},
        )
        self.assertFault(
            "cannot be written directly", self.analyst, "res.partner", "write", [self.customer.id],
            {"customer_state": "cancelled"},
        )
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.loyalty_user_id, self.holder)
        self.assertNotEqual(self.customer.loyalty_end, date(2099, 12, 31))
        self.assertFalse(self.customer.retention_category)
        self.assertEqual(self.customer.customer_state, "active")

    def test_operational_fields_need_the_analyst_profile(self):
        portfolio = self.env["crm.portfolio"].create({"name": "RPC portfolio", "manager_id": self.holder.id})
        self.assertFault(
            "analysts and administrators", self.readonly, "res.partner", "write", [self.customer.id],
            {"portfolio_id": portfolio.id},
        )
        self.assertFault("analysts and administrators", self.readonly, "res.partner", "action_assign_to_me",
                         [self.customer.id])
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.portfolio_id)
        self.assertFalse(self.customer.agent_ids)
        # The Analyst may, and the button answers something XML-RPC can marshal.
        self.assertIs(self.call(self.analyst, "res.partner", "action_assign_to_me", [self.customer.id]), True)
        self.assertIs(self.call(self.analyst, "res.partner", "action_unassign", [self.customer.id]), True)
        self.assertTrue(self.call(self.analyst, "res.partner", "write", [self.customer.id],
                                  {"portfolio_id": portfolio.id}))
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.portfolio_id, portfolio)
        self.assertEqual(self.customer.success_manager_id, self.holder)

    def test_foreign_attachment_refused_over_rpc(self):
        """An Analyst cannot attach (and so steal) a file that is not theirs through the Log action dialog."""
        lead = self.env["crm.lead"].create({"name": "RPC deal", "partner_id": self.customer.id, "type": "opportunity"})
        private = self.env["ir.attachment"].create({
            "name": "contract.pdf", "datas": base64.b64encode(b"%PDF-1.4 secret"),
            "res_model": "crm.lead", "res_id": lead.id,
        })
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            wizard_id = self.call(self.analyst, "crm.action.log.wizard", "create", {
                "partner_id": self.customer.id, "action_id": self.result.action_id.id,
                "result_id": self.result.id, "attachment_ids": [(6, 0, [private.id])],
            })
            self.call(self.analyst, "crm.action.log.wizard", "action_log", [wizard_id])
        self.assertIn("contract.pdf", caught.exception.faultString)
        private.invalidate_recordset()
        self.assertEqual((private.res_model, private.res_id), ("crm.lead", lead.id))
        self.assertFalse(self.env["crm.action.log"].search([("attachment_ids", "in", private.ids)]))
