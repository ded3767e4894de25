{
    "name": "CRM Action Flow",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Log actions with results, chain next actions and let results move leads and accounts",
    "author": "CRM Retention Pack",
    "maintainers": ["crm-retention-pack"],
    "website": "https://github.com/crm-retention-pack/crm-retention",
    "license": "LGPL-3",
    "depends": ["crm", "utm", "mail", "calendar", "resource"],
    "data": [
        "security/crm_action_flow_security.xml",
        "views/crm_action_flow_menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
