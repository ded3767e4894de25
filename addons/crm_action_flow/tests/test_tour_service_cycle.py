from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_action_flow")
class TestServiceCycleTour(HttpCase):
    """AF-15 browser tour: the Service Cycle tab of an opportunity and the Administrator's correction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stage_new, stage_next = (
            cls.env["crm.stage"].create({"name": name, "sequence": seq})
            for name, seq in (("Tour New", 1), ("Tour Qualified", 2))
        )
        cls.question = cls.env["crm.stage.question"].create({
            "name": "Tour Budget approved?", "stage_id": stage_new.id, "answer_type": "boolean", "required": True,
        })
        cls.lead = cls.env["crm.lead"].create({"name": "Tour ovens", "type": "opportunity", "stage_id": stage_new.id})
        cls.lead.action_open_cycle()
        cls.lead.answer_ids.value_boolean = "yes"
        cls.lead.stage_id = stage_next

    def test_earlier_answers_tab(self):
        self.start_tour(f"/odoo/crm/{self.lead.id}", "crm_action_flow_service_cycle_answers", login="admin")
        self.assertEqual(self.lead.answer_ids.value_boolean, "yes", "only looked at")
