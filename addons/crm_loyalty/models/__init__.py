from . import loyalty_rules
from . import crm_action
from . import crm_action_result
from . import crm_loyalty_category_history
from . import res_partner
from . import crm_action_log
from . import crm_lead
from . import res_config_settings
