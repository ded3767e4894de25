from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_action_flow.tests.common import NothingWrittenMixin

# The addons of the pack, in the order of the chain.
PACK_ADDONS = ("crm_action_flow", "crm_journey", "crm_portfolio", "crm_loyalty")
SALES = "sales_team.group_sale_salesman"
RETENTION = "crm_action_flow.group_retention"
# The profiles of the access matrices: (groups, retention level, company: "main" or "other").
PROFILES = {
    "sales user without retention profile": (f"{SALES}_all_leads,base.group_partner_manager", "none", "main"),
    "read-only": (f"{SALES}_all_leads,{RETENTION}_readonly", "readonly", "main"),
    "analyst": (f"{SALES}_all_leads,{RETENTION}_analyst", "analyst", "main"),
    "administrator": (f"{SALES}_all_leads,{RETENTION}_admin", "admin", "main"),
    "own-documents salesperson": (f"{SALES},{RETENTION}_analyst", "analyst", "main"),
    "sales manager": ("sales_team.group_sale_manager", "admin", "main"),
    "analyst of another company": (f"{SALES}_all_leads,{RETENTION}_analyst", "analyst", "other"),
}


def profile_users(env, prefix, names=None):
    """{profile: (user, retention level)} for ``names`` of PROFILES (all by default), logins ``prefix_N``."""
    other = env["res.company"].create({"name": f"{prefix} other company"})
    users = {}
    for index, name in enumerate(names or PROFILES):
        groups, level, company = PROFILES[name]
        extra = {"company_id": other.id, "company_ids": [Command.set(other.ids)]} if company == "other" else {}
        users[name] = (new_test_user(env, f"{prefix}_{index}", groups=groups, **extra), level)
    return users


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
