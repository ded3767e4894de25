from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_portfolio import uninstall_hook


@tagged("post_install", "-at_install")
class TestRecurringRevenues(TransactionCase):
    """MRR reads the opportunities' recurring revenues: the pack turns CRM's setting on at install
    and its uninstall turns it off again (issue 15)."""

    def test_recurring_revenues_are_on_for_every_internal_user(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.group_use_recurring_revenues)
        user = new_test_user(self.env, "po_rr_user", groups="sales_team.group_sale_salesman")
        self.assertTrue(user.has_group("crm.group_use_recurring_revenues"))

    def test_uninstall_turns_the_setting_off_again(self):
        user = new_test_user(self.env, "po_rr_user2", groups="sales_team.group_sale_salesman")
        uninstall_hook(self.env)
        self.assertFalse(self.env["res.config.settings"].create({}).group_use_recurring_revenues)
        self.env.invalidate_all()
        self.assertFalse(user.has_group("crm.group_use_recurring_revenues"))
