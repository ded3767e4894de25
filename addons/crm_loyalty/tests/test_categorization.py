from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCase

TODAY = date(2026, 11, 22)


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCategorization(LoyaltyCase):
    """LO-5..LO-8: the nightly job classifies, extends, releases; batched, resumable, idempotent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.prospect = Partner.create({"name": "Never bought", "is_company": True})
        cls.active = Partner.create({"name": "Bought last month", "is_company": True})
        cls.recent = Partner.create({"name": "Bought in spring", "is_company": True})
        cls.inactive = Partner.create({"name": "Bought two years ago", "is_company": True})
        cls.win(cls, cls.active, date(2026, 10, 20))
        cls.win(cls, cls.recent, date(2026, 7, 1))
        cls.win(cls, cls.inactive, date(2024, 11, 1))
        contact = Partner.create({"name": "Buyer", "parent_id": cls.active.id})
        cls.win(cls, contact, date(2026, 11, 1))  # a contact's win counts for its company
        cls.mine = cls.prospect | cls.active | cls.recent | cls.inactive

    def run_job(self, today=TODAY, **kwargs):
        kwargs.setdefault("commit", False)
        return self.env["res.partner"]._action_categorize(today=today, **kwargs)

    def history(self, partner):
        return [(h.category_from, h.category_to) for h in partner.category_history_ids.sorted("id")]

    def test_first_night_classifies_every_customer(self):
        self.assertEqual(self.run_job(), 0)
        self.assertEqual(
            self.mine.mapped("retention_category"), ["prospect", "active", "recently_inactive", "inactive"]
        )
        self.assertEqual(self.active.last_won_date, date(2026, 11, 1))
        self.assertEqual(self.history(self.active), [(False, "active")])
        self.assertEqual(self.active.category_history_ids.cause, "first")

    def test_change_is_recorded_once(self):
        self.run_job()
        self.run_job()
        self.assertEqual(len(self.active.category_history_ids), 1, "an unchanged category writes no history")
        self.run_job(today=date(2027, 2, 1))
        self.assertEqual(self.history(self.active), [(False, "active"), ("active", "recently_inactive")])
        change = self.active.category_history_ids.sorted("id")[-1]
        self.assertEqual((change.date, change.cause), (date(2027, 2, 1), "last_won"))

    def _held_active_customer(self, extend=False):
        self.result.write({"loyalty_days": 30, "loyalty_extend": extend})
        self.grant(self.ana, customer=self.active, day=date(2026, 11, 20))
        self.run_job()
        self.assertEqual(self.active.retention_category, "active")
        return self.active.loyalty_end

    def test_extension_with_the_global_setting(self):
        self.set_settings(extend_global=True)
        end = self._held_active_customer()
        self.run_job(today=date(2026, 12, 1))  # last win 2026-11-01 + 30 days → Recently inactive? no: 90 days
        self.assertEqual(self.active.loyalty_end, end)
        self.set_settings(active_days=20, recently_inactive_days=180)
        self.run_job(today=date(2026, 12, 1))
        self.assertEqual(self.active.retention_category, "recently_inactive")
        self.assertEqual(self.active.loyalty_end, date(2027, 1, 19), "pushed by the result's 30 loyalty days")
        self.run_job(today=date(2026, 12, 1))
        self.run_job(today=date(2026, 12, 2))
        self.assertEqual(self.active.loyalty_end, date(2027, 1, 19), "at most once per transition")

    def test_no_extension_without_global_nor_result_flag(self):
        end = self._held_active_customer(extend=False)
        self.set_settings(active_days=20, recently_inactive_days=180)
        self.run_job(today=date(2026, 12, 1))
        self.assertEqual(self.active.retention_category, "recently_inactive")
        self.assertEqual(self.active.loyalty_end, end)

    def test_extension_per_result_when_global_off(self):
        self._held_active_customer(extend=True)
        self.set_settings(active_days=20, recently_inactive_days=180)
        self.run_job(today=date(2026, 12, 1))
        self.assertEqual(self.active.loyalty_end, date(2027, 1, 19))

    def test_expired_loyalty_releases_holder_salesperson_and_activities(self):
        self.grant(self.ana)
        future = self.customer.activity_schedule(
            activity_type_id=self.env.ref("mail.mail_activity_data_todo").id,
            date_deadline=date(2027, 1, 10), user_id=self.ana.id,
        )
        self.run_job(today=date(2026, 12, 20))
        self.assertEqual(self.customer.loyalty_user_id, self.ana, "still running on its last day")
        self.run_job(today=date(2026, 12, 21))
        self.assertRecordValues(self.customer, [{
            "loyalty_user_id": False, "user_id": False, "loyalty_released_user_id": self.ana.id,
            "loyalty_released_date": date(2026, 12, 21),
        }])
        self.assertFalse(future.exists())
        note = self.customer.message_ids[0]
        self.assertIn(f"Loyalty of {self.ana.name} released by the nightly categorization.", note.body)
        self.assertIn(f"Salesperson {self.ana.name} removed.", note.body)

    def test_keep_scheduled_activities(self):
        self.set_settings(keep_activities=True)
        self.grant(self.ana)
        future = self.customer.activity_schedule(
            activity_type_id=self.env.ref("mail.mail_activity_data_todo").id,
            date_deadline=date(2027, 1, 10), user_id=self.ana.id,
        )
        self.run_job(today=date(2026, 12, 21))
        self.assertFalse(self.customer.loyalty_user_id)
        self.assertTrue(future.exists())

    def test_salesperson_set_by_hand_stays_on_release(self):
        self.grant(self.ana)
        self.customer.user_id = self.bruno
        self.run_job(today=date(2026, 12, 21))
        self.assertFalse(self.customer.loyalty_user_id)
        self.assertEqual(self.customer.user_id, self.bruno)

    def test_clear_after_releases_long_inactive_customers(self):
        self.inactive.user_id = self.bruno
        self.recent.user_id = self.bruno
        self.set_settings(clear_after_days=365)
        self.run_job()
        self.assertFalse(self.inactive.user_id, "inactive for more than 365 days")
        self.assertEqual(self.recent.user_id, self.bruno)
        self.assertIn(f"Salesperson {self.bruno.name} removed.", self.inactive.message_ids[0].body)
        self.assertNotIn("Loyalty of", self.inactive.message_ids[0].body, "it held no loyalty")

    def test_loyalty_released_on_category_change_unless_kept(self):
        self.result.loyalty_days = 200  # still running on the day of the change: released by the change alone
        self.grant(self.ana, customer=self.recent)
        self.run_job()
        self.set_settings(keep_on_category_change=False)
        self.run_job(today=date(2027, 2, 1))  # recently inactive → inactive
        self.assertEqual(self.recent.retention_category, "inactive")
        self.assertFalse(self.recent.loyalty_user_id)

    def test_loyalty_kept_on_category_change_by_default(self):
        self.result.loyalty_days = 200
        self.grant(self.ana, customer=self.recent)
        self.run_job()
        self.run_job(today=date(2027, 2, 1))
        self.assertEqual(self.recent.loyalty_user_id, self.ana)

    def test_warning_planned_once_on_the_right_day(self):
        self.set_settings(warn_days=5)
        self.grant(self.ana)  # ends 2026-12-20
        self.run_job(today=date(2026, 12, 10))
        self.assertFalse(self.customer.activity_ids)
        self.run_job(today=date(2026, 12, 15))
        self.run_job(today=date(2026, 12, 16))
        activity = self.customer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertRecordValues(activity, [{"user_id": self.ana.id, "date_deadline": date(2026, 12, 15)}])
        self.assertIn("2026-12-20", activity.summary)

    def test_interrupted_run_resumes_to_the_same_state(self):
        self.set_settings(extend_global=True)
        self.grant(self.ana, customer=self.active, day=date(2026, 11, 20))
        self.run_job()
        first = {p.id: (p.retention_category, p.loyalty_end) for p in self.mine}
        self.set_settings(active_days=20, recently_inactive_days=180)
        # Next night, stopped after its first batch of 2 customers, then re-run.
        remaining = self.run_job(today=date(2026, 12, 1), batch_size=2, max_batches=1)
        self.assertGreater(remaining, 0)
        self.run_job(today=date(2026, 12, 1), batch_size=2)
        self.run_job(today=date(2026, 12, 1), batch_size=2)  # a second full re-run changes nothing
        self.assertEqual(self.active.retention_category, "recently_inactive")
        self.assertEqual(self.active.loyalty_end, date(2027, 1, 19), "extended once")
        self.assertEqual(len(self.active.category_history_ids), 2)
        for partner in self.mine - self.active:
            self.assertEqual(partner.retention_category, first[partner.id][0])
            self.assertEqual(len(partner.category_history_ids), 1)

    def test_never_two_runs_at_once(self):
        self.env.cr.execute("SELECT pg_advisory_lock(74110518)")
        other = self.registry.cursor()
        try:
            env = self.env(cr=other)
            with self.assertLogs("odoo.addons.crm_loyalty.models.res_partner", "WARNING") as logs, \
                    self.assertRaisesRegex(UserError, "already running: this run was skipped"):
                env["res.partner"]._action_categorize(today=TODAY, commit=False)
            self.assertIn("skipped: another run holds its lock", logs.output[0])
        finally:
            other.rollback()
            other.close()
            self.env.cr.execute("SELECT pg_advisory_unlock(74110518)")
        self.assertFalse(self.prospect.retention_category)

    def test_next_night_follows_won_and_lost_opportunities(self):
        self.run_job()
        self.win(self.prospect, date(2026, 11, 10))
        self.env["crm.lead"].search([("partner_id", "=", self.inactive.id)]).action_archive()
        self.assertEqual(self.prospect.last_won_date, date(2026, 11, 10), "shown on the customer at once")
        self.assertFalse(self.inactive.last_won_date)
        self.run_job(today=date(2026, 11, 23))
        self.assertEqual(self.prospect.retention_category, "active")
        self.assertEqual(self.history(self.prospect), [(False, "prospect"), ("prospect", "active")])
        self.assertEqual(self.inactive.retention_category, "prospect", "its only won opportunity is archived")

    def test_opportunity_moved_or_deleted_updates_both_customers(self):
        self.run_job()
        lead = self.env["crm.lead"].search([("partner_id", "=", self.recent.id)])
        lead.partner_id = self.prospect
        self.assertEqual((self.prospect.last_won_date, self.recent.last_won_date), (date(2026, 7, 1), False))
        self.run_job(today=date(2026, 11, 23))
        self.assertEqual(self.prospect.retention_category, "recently_inactive")
        self.assertEqual(self.recent.retention_category, "prospect")
        lead.unlink()
        self.run_job(today=date(2026, 11, 24))
        self.assertEqual(self.prospect.retention_category, "prospect")

    def test_contact_moving_company_takes_its_wins_along(self):
        self.run_job()
        buyer = self.active.child_ids
        buyer.parent_id = self.prospect
        self.assertEqual(self.prospect.last_won_date, date(2026, 11, 1))
        self.assertEqual(self.active.last_won_date, date(2026, 10, 20), "back to the company's own last win")
        self.run_job(today=date(2026, 11, 23))
        self.assertEqual(self.prospect.retention_category, "active")

    def test_next_night_catches_opportunities_written_outside_the_orm(self):
        """Opportunities changed by SQL (another tool's sync) since the last run are caught by the next one."""
        self.run_job()
        lead = self.env["crm.lead"].search([("partner_id", "=", self.inactive.id)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_closed = '2026-11-15', write_date = now() AT TIME ZONE 'UTC' WHERE id = %s",
            [lead.id],
        )
        self.run_job(today=date(2026, 11, 23))
        self.assertEqual(self.inactive.last_won_date, date(2026, 11, 15))
        self.assertEqual(self.inactive.retention_category, "active")

    def test_days_for_active_setting(self):
        self.set_settings(active_days=150)
        self.run_job()
        self.assertEqual(self.recent.retention_category, "active", "won 144 days ago, within 150 days")

    def test_days_for_recently_inactive_setting(self):
        self.set_settings(recently_inactive_days=100)
        self.run_job()
        self.assertEqual(self.recent.retention_category, "inactive", "won 144 days ago, beyond 100 days")
