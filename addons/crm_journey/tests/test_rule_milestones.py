from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestRuleMilestones(JourneyCase):
    """JO-9: a milestone with a rule on the customer completes itself, dated, when it matches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_milestone = cls.env["crm.journey.milestone"].create(
            {
                "name": "Website known",
                "stage_id": cls.kickoff.id,
                "deadline_days": 3,
                "rule_domain": "[('website', '!=', False)]",
            }
        )
        with freeze_time("2026-03-02"):
            (cls.customer | cls.other).write({"journey_id": cls.journey.id})

    def test_completes_on_change_not_before(self):
        pm = self.milestone(self.customer, "Website known")
        self.assertFalse(pm.done_date)
        with freeze_time("2026-03-03"):
            self.customer.write({"phone": "+55 11 5555-0000"})
        self.assertFalse(pm.done_date, "does not match yet")
        with freeze_time("2026-03-04"):
            self.customer.write({"website": "https://acme.example"})
        self.assertEqual(pm.done_date, date(2026, 3, 4))
        self.assertFalse(self.milestone(self.other, "Website known").done_date)

    def test_matching_on_entry_completes_at_once(self):
        third = self.Partner.create({"name": "Cobalt", "is_company": True, "website": "https://cobalt.example"})
        with freeze_time("2026-03-05"):
            third.journey_id = self.journey
        self.assertEqual(self.milestone(third, "Website known").done_date, date(2026, 3, 5))

    def test_nightly_pass_touches_only_matching_customers(self):
        # set the website behind the ORM's back: only the nightly pass can notice it
        self.env.cr.execute("UPDATE res_partner SET website = 'https://acme.example' WHERE id = %s", [self.customer.id])
        self.env.invalidate_all()
        written = []
        PartnerMilestone = self.registry["crm.journey.partner.milestone"]
        Partner = self.registry["res.partner"]
        original_write = PartnerMilestone.write

        def spy_write(records, vals):
            written.append((records.partner_id, vals))
            return original_write(records, vals)

        with (
            freeze_time("2026-03-06"),
            patch.object(PartnerMilestone, "write", spy_write),
            patch.object(Partner, "write", side_effect=AssertionError("no customer is written")),
        ):
            count = self.Partner._action_journey_rule_milestones()
        self.assertEqual(count, 1)
        self.assertEqual(written, [(self.customer, {"done_date": date(2026, 3, 6)})])
        self.assertEqual(self.milestone(self.customer, "Website known").done_date, date(2026, 3, 6))
        self.assertFalse(self.milestone(self.other, "Website known").done_date)
        # run again: nothing left to do, nothing rewritten
        self.assertEqual(self.Partner._action_journey_rule_milestones(), 0)

    def test_nightly_pass_batches(self):
        self.env.cr.execute(
            "UPDATE res_partner SET website = 'https://x.example' WHERE id IN %s", [(self.customer.id, self.other.id)]
        )
        self.env.invalidate_all()
        Cron = self.registry["ir.cron"]
        with patch.object(Cron, "_notify_progress", autospec=True) as progress:
            self.assertEqual(self.Partner._action_journey_rule_milestones(batch_size=1), 1)
            self.assertEqual(progress.call_args.kwargs, {"done": 1, "remaining": 1})
            self.assertEqual(self.Partner._action_journey_rule_milestones(batch_size=1), 1)
            self.assertEqual(progress.call_args.kwargs, {"done": 1, "remaining": 0})
            self.assertEqual(self.Partner._action_journey_rule_milestones(batch_size=1), 0)
            self.assertEqual(progress.call_args.kwargs, {"done": 0, "remaining": 0})

    def test_cron_runs(self):
        cron = self.env.ref("crm_journey.ir_cron_journey_rule_milestones")
        self.assertEqual(cron.code.strip(), "model._cron_journey_rule_milestones()")
        self.Partner._cron_journey_rule_milestones()
