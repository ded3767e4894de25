from . import test_loyalty_rules
from . import test_grant
from . import test_settings_effects
from . import test_categorization
from . import test_settings
from . import test_tour
