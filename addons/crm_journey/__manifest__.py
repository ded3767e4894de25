{
    "name": "CRM Customer Journey",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "summary": "Customer journeys with dated milestones, events and a Customer 360 form",
    "author": "CRM Retention Pack",
    "maintainers": ["crm-retention-pack"],
    "website": "https://github.com/crm-retention-pack/crm-retention",
    "license": "LGPL-3",
    "depends": ["crm_action_flow"],
    "data": [
        "security/crm_journey_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/crm_journey_templates.xml",
        "views/crm_journey_views.xml",
        "views/crm_journey_event_views.xml",
        "views/res_partner_views.xml",
        "wizard/crm_journey_complete_wizard_views.xml",
        "views/crm_journey_menus.xml",
    ],
    "demo": [
        "demo/crm_journey_demo.xml",
        "demo/crm_brazil_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_journey/static/src/js/tours/*.js",
        ],
    },
}
