from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.models.portfolio_rules import MAX_ID, parse_company_id

from . import xlsx_craft as craft
from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportStrictIds(PortfolioCase):
    """PO-5 / X-3: an ID cell is a company's id as typed, never coerced: anything else makes its row invalid."""

    def validate(self, data):
        wizard = self.importer(data=data)
        wizard.action_validate()
        return wizard

    def assertRowInvalid(self, data, message):
        wizard = self.validate(data)
        self.assertRecordValues(wizard, [{"rows_found": 1, "rows_valid": 0, "rows_invalid": 1}])
        errors = self.read_xlsx(wizard.error_file)
        self.assertEqual(errors[0][-1], "Error")
        self.assertIn(message, errors[1][-1])
        with self.assertRaisesRegex(UserError, "1 rows are invalid"):
            wizard.action_import()
        self.assertFalse(self.env["res.partner"].search([("portfolio_id", "=", self.pf_north.id)]), "nothing written")

    def test_typed_values_that_are_not_ids(self):
        # Each of them was coerced by int() before: 12.7 → 12, TRUE → 1, "1_3" and Arabic-Indic digits → 13.
        acme = self.acme.id
        for value, shown in [
            (acme + 0.7, f"{acme + 0.7}"), (True, "TRUE"), (False, "FALSE"), ("1_3", "1_3"), ("١٣", "١٣"),
            (f"{acme}.0", f"{acme}.0"), ("1E999", "1E999"), ("NaN", "NaN"), ("inf", "inf"), (-acme, f"-{acme}"),
            (0, "0"), (str(MAX_ID + 1), str(MAX_ID + 1)), ("9" * 5000, "9" * 39 + "…"), ("=A1", "=A1"),
            (f"{acme} {acme}", f"{acme} {acme}"), (f"+{acme}", f"+{acme}"),
        ]:
            with self.subTest(value=value):
                self.assertRowInvalid(self.xlsx([(value, "Acme", "North")]), f"“{shown}” is not a company ID")

    def test_numbers_spelled_in_the_file_that_are_not_ids(self):
        # What a numeric cell may hold in the XML itself: out of range, not a number, negative, fractional.
        for text in ("1E999", "NaN", "INF", "-5", "12.7", "1_3", "0x1F", "١٣"):
            with self.subTest(text=text):
                row = '<row r="2">' + craft.number("A2", text) + craft.inline("C2", "North") + "</row>"
                self.assertRowInvalid(craft.b64(craft.package(craft.sheet_xml(row))), "is not a company ID")
        boolean = '<row r="2"><c r="A2" t="b"><v>1</v></c>' + craft.inline("C2", "North") + "</row>"
        self.assertRowInvalid(craft.b64(craft.package(craft.sheet_xml(boolean))), "“TRUE” is not a company ID")

    def test_blank_id_with_a_portfolio(self):
        self.assertRowInvalid(self.xlsx([(None, "Acme", "North")]), "The ID cell is blank")
        self.assertRowInvalid(self.xlsx([("  ", "Acme", "North")]), "The ID cell is blank")

    def test_whole_numbers_are_ids(self):
        # Spreadsheets store numbers as floats (12.0), and an ID may be typed as text ('12', ' 12 ').
        wizard = self.validate(self.xlsx([
            (float(self.acme.id), "Acme", "North"), (str(self.bolt.id), "Bolt", "North"),
            (f" {self.cafe.id} ", "Café", "North"),
        ]))
        self.assertRecordValues(wizard, [{"rows_found": 3, "rows_valid": 3, "rows_invalid": 0}])
        wizard.action_import()
        self.assertEqual((self.acme | self.bolt | self.cafe).portfolio_id, self.pf_north)
        cells = craft.number("A2", f"{self.acme.id}E0") + craft.inline("C2", "Key accounts")
        exponent = f'<row r="2">{cells}</row>'
        wizard = self.validate(craft.b64(craft.package(craft.sheet_xml(exponent))))
        self.assertEqual(wizard.rows_valid, 1)

    def test_parse_company_id(self):
        self.assertEqual(parse_company_id(12), 12)
        self.assertEqual(parse_company_id(12.0), 12)
        self.assertEqual(parse_company_id(" 12 "), 12)
        self.assertEqual(parse_company_id(MAX_ID), MAX_ID)
        for value in (12.7, True, False, "1_3", "١٣", "12.0", "1E3", "NaN", float("nan"), float("inf"), -3, 0,
                      MAX_ID + 1, "", None, b"12", [12]):
            with self.subTest(value=value):
                self.assertIsNone(parse_company_id(value))
