from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogDialog(ActionFlowCase):
    """AF-12: the Log dialog proposes the main contact, the time, the medium and the details."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.medium_phone = cls.env["utm.medium"].create({"name": "AF Phone"})
        cls.medium_whatsapp = cls.env["utm.medium"].create({"name": "AF WhatsApp"})
        cls.action_call.medium_id = cls.medium_phone
        cls.detail_voicemail, cls.detail_busy = cls.env["crm.action.detail"].create([
            {"name": "Left a voicemail", "action_id": cls.action_call.id},
            {"name": "Line busy", "action_id": cls.action_call.id},
        ])

    def wizard(self, user=None, **values):
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("action_id", self.action_call.id)
        values.setdefault("result_id", self.result_call_no_answer.id)
        return self.env["crm.action.log.wizard"].with_user(user or self.user_analyst).create(values)

    def test_main_contact_is_prefilled(self):
        self.assertEqual(self.wizard().contact_id, self.contact)
        shop = self.env["res.partner"].create({"name": "Mercado Sol", "is_company": True})
        self.assertFalse(self.wizard(partner_id=shop.id).contact_id, "no contact yet")
        other = self.env["res.partner"].create({"name": "Bruno", "parent_id": self.customer.id})
        self.assertEqual(self.wizard(contact_id=other.id).contact_id, other, "the user's choice stays")

    def test_contact_added_from_the_dialog_is_a_child_of_the_customer(self):
        # What the dialog's contact field does on "Create": a contact of the customer, created on the fly.
        Partner = self.env["res.partner"].with_user(self.user_analyst).with_context(
            default_parent_id=self.customer.id, default_type="contact"
        )
        new_id, _name = Partner.name_create("Carla Dias")
        new_contact = Partner.browse(new_id)
        self.assertEqual(new_contact.parent_id, self.customer)
        log, _wizard, _action = self.log(contact_id=new_id)
        self.assertEqual(log.contact_id, new_contact)

    def test_contact_of_another_customer_is_refused(self):
        shop = self.env["res.partner"].create({"name": "Mercado Sol", "is_company": True})
        stranger = self.env["res.partner"].create({"name": "Davi", "parent_id": shop.id})
        count = self.env["crm.action.log"].search_count([])
        with self.assertRaisesRegex(ValidationError, "does not belong to customer"):
            self.log(contact_id=stranger.id)
        self.assertEqual(self.env["crm.action.log"].search_count([]), count)

    @freeze_time("2026-11-20 15:17:40")
    def test_time_defaults_to_now_on_a_five_minute_step(self):
        # 15:17 UTC is 12:17 in São Paulo: the dialog proposes 12:15 for the start and the end.
        wizard = self.wizard()
        self.assertEqual((wizard.start_time, wizard.end_time), (12.25, 12.25))
        self.assertEqual(self.wizard(start_time=14.0).end_time, 14.0, "the end follows a later start")

    def test_times_off_the_five_minute_step_are_refused(self):
        count = self.env["crm.action.log"].search_count([])
        for start, end in ((9.1, 10.0), (9.0, 9.99), (9.0 + 1 / 60, 10.0)):
            with self.subTest(start=start, end=end), self.assertRaisesRegex(ValidationError, "5-minute steps"):
                self.log(start_time=start, end_time=end)
        with self.assertRaisesRegex(ValidationError, "end time cannot be before"):
            self.log(start_time=10.0, end_time=9.5)
        self.assertEqual(self.env["crm.action.log"].search_count([]), count, "nothing written")

    def test_medium_defaults_from_the_campaign_or_the_action(self):
        self.assertEqual(self.wizard(action_id=self.action_call.id).medium_id, self.medium_phone)
        campaign = self.env["utm.campaign"].create({
            "name": "AF Reactivation", "campaign_action_ids": [
                (0, 0, {"action_id": self.action_call.id, "medium_id": self.medium_whatsapp.id}),
            ],
        })
        wizard = self.wizard(campaign_id=campaign.id, action_id=self.action_call.id)
        self.assertEqual(wizard.medium_id, self.medium_whatsapp, "the campaign's medium for the action wins")
        self.assertFalse(
            self.wizard(action_id=self.action_visit.id, result_id=self.result_visit_positive.id).medium_id
        )
        log, _wizard, _action = self.log(campaign_id=campaign.id)
        self.assertEqual(log.medium_id, self.medium_whatsapp)

    def test_detail_chosen_from_the_action_list_or_typed(self):
        log, _wizard, _action = self.log(detail_id=self.detail_voicemail.id)
        self.assertRecordValues(log, [{"detail_id": self.detail_voicemail.id, "detail": "Left a voicemail"}])
        log, _wizard, _action = self.log(detail="Owner travelling until Monday")
        self.assertRecordValues(log, [{"detail_id": False, "detail": "Owner travelling until Monday"}])
        wizard = self.env["crm.action.log.wizard"].with_user(self.user_analyst).new(
            {"partner_id": self.customer.id, "action_id": self.action_call.id, "detail_id": self.detail_busy.id}
        )
        self.assertEqual(wizard.detail, "Line busy")
        wizard.action_id = self.action_visit
        wizard._onchange_action_id()
        self.assertFalse(wizard.detail_id, "another action's details do not stay")

    def test_detail_of_another_action_is_refused(self):
        count = self.env["crm.action.log"].search_count([])
        with self.assertRaisesRegex(ValidationError, "is not offered for action"):
            self.log(action_id=self.action_visit.id, result_id=self.result_visit_positive.id,
                     detail_id=self.detail_voicemail.id)
        self.assertEqual(self.env["crm.action.log"].search_count([]), count)

    def test_details_are_configured_by_administrators(self):
        Detail = self.env["crm.action.detail"]
        for user in (self.user_analyst, self.user_readonly):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Detail.with_user(user).create({"name": "Wrong number", "action_id": self.action_call.id})
        self.assertEqual(Detail.with_user(self.user_readonly).search([("action_id", "=", self.action_call.id)]),
                         self.detail_voicemail | self.detail_busy)
        detail = Detail.with_user(self.user_admin_profile).create(
            {"name": "  Wrong number  ", "action_id": self.action_call.id}
        )
        self.assertEqual(detail.name, "Wrong number", "names are trimmed")
        with self.assertRaisesRegex(ValidationError, "Name cannot be blank"):
            Detail.with_user(self.user_admin_profile).create({"name": "   ", "action_id": self.action_call.id})
