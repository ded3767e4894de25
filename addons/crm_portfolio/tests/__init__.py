from . import test_portfolio
from . import test_markers_segments
from . import test_customer
from . import test_import
from . import test_routing
from . import test_tour
from . import test_marker_concurrency
