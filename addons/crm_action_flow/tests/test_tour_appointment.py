from datetime import timedelta

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogAppointmentTour(HttpCase):
    """Browser tour (AF-11, AF-12): log a visit from the dialog and plan the prompted meeting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        meeting = cls.env["mail.activity.type"].create({"name": "Tour Meeting", "category": "meeting"})
        visit = cls.env["crm.action"].create(
            {"name": "Tour Visit", "activity_type_id": meeting.id, "schedules_followup": True, "duration": 1.0}
        )
        cls.env["crm.action.detail"].create({"name": "Showroom demo", "action_id": visit.id})
        cls.result = cls.env["crm.action.result"].create({
            "name": "Tour Meeting booked", "action_id": visit.id, "outcome": "positive",
            "next_action_mode": "prompt", "period": 2,
        })
        cls.customer = cls.env["res.partner"].create({"name": "Padaria Tour", "is_company": True})
        cls.main_contact = cls.env["res.partner"].create({"name": "Ana Tour", "parent_id": cls.customer.id})

    def test_log_visit_and_plan_a_meeting(self):
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "crm_action_flow_log_appointment", login="admin")
        log = self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])
        new_contact = log.contact_id
        self.assertRecordValues(log, [{"result_id": self.result.id, "detail": "Showroom demo"}])
        self.assertEqual(new_contact.name, "Carla Tour")
        self.assertEqual(new_contact.parent_id, self.customer, "the contact added in the dialog is the customer's")
        activity = log.next_activity_id
        event = activity.calendar_event_id
        self.assertTrue(event, "the meeting is booked in the calendar, linked to its activity")
        self.assertRecordValues(event, [{"name": "Demo at the bakery", "res_id": self.customer.id}])
        self.assertEqual(event.stop - event.start, timedelta(minutes=45))
        self.assertEqual(activity.planned_start, event.start)
        self.assertEqual(activity.planned_duration, 0.75)
