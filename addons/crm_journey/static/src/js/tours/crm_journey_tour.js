import { registry } from "@web/core/registry";

const MILESTONES = ".o_field_widget[name='journey_current_milestone_ids']";

registry.category("web_tour.tours").add("crm_journey_tour", {
    url: "/odoo/action-crm_journey.res_partner_journey_action",
    steps: () => [
        {
            content: "Open the customer from the journey kanban",
            trigger: ".o_kanban_record:contains('Tour Customer')",
            run: "click",
        },
        {
            content: "Open the Journey tab",
            trigger: ".o_notebook .nav-link:contains('Journey')",
            run: "click",
        },
        {
            content: "Mark the welcome call done",
            trigger: `${MILESTONES} tr.o_data_row:contains('Welcome call') button[name='action_done']`,
            run: "click",
        },
        {
            content: "The milestone is done",
            trigger: `${MILESTONES} tr.o_data_row:contains('Welcome call') button[name='action_reopen']`,
        },
        {
            content: "Back to the kanban",
            trigger: ".o_breadcrumb a:contains('Customer journeys')",
            run: "click",
        },
        {
            content: "Drag the customer to the next stage",
            trigger: ".o_kanban_group:eq(0) .o_kanban_record:contains('Tour Customer')",
            run: "drag_and_drop(.o_kanban_group:eq(1))",
        },
        {
            content: "The customer is on the next stage",
            trigger: ".o_kanban_group:eq(1) .o_kanban_record:contains('Tour Customer')",
        },
    ],
});
