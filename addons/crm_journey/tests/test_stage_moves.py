from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestStageMoves(JourneyCase):
    """JO-6: moves by button and by drag (write) record entry date and history; journey reset."""

    def test_button_and_drag_keep_history(self):
        with freeze_time("2026-03-02"):
            self.customer.journey_id = self.journey
        with freeze_time("2026-03-05"):
            self.customer.action_journey_next_stage()
        self.assertEqual(self.customer.journey_stage_id, self.setup)
        self.assertEqual(self.customer.journey_stage_date, date(2026, 3, 5))
        with freeze_time("2026-03-20"):
            # a kanban drag writes the stage
            self.customer.write({"journey_stage_id": self.live.id})
        self.assertEqual(self.customer.journey_stage_id, self.live)
        self.assertEqual(self.customer.journey_stage_date, date(2026, 3, 20))
        history = self.customer.journey_history_ids.sorted("date_in")
        self.assertEqual(history.stage_id, self.kickoff | self.setup | self.live)
        self.assertEqual(
            [(h.date_in, h.date_out) for h in history],
            [(date(2026, 3, 2), date(2026, 3, 5)), (date(2026, 3, 5), date(2026, 3, 20)), (date(2026, 3, 20), False)],
        )
        # Setup was due on 3/15 and left on 3/20: red; Kick-off left on time: green
        self.assertTrue(history[1].is_late)
        self.assertFalse(history[0].is_late)
        # the old stage's milestones are kept but no longer current
        self.assertFalse(self.customer.journey_current_milestone_ids)
        self.assertEqual(len(self.customer.journey_milestone_ids), 4)
        with self.assertRefused(UserError, "last stage"):
            self.customer.action_journey_next_stage()
        with freeze_time("2026-03-21"):
            self.customer.action_journey_previous_stage()
        self.assertEqual(self.customer.journey_stage_id, self.setup)
        self.assertEqual(self.milestone(self.customer, "Data imported").due_date, date(2026, 3, 31))

    def test_changing_journey_resets_to_first_stage(self):
        other_journey = self.Journey.create(
            {"name": "Expansion", "stage_ids": [(0, 0, {"name": "Discovery"}), (0, 0, {"name": "Upsell"})]}
        )
        self.customer.journey_id = self.journey
        self.customer._journey_move_to_stage(self.setup)
        self.customer.journey_id = other_journey
        self.assertEqual(self.customer.journey_stage_id, other_journey.stage_ids[0])
        self.assertFalse(self.customer.journey_current_milestone_ids)
        self.customer.journey_id = False
        self.assertFalse(self.customer.journey_stage_id)
        self.assertFalse(self.customer.journey_history_ids.filtered(lambda h: not h.date_out))

    def test_move_many_at_once(self):
        partners = self.customer | self.other
        partners.write({"journey_id": self.journey.id})
        self.assertEqual(partners.mapped("journey_stage_id"), self.kickoff)
        self.assertEqual(len(partners.journey_current_milestone_ids), 6)

    def test_kanban_shows_every_stage(self):
        self.customer.journey_id = self.journey
        groups = self.Partner.with_context(journey_kanban_journey_id=self.journey.id).read_group(
            [("journey_id", "=", self.journey.id)], ["journey_stage_id"], ["journey_stage_id"]
        )
        self.assertEqual([g["journey_stage_id"][0] for g in groups], self.journey.stage_ids.ids)

    def test_status_of_customers_without_journey(self):
        self.customer.journey_id = self.journey
        self.assertFalse(self.other.journey_status)
        found = self.Partner.search([("id", "in", (self.customer | self.other).ids), ("journey_status", "=", False)])
        self.assertEqual(found, self.other)
        found = self.Partner.search([("id", "in", (self.customer | self.other).ids), ("journey_status", "!=", False)])
        self.assertEqual(found, self.customer)
        found = self.Partner.search([("id", "in", (self.customer | self.other).ids), ("journey_status", "!=", "late")])
        self.assertEqual(found, self.customer | self.other)
