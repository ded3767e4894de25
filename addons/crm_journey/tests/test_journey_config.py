from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestJourneyConfig(JourneyCase):
    """JO-1: journeys with ordered stages and milestones; bad input refused, nothing written."""

    def test_stages_ordered_with_milestones(self):
        self.assertEqual(self.journey.stage_ids.mapped("name"), ["Kick-off", "Setup", "Live"])
        self.assertEqual(self.kickoff.max_deadline, 5)
        self.assertEqual(self.live.max_deadline, 0)

    def test_name_256_ok_257_refused(self):
        self.Journey.create({"name": "x" * 256})
        count = self.Journey.search_count([])
        with self.assertRefused(ValidationError, "257 characters long; at most 256"):
            self.Journey.create({"name": "x" * 257})
        self.assertEqual(self.Journey.search_count([]), count)
        with self.assertRefused(ValidationError, "Journey Stage: Name is 257"):
            self.journey.write({"stage_ids": [(0, 0, {"name": "s" * 257})]})
        with self.assertRefused(ValidationError, "Journey Milestone: Name is 257"):
            self.env["crm.journey.milestone"].create({"name": "m" * 257, "stage_id": self.live.id, "deadline_days": 1})

    def test_zero_or_negative_deadline_refused(self):
        for days in (0, -3):
            with self.assertRefused(ValidationError, r"Deadline \(days\) must be between 1 and 3650"):
                self.env["crm.journey.milestone"].create(
                    {"name": "Bad", "stage_id": self.live.id, "deadline_days": days}
                )
        self.assertFalse(self.live.milestone_ids)
        with self.assertRefused(ValidationError, r"Deadline \(days\) must be between 1 and 3650"):
            self.journey.write(
                {
                    "name": "Renamed",
                    "stage_ids": [
                        (1, self.setup.id, {"milestone_ids": [(1, self.setup.milestone_ids.id, {"deadline_days": 0})]})
                    ],
                }
            )
        self.assertEqual(self.setup.milestone_ids.deadline_days, 10)

    def test_bad_rule_refused(self):
        with self.assertRefused(ValidationError, "not a valid customer filter"):
            self.env["crm.journey.milestone"].create(
                {
                    "name": "Bad rule",
                    "stage_id": self.live.id,
                    "deadline_days": 1,
                    "rule_domain": "[('no_such_field', '=', 1)]",
                }
            )

    def test_one_form_edits_stages_and_milestones(self):
        with Form(self.Journey) as form:
            form.name = "Expansion"
            form.day_count = "working"
            with form.stage_ids.new() as stage:
                stage.name = "Discovery"
                with stage.milestone_ids.new() as milestone:
                    milestone.name = "Needs mapped"
                    milestone.deadline_days = 3
                with stage.milestone_ids.new() as milestone:
                    milestone.name = "Upsell proposal"
                    milestone.deadline_days = 7
            with form.stage_ids.new() as stage:
                stage.name = "Upsell"
        journey = form.record
        self.assertEqual(journey.stage_ids.mapped("name"), ["Discovery", "Upsell"])
        self.assertEqual(journey.stage_ids[0].milestone_ids.mapped("deadline_days"), [3, 7])
        self.assertEqual(journey.stage_ids[0].max_deadline, 7)
