from datetime import date
from unittest.mock import patch

from odoo.tests import Form, tagged

from odoo.addons.crm_journey.models import res_partner as journey_partner

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestCustomer360(JourneyCase):
    """JO-8: the Journey tab shows milestones, stage path, events and a timeline with action logs."""

    def test_timeline_combines_events_and_action_logs(self):
        self.customer.journey_id = self.journey
        action = self.env["crm.action"].create({"name": "Visit"})
        result = self.env["crm.action.result"].create({"name": "Proposal requested", "action_id": action.id})
        self.env["crm.action.log"].create(
            {
                "partner_id": self.customer.id,
                "action_id": action.id,
                "result_id": result.id,
                "date": date(2026, 3, 3),
                "detail": "Met the buyer",
            }
        )
        self.env["crm.journey.event"].create(
            {
                "name": "Kick-off meeting",
                "partner_id": self.customer.id,
                "event_type": "meeting",
                "date": date(2026, 3, 4),
                "start_time": 10.0,
                "end_time": 11.0,
            }
        )
        html = str(self.customer.journey_timeline_html)
        self.assertIn("Kick-off meeting", html)
        self.assertIn("Visit / Proposal requested", html)
        self.assertLess(html.index("Kick-off meeting"), html.index("Visit / Proposal requested"), "newest first")

    def test_timeline_shows_the_newest_items(self):
        """A customer with many events and logs: the timeline keeps the newest items of both, merged."""
        action = self.env["crm.action"].create({"name": "Visit"})
        result = self.env["crm.action.result"].create({"name": "Met", "action_id": action.id})
        self.env["crm.action.log"].create([
            {"partner_id": self.customer.id, "action_id": action.id, "result_id": result.id,
             "date": date(2026, 3, day)} for day in (1, 5)
        ])
        self.env["crm.journey.event"].create([
            {"name": f"Event of day {day}", "partner_id": self.customer.id, "event_type": "meeting",
             "date": date(2026, 3, day), "start_time": 10.0, "end_time": 11.0} for day in (2, 3, 4)
        ])
        with patch.object(journey_partner, "TIMELINE_ITEMS", 2):
            items = self.customer._journey_timeline_items()
        self.assertEqual([(item["date"], item["title"]) for item in items],
                         [(date(2026, 3, 5), "Visit / Met"), (date(2026, 3, 4), "Event of day 4")])

    def test_partner_form_journey_tab(self):
        with Form(self.customer) as form:
            form.journey_id = self.journey
        self.assertEqual(self.customer.journey_stage_id, self.kickoff)
        self.assertEqual(
            self.customer.journey_current_milestone_ids.mapped("name"),
            ["Welcome call", "Contract signed", "Access granted"],
        )
        self.assertEqual(self.customer.journey_milestone_progress, 0.0)
        self.milestone(self.customer, "Welcome call").action_done()
        self.customer.invalidate_recordset()
        self.assertAlmostEqual(self.customer.journey_milestone_progress, 100 / 3, places=2)

    def test_journey_customers_action(self):
        self.customer.journey_id = self.journey
        self.assertEqual(self.journey.partner_count, 1)
        action = self.journey.action_view_customers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customer)
