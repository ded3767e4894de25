import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.models.portfolio_rules import IMPORT_ERRORS, check_import_row

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImport(PortfolioCase):
    """PO-5: template, validation counts, error sheet, all-or-nothing import."""

    def test_template_lists_every_active_company(self):
        self.acme.portfolio_id = self.pf_key
        self.bolt.active = False
        wizard = self.env["crm.portfolio.import"].create({})
        action = wizard.action_download_template()
        self.assertIn("/web/content/crm.portfolio.import/", action["url"])
        rows = self.read_xlsx(wizard.template_file)
        self.assertEqual(rows[0], ["ID", "Company", "Portfolio"])
        by_id = {row[0]: row for row in rows[1:]}
        self.assertEqual(by_id[self.acme.id][2], "Key accounts")
        self.assertIn(self.cafe.id, by_id)
        self.assertNotIn(self.bolt.id, by_id, "archived companies are not listed")

    def test_valid_file_imports_every_row(self):
        self.cafe.portfolio_id = self.pf_small
        wizard = self.importer([
            (self.acme.id, "Acme Ltda", "Key accounts"),
            (self.bolt.id, "Bolt SA", "North"),
            (self.cafe.id, "Café Real", None),
        ])
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"rows_found": 3, "rows_valid": 2, "rows_invalid": 0, "rows_blank": 1}])
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(self.acme.portfolio_id, self.pf_key)
        self.assertEqual(self.acme.journey_stage_id, self.kickoff)
        self.assertEqual(self.bolt.success_manager_id, self.joao)
        self.assertFalse(self.cafe.portfolio_id, "a blank cell means no portfolio")
        self.assertFalse(self.cafe.success_manager_id, "and no manager")

    def test_one_invalid_row_writes_nothing_and_names_the_row(self):
        wizard = self.importer([
            (self.acme.id, "Acme Ltda", "Key accounts"),
            (self.bolt.id, "Bolt SA", "Nowhere"),
        ])
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"rows_found": 2, "rows_valid": 1, "rows_invalid": 1}])
        rows = self.read_xlsx(wizard.error_file)
        self.assertEqual(rows[0][-1], "Error")
        self.assertFalse(rows[1][-1])
        self.assertEqual(rows[2][-1], "No portfolio named “Nowhere”.")
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse(self.acme.portfolio_id, "nothing written")

    def _invalid(self, rows, message, **kwargs):
        wizard = self.importer(rows, **kwargs)
        wizard.action_validate()
        self.assertEqual(wizard.rows_invalid, 1)
        self.assertIn(message, str(self.read_xlsx(wizard.error_file)))
        self.assertFalse((self.acme | self.bolt).portfolio_id)

    def test_duplicate_rows_for_one_company(self):
        self._invalid([(self.acme.id, "Acme", "Key accounts"), (self.acme.id, "Acme", "North")],
                      "appears more than once")

    def test_formula_cell(self):
        self._invalid([(self.acme.id, "Acme", '=CONCAT("Key", " accounts")')], "Formulas are not accepted")

    def test_too_long_cell(self):
        self._invalid([(self.acme.id, "Acme", "x" * 100_001)], "longer than 128 characters")

    def test_archived_company(self):
        self.bolt.active = False
        self._invalid([(self.bolt.id, "Bolt", "North")], "is archived")

    def test_unknown_company(self):
        self._invalid([(999_999_999, "Ghost", "North")], "No company with ID")

    def test_not_xlsx_is_refused(self):
        wizard = self.importer([(self.acme.id, "Acme", "North")], name="portfolios.csv")
        with self.assertRaisesRegex(UserError, "Only .xlsx"):
            wizard.action_validate()
        wizard = self.importer(name="fake.xlsx", data=base64.b64encode(b"not a spreadsheet"))
        with self.assertRaisesRegex(UserError, "not a valid .xlsx"):
            wizard.action_validate()

    def test_empty_file_is_refused(self):
        wizard = self.importer(name="empty.xlsx", data=base64.b64encode(b""))
        with self.assertRaisesRegex(UserError, "Upload a spreadsheet first|empty"):
            wizard.action_validate()
        wizard = self.importer(data=self.xlsx([], header=None))
        with self.assertRaisesRegex(UserError, "empty"):
            wizard.action_validate()
        wizard = self.importer(data=self.xlsx([]))
        with self.assertRaisesRegex(UserError, "no row to import"):
            wizard.action_validate()

    def test_missing_or_renamed_column_is_refused(self):
        wizard = self.importer(data=self.xlsx([(self.acme.id, "Acme", "North")], header=("ID", "Company", "Carteira")))
        with self.assertRaisesRegex(UserError, "missing Portfolio"):
            wizard.action_validate()

    def test_readonly_cannot_import(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.importer([(self.acme.id, "Acme", "North")], user=self.readonly)

    def test_validation_queries_do_not_grow_with_rows(self):
        companies = self.env["res.partner"].create([{"name": f"Co {i}", "is_company": True} for i in range(60)])
        small = self.importer([(c.id, c.name, "North") for c in companies[:5]])
        large = self.importer([(c.id, c.name, "North") for c in companies])
        small.action_validate()  # warm caches
        with self.assertQueryCount(12):
            small.action_validate()
        with self.assertQueryCount(12):
            large.action_validate()


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportRowRule(PortfolioCase):
    """PO-5: the pure row rule returns an error code; the wizard words every code for the user."""

    def check(self, company, cell, seen=None):
        seen = set() if seen is None else seen
        return check_import_row(company, cell, known_companies={7: True, 8: False}, portfolios={"North": 1}, seen=seen)

    def test_row_rule_codes(self):
        self.assertEqual(self.check(7, "North"), ("valid", None, {"id": 7}))
        self.assertEqual(self.check(7, "  "), ("blank", None, {"id": 7}))
        self.assertEqual(self.check("7", None), ("blank", None, {"id": 7}))
        self.assertEqual(self.check(7, "=A1"), ("invalid", "formula", {}))
        self.assertEqual(self.check(7, "x" * 129), ("invalid", "too_long", {"max": 128}))
        self.assertEqual(self.check("seven", "North"), ("invalid", "bad_id", {"value": "seven"}))
        self.assertEqual(self.check(None, "North"), ("invalid", "missing_id", {}))
        self.assertEqual(self.check(9, "North"), ("invalid", "unknown_company", {"id": 9}))
        self.assertEqual(self.check(8, "North"), ("invalid", "archived_company", {"id": 8}))
        self.assertEqual(self.check(7, "North", seen={7}), ("invalid", "duplicate", {"id": 7}))
        self.assertEqual(self.check(7, "South"), ("invalid", "unknown_portfolio", {"name": "South"}))

    def test_every_error_code_has_a_message(self):
        wizard = self.env["crm.portfolio.import"].create({})
        values = {"max": 128, "id": 42, "name": "South", "value": "12.7"}
        messages = {code: wizard._error_message(code, values) for code in IMPORT_ERRORS}
        self.assertEqual(len(set(messages.values())), len(IMPORT_ERRORS), "one distinct message per code")
        self.assertEqual(messages["unknown_portfolio"], "No portfolio named “South”.")
        self.assertEqual(messages["duplicate"], "Company 42 appears more than once.")
