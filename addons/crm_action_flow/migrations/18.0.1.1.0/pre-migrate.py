"""18.0.1.1.0: record rules changed in a noupdate file are reloaded (X-4, issue 10).

Odoo never updates a record of a ``noupdate`` data file on an existing database. The rules listed here
changed their domain, so they are deleted before the update; the update then creates them again from
security/crm_action_flow_rules.xml, which stays the one place their domain is written.
"""

RELOADED_RULES = (
    # Own-documents salespeople no longer see logs of customers without a salesperson.
    "crm_action_log_rule_own",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_rule
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'crm_action_flow' AND model = 'ir.rule' AND name IN %s)
        """,
        [RELOADED_RULES],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_action_flow' AND model = 'ir.rule' AND name IN %s",
        [RELOADED_RULES],
    )
