import base64
import io
import os
import zipfile
from contextlib import contextmanager
from unittest.mock import patch

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_portfolio.models import portfolio_xlsx
from odoo.addons.crm_portfolio.models.portfolio_rules import format_row_spans, merge_row_spans
from odoo.addons.crm_portfolio.models.portfolio_xlsx import (
    MAX_COLUMNS,
    MAX_PART_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    SHEET_ERRORS,
)

from . import xlsx_craft as craft
from .common import PortfolioCase


class ImportRefusalCase(PortfolioCase):
    """A refused file: a clear message at validation and at import, and nothing written."""

    NOT_VALID_REGEX = r"^The file is not a valid \.xlsx spreadsheet\.$"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme.portfolio_id = cls.pf_small

    def assertRefused(self, data, regex, encoded=False):
        wizard = self.importer(data=data if encoded else craft.b64(data))
        with self.assertRaisesRegex(UserError, regex):
            wizard.action_validate()
        with self.assertRaisesRegex(UserError, regex):
            wizard.action_import()
        self.assertRecordValues(wizard, [{"state": "upload", "rows_found": 0, "error_file": False}])
        self.assertEqual(self.acme.portfolio_id, self.pf_small, "nothing written")
        self.assertEqual(self.acme.success_manager_id, self.maria)
        return wizard

    def acme_row(self, portfolio="North", row=2):
        cells = craft.number(f"A{row}", self.acme.id) + craft.inline(f"C{row}", portfolio)
        return f'<row r="{row}">{cells}</row>'


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportLimits(ImportRefusalCase):
    """PO-5 / X-3: every import limit is checked before the work it bounds and refused with a message naming it."""

    @staticmethod
    @contextmanager
    def spy_opened_parts():
        """Record the names of the zip parts opened (decompressed) meanwhile."""
        opened, original = [], zipfile.ZipFile.open

        def spy(archive, member, *args, **kwargs):
            opened.append(getattr(member, "filename", member))
            return original(archive, member, *args, **kwargs)

        with patch.object(zipfile.ZipFile, "open", spy):
            yield opened

    def test_a_crafted_file_within_the_limits_imports(self):
        # The reference for the refusals below: the same hand-made parts, within the limits, are imported.
        wizard = self.importer(data=craft.b64(craft.package(craft.sheet_xml(self.acme_row()))))
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"rows_found": 1, "rows_valid": 1, "rows_invalid": 0}])
        wizard.action_import()
        self.assertEqual(self.acme.portfolio_id, self.pf_north)

    def test_file_larger_than_the_upload_limit(self):
        self.assertRefused(os.urandom(MAX_UPLOAD_BYTES + 1), r"larger than 20 MB")
        wizard = self.importer(data=craft.b64(os.urandom(MAX_UPLOAD_BYTES + 1)))
        with patch("base64.b64decode", side_effect=AssertionError("decoded")) as decode, \
                self.assertRaisesRegex(UserError, r"larger than 20 MB"):
            wizard.action_validate()
        decode.assert_not_called()  # refused from the size of the upload, before decoding it

    def test_too_many_zip_parts(self):
        parts = {f"xl/media/pad{i}.bin": b"" for i in range(MAX_ZIP_MEMBERS)}
        self.assertRefused(craft.package(parts=parts), r"more than 200 parts")

    def test_zip_bomb_declared_size(self):
        # 1 KB on disk, declaring more than the uncompressed limit: refused before anything is decompressed
        # (the declared size is also all zipfile would ever deliver for that part).
        data = craft.package(parts={"xl/media/bomb.bin": b"\0" * 1024})
        data = craft.declare_size(data, "xl/media/bomb.bin", MAX_UNCOMPRESSED_BYTES)
        with self.spy_opened_parts() as opened:
            self.assertRefused(data, r"unpacks to more than 160 MB")
        self.assertFalse(opened, "no part was decompressed")

    def test_zip_bomb_real(self):
        megabyte = b"\0" * 1024 * 1024
        bomb = craft.stream_part(megabyte for _ in range(MAX_UNCOMPRESSED_BYTES // len(megabyte) + 1))
        data = craft.package(parts={"xl/media/bomb.bin": bomb})
        self.assertLess(len(data), 1024 * 1024, "a small file on disk")
        self.assertRefused(data, r"unpacks to more than 160 MB")

    def test_structural_part_too_large(self):
        workbook = craft.WORKBOOK.replace("<sheets>", " " * MAX_PART_BYTES + "<sheets>")
        self.assertRefused(craft.package(workbook=workbook), r"structure is larger than 2 MB")

    def test_shared_strings_part_too_large_is_not_parsed(self):
        chunk = b"<si><t>x</t></si>" * 60_000
        strings = craft.stream_part(
            [f'<?xml version="1.0"?><sst xmlns="{craft.MAIN}">'.encode()]
            + [chunk] * (MAX_SHARED_STRINGS_BYTES // len(chunk) + 1) + [b"</sst>"]
        )
        data = craft.package(shared_strings=strings)
        with self.spy_opened_parts() as opened:
            self.assertRefused(data, r"table of texts is larger than 48 MB")
        self.assertIn("xl/worksheets/sheet1.xml", opened, "the sheet's declared dimension was read")
        self.assertNotIn("xl/sharedStrings.xml", opened, "the table of texts was never decompressed")

    def test_shared_strings_count_stops_the_parser(self):
        # A crafted table of tiny texts (the 223 KB file): refused as soon as it holds one more text
        # than the limit. Past that point the part is not even well-formed: the parser never got there.
        strings = (
            f'<?xml version="1.0"?><sst xmlns="{craft.MAIN}">'
            + "<si><t>x</t></si>" * (MAX_SHARED_STRINGS + 1) + "<si><broken></sst>"
        )
        data = craft.package(craft.sheet_xml(self.acme_row()), shared_strings=strings)
        self.assertLess(len(data), 300 * 1024)
        with patch.object(portfolio_xlsx, "_RowReader", wraps=portfolio_xlsx._RowReader) as rows:
            sheet = None
            try:
                sheet = portfolio_xlsx.XlsxSheet(data)
            except portfolio_xlsx.SheetRefused as refused:
                self.assertEqual(refused.code, "too_many_shared_strings")
            self.assertIsNone(sheet)
        rows.assert_not_called()
        self.assertRefused(data, r"table of texts holds more than 500,000 texts")

    def test_wide_dimension_is_refused_before_any_row(self):
        # A sheet declaring every cell of a worksheet (A1:XFD1048576) with real rows after it: refused from
        # the declaration; no row reader is ever made, no text table parsed.
        rows = "".join(self.acme_row(row=r) for r in range(2, 1002))
        strings = f'<?xml version="1.0"?><sst xmlns="{craft.MAIN}"><si><t>North</t></si></sst>'
        data = craft.package(craft.sheet_xml(rows, dimension="A1:XFD1048576"), shared_strings=strings)
        with patch.object(portfolio_xlsx, "_RowReader", wraps=portfolio_xlsx._RowReader) as readers, \
                patch.object(portfolio_xlsx.XlsxSheet, "_read_shared_strings") as texts:
            self.assertRefused(data, rf"wider than {MAX_COLUMNS} columns")
        readers.assert_not_called()
        texts.assert_not_called()

    def test_long_dimension_is_refused_before_any_row(self):
        data = craft.package(craft.sheet_xml(self.acme_row(), dimension="A1:C1048576"))
        with patch.object(portfolio_xlsx, "_RowReader", wraps=portfolio_xlsx._RowReader) as readers:
            self.assertRefused(data, r"more than 100,000 rows")
        readers.assert_not_called()

    def test_rows_beyond_a_lying_dimension_are_refused(self):
        # The dimension says three columns and two rows; the rows say otherwise: counted as they stream by.
        rows = self.acme_row() + f'<row r="{MAX_ROWS + 2}">' + craft.number(f"A{MAX_ROWS + 2}", 1) + "</row>"
        self.assertRefused(craft.package(craft.sheet_xml(rows)), r"more than 100,000 rows")
        wide = f'<row r="2">{craft.number("A2", self.acme.id)}{craft.inline("AY2", "x")}</row>'
        self.assertRefused(craft.package(craft.sheet_xml(wide)), rf"wider than {MAX_COLUMNS} columns")
        # Empty formatted cells and rows beyond the limits (as Excel writes them) hold nothing: accepted.
        formatted = (f'<row r="2">{craft.number("A2", self.acme.id)}{craft.inline("C2", "North")}<c r="AZ2" s="1"/>'
                     f'</row><row r="{MAX_ROWS + 5}" s="1" customFormat="1"><c r="A{MAX_ROWS + 5}" s="1"/></row>')
        wizard = self.importer(data=craft.b64(craft.package(craft.sheet_xml(formatted))))
        wizard.action_validate()
        self.assertRecordValues(wizard, [{"rows_found": 1, "rows_valid": 1}])

    def test_xml_elements_beyond_the_budget_stop_the_parser(self):
        # Tiny elements (4 bytes each, 1,000:1 once compressed) cost CPU per element whatever the bytes limits:
        # a budget of elements per part stops the parser. Past it the XML is broken: the parser never got there.
        # (The limit is lowered here to keep the test short; the same code counts up to MAX_XML_ELEMENTS.)
        junk = self.acme_row() + "<x/>" * 10_001 + "<broken>"
        data = craft.package(craft.sheet_xml(junk))
        with patch.object(portfolio_xlsx, "MAX_XML_ELEMENTS", 10_000):
            self.assertRefused(data, r"more than 10,000 XML elements")
        strings = f'<?xml version="1.0"?><sst xmlns="{craft.MAIN}"><si>{"<x/>" * 10_001}<broken></si></sst>'
        with patch.object(portfolio_xlsx, "MAX_XML_ELEMENTS", 10_000):
            self.assertRefused(craft.package(shared_strings=strings), r"more than 10,000 XML elements")
        self.assertRefused(data, self.NOT_VALID_REGEX)  # with the real budget, the broken XML is reached
        columns = "<cols>" + "<col/>" * 10_001 + "</cols><sheetData>"  # in the sheet's head, no dimension
        head = craft.sheet_xml(self.acme_row(), dimension=None).replace("<sheetData>", columns)
        with patch.object(portfolio_xlsx, "MAX_XML_ELEMENTS", 10_000):
            self.assertRefused(craft.package(head), r"more than 10,000 XML elements")

    def test_limits_leave_room_for_the_real_template(self):
        # The bench imports 100,000 rows of the real template (bench/import.py) in one background step of
        # about 45 s, within the workers' 120 s: the largest file accepted is that one.
        self.assertEqual(MAX_ROWS, 100_000)
        self.assertGreaterEqual(MAX_COLUMNS, 3)

    def test_merged_cells_are_refused_with_their_rows(self):
        rows = [(self.acme.id, "Acme", "North"), (self.bolt.id, "Bolt", None), (self.cafe.id, "Café", None),
                (self.bolt.id + 1000, "x", "North"), (self.bolt.id + 1001, "y", None)]
        data = self.xlsx(rows)
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data)))
        workbook.active.merge_cells("C2:C4")
        workbook.active.merge_cells("B5:C6")
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.assertRefused(buffer.getvalue(), r"Merged cells are not accepted \(rows 2–6\)")
        self.assertFalse(self.bolt.portfolio_id | self.cafe.portfolio_id)


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportMalformed(ImportRefusalCase):
    """PO-5 / X-3: a malformed file is "not a valid .xlsx file", never a parser error; no entity is expanded."""

    NOT_VALID = ImportRefusalCase.NOT_VALID_REGEX

    def test_not_a_zip(self):
        self.assertRefused(b"ID;Company;Portfolio\n1;Acme;North\n", self.NOT_VALID)
        self.assertRefused(craft.package()[:200], self.NOT_VALID)  # truncated
        self.assertRefused(b"not base64!", self.NOT_VALID, encoded=True)

    def test_a_zip_that_is_not_a_spreadsheet(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hello")
        self.assertRefused(buffer.getvalue(), self.NOT_VALID)
        chart_sheet = craft.WORKBOOK_RELS.replace('worksheet"', 'chartsheet"')
        self.assertRefused(craft.package(parts={"xl/_rels/workbook.xml.rels": chart_sheet}), self.NOT_VALID)
        self.assertRefused(craft.package(parts={"_rels/.rels": craft.ROOT_RELS.replace("officeDocument", "x")}),
                           self.NOT_VALID)

    def test_billion_laughs(self):
        lol = (
            '<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
            + "]>"
        )
        sheet = craft.sheet_xml(self.acme_row("&lol9;"), head=lol)
        self.assertRefused(craft.package(sheet), self.NOT_VALID)
        workbook = craft.WORKBOOK.replace("<workbook", lol + "<workbook")
        self.assertRefused(craft.package(workbook=workbook), self.NOT_VALID)

    def test_external_entity(self):
        xxe = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        strings = (f'<?xml version="1.0"?>{xxe}<sst xmlns="{craft.MAIN}"><si><t>&secret;</t></si></sst>')
        sheet = craft.sheet_xml('<row r="2">' + craft.number("A2", self.acme.id) + '<c r="C2" t="s"><v>0</v></c></row>')
        self.assertRefused(craft.package(sheet, shared_strings=strings), self.NOT_VALID)
        parameter = '<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/x.dtd"> %remote;]>'
        self.assertRefused(craft.package(craft.sheet_xml(self.acme_row(), head=parameter)), self.NOT_VALID)

    def test_undefined_entity_and_broken_xml(self):
        self.assertRefused(craft.package(craft.sheet_xml(self.acme_row("&nowhere;"))), self.NOT_VALID)
        self.assertRefused(craft.package(craft.sheet_xml(self.acme_row()).replace("</sheetData>", "")), self.NOT_VALID)

    def test_bad_shared_string_index(self):
        strings = f'<?xml version="1.0"?><sst xmlns="{craft.MAIN}"><si><t>North</t></si></sst>'
        sheet = craft.sheet_xml('<row r="2">' + craft.number("A2", self.acme.id) + '<c r="C2" t="s"><v>7</v></c></row>')
        self.assertRefused(craft.package(sheet, shared_strings=strings), self.NOT_VALID)

    def test_corrupt_part(self):
        data = bytearray(craft.package(craft.sheet_xml(self.acme_row())))
        sheet_at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
        data[sheet_at:sheet_at + 8] = b"\xff" * 8  # compressed data damaged: zlib or CRC error
        self.assertRefused(bytes(data), self.NOT_VALID)


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportLimitMessages(PortfolioCase):
    """PO-5: every refusal code of the reader has its own message naming the limit; the pure helpers."""

    def test_every_refusal_code_has_a_message(self):
        wizard = self.env["crm.portfolio.import"].create({})
        messages = {}
        for code in SHEET_ERRORS:
            values = {"rows": [(3, 5), (4, 7), (9, 9)]} if code == "merged_cells" else {"max": 2 * 1024 * 1024}
            with self.assertRaises(UserError) as refused:
                wizard._refuse(portfolio_xlsx.SheetRefused(code, **values))
            messages[code] = str(refused.exception)
        self.assertEqual(len(set(messages.values())), len(SHEET_ERRORS), "one distinct message per code")
        self.assertIn("rows 3–7, 9", messages["merged_cells"])
        self.assertIn("2 MB", messages["part_too_large"])
        self.assertIn("2,097,152", messages["too_many_rows"])
        many = [(row, row) for row in range(2, 40, 2)]
        with self.assertRaisesRegex(UserError, r"rows 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 9 more\)"):
            wizard._refuse(portfolio_xlsx.SheetRefused("merged_cells", rows=many))

    def test_pure_helpers(self):
        self.assertEqual(merge_row_spans([(4, 7), (3, 5), (9, 9), (8, 8)]), [(3, 9)])
        self.assertEqual(format_row_spans([(3, 7), (9, 9)]), "3–7, 9")
        self.assertEqual(portfolio_xlsx.parse_range("A1:XFD1048576"), (1, 1, 1048576, 16384))
        self.assertEqual(portfolio_xlsx.parse_range("$B$2"), (2, 2, 2, 2))
        self.assertIsNone(portfolio_xlsx.parse_range("A0x"))
        self.assertEqual(portfolio_xlsx.number_value("42"), 42)
        self.assertEqual(portfolio_xlsx.number_value("4.5E1"), 45.0)
        self.assertEqual(portfolio_xlsx.number_value("1E999"), float("inf"))
        for text in ("NaN", "INF", "1_3", "١٣", "0x1F", " 4"):
            self.assertEqual(portfolio_xlsx.number_value(text), text, "kept as text, never coerced")
