from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.wizard import crm_portfolio_import

from .common import PortfolioCase


@tagged("post_install", "-at_install")
class TestImportStaging(PortfolioCase):
    """PO-5 at scale (#12): the import applies the rows its validation kept, checked again against the data
    of the moment, without reading the file a second time."""

    def validated(self):
        wizard = self.importer([
            (self.acme.id, "Acme Ltda", "Key accounts"),
            (self.bolt.id, "Bolt SA", "North"),
            (self.cafe.id, "Café Real", None),
        ], user=self.maria)
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"state": "validated", "rows_valid": 2, "rows_blank": 1}])
        return wizard

    def test_validated_file_is_read_once(self):
        self.cafe.portfolio_id = self.pf_small
        with patch.object(crm_portfolio_import, "XlsxSheet", wraps=crm_portfolio_import.XlsxSheet) as opened:
            wizard = self.validated()
            wizard.action_import()
        self.assertEqual(opened.call_count, 1, "the import applies what the validation read")
        self.assertRecordValues(wizard, [{"state": "done", "imported_count": 3, "staged_rows": False}])
        self.assertRecordValues(self.acme | self.bolt | self.cafe, [
            {"portfolio_id": self.pf_key.id, "success_manager_id": self.maria.id},
            {"portfolio_id": self.pf_north.id, "success_manager_id": self.joao.id},
            {"portfolio_id": False, "success_manager_id": False},
        ])

    def test_company_archived_after_validation_is_refused(self):
        wizard = self.validated()
        self.bolt.active = False
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse(self.acme.portfolio_id, "nothing written")

    def test_portfolio_renamed_after_validation_is_refused(self):
        wizard = self.validated()
        self.pf_north.name = "North-East"
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse(self.acme.portfolio_id, "nothing written")

    def test_new_file_after_validation_is_checked_again(self):
        wizard = self.validated()
        wizard.upload_file = self.xlsx([(self.acme.id, "Acme Ltda", "Nowhere")])
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse(self.acme.portfolio_id)

    def test_staged_rows_cannot_be_written_by_a_client(self):
        wizard = self.validated()
        forged = dict(wizard.staged_rows, targets=[self.pf_small.id] * 3,
                      portfolios={str(self.pf_small.id): self.pf_small.name})
        with self.assertRaisesRegex(AccessError, "cannot be written directly"):
            wizard.write({"staged_rows": forged})
        with self.assertRaisesRegex(AccessError, "cannot be written directly"):
            self.env["crm.portfolio.import"].with_user(self.maria).create({"staged_rows": forged})
        wizard.action_import()
        self.assertEqual(self.acme.portfolio_id, self.pf_key, "the validated rows, not the forged ones")
