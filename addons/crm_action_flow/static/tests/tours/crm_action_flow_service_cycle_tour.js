import { registry } from "@web/core/registry";

// AF-15: on an opportunity, the Service Cycle tab lists the answers given at earlier stages,
// read-only; an Administrator opens them for correction with "Correct answers".
registry.category("web_tour.tours").add("crm_action_flow_service_cycle_answers", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a[name='crm_action_flow_service_cycle']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='cycle_earlier_answer_ids'] .o_data_row:contains('Tour Budget approved?'):contains('Yes')",
        },
        {
            trigger: ".o_field_widget[name='cycle_earlier_answer_ids'] .o_data_row:contains('Tour New')",
        },
        {
            trigger: ".o_form_view button[name='action_correct_cycle_answers']",
            run: "click",
        },
        {
            trigger: ".modal .o_list_view .o_data_row:contains('Tour Budget approved?')",
        },
        {
            trigger: ".modal .modal-header .btn-close",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
