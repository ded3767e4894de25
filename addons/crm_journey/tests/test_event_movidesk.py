from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_journey.models.journey_rules import default_event_times

from .common import JourneyCase


@tagged("post_install", "-at_install", "crm_journey")
class TestEventMovidesk(JourneyCase):
    """JO-11: defaults now / now + 1 h, quiet calendar entry that follows the event, responsible's profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="h14b_analyst", groups="base.group_user,crm_action_flow.group_retention_analyst",
            email="analyst@example.com",
        )
        cls.reader = new_test_user(
            cls.env, login="h14b_reader", groups="base.group_user,crm_action_flow.group_retention_readonly",
        )
        cls.guest = cls.env["res.partner"].create({"name": "Dana Guest", "email": "dana@example.com"})

    def _event(self, **vals):
        values = {
            "name": "Kick-off meeting",
            "partner_id": self.customer.id,
            "event_type": "meeting",
            "user_id": self.analyst.id,
            "participant_ids": [(6, 0, self.guest.ids)],
            "date": date(2030, 3, 10),
            "start_time": 9.0,
            "end_time": 10.0,
        }
        values.update(vals)
        return self.env["crm.journey.event"].create(values)

    def test_default_times_pure(self):
        self.assertEqual(default_event_times(datetime(2026, 3, 10, 9, 2)), (9 + 5 / 60, 10 + 5 / 60))
        self.assertEqual(default_event_times(datetime(2026, 3, 10, 9, 5)), (9 + 5 / 60, 10 + 5 / 60))
        self.assertEqual(default_event_times(datetime(2026, 3, 10, 9, 5, 1)), (9 + 10 / 60, 10 + 10 / 60))
        self.assertEqual(default_event_times(datetime(2026, 3, 10, 23, 58)), (23 + 55 / 60, 23 + 55 / 60))

    def test_defaults_now_in_user_timezone(self):
        Event = self.env["crm.journey.event"].with_context(tz="America/Sao_Paulo")
        with freeze_time("2026-03-10 12:03:00"):  # 09:03 in São Paulo
            defaults = Event.default_get(["start_time", "end_time"])
        self.assertAlmostEqual(defaults["start_time"], 9 + 5 / 60)
        self.assertAlmostEqual(defaults["end_time"], 10 + 5 / 60)

    def test_participants_recorded_never_notified(self):
        mails_before = self.env["mail.mail"].search_count([])
        event = self._event(add_to_calendar=True)
        entry = event.calendar_event_id
        self.assertIn(self.guest, entry.partner_ids)
        self.assertIn(self.guest, entry.attendee_ids.partner_id)
        event.write({"start_time": 11.0, "end_time": 12.0, "participant_ids": [(4, self.analyst.partner_id.id)]})
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", self.guest.ids)]))
        self.assertFalse(self.env["mail.message"].search([("partner_ids", "in", self.guest.ids)]))
        self.assertFalse(self.env["mail.notification"].search([("res_partner_id", "=", self.guest.id)]))
        self.assertNotIn(self.guest, entry.message_partner_ids)

    def test_calendar_follows_edits_and_deletion(self):
        event = self._event(add_to_calendar=True)
        entry = event.calendar_event_id
        other = self.env["res.partner"].create({"name": "Eli Other"})
        event.write({
            "name": "Moved meeting", "date": date(2030, 3, 11), "start_time": 14.0, "end_time": 15.5,
            "participant_ids": [(6, 0, other.ids)],
        })
        self.assertEqual(entry.name, "Moved meeting")
        self.assertEqual(entry.start, datetime(2030, 3, 11, 14, 0))
        self.assertEqual(entry.stop, datetime(2030, 3, 11, 15, 30))
        self.assertIn(other, entry.partner_ids)
        self.assertNotIn(self.guest, entry.partner_ids)
        event.unlink()
        self.assertFalse(entry.exists())

    def test_bad_times_leave_calendar_unchanged(self):
        event = self._event(add_to_calendar=True)
        entry = event.calendar_event_id
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                event.write({"start_time": 9 + 2 / 60})
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                event.write({"start_time": 11.0, "end_time": 10.0})
        self.assertEqual(entry.start, datetime(2030, 3, 10, 9, 0))

    def test_responsible_required_and_profile(self):
        with self.assertRaisesRegex(ValidationError, "needs a responsible"):
            self._event(user_id=False)
        with self.assertRaisesRegex(ValidationError, "only Analysts and Administrators"):
            self._event(user_id=self.reader.id)
        self.assertTrue(self._event().user_id, self.analyst)
        domain = self.env["crm.journey.event"]._fields["user_id"].get_domain_list(self.env["crm.journey.event"])
        users = self.env["res.users"].search(domain)
        self.assertIn(self.analyst, users)
        self.assertNotIn(self.reader, users)
        note = self._event(event_type="note", user_id=False)
        self.assertFalse(note.user_id)

    def test_analyst_through_api(self):
        self.customer.company_id = self.analyst.company_id
        event = self._event(add_to_calendar=True).with_user(self.analyst)
        event.write({"start_time": 10.0, "end_time": 11.0})
        self.assertEqual(event.calendar_event_id.start, datetime(2030, 3, 10, 10, 0))
