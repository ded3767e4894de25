import { registry } from "@web/core/registry";

// An administrator turns the global Extend loyalty (Actives) on in CRM settings.
registry.category("web_tour.tours").add("crm_loyalty_enable_global_extend", {
    steps: () => [
        {
            trigger: "input[id^='crm_loyalty_extend_global']:not(:checked)",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(.o_form_dirty) input[id^='crm_loyalty_extend_global']:checked",
        },
        {
            // Leave the settings (a form always in edition) for the list of results.
            trigger: ".o_form_view:not(.o_form_dirty)",
            run() {
                window.location.href = "/odoo/action-crm_action_flow.crm_action_result_action";
            },
        },
        {
            trigger: ".o_list_view",
        },
    ],
});

// Then a loyalty result shows the LO-4 warning as a banner (the onchange warning is tested in Python).
registry.category("web_tour.tours").add("crm_loyalty_result_warning", {
    steps: () => [
        {
            trigger: ".o_crm_loyalty_global_extend_banner:contains('The global setting Extend loyalty (Actives) is enabled')",
        },
        {
            // The per-result checkbox has no effect while the global setting is on.
            trigger: ".o_field_widget[name='loyalty_extend'] input:disabled",
        },
    ],
});
