from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_journey")
class TestJourneyTour(HttpCase):
    """JO-8 in the browser: Journey tab of the customer, milestone done, kanban drag (JO-6)."""

    def test_customer_360_tour(self):
        journey = self.env["crm.journey"].create(
            {
                "name": "Tour journey",
                "stage_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Tour kick-off",
                            "sequence": 1,
                            "milestone_ids": [
                                (0, 0, {"name": "Welcome call", "deadline_days": 2}),
                                (0, 0, {"name": "Contract signed", "deadline_days": 5}),
                            ],
                        },
                    ),
                    (0, 0, {"name": "Tour setup", "sequence": 2}),
                ],
            }
        )
        # the kanban shows only this journey's stages
        self.env["res.partner"].search([("journey_id", "!=", False)]).write({"journey_id": False})
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True, "journey_id": journey.id}
        )
        self.start_tour("/odoo/action-crm_journey.res_partner_journey_action", "crm_journey_tour", login="admin")
        customer.invalidate_recordset()
        self.assertEqual(customer.journey_stage_id, journey.stage_ids[1])
        welcome = customer.journey_milestone_ids.filtered(lambda m: m.name == "Welcome call")
        self.assertTrue(welcome.done_date)
        self.assertEqual(customer.journey_history_ids.stage_id, journey.stage_ids)

    def test_event_tour(self):
        """JO-11 in the browser: an event defaults to now to now + 1 h; its calendar entry invites nobody."""
        customer = self.env["res.partner"].create({"name": "Tour Event Customer", "is_company": True})
        guest = self.env["res.partner"].create({"name": "Tour Guest", "email": "tour.guest@example.com"})
        self.start_tour("/odoo/action-crm_journey.crm_journey_event_action", "crm_journey_event_tour", login="admin")
        event = self.env["crm.journey.event"].search([("partner_id", "=", customer.id)])
        self.assertEqual(event.name, "Tour onboarding meeting")
        self.assertEqual(event.user_id, self.env.ref("base.user_admin"))
        self.assertEqual(round(event.start_time * 60) % 5, 0)
        self.assertAlmostEqual(event.end_time, min(event.start_time + 1, 23 + 55 / 60))
        self.assertIn(guest, event.calendar_event_id.partner_ids)
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", guest.ids)]))
        self.assertFalse(self.env["mail.notification"].search([("res_partner_id", "=", guest.id)]))
