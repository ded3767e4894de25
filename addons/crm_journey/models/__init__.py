from . import journey_rules
from . import crm_journey
from . import crm_journey_stage
from . import crm_journey_milestone
from . import crm_journey_partner_milestone
from . import crm_journey_stage_history
from . import crm_journey_event
from . import res_partner
