from . import crm_portfolio_cancel_wizard
from . import crm_portfolio_import
