import base64
from xmlrpc.client import Fault

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ActionFlowCase, other_company_user


class AttachmentFixtures:
    """Files that are not the Analyst's: a private file of the admin, a PDF on another company's opportunity."""

    @classmethod
    def setup_foreign_files(cls):
        admin = cls.env.ref("base.user_admin")
        # No record: a private file, readable by its creator only (ir.attachment.check).
        cls.admin_file = cls.env["ir.attachment"].with_user(admin).create({"name": "salaries.xlsx", "raw": b"private"})
        cls.company_b, cls.user_b = other_company_user(cls.env, "af_attach_b")
        customer_b = cls.env["res.partner"].create(
            {"name": "Filial Cliente", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.opportunity_b = cls.env["crm.lead"].with_user(cls.user_b).create(
            {"name": "Contrato B", "type": "opportunity", "partner_id": customer_b.id, "company_id": cls.company_b.id}
        )
        cls.contract_pdf = cls.env["ir.attachment"].with_user(cls.user_b).create({
            "name": "contract.pdf", "raw": b"%PDF-1.4 contract", "res_model": "crm.lead",
            "res_id": cls.opportunity_b.id,
        })

    def assertFileUntouched(self, attachment, res_model, res_id):
        attachment.invalidate_recordset()
        self.assertRecordValues(attachment.sudo(), [{"res_model": res_model, "res_id": res_id}])

    def upload(self, user, name="visit.txt", res_model="crm.action.log.wizard"):
        """A file uploaded the way the dialog's many2many_binary widget does (/web/binary/upload_attachment)."""
        return self.env["ir.attachment"].with_user(user).create(
            {"name": name, "datas": base64.b64encode(b"visit report"), "res_model": res_model, "res_id": 0}
        )


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogAttachments(AttachmentFixtures, ActionFlowCase):
    """X-6: only the files the user uploaded in the Log action dialog are attached (mail composer semantics)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_foreign_files()

    def customer_logs(self):
        return self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)])

    def test_uploaded_files_are_attached_to_the_customer(self):
        upload = self.upload(self.user_analyst)
        log, _wizard, _action = self.log(attachment_ids=[(6, 0, upload.ids)])
        self.assertEqual(log.attachment_ids, upload)
        self.assertEqual(self.customer.message_ids[0].attachment_ids, upload)
        self.assertFileUntouched(upload, "res.partner", self.customer.id)
        # The Analyst reads it where it now lives.
        self.assertEqual(upload.with_user(self.user_analyst).raw, b"visit report")

    def test_upload_in_the_log_form_is_attached(self):
        upload = self.upload(self.user_analyst, res_model="crm.action.log")
        log = self.env["crm.action.log"].with_user(self.user_analyst).create({
            "partner_id": self.customer.id, "action_id": self.action_call.id,
            "result_id": self.result_call_no_answer.id, "attachment_ids": [(6, 0, upload.ids)],
        })
        self.assertEqual(log.attachment_ids, upload)

    def test_private_file_of_the_admin_is_refused(self):
        with self.assertRaisesRegex(AccessError, r"Only files you uploaded in this dialog .*salaries\.xlsx"):
            self.log(attachment_ids=[(6, 0, self.admin_file.ids)])
        self.assertFalse(self.customer_logs())
        self.assertFileUntouched(self.admin_file, False, 0)
        with self.assertRaises(AccessError):
            self.admin_file.with_user(self.user_analyst).read(["raw"])

    def test_file_of_another_company_opportunity_is_refused_and_stays_there(self):
        with self.assertRaisesRegex(AccessError, r"these are not: contract\.pdf"):
            self.env["crm.action.log"].with_user(self.user_analyst).create({
                "partner_id": self.customer.id, "action_id": self.action_call.id,
                "result_id": self.result_call_no_answer.id, "attachment_ids": [(4, self.contract_pdf.id)],
            })
        self.assertFalse(self.customer_logs())
        self.assertFileUntouched(self.contract_pdf, "crm.lead", self.opportunity_b.id)
        opportunity_files = self.env["ir.attachment"].with_user(self.user_b).search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.opportunity_b.id)]
        )
        self.assertEqual(opportunity_files, self.contract_pdf, "the opportunity keeps its file")

    def test_own_file_of_another_record_is_refused(self):
        # Even a file the Analyst uploaded, if it belongs to another record (here the opportunity), stays there.
        own_file = self.env["ir.attachment"].with_user(self.user_analyst).create({
            "name": "quote.pdf", "raw": b"%PDF quote", "res_model": "crm.lead", "res_id": self.opportunity.id,
        })
        with self.assertRaisesRegex(AccessError, r"quote\.pdf"):
            self.log(attachment_ids=[(6, 0, own_file.ids)])
        self.assertFileUntouched(own_file, "crm.lead", self.opportunity.id)

    def test_file_uploaded_by_someone_else_in_a_dialog_is_refused(self):
        upload = self.upload(self.user_own, name="their_notes.txt")
        with self.assertRaisesRegex(AccessError, r"their_notes\.txt"):
            self.log(attachment_ids=[(6, 0, upload.ids)])
        self.assertFileUntouched(upload, "crm.action.log.wizard", 0)

    def test_adding_a_foreign_file_to_an_existing_log_is_refused(self):
        upload = self.upload(self.user_analyst)
        log, _wizard, _action = self.log(attachment_ids=[(6, 0, upload.ids)])
        admin = new_test_user(self.env, "af_admin_all", groups="sales_team.group_sale_salesman_all_leads,"
                                                           "crm_action_flow.group_retention_admin")
        admin_log = log.with_user(admin)
        with self.assertRaisesRegex(AccessError, r"salaries\.xlsx"):
            admin_log.attachment_ids = [(4, self.admin_file.id)]
        self.assertEqual(log.attachment_ids, upload)
        # The files already on the log stay valid; an upload in the log's form is added.
        new_upload = self.upload(admin, name="minutes.txt", res_model="crm.action.log")
        admin_log.attachment_ids = [(4, new_upload.id)]
        self.assertEqual(log.attachment_ids, upload | new_upload)


@tagged("post_install", "-at_install", "crm_action_flow")
class TestLogAttachmentsRpc(AttachmentFixtures, HttpCase):
    """X-6 through XML-RPC, as an integrator reaches the server: a foreign file is refused, nothing moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_foreign_files()
        action = cls.env["crm.action"].create({"name": "RPC call"})
        cls.result = cls.env["crm.action.result"].create({"name": "Done", "action_id": action.id})
        cls.customer = cls.env["res.partner"].create({"name": "Cliente RPC", "is_company": True})
        cls.analyst = cls.env["res.users"].create({
            "name": "RPC Analyst", "login": "af_rpc_analyst", "password": "af_rpc_analyst",
            "email": "rpc.analyst@example.com",
            "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman_all_leads").id,
                                  cls.env.ref("crm_action_flow.group_retention_analyst").id])],
        })

    def rpc_log(self, attachment):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "af_rpc_analyst", "af_rpc_analyst", {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "af_rpc_analyst", "crm.action.log", "create",
            [{"partner_id": self.customer.id, "action_id": self.result.action_id.id, "result_id": self.result.id,
              "attachment_ids": [(6, 0, attachment.ids)]}],
        )

    def test_foreign_files_are_refused_over_xmlrpc(self):
        for attachment, res_model, res_id in (
            (self.admin_file, False, 0),
            (self.contract_pdf, "crm.lead", self.opportunity_b.id),
        ):
            with self.assertRaises(Fault) as refused:
                self.rpc_log(attachment)
            self.assertIn("Only files you uploaded in this dialog", refused.exception.faultString)
            self.assertFileUntouched(attachment, res_model, res_id)
        self.assertFalse(self.env["crm.action.log"].search([("partner_id", "=", self.customer.id)]))

    def test_own_upload_is_attached_over_xmlrpc(self):
        upload = self.upload(self.analyst, res_model="crm.action.log")
        log_id = self.rpc_log(upload)
        self.assertEqual(self.env["crm.action.log"].browse(log_id).attachment_ids, upload)
        self.assertFileUntouched(upload, "res.partner", self.customer.id)
