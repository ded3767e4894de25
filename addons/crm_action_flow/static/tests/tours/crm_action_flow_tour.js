import { registry } from "@web/core/registry";

// From a customer's form: log a visit whose positive result prompts the next action,
// fill the prompted step and find the planned activity on the customer.
registry.category("web_tour.tours").add("crm_action_flow_log_visit", {
    steps: () => [
        {
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_log_wizard']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_id'] input",
            run: "edit Tour Visit",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Visit')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Tour Proposal",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Proposal')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='detail'] input",
            run: "edit Showroom visit, wants a proposal",
        },
        {
            trigger: ".modal .modal-footer button[name='action_log']",
            run: "click",
        },
        {
            trigger: ".modal .alert-info:contains('Action logged')",
        },
        {
            trigger: ".modal .o_field_widget[name='next_summary'] input",
            run: "edit Send the proposal",
        },
        {
            trigger: ".modal .modal-footer button[name='action_plan_next']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o-mail-Activity:contains('Send the proposal')",
        },
    ],
});

// From a customer's planned activity: "Mark Done" offers "Done & Log action", which opens the
// Log action dialog with the activity's action; logging marks the activity done.
registry.category("web_tour.tours").add("crm_action_flow_done_and_log", {
    steps: () => [
        {
            trigger: ".o-mail-Activity:contains('Call the baker') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button.o-crm-log-action",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_id'] input:value('Tour Call')",
        },
        {
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Tour No answer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour No answer')",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button[name='action_log']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o-mail-Message-body:contains('Tour No answer')",
        },
        {
            trigger: "body:not(:has(.o-mail-Activity:contains('Call the baker')))",
        },
    ],
});
