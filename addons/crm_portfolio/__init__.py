from . import models
from . import wizard


def uninstall_hook(env):
    """Turn CRM's Recurring Revenues setting off again (data/crm_recurring_revenues_data.xml turned it
    on), as unticking it in Settings does: internal users stop implying the group and leave it."""
    env.ref("base.group_user")._remove_group(env.ref("crm.group_use_recurring_revenues"))
