from . import crm_action_log_wizard
