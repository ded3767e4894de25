from datetime import date, timedelta
from itertools import product

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from odoo.addons.crm_journey.models import journey_rules as rules

TODAY = date(2026, 3, 10)


@tagged("post_install", "-at_install", "crm_journey")
class TestMilestoneSummary(BaseCase):
    """The stored summary gives the same status as the milestones themselves, on any day (JO-3, #12)."""

    def test_summary_of_milestones(self):
        rows = [(date(2026, 3, 12), None), (date(2026, 3, 11), None), (date(2026, 3, 1), date(2026, 3, 2))]
        self.assertEqual(rules.milestone_summary(rows), (date(2026, 3, 11), False, 100 / 3))
        self.assertEqual(rules.milestone_summary([(date(2026, 3, 1), date(2026, 3, 2))]), (None, True, 100.0))
        self.assertEqual(rules.milestone_summary([]), (None, False, 0.0))

    def test_status_from_summary_equals_status_from_milestones(self):
        """Every combination of up to three milestones (due before, on, after today; done or not)."""
        dues = [TODAY - timedelta(days=2), TODAY, TODAY + timedelta(days=3)]
        kinds = [(due, done) for due in dues for done in (None, TODAY - timedelta(days=5))]
        for size in range(4):
            for rows in product(kinds, repeat=size):
                with self.subTest(rows=rows):
                    expected = rules.aggregate_status(rules.milestone_status(due, done, TODAY) for due, done in rows)
                    open_due, all_done, _progress = rules.milestone_summary(rows)
                    self.assertEqual(rules.status_from_summary(True, open_due, all_done, TODAY), expected)

    def test_no_stage_no_status(self):
        self.assertFalse(rules.status_from_summary(False, None, False, TODAY))
