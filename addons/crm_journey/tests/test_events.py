from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestEvents(JourneyCase):
    """JO-7: call / meeting / note events with 5-minute steps, status, calendar, milestones."""

    def _event(self, **vals):
        values = {
            "name": "Kick-off call",
            "partner_id": self.customer.id,
            "event_type": "call",
            "date": date(2026, 3, 10),
            "start_time": 9.0,
            "end_time": 9.5,
        }
        values.update(vals)
        return self.env["crm.journey.event"].create(values)

    def test_responsible_defaults_to_user_not_for_notes(self):
        self.assertEqual(self._event().user_id, self.env.user)
        self.assertFalse(self._event(event_type="note").user_id)

    def test_five_minute_steps(self):
        self._event(start_time=9 + 5 / 60, end_time=9 + 55 / 60)
        count = self.env["crm.journey.event"].search_count([])
        with self.assertRefused(ValidationError, "5-minute step"):
            self._event(start_time=9 + 7 / 60)
        with self.assertRefused(ValidationError, "5-minute step"):
            self._event(end_time=10 + 1 / 60)
        self.assertEqual(self.env["crm.journey.event"].search_count([]), count)

    def test_end_before_start_refused(self):
        with self.assertRefused(ValidationError, "must end after it starts"):
            self._event(start_time=10.0, end_time=9.0)
        with self.assertRefused(ValidationError, "must end after it starts"):
            self._event(start_time=10.0, end_time=10.0)

    def test_description_length(self):
        self._event(description="d" * 4000)
        with self.assertRefused(ValidationError, "4001 characters long; at most 4000"):
            self._event(description="d" * 4001)

    def test_status_planned_pending_manual(self):
        event = self._event()
        Event = self.env["crm.journey.event"]
        with freeze_time("2026-03-10 09:00:00"):
            event.invalidate_recordset()
            self.assertEqual(event.status, "planned")
            self.assertIn(event, Event.search([("status", "=", "planned")]))
        with freeze_time("2026-03-10 09:45:00"):
            event.invalidate_recordset()
            self.assertEqual(event.status, "pending")
            self.assertIn(event, Event.search([("status", "=", "pending")]))
            self.assertNotIn(event, Event.search([("status", "=", "planned")]))
            event.action_not_done()
            self.assertEqual(event.status, "not_done")
            event.action_reset()
            self.assertEqual(event.status, "pending")
            event.action_done()
            self.assertEqual(event.status, "done")
            self.assertIn(event, Event.search([("status", "=", "done")]))

    def test_add_to_calendar(self):
        guest = self.env["res.partner"].create({"name": "Dana Guest"})
        admin = self.env.ref("base.user_admin")
        event = self._event(
            add_to_calendar=True, user_id=admin.id, participant_ids=[(6, 0, guest.ids)], description="Agenda"
        )
        cal = event.calendar_event_id
        self.assertTrue(cal)
        self.assertEqual(cal.name, "Kick-off call")
        self.assertEqual(cal.start, datetime(2026, 3, 10, 9, 0))
        self.assertEqual(cal.stop, datetime(2026, 3, 10, 9, 30))
        self.assertIn(guest, cal.partner_ids)
        self.assertIn(admin.partner_id, cal.partner_ids)
        self.assertEqual(cal.user_id, admin)
        later = self._event()
        self.assertFalse(later.calendar_event_id)
        later.action_add_to_calendar()
        self.assertTrue(later.calendar_event_id)

    def test_done_completes_chosen_milestones(self):
        with freeze_time("2026-03-07"):
            self.customer.journey_id = self.journey
        welcome = self.milestone(self.customer, "Welcome call")
        contract = self.milestone(self.customer, "Contract signed")
        event = self._event(milestone_ids=[(6, 0, welcome.ids)])
        with freeze_time("2026-03-12"):
            event.action_done()
        self.assertEqual(welcome.done_date, date(2026, 3, 10))
        self.assertEqual(welcome.done_event_id, event)
        self.assertTrue(welcome.done_late)
        self.assertFalse(contract.done_date)

    def test_milestones_of_another_customer_refused(self):
        self.other.journey_id = self.journey
        foreign = self.milestone(self.other, "Welcome call")
        with self.assertRefused(ValidationError, "its own customer"):
            self._event(milestone_ids=[(6, 0, foreign.ids)])

    def test_note_has_no_responsible(self):
        admin = self.env.ref("base.user_admin")
        note = self._event(event_type="note", user_id=admin.id)
        self.assertFalse(note.user_id)
        call = self._event(user_id=admin.id)
        call.event_type = "note"
        self.assertFalse(call.user_id)
