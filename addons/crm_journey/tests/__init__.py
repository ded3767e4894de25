from . import test_journey_rules
from . import test_journey_config
from . import test_milestone_status
from . import test_stage_moves
from . import test_working_days
from . import test_rule_milestones
from . import test_events
from . import test_query_count
