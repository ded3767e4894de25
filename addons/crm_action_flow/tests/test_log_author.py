from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogAuthor(ActionFlowCase):
    """X-6: a log is by its author; a sales manager may log for another salesperson, explicitly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, "af_manager", groups="sales_team.group_sale_manager",
                                    name="Gina Gerente")
        cls.user_own_other.name = "Otto Vendedor"

    def customer_logs(self):
        return self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])

    def test_analyst_cannot_log_for_another_salesperson_in_the_dialog(self):
        with self.assertRaisesRegex(AccessError, "A log is by its author: .* cannot log an action for Otto Vendedor"):
            self.log(user=self.user_analyst, user_id=self.user_own_other.id)
        self.assertFalse(self.customer_logs())
        self.assertFalse(self.customer.message_ids.filtered(lambda m: "No answer" in (m.body or "")))

    def test_analyst_cannot_log_for_another_salesperson_over_rpc(self):
        Log = self.env["crm.action.log"].with_user(self.user_analyst)
        with self.assertRaisesRegex(AccessError, "Only a sales manager may log for another salesperson"):
            Log.create({
                "partner_id": self.customer.id, "action_id": self.action_call.id,
                "result_id": self.result_call_no_answer.id, "user_id": self.user_own_other.id,
            })
        self.assertFalse(self.customer_logs())
        # Logging for oneself, with or without the field, is the normal case.
        log = Log.create({"partner_id": self.customer.id, "action_id": self.action_call.id,
                          "result_id": self.result_call_no_answer.id, "user_id": self.user_analyst.id})
        self.assertEqual(log.user_id, self.user_analyst)
        self.assertNotIn("Logged by", self.customer.message_ids[0].body)

    def test_manager_logs_for_another_salesperson_and_the_chatter_says_so(self):
        log, _wizard, _action = self.log(user=self.manager, user_id=self.user_own_other.id)
        self.assertEqual(log.user_id, self.user_own_other)
        self.assertEqual(log.create_uid, self.manager)
        message = self.customer.message_ids[0]
        self.assertIn("Logged by Gina Gerente for Otto Vendedor", message.body)
        self.assertEqual(message.author_id, self.manager.partner_id)

    def test_the_salesperson_field_is_editable_only_for_managers(self):
        context = {"default_partner_id": self.customer.id}
        form = Form(self.env["crm.action.log.wizard"].with_user(self.user_analyst).with_context(**context))
        self.assertEqual(form.user_id, self.user_analyst)
        with self.assertRaises(AssertionError, msg="read-only for an Analyst"):
            form.user_id = self.user_own_other
        form = Form(self.env["crm.action.log.wizard"].with_user(self.manager).with_context(**context))
        form.user_id = self.user_own_other
        form.action_id = self.action_call
        form.result_id = self.result_call_no_answer
        wizard = form.save()
        wizard.action_log()
        self.assertEqual(self.customer_logs().user_id, self.user_own_other)

    def test_salesperson_of_a_log_changes_only_by_a_manager(self):
        log, _wizard, _action = self.log(user=self.user_analyst)
        # A retention Administrator may edit logs, but not re-assign them (to someone else or to themselves).
        admin = new_test_user(self.env, "af_admin_all", groups="sales_team.group_sale_salesman_all_leads,"
                                                           "crm_action_flow.group_retention_admin")
        for user in (self.user_own_other, admin):
            with self.assertRaisesRegex(AccessError, "Only a sales manager may change the salesperson"):
                log.with_user(admin).user_id = user
            self.assertEqual(log.user_id, self.user_analyst)
        log.with_user(admin).write({"detail": "typo fixed", "user_id": self.user_analyst.id})
        self.assertEqual(log.detail, "typo fixed")
        log.with_user(self.manager).user_id = self.user_own_other
        self.assertEqual(log.user_id, self.user_own_other)

    def test_superuser_code_paths_are_not_restricted(self):
        log = self.env["crm.action.log"].with_user(self.user_analyst).sudo().create({
            "partner_id": self.customer.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id, "user_id": self.user_own_other.id,
        })
        self.assertEqual(log.user_id, self.user_own_other)
