from datetime import date, datetime

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_action_flow.tests.common import NothingWrittenMixin


class LoyaltyCase(NothingWrittenMixin, TransactionCase):
    """Fixtures of the crm_loyalty tests: salespeople, a loyalty action and result, customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = "sales_team.group_sale_salesman_all_leads,crm_action_flow.group_retention_analyst"
        cls.ana = new_test_user(cls.env, "lo_ana", groups=groups, name="Ana Vendedora")
        cls.bruno = new_test_user(cls.env, "lo_bruno", groups=groups, name="Bruno Vendedor")
        cls.manager = new_test_user(cls.env, "lo_manager", groups="sales_team.group_sale_manager", name="Gerente")
        todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.action = cls.env["crm.action"].create(
            {"name": "Loyalty + Scheduling", "grants_loyalty": True, "activity_type_id": todo.id}
        )
        cls.result = cls.env["crm.action.result"].create({
            "name": "Closed", "action_id": cls.action.id, "outcome": "positive", "loyalty_days": 30,
            "loyalty_max_renewals": 2,
        })
        cls.customer = cls.env["res.partner"].create({"name": "Mercearia Boa Vista", "is_company": True})
        cls.ICP = cls.env["ir.config_parameter"].sudo()

    def set_settings(self, **values):
        """Store settings as the settings form does (a boolean as "True"/"False", never a deleted parameter)."""
        for key, value in values.items():
            self.ICP.set_param(f"crm_loyalty.{key}", str(value))

    def grant(self, user, customer=None, day=date(2026, 11, 20), result=None):
        """Log the loyalty result as ``user`` on ``day`` (the action's effects grant the loyalty)."""
        return self.env["crm.action.log"].with_user(user).create({
            "partner_id": (customer or self.customer).id, "action_id": self.action.id,
            "result_id": (result or self.result).id, "date": day, "user_id": user.id,
        })

    def win(self, customer, when: date):
        """A won opportunity of ``customer`` closed on ``when``."""
        lead = self.env["crm.lead"].create({"name": f"Deal {customer.name}", "type": "opportunity",
                                            "partner_id": customer.id})
        lead.write({"probability": 100})
        lead.write({"date_closed": datetime.combine(when, datetime.min.time())})
        return lead
