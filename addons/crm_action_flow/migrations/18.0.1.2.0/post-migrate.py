"""18.0.1.2.0: "Schedules a follow-up" (AF-1) now decides whether an action's results may plan a next action.

Actions whose results already plan one keep doing so: the flag is set on them.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE crm_action a
           SET schedules_followup = TRUE
         WHERE NOT COALESCE(a.schedules_followup, FALSE)
           AND EXISTS (SELECT 1 FROM crm_action_result r
                        WHERE r.action_id = a.id AND r.next_action_mode != 'none')
        """
    )
