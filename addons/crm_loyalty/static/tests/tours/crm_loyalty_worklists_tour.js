import { registry } from "@web/core/registry";

// LO-10: the holder opens "My loyal customers", narrows to loyalty ending in 7 days, then sees the
// customers by category and holder (pivot) and the category changes over time.
registry.category("web_tour.tours").add("crm_loyalty_worklists", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Soon'):contains('Active')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Other holder'))) .o_data_row:contains('Tour Later')",
        },
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains('Loyalty ending in 7 days')",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Later'))) .o_data_row:contains('Tour Soon')",
            run() {
                window.location.href = "/odoo/action-crm_loyalty.res_partner_loyalty_analysis_action";
            },
        },
        {
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Active')",
        },
        {
            trigger: ".o_pivot thead:contains('Tour Holder')",
        },
        {
            trigger: ".o_pivot",
            run() {
                window.location.href = "/odoo/action-crm_loyalty.crm_loyalty_category_history_action";
            },
        },
        {
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Soon'):contains('Recently inactive')",
        },
    ],
});
