import base64
import io

import openpyxl

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_action_flow.tests.common import NothingWrittenMixin


def xlsx_bytes(rows, header=("ID", "Company", "Portfolio"), merge=None):
    """An .xlsx file with a header row and the given rows (``merge``: a range of cells to merge)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class PortfolioCase(NothingWrittenMixin, TransactionCase):
    """Two success managers, a two-stage journey, portfolios and customer companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        sales = "sales_team.group_sale_salesman_all_leads"
        cls.maria = new_test_user(cls.env, "po_maria", groups=f"{sales},crm_action_flow.group_retention_admin",
                                  name="Maria Gerente")
        cls.joao = new_test_user(cls.env, "po_joao", groups=f"{sales},crm_action_flow.group_retention_admin",
                                 name="João Gerente")
        cls.analyst = new_test_user(cls.env, "po_analyst", groups=f"{sales},crm_action_flow.group_retention_analyst",
                                    name="Ana Agente")
        cls.analyst2 = new_test_user(cls.env, "po_analyst2", groups=f"{sales},crm_action_flow.group_retention_analyst",
                                     name="Beto Agente")
        cls.readonly = new_test_user(cls.env, "po_readonly", groups=f"{sales},crm_action_flow.group_retention_readonly")
        cls.journey = cls.env["crm.journey"].create({
            "name": "Onboarding",
            "stage_ids": [
                (0, 0, {"name": "Kick-off", "sequence": 1,
                        "milestone_ids": [(0, 0, {"name": "Welcome call", "deadline_days": 2})]}),
                (0, 0, {"name": "Live", "sequence": 2,
                        "milestone_ids": [(0, 0, {"name": "First report", "deadline_days": 10})]}),
            ],
        })
        cls.kickoff, cls.live = cls.journey.stage_ids.sorted("sequence")
        Portfolio = cls.env["crm.portfolio"]
        cls.pf_key = Portfolio.create(
            {"name": "Key accounts", "manager_id": cls.maria.id, "journey_id": cls.journey.id, "is_default": True}
        )
        cls.pf_small = Portfolio.create({"name": "Small shops", "manager_id": cls.maria.id})
        cls.pf_north = Portfolio.create({"name": "North", "manager_id": cls.joao.id, "is_default": True})
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Ltda", "is_company": True, "city": "Campinas"})
        cls.bolt = Partner.create({"name": "Bolt SA", "is_company": True, "city": "Recife"})
        cls.cafe = Partner.create({"name": "Café Real", "is_company": True, "city": "Campinas"})

    @staticmethod
    def xlsx(rows, header=("ID", "Company", "Portfolio")):
        """An .xlsx file (base64) with a header row and the given rows."""
        return base64.b64encode(xlsx_bytes(rows, header))

    @staticmethod
    def read_xlsx(data):
        """The rows (lists of cell values) of the first sheet of an .xlsx file (base64)."""
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data)))
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]

    def importer(self, rows=None, name="portfolios.xlsx", data=None, user=None):
        env = self.env(user=user) if user else self.env
        return env["crm.portfolio.import"].create({
            "upload_file": data if data is not None else self.xlsx(rows or []), "upload_name": name,
        })
