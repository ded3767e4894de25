"""#16: a Brazilian company's first day. The demo data read in pt_BR, and the Brazilian story.

It needs a database installed with demo data: ``./dev test`` runs this file on its database installed with
demo data and pt_BR (``crmpack_test_demo``), with ``CRM_PACK_DEMO_DB=1``, under which a database without
the demo fails the test instead of skipping it. On the suite's database without demo it is skipped.
"""

import os
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_action_flow.models.public_holidays import easter_date

from .common import PACK_ADDONS

LANG = "pt_BR"


@tagged("post_install", "-at_install")
class TestDemoPtBr(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search([("name", "in", PACK_ADDONS)])
        if not all(modules.mapped("demo")):
            if os.environ.get("CRM_PACK_DEMO_DB"):
                raise AssertionError("CRM_PACK_DEMO_DB is set but the pack is installed without demo data")
            cls.skipTest(cls, "the pack is installed without demo data (./dev test runs this on its demo database)")
        lang = cls.env["res.lang"].with_context(active_test=False).search([("code", "=", LANG)])
        if not lang.active:
            cls.env["res.lang"]._activate_lang(LANG)
        # The pack's translations as a pt_BR user gets them, demo records' terms included.
        modules._update_translations(LANG, overwrite=True)
        cls.env = cls.env(context=dict(cls.env.context, lang=LANG))

    def assertNames(self, expected):
        """``expected``: {xml id: Portuguese name}; each record's name (or given field) reads so in pt_BR."""
        for xmlid, value in expected.items():
            field = "name"
            if isinstance(value, tuple):
                field, value = value
            with self.subTest(xmlid=xmlid):
                self.assertEqual(self.env.ref(xmlid)[field], value)

    def test_action_flow_demo_reads_in_portuguese(self):
        self.assertNames({
            "crm_action_flow.action_call": "Ligação",
            "crm_action_flow.action_visit": "Visita",
            "crm_action_flow.action_loyalty_scheduling": "Fidelização + Agendamento",
            "crm_action_flow.result_call_interested": "Interessado",
            "crm_action_flow.result_call_no_answer": "Não atendeu",
            "crm_action_flow.result_call_not_interested": "Sem interesse",
            "crm_action_flow.result_visit_proposal": "Proposta solicitada",
            "crm_action_flow.result_visit_absent": "Cliente ausente",
            "crm_action_flow.result_loyalty_closed": "Negócio fechado, acompanhamento agendado",
            "crm_action_flow.result_category_contact": "Contato realizado",
            "crm_action_flow.result_category_no_contact": "Sem contato",
            "crm_action_flow.account_class_customer": "Cliente",
            "crm_action_flow.stage_question_budget": "O orçamento está aprovado?",
            "crm_action_flow.stage_question_channel": "Canal preferido",
            "crm_action_flow.stage_question_stores": "Número de lojas",
        })

    def test_journey_demo_reads_in_portuguese(self):
        self.assertNames({
            "crm_journey.demo_journey_onboarding": "Integração de novos clientes",
            "crm_journey.demo_stage_kickoff": "Início",
            "crm_journey.demo_stage_implementation": "Implantação",
            "crm_journey.demo_stage_adoption": "Adoção",
            "crm_journey.demo_stage_renewal": "Renovação",
            "crm_journey.demo_ms_welcome": "Ligação de boas-vindas",
            "crm_journey.demo_ms_training": "Treinamento realizado",
            "crm_journey.demo_ms_renewal": "Reunião de renovação",
        })
        self.assertIn("todo novo cliente", self.env.ref("crm_journey.demo_journey_onboarding").description)

    def test_portfolio_demo_reads_in_portuguese(self):
        self.assertNames({
            "crm_portfolio.marker_churn_risk": "Risco de churn",
            "crm_portfolio.marker_expansion": "Expansão",
            "crm_portfolio.segment_us_customers": "Clientes nos Estados Unidos",
        })
        # The marker's display (emoji and name) follows the language too.
        self.assertEqual(self.env.ref("crm_portfolio.marker_expansion").display_name, "🚀 Expansão")

    def test_brazilian_company(self):
        company = self.env.ref("crm_action_flow.company_brazil")
        self.assertEqual(company.currency_id, self.env.ref("base.BRL"))
        self.assertTrue(company.currency_id.active)
        self.assertEqual(company.vat, "11.222.333/0001-81")
        self.assertEqual(company.partner_id.legal_name, "Móveis Paulista Comércio de Móveis Ltda.")
        self.assertEqual(company.country_id.code, "BR")
        self.assertEqual(company.state_id, self.env.ref("base.state_br_sp"))

    def test_brazilian_customers_and_segment(self):
        company = self.env.ref("crm_action_flow.company_brazil")
        customers = self.env["res.partner"].search([
            ("company_id", "=", company.id), ("id", "!=", company.partner_id.id)])
        self.assertEqual(len(customers), 3)
        self.assertEqual(set(customers.mapped("state_id.code")), {"SP", "RJ", "MG"})
        self.assertTrue(all(customers.mapped("legal_name")), "every customer has its razão social")
        self.assertTrue(all(customers.mapped("vat")), "every customer has its CNPJ")
        portfolio = self.env.ref("crm_portfolio.portfolio_brazil_key_accounts")
        self.assertEqual(customers.portfolio_id, portfolio)
        # On the portfolio's journey, counted in working days.
        self.assertEqual(portfolio.journey_id.day_count, "working")
        self.assertEqual(customers.journey_stage_id, self.env.ref("crm_journey.demo_stage_brazil_welcome"))
        segment = self.env.ref("crm_portfolio.segment_brazil_sao_paulo")
        found = self.env["res.partner"].search(segment._get_domain())
        self.assertIn(self.env.ref("crm_action_flow.partner_brazil_sp"), found)
        self.assertNotIn(self.env.ref("crm_action_flow.partner_brazil_rj"), found)

    def test_carnival_on_the_calendar_and_skipped(self):
        company = self.env.ref("crm_action_flow.company_brazil")
        year = date.today().year
        carnival_monday = easter_date(year) - timedelta(days=48)
        leaves = self.env["resource.calendar.leaves"].search([
            ("calendar_id", "=", company.resource_calendar_id.id), ("resource_id", "=", False)])
        carnival = leaves.filtered(lambda leave: leave.name == "Carnaval (segunda-feira)")
        # Whole local days in São Paulo (UTC-3): from 03:00 UTC.
        self.assertIn(carnival_monday, [(leave.date_from - timedelta(hours=3)).date() for leave in carnival])
        self.assertIn(year + 1, [leave.date_from.year for leave in carnival], "the next year's too")
        # The Friday before Carnival: an interested call (visit 3 working days later) skips Monday and Tuesday.
        friday = carnival_monday - timedelta(days=3)
        customer = self.env.ref("crm_action_flow.partner_brazil_rj")
        with freeze_time(f"{friday.isoformat()} 15:00:00"):
            log = self.env["crm.action.log"].create({
                "partner_id": customer.id,
                "action_id": self.env.ref("crm_action_flow.action_call").id,
                "result_id": self.env.ref("crm_action_flow.result_call_interested").id,
                "date": friday,
                "start_time": 10.0,
                "end_time": 10.5,
            })
        self.assertEqual(log.company_id, company)
        activity = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", customer.id)])
        self.assertEqual(activity.date_deadline, carnival_monday + timedelta(days=4),
                         "Wednesday, Thursday and Friday after Carnival: three working days")
