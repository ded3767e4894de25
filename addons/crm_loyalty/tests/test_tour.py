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
