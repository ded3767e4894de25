from datetime import date

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCategorizationEntities(LoyaltyCase):
    """LO-5..LO-7: commercial entities are categorized and released; LO-6 extensions on their calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.group = Partner.create({"name": "Grupo Boa Vista", "is_company": True})
        cls.subsidiary = Partner.create({"name": "Boa Vista Filial Sul", "is_company": True, "parent_id": cls.group.id})
        cls.buyer = Partner.create({"name": "Compradora", "parent_id": cls.subsidiary.id})

    def run_job(self, today, **kwargs):
        return self.env["res.partner"]._action_categorize(today=today, commit=False, **kwargs)

    def test_subsidiary_company_is_categorized(self):
        self.assertEqual(self.subsidiary.commercial_partner_id, self.subsidiary, "its own commercial entity")
        self.win(self.buyer, date(2026, 11, 1))
        self.run_job(date(2026, 11, 22))
        self.assertEqual(self.subsidiary.retention_category, "active")
        self.assertEqual(self.subsidiary.last_won_date, date(2026, 11, 1), "its contact's win counts for it")
        self.assertEqual(self.group.retention_category, "prospect", "the parent company's own history")
        self.assertFalse(self.buyer.retention_category, "a contact is not a customer of its own")
        self.run_job(date(2027, 3, 1))
        self.assertEqual(
            [(h.category_from, h.category_to) for h in self.subsidiary.category_history_ids.sorted("id")],
            [(False, "active"), ("active", "recently_inactive")],
        )

    def test_subsidiary_expired_loyalty_is_released(self):
        log = self.grant(self.ana, customer=self.buyer)  # logged on its contact: the loyalty lands on the company
        self.assertEqual(log.partner_id, self.subsidiary)
        self.assertEqual(self.subsidiary.loyalty_user_id, self.ana)
        self.run_job(date(2026, 12, 20))
        self.assertEqual(self.subsidiary.loyalty_user_id, self.ana, "still running on its last day")
        self.run_job(date(2026, 12, 21))
        self.assertRecordValues(self.subsidiary, [{
            "loyalty_user_id": False, "user_id": False, "loyalty_released_user_id": self.ana.id,
            "loyalty_released_date": date(2026, 12, 21),
        }])

    def test_extension_counts_working_days_on_the_customers_company_calendar(self):
        mondays = self.env["resource.calendar"].create({
            "name": "Mondays only", "attendance_ids": [(5, 0, 0), (0, 0, {
                "name": "Monday", "dayofweek": "0", "hour_from": 8, "hour_to": 12, "day_period": "morning",
            })],
        })
        branch = self.env["res.company"].create({"name": "Filial Norte", "resource_calendar_id": mondays.id})
        self.assertNotEqual(self.env.company.resource_calendar_id, mondays)
        customer = self.env["res.partner"].create({"name": "Cliente Norte", "is_company": True,
                                                   "company_id": branch.id})
        here = self.env["res.partner"].create({"name": "Cliente Sede", "is_company": True})
        self.result.write({"loyalty_days": 3, "loyalty_working_days": True, "loyalty_extend": True})
        for partner in (customer, here):
            lead = self.env["crm.lead"].create({
                "name": "Deal", "type": "opportunity", "partner_id": partner.id,
                "company_id": (partner.company_id or self.env.company).id,
            })
            lead.write({"probability": 100})
            lead.write({"date_closed": date(2026, 11, 1)})
            partner._loyalty_grant(self.ana, self.result, date(2026, 11, 20))  # a Friday
        self.assertEqual(customer.loyalty_end, date(2026, 12, 7), "three Mondays after the grant")
        self.assertEqual(here.loyalty_end, date(2026, 11, 25), "three weekdays on the job company's calendar")
        self.run_job(date(2026, 11, 22))
        self.set_settings(active_days=20)
        self.run_job(date(2026, 11, 24))  # Active → Recently inactive: extended by 3 working days
        self.assertEqual(customer.retention_category, "recently_inactive")
        self.assertEqual(customer.loyalty_end, date(2026, 12, 28), "three more Mondays: 14, 21 and 28 December")
        self.assertEqual(here.loyalty_end, date(2026, 11, 30), "26, 27 and 30 November")
