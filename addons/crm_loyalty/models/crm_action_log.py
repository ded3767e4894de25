from odoo import models


class CrmActionLog(models.Model):
    _inherit = "crm.action.log"

    def _apply_effects(self):
        """LO-2: a result of an action that grants loyalty makes the salesperson the loyalty holder."""
        res = super()._apply_effects()
        for log in self.filtered(lambda lg: lg.action_id.grants_loyalty):
            log.partner_id._loyalty_grant(log.user_id, log.result_id, log.date)
        return res
