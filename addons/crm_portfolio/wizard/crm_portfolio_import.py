import base64
import binascii
import hashlib
import io

import openpyxl
from openpyxl.cell import WriteOnlyCell

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every
from odoo.tools.misc import formatLang

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import PACK

from ..models.portfolio_rules import (
    check_import_row,
    format_row_spans,
    formula_like,
    merge_row_spans,
    parse_company_id,
)
from ..models.portfolio_xlsx import MAX_UPLOAD_BYTES, SheetRefused, XlsxSheet

HEADERS = ("ID", "Company", "Portfolio")
# Files larger than this (about 3,500 template rows) are validated and imported in the background (X-8, #12).
BACKGROUND_BYTES = 64 * 1024
# Rows validated per lookup of their companies (one query per chunk, never the whole customer base).
CHECK_CHUNK = 5_000
# Companies written per step of a background import (each step committed: far under the worker limits).
IMPORT_STEP_ROWS = 20_000
# Merged row spans named in the refusal (the rest are counted).
MERGED_SPANS_SHOWN = 10


class CrmPortfolioImport(models.TransientModel):
    """PO-5: assign portfolios from a spreadsheet: template, validation, error sheet, one-transaction import."""

    _name = "crm.portfolio.import"
    _inherit = ["crm.retention.field.guard"]
    _description = "Portfolio Spreadsheet Import"

    state = fields.Selection(
        [("upload", "Upload"), ("running", "Running in the background"), ("validated", "Validated"), ("done", "Done")],
        default="upload",
    )
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
    job_id = fields.Many2one("crm.retention.job", string="Background job", readonly=True)
    job_progress = fields.Float(related="job_id.progress", string="Progress")
    job_state = fields.Selection(related="job_id.state", string="Background Job Status")
    job_message = fields.Text(related="job_id.result_message", string="Background Job Result")
    # The validated rows, for the import to apply without reading the file again (#12): written by the
    # validation only (never by a client), bound to the file they came from, checked again when applied.
    staged_rows = fields.Json(readonly=True, copy=False)

    @api.model
    def _retention_field_access(self):
        return super()._retention_field_access() | {"staged_rows": PACK}

    # ------------------------------------------------------------------ template

    def action_download_template(self):
        """A template listing every active company the user may access (their companies) with its portfolio."""
        self.ensure_one()
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Portfolios")
        sheet.append(list(HEADERS))
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """SELECT p.id, p.name, COALESCE(pf.name, '')
                 FROM res_partner p LEFT JOIN crm_portfolio pf ON pf.id = p.portfolio_id
                WHERE p.active AND p.id IN %s ORDER BY p.name, p.id""",
            self._customer_query().subselect(),
        ))
        for row in self.env.cr.fetchall():
            sheet.append(self._sheet_row(sheet, row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.template_file = base64.b64encode(buffer.getvalue())
        return self._download("template_file", "template_name")

    def _customer_query(self, ids=None):
        """The companies the import may touch: those of the user's companies (or of none) that the user may
        read, archived ones included (to name them), as a query (record rules applied); among ``ids`` when
        given."""
        domain = [("is_company", "=", True), ("company_id", "in", [False, *self.env.companies.ids])]
        if ids is not None:
            domain.append(("id", "in", list(ids)))
        return self.env["res.partner"].with_context(active_test=False)._search(domain)

    @staticmethod
    def _sheet_row(sheet, values):
        """A row for a write-only sheet, texts that a spreadsheet could read as formulas written as plain
        text (the one escaping of the template and the error sheet)."""
        row = []
        for value in values:
            if formula_like(value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                row.append(cell)
            else:
                row.append(value)
        return row

    def _download(self, field, filename_field):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/{field}/{self[filename_field]}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ validation

    def _open_sheet(self):
        """The uploaded file as an ``XlsxSheet``, every limit checked (docs/ARCHITECTURE.md "Import limits")."""
        if not self.upload_file:
            raise UserError(self.env._("Upload a spreadsheet first."))
        if not (self.upload_name or "").lower().endswith(".xlsx"):
            raise UserError(self.env._("Only .xlsx spreadsheets are accepted."))
        encoded = self.upload_file
        if self._upload_size() > MAX_UPLOAD_BYTES:
            self._refuse(SheetRefused("file_too_large", max=MAX_UPLOAD_BYTES))  # before decoding the base64
        try:
            data = base64.b64decode(encoded)
        except binascii.Error:  # not base64 (an RPC client's mistake)
            self._refuse(SheetRefused("not_xlsx"))
        if not data:
            raise UserError(self.env._("The file is empty."))
        try:
            sheet = XlsxSheet(data)
        except SheetRefused as refused:
            self._refuse(refused)
        if not sheet.has_rows:
            raise UserError(self.env._("The file is empty."))
        names = {column: str(value).strip() for column, value in sheet.header.items()}
        missing = [h for h in ("ID", "Portfolio") if h not in names.values()]
        if missing:
            raise UserError(self.env._(
                "The sheet must keep the template's columns: missing %(columns)s.", columns=", ".join(missing)
            ))
        sheet.columns = {
            header: min(column for column, name in names.items() if name == header)
            for header in HEADERS if header in names.values()
        }
        return sheet

    def _read_rows(self, sheet, headers=("ID", "Portfolio")):
        """Stream the data rows of an opened sheet: (row number, value of each of ``headers``; None for a
        column the sheet lacks), rows blank in those columns skipped."""
        present = [header for header in headers if header in sheet.columns]
        try:
            for number, values in sheet.rows(tuple(sheet.columns[header] for header in present)):
                by_header = dict(zip(present, values, strict=True))
                yield number, tuple(by_header.get(header) for header in headers)
        except SheetRefused as refused:
            self._refuse(refused)

    def _refuse(self, refused):
        """Raise the message, in the user's language, of a ``SheetRefused`` of the xlsx reader."""
        _ = self.env._
        values = dict(refused.values)
        if "max" in values:
            limit = values["max"]
            values["max"] = formatLang(self.env, limit, digits=0)
            values["mb"] = formatLang(self.env, limit / 1024 / 1024, digits=0)
        if refused.code == "merged_cells":
            spans = merge_row_spans(values.pop("rows"))
            values["rows"] = format_row_spans(spans[:MERGED_SPANS_SHOWN])
            if len(spans) > MERGED_SPANS_SHOWN:
                values["rows"] = _("%(rows)s and %(count)s more", rows=values["rows"],
                                   count=len(spans) - MERGED_SPANS_SHOWN)
        messages = {
            "not_xlsx": lambda: _("The file is not a valid .xlsx spreadsheet."),
            "file_too_large": lambda: _(
                "The file is larger than %(mb)s MB, the largest spreadsheet the import accepts.", **values
            ),
            "too_many_parts": lambda: _(
                "The file holds more than %(max)s parts: it is not a portfolio spreadsheet.", **values
            ),
            "uncompressed_too_large": lambda: _(
                "The spreadsheet unpacks to more than %(mb)s MB, the import's limit.", **values
            ),
            "part_too_large": lambda: _(
                "The workbook's structure is larger than %(mb)s MB: it is not a portfolio spreadsheet.", **values
            ),
            "shared_strings_too_large": lambda: _(
                "The spreadsheet's table of texts is larger than %(mb)s MB, the import's limit.", **values
            ),
            "too_many_shared_strings": lambda: _(
                "The spreadsheet's table of texts holds more than %(max)s texts, the import's limit.", **values
            ),
            "too_many_elements": lambda: _(
                "The spreadsheet holds more than %(max)s XML elements (rows, cells and their parts) in one part, "
                "the import's limit: keep only the template's columns.", **values
            ),
            "too_wide": lambda: _(
                "The sheet is wider than %(max)s columns, the import's limit: delete the columns after the "
                "template's.", **values
            ),
            "too_many_rows": lambda: _(
                "The sheet has more than %(max)s rows, the import's limit: split it into several files (or "
                "delete the empty rows below the data).", **values
            ),
            "merged_cells": lambda: _(
                "Merged cells are not accepted (rows %(rows)s): unmerge them and fill in every row.", **values
            ),
        }
        raise UserError(messages[refused.code]())

    def _check(self, sheet):
        """Validate every row (nothing written), the companies looked up per ``CHECK_CHUNK`` rows (memory flat
        in the customer base); return (counts, errors by row, assignments {company id: portfolio id or
        None}) for ``_write_assignments``."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "SELECT name, id FROM crm_portfolio WHERE id IN %s", self.env["crm.portfolio"]._search([]).subselect()
        ))
        portfolios = dict(self.env.cr.fetchall())
        counts = {"found": 0, "valid": 0, "invalid": 0, "blank": 0}
        errors, assignments, seen = {}, {}, set()
        for rows in split_every(CHECK_CHUNK, self._read_rows(sheet), list):
            companies = self._known_companies({parse_company_id(company) for _number, (company, _c) in rows})
            for number, (company, cell) in rows:
                counts["found"] += 1
                status, code, values = check_import_row(
                    company, cell, known_companies=companies, portfolios=portfolios, seen=seen
                )
                counts[status] += 1
                if status == "invalid":
                    errors[number] = self._error_message(code, values)
                else:
                    assignments[values["id"]] = portfolios.get(str(cell).strip()) if status == "valid" else None
        return counts, errors, assignments

    def _known_companies(self, ids):
        """{id: active} of those of ``ids`` that the import may touch (``_customer_query``), in one query."""
        ids = [cid for cid in ids if cid]
        if not ids:
            return {}
        self.env.cr.execute(self._customer_query(ids).select(
            SQL.identifier("res_partner", "id"), SQL.identifier("res_partner", "active")
        ))
        return dict(self.env.cr.fetchall())

    def _error_message(self, code, values):
        """The message, in the user's language, of an error code of ``check_import_row``."""
        _ = self.env._
        messages = {
            "formula": lambda: _("Formulas are not accepted: type the portfolio name."),
            "too_long": lambda: _(
                "The portfolio cell is longer than %(max)s characters, the longest possible name.", **values
            ),
            "missing_id": lambda: _("The ID cell is blank: keep the ID of the template's row."),
            "bad_id": lambda: _(
                "“%(value)s” is not a company ID: the ID column holds the whole number given by the template.",
                **values
            ),
            "unknown_company": lambda: _(
                "No company with ID %(id)s among the customers you may access.", **values
            ),
            "archived_company": lambda: _("Company %(id)s is archived.", **values),
            "duplicate": lambda: _("Company %(id)s appears more than once.", **values),
            "unknown_portfolio": lambda: _("No portfolio named “%(name)s”.", **values),
        }
        return messages[code]()

    def action_validate(self):
        """Validate the uploaded file: here for a small file, in the background for a large one."""
        self.ensure_one()
        self._check_idle()
        if self._in_background():
            self._open_sheet()  # the file's limits and columns are answered at once
            return self._run_in_background("validate")
        self._validate()
        return self._reopen()

    def _validate(self):
        sheet = self._open_sheet()
        counts, errors, assignments = self._check(sheet)
        if not counts["found"]:
            raise UserError(self.env._("The sheet has no row to import."))
        self.write({
            "state": "validated",
            "rows_found": counts["found"], "rows_valid": counts["valid"],
            "rows_invalid": counts["invalid"], "rows_blank": counts["blank"],
            "error_file": self._error_sheet(sheet, errors) if errors else False,
        })
        self._stage(None if errors else assignments)
        return counts

    def _upload_digest(self):
        """A digest of the uploaded file, binding the staged rows to it."""
        return hashlib.sha256(self.upload_file or b"").hexdigest()

    def _stage(self, assignments):
        """Keep the validated ``assignments`` ({company id: portfolio id or None}; None: nothing to keep) for
        the import, with the file they came from and the names of their portfolios."""
        staged = False
        if assignments:
            targets = [portfolio or 0 for portfolio in assignments.values()]
            portfolios = self.env["crm.portfolio"].browse({p for p in targets if p})
            staged = {
                "file": self._upload_digest(),
                "portfolios": {str(p.id): p.name for p in portfolios},
                "ids": list(assignments),
                "targets": targets,
            }
        self.sudo().write({"staged_rows": staged})

    def _staged_assignments(self):
        """The staged rows of the validated file if they still hold: same file, every company still among
        those the user may import and active, every portfolio still readable under the same name. None
        otherwise (the import checks the file again and names what changed). Set-based: one query for the
        portfolios, one per ``CHECK_CHUNK`` companies."""
        staged = self.staged_rows
        if not staged or staged.get("file") != self._upload_digest():
            return None
        self.env.flush_all()
        wanted = {int(pid): name for pid, name in staged["portfolios"].items()}
        self.env.cr.execute(SQL(
            "SELECT id, name FROM crm_portfolio WHERE id = ANY(%s) AND id IN %s",
            list(wanted), self.env["crm.portfolio"]._search([]).subselect(),
        ))
        if dict(self.env.cr.fetchall()) != wanted:
            return None
        for chunk in split_every(CHECK_CHUNK, staged["ids"], list):
            known = self._known_companies(chunk)
            if len(known) != len(chunk) or not all(known.values()):
                return None
        return self._staged_slice(staged)

    @staticmethod
    def _staged_slice(staged, start=0, end=None):
        """{company id: portfolio id or None} of the staged rows ``start`` to ``end``."""
        targets = staged["targets"][start:end]
        return dict(zip(staged["ids"][start:end], [target or None for target in targets], strict=True))

    def _checked_assignments(self):
        """(assignments, errors) of the rows to import: the staged ones when they still hold (no error),
        else the file checked again (``_check``), its rows staged when every one is valid."""
        assignments = self._staged_assignments()
        if assignments is not None:
            return assignments, {}
        _counts, errors, assignments = self._check(self._open_sheet())
        self._stage(None if errors else assignments)
        return assignments, errors

    def _error_sheet(self, sheet, errors):
        """The template's columns of the uploaded rows with an Error column naming what is wrong (streamed).

        Only when some row is invalid: the already checked file (same limits, its texts already parsed) is
        streamed once more for its ID, Company and Portfolio columns; row numbers are kept (blank rows too).
        """
        target = openpyxl.Workbook(write_only=True)
        out = target.create_sheet("Errors")
        out.append([*HEADERS, self.env._("Error")])
        last = 1
        for number, values in self._read_rows(sheet, HEADERS):
            for _blank in range(last + 1, number):
                out.append([])
            out.append(self._sheet_row(out, [*values, errors.get(number, "")]))
            last = number
        buffer = io.BytesIO()
        target.save(buffer)
        return base64.b64encode(buffer.getvalue())

    def action_download_errors(self):
        self.ensure_one()
        return self._download("error_file", "error_name")

    # ------------------------------------------------------------------ import

    def action_import(self):
        """Validate again, then write every row in one transaction, set-based (in the background for a large
        file: the user is notified of the result)."""
        self.ensure_one()
        self._check_idle()
        if self._in_background():
            self._open_sheet()  # the file's limits and columns are answered at once
            return self._run_in_background("import")
        self._import()
        return self._reopen()

    def _import(self):
        """Write the validated rows (the staged ones when they still hold, else the file checked again);
        return the number of companies imported."""
        assignments, errors = self._checked_assignments()
        if errors:
            raise UserError(self.env._(
                "%(count)s rows are invalid: download the error sheet, fix them and upload again.",
                count=len(errors),
            ))
        self._write_assignments(assignments)
        self.write({"state": "done", "imported_count": len(assignments)})
        self._stage(None)
        return len(assignments)

    def _write_assignments(self, assignments):
        """Write validated assignments {company id: portfolio id or None} (blank: no portfolio, no manager),
        set-based whatever their number (res.partner._portfolio_assign_bulk)."""
        return self.env["res.partner"]._portfolio_assign_bulk(assignments)

    # ------------------------------------------------------------------ background

    def _upload_size(self):
        """The size in bytes of the uploaded file, from its base64 text (without decoding it)."""
        encoded = self.upload_file or b""
        return len(encoded) * 3 // 4 - (len(encoded) - len(encoded.rstrip(b"=")))

    def _in_background(self):
        """Whether the uploaded file is large enough to be worked on in the background."""
        return self._upload_size() > BACKGROUND_BYTES

    def _run_in_background(self, what):
        names = {"validate": self.env._("Validate %(file)s", file=self.upload_name),
                 "import": self.env._("Import %(file)s", file=self.upload_name)}
        job = self.env["crm.retention.job"]._enqueue(
            names[what], self._name, "_job_import_file", payload={"wizard_id": self.id, "what": what}, total=1,
        )
        self.write({"state": "running", "job_id": job.id})
        return self._reopen()

    @api.model
    def _job_import_file(self, job):
        """The background work of a large file: the validation in one step; the import in steps, the first
        checking every row (nothing is written if one is invalid), each next one writing
        ``IMPORT_STEP_ROWS`` companies of the checked rows (each step committed by the runner: a killed
        worker resumes at the step it was in)."""
        wizard = self.browse(job.payload["wizard_id"]).exists()
        if not wizard:
            raise UserError(self.env._("The import was closed before its work could run: upload the file again."))
        if job.payload["what"] == "validate":
            counts = wizard._validate()
            job._step_progress(done=1, message=self.env._(
                "%(found)s rows found: %(valid)s valid, %(invalid)s invalid, %(blank)s blank.", **counts
            ))
            return 0
        if "offset" not in job.payload:
            return wizard._import_check_step(job)
        return wizard._import_write_step(job)

    def _import_check_step(self, job):
        """First step of a background import: the rows checked again (the staged ones, else the file); none
        written. Returns the number of companies to write (0 when a row is invalid)."""
        assignments, errors = self._checked_assignments()
        if errors:
            # Invalid rows: nothing is written; the wizard shows the counts and offers the error sheet.
            counts = self._validate()
            job._step_progress(done=1, message=self.env._(
                "Nothing imported: %(invalid)s of %(found)s rows are invalid; the import offers the sheet "
                "with their errors.", **counts
            ))
            return 0
        job._step_progress(done=0, total=len(assignments), payload=dict(job.payload, offset=0))
        return len(assignments)

    def _import_write_step(self, job):
        """A next step of a background import: the next ``IMPORT_STEP_ROWS`` checked companies written.
        Returns the number of companies still to write."""
        staged = self.staged_rows
        if not staged:
            raise UserError(self.env._("The import lost its checked rows before its end: upload the file again."))
        offset, total = job.payload["offset"], len(staged["ids"])
        end = min(offset + IMPORT_STEP_ROWS, total)
        self._write_assignments(self._staged_slice(staged, offset, end))
        if end < total:
            job._step_progress(done=end, payload=dict(job.payload, offset=end))
            return total - end
        self.write({"state": "done", "imported_count": total})
        self._stage(None)
        job._step_progress(done=end, payload=dict(job.payload, offset=end),
                           message=self.env._("%(count)s companies imported.", count=total))
        return 0

    def _check_idle(self):
        """Refuse to start or reset while the background job of this file is queued or running."""
        if any(w.state == "running" and w.job_id.state in ("queued", "running") for w in self):
            raise UserError(self.env._(
                "The file is being worked on in the background: wait for its job to end (CRM > Retention > "
                "Background Jobs shows its progress)."
            ))

    def action_refresh(self):
        """The dialog again, with what the background work has done so far."""
        self.ensure_one()
        return self._reopen()

    def action_resume_job(self):
        """Resume the failed background job of this file from its last completed step (an import that stopped
        half way then writes the rest)."""
        self.ensure_one()
        if self.state != "running" or self.job_id.state != "failed":
            raise UserError(self.env._("Only a background job that failed can be resumed."))
        self.job_id.action_resume()
        return self._reopen()

    def action_reset(self):
        self._check_idle()
        self.write({"state": "upload", "upload_file": False, "upload_name": False, "error_file": False})
        self._stage(None)
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
