from . import crm_journey_complete_wizard
