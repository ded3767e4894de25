from . import crm_action_log_wizard
from . import crm_action_log_wizard_expense
