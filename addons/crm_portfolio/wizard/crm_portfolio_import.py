import base64
import io

import openpyxl

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.portfolio_rules import check_import_row

HEADERS = ("ID", "Company", "Portfolio")
IMPORT_CHUNK = 5000


class CrmPortfolioImport(models.TransientModel):
    """PO-5: assign portfolios from a spreadsheet: template, validation, error sheet, one-transaction import."""

    _name = "crm.portfolio.import"
    _description = "Portfolio Spreadsheet Import"

    state = fields.Selection([("upload", "Upload"), ("validated", "Validated"), ("done", "Done")], default="upload")
    template_file = fields.Binary(readonly=True, attachment=False)
    template_name = fields.Char(default="portfolio_template.xlsx")
    upload_file = fields.Binary(string="Spreadsheet", attachment=False)
    upload_name = fields.Char(string="File Name")
    rows_found = fields.Integer(readonly=True)
    rows_valid = fields.Integer(readonly=True)
    rows_invalid = fields.Integer(readonly=True)
    rows_blank = fields.Integer(readonly=True)
    error_file = fields.Binary(readonly=True, attachment=False)
    error_name = fields.Char(default="portfolio_errors.xlsx")
    imported_count = fields.Integer(readonly=True)

    # ------------------------------------------------------------------ template

    def action_download_template(self):
        """A template listing every active company with its current portfolio."""
        self.ensure_one()
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Portfolios")
        sheet.append(list(HEADERS))
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT p.id, p.name, COALESCE(pf.name, '')
                 FROM res_partner p LEFT JOIN crm_portfolio pf ON pf.id = p.portfolio_id
                WHERE p.is_company AND p.active ORDER BY p.name, p.id"""
        )
        for row in self.env.cr.fetchall():
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.template_file = base64.b64encode(buffer.getvalue())
        return self._download("template_file", "template_name")

    def _download(self, field, filename_field):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/{field}/{self[filename_field]}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ validation

    def _read_rows(self):
        """Stream the uploaded sheet (openpyxl read-only mode): yields (row number, id cell, portfolio cell)."""
        if not self.upload_file:
            raise UserError(self.env._("Upload a spreadsheet first."))
        if not (self.upload_name or "").lower().endswith(".xlsx"):
            raise UserError(self.env._("Only .xlsx spreadsheets are accepted."))
        data = base64.b64decode(self.upload_file)
        if not data:
            raise UserError(self.env._("The file is empty."))
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as error:
            raise UserError(self.env._("The file is not a valid .xlsx spreadsheet.")) from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise UserError(self.env._("The file is empty."))
        names = [str(h).strip() if h is not None else "" for h in header]
        missing = [h for h in ("ID", "Portfolio") if h not in names]
        if missing:
            raise UserError(self.env._(
                "The sheet must keep the template's columns: missing %(columns)s.", columns=", ".join(missing)
            ))
        id_col, portfolio_col = names.index("ID"), names.index("Portfolio")
        for number, row in enumerate(rows, start=2):
            if row is None or all(cell is None for cell in row):
                continue
            company = row[id_col] if id_col < len(row) else None
            portfolio = row[portfolio_col] if portfolio_col < len(row) else None
            yield number, company, portfolio
        workbook.close()

    def _check(self):
        """Validate every row with two queries in all; return (counts, errors by row, assignments)."""
        self.env.flush_all()
        self.env.cr.execute("SELECT id, active FROM res_partner WHERE is_company")
        companies = dict(self.env.cr.fetchall())
        self.env.cr.execute("SELECT name, id FROM crm_portfolio WHERE active")
        portfolios = dict(self.env.cr.fetchall())
        counts = {"found": 0, "valid": 0, "invalid": 0, "blank": 0}
        errors, assignments, seen = {}, {}, set()
        for number, company, cell in self._read_rows():
            counts["found"] += 1
            status, code, values = check_import_row(
                company, cell, known_companies=companies, portfolios=portfolios, seen=seen
            )
            counts[status] += 1
            if status == "invalid":
                errors[number] = self._error_message(code, values)
            else:
                assignments[int(company)] = portfolios.get(str(cell).strip()) if status == "valid" else None
        return counts, errors, assignments

    def _error_message(self, code, values):
        """The message, in the user's language, of an error code of ``check_import_row``."""
        _ = self.env._
        messages = {
            "formula": lambda: _("Formulas are not accepted: type the portfolio name."),
            "too_long": lambda: _(
                "The portfolio cell is longer than %(max)s characters, the longest possible name.", **values
            ),
            "bad_id": lambda: _("The ID column must hold the company's ID."),
            "unknown_company": lambda: _("No company with ID %(id)s.", **values),
            "archived_company": lambda: _("Company %(id)s is archived.", **values),
            "duplicate": lambda: _("Company %(id)s appears more than once.", **values),
            "unknown_portfolio": lambda: _("No portfolio named “%(name)s”.", **values),
        }
        return messages[code]()

    def action_validate(self):
        self.ensure_one()
        counts, errors, _assignments = self._check()
        if not counts["found"]:
            raise UserError(self.env._("The sheet has no row to import."))
        self.write({
            "state": "validated",
            "rows_found": counts["found"], "rows_valid": counts["valid"],
            "rows_invalid": counts["invalid"], "rows_blank": counts["blank"],
            "error_file": self._error_sheet(errors) if errors else False,
        })
        return self._reopen()

    def _error_sheet(self, errors):
        """The uploaded rows with an Error column naming what is wrong (streamed)."""
        data = base64.b64decode(self.upload_file)
        source = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        target = openpyxl.Workbook(write_only=True)
        sheet = target.create_sheet("Errors")
        for number, row in enumerate(source.worksheets[0].iter_rows(values_only=True), start=1):
            values = [("'" + v) if isinstance(v, str) and v.startswith("=") else v for v in (row or ())]
            if number == 1:
                sheet.append([*values, self.env._("Error")])
            else:
                sheet.append([*values, errors.get(number, "")])
        source.close()
        buffer = io.BytesIO()
        target.save(buffer)
        return base64.b64encode(buffer.getvalue())

    def action_download_errors(self):
        self.ensure_one()
        return self._download("error_file", "error_name")

    # ------------------------------------------------------------------ import

    def action_import(self):
        """Write every row in one transaction, set-based: one write per target portfolio."""
        self.ensure_one()
        counts, errors, assignments = self._check()
        if errors:
            raise UserError(self.env._(
                "%(count)s rows are invalid: download the error sheet, fix them and upload again.",
                count=len(errors),
            ))
        by_portfolio = {}
        for company, portfolio in assignments.items():
            by_portfolio.setdefault(portfolio, []).append(company)
        Partner = self.env["res.partner"]
        for portfolio, company_ids in by_portfolio.items():
            vals = {"portfolio_id": portfolio} if portfolio else {"portfolio_id": False, "success_manager_id": False}
            # Grouped writes in chunks, the cache emptied between them: memory stays flat as the file grows.
            for start in range(0, len(company_ids), IMPORT_CHUNK):
                Partner.browse(company_ids[start:start + IMPORT_CHUNK]).write(vals)
                self.env.flush_all()
                self.env.invalidate_all()
        self.write({"state": "done", "imported_count": counts["valid"] + counts["blank"]})
        return self._reopen()

    def action_reset(self):
        self.write({"state": "upload", "upload_file": False, "upload_name": False, "error_file": False})
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import portfolios"),
        }
