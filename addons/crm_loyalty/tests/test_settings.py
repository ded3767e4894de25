from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import LoyaltyCase

WARNING = (
    "Attention! The global setting Extend loyalty (Actives) is enabled. It applies to every result. "
    "To extend loyalty per result, ask an administrator to disable the global setting."
)


@tagged("post_install", "-at_install", "crm_loyalty")
class TestSettings(LoyaltyCase):
    """LO-3 settings for system administrators only; LO-4 warning and banner."""

    def test_settings_are_stored_as_parameters(self):
        settings = self.env["res.config.settings"].create({
            "crm_loyalty_active_days": 60, "crm_loyalty_recently_inactive_days": 120,
            "crm_loyalty_extend_global": True, "crm_loyalty_ignored_user_ids": [(6, 0, [self.bruno.id])],
        })
        settings.execute()
        values = self.env["res.partner"]._loyalty_settings()
        self.assertEqual((values["active_days"], values["recently_inactive_days"]), (60, 120))
        self.assertTrue(values["extend_global"])
        self.assertEqual(values["ignored_user_ids"], [self.bruno.id])
        self.assertEqual(self.env["res.config.settings"].create({}).crm_loyalty_ignored_user_ids, self.bruno)

    def test_bad_thresholds_are_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"Days for Recently Inactive \(30\) must be greater than Days for Active \(90\)"
        ):
            self.env["res.config.settings"].create(
                {"crm_loyalty_active_days": 90, "crm_loyalty_recently_inactive_days": 30}
            )
        with self.assertRaisesRegex(ValidationError, "Reclaim Cooldown \\(days\\) must be between 0 and 3650, not -1"):
            self.env["res.config.settings"].create({"crm_loyalty_cooldown_days": -1})
        self.assertEqual(self.env["res.partner"]._loyalty_settings()["active_days"], 90)

    def test_only_system_administrators_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.manager).create({"crm_loyalty_extend_global": True})
        admin = new_test_user(self.env, "lo_sysadmin", groups="base.group_system,sales_team.group_sale_manager")
        self.env["res.config.settings"].with_user(admin).create({"crm_loyalty_extend_global": True}).execute()
        self.assertTrue(self.env["res.partner"]._loyalty_settings()["extend_global"])

    def test_warning_when_editing_a_loyalty_result_with_global_on(self):
        self.set_settings(extend_global=True)
        result = self.env["crm.action.result"].new({"action_id": self.action.id, "name": "X"})
        warning = result._onchange_loyalty_global_extend()
        self.assertEqual(warning["warning"]["message"], WARNING)
        self.assertTrue(self.result.loyalty_global_extend, "the form shows the banner")

    def test_no_warning_with_global_off_or_for_other_actions(self):
        result = self.env["crm.action.result"].new({"action_id": self.action.id, "name": "X"})
        self.assertIsNone(result._onchange_loyalty_global_extend())
        self.assertFalse(self.result.loyalty_global_extend)
        self.set_settings(extend_global=True)
        plain = self.env["crm.action"].create({"name": "Plain call"})
        result = self.env["crm.action.result"].new({"action_id": plain.id, "name": "Y"})
        self.assertIsNone(result._onchange_loyalty_global_extend())

    def test_form_onchange_returns_the_warning(self):
        self.set_settings(extend_global=True)
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs, \
                Form(self.env["crm.action.result"]) as form:
            form.name = "Renewed"
            form.action_id = self.action
        self.assertIn(WARNING, "\n".join(logs.output))
