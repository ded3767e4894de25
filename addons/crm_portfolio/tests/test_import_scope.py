import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_portfolio.models.portfolio_rules import FORMULA_PREFIXES, formula_like

from .common import PortfolioCase


def cells(data):
    """The cells (openpyxl objects) of the first sheet of an .xlsx file (base64)."""
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data)))
    return list(workbook.active.iter_rows())


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportCompanyScope(PortfolioCase):
    """PO-5 / X-6 (issue 10): the template and the validation only know the customers of the user's companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Filial Import B"})
        Partner = cls.env["res.partner"]
        cls.acme.company_id = cls.company_a
        cls.far = Partner.create({"name": "Far Away SA", "is_company": True, "company_id": cls.company_b.id})
        admin_groups = "sales_team.group_sale_salesman_all_leads,crm_action_flow.group_retention_admin"
        cls.admin_a = new_test_user(cls.env, "po_import_admin_a", groups=admin_groups)
        cls.admin_ab = new_test_user(
            cls.env, "po_import_admin_ab", groups=admin_groups,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )

    def template_ids(self, env):
        wizard = env["crm.portfolio.import"].create({})
        wizard.action_download_template()
        return {row[0] for row in self.read_xlsx(wizard.template_file)[1:]}

    def test_template_lists_the_customers_of_the_users_companies(self):
        ids = self.template_ids(self.env(user=self.admin_a))
        self.assertIn(self.acme.id, ids)
        self.assertIn(self.bolt.id, ids, "a company of no company is shared")
        self.assertNotIn(self.far.id, ids, "another company's customer is not listed")
        both = self.env(user=self.admin_ab, context={"allowed_company_ids": (self.company_a | self.company_b).ids})
        self.assertIn(self.far.id, self.template_ids(both))
        only_a = self.env(user=self.admin_ab, context={"allowed_company_ids": self.company_a.ids})
        self.assertNotIn(self.far.id, self.template_ids(only_a), "only the companies selected in the switcher")

    def test_another_companys_customer_is_an_invalid_row(self):
        wizard = self.importer([(self.acme.id, "Acme", "North"), (self.far.id, "Far", "North")], user=self.admin_a)
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"rows_found": 2, "rows_valid": 1, "rows_invalid": 1}])
        errors = self.read_xlsx(wizard.error_file)
        self.assertEqual(errors[2][-1], f"No company with ID {self.far.id} among the customers you may access.")
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse((self.acme | self.far).portfolio_id, "nothing written")
        # The same row is valid for an administrator of both companies.
        wizard = self.importer([(self.far.id, "Far", "North")], user=self.admin_ab)
        wizard.with_context(allowed_company_ids=(self.company_a | self.company_b).ids).action_validate()
        self.assertEqual(wizard.rows_valid, 1)


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportFormulasAsText(PortfolioCase):
    """PO-5 / X-3: a text a spreadsheet could read as a formula is written as text in every download."""

    NAMES = ('=HYPERLINK("http://example.com","Acme")', "+SUM(1,2)", "-2+3", "@cmd", "\tTab")

    def test_formula_like(self):
        for prefix in FORMULA_PREFIXES:
            self.assertTrue(formula_like(prefix + "x"))
        for value in ("Acme", "", 12, None, " =not first"):
            self.assertFalse(formula_like(value))

    def test_template_and_error_sheet_write_formula_like_names_as_text(self):
        companies = self.env["res.partner"].create([{"name": name, "is_company": True} for name in self.NAMES])
        wizard = self.env["crm.portfolio.import"].create({})
        wizard.action_download_template()
        rows = {row[0].value: row[1] for row in cells(wizard.template_file)[1:]}
        for company in companies:
            with self.subTest(name=company.name):
                self.assertEqual(rows[company.id].value, company.name, "the name as typed")
                self.assertEqual(rows[company.id].data_type, "s", "a text, not a formula")
        wizard = self.importer([(company.id, company.name, "Nowhere") for company in companies])
        wizard.action_validate()
        self.assertEqual(wizard.rows_invalid, len(companies))
        for row in cells(wizard.error_file)[1:]:
            with self.subTest(name=row[1].value):
                self.assertIn(row[1].value, self.NAMES)
                self.assertEqual(row[1].data_type, "s")


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportOwnership(PortfolioCase):
    """#12: an import (its uploaded sheet, checked rows, error sheet and buttons) is its uploader's alone."""

    def test_another_administrator_cannot_see_or_run_an_import(self):
        company_b = self.env["res.company"].create({"name": "Filial Import C"})
        admin_groups = "sales_team.group_sale_salesman_all_leads,crm_action_flow.group_retention_admin"
        other_company_admin = new_test_user(self.env, "po_import_admin_c", groups=admin_groups,
                                            company_id=company_b.id, company_ids=[(6, 0, company_b.ids)])
        wizard = self.importer([(self.acme.id, "Acme Ltda", "Key accounts")], user=self.maria)
        wizard.action_validate()
        for user in (self.joao, other_company_admin):
            with self.subTest(user=user.login):
                theirs = wizard.with_user(user)
                self.assertFalse(theirs.search([("id", "=", wizard.id)]))
                with self.assertRaises(AccessError):
                    theirs.read(["upload_file", "staged_rows"])
                for method in ("action_import", "action_download_errors", "action_reset"):
                    with self.assertRaises(AccessError):
                        getattr(theirs, method)()
        self.assertRecordValues(wizard, [{"state": "validated", "rows_valid": 1}])
        self.assertFalse(self.acme.portfolio_id)
        wizard.with_user(self.maria).action_import()
        self.assertEqual(self.acme.portfolio_id, self.pf_key, "its uploader still imports it")
