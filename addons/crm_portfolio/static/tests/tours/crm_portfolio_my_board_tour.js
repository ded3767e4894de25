import { registry } from "@web/core/registry";

// PO-11, PO-12, PO-13: "My portfolio" opens the manager's default portfolio, one journey at a time, with
// counts per column and in total, days in the journey on the card; the portfolio selector switches to
// another portfolio and its journey; the agent filter narrows the board. Then the customer base shows
// "renews in N days" and its renewal filter, and a marker's emoji is picked with the emoji picker.
registry.category("web_tour.tours").add("crm_portfolio_my_board", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('Tour accounts — Tour onboarding')",
        },
        {
            trigger: ".o_search_panel_category_value header.active:contains('Tour accounts') .o_search_panel_counter:contains('2')",
        },
        {
            trigger: ".o_kanban_group:eq(0) .o_column_title:contains('Tour kick-off')",
        },
        {
            // The column counts its customers.
            trigger: ".o_kanban_group:eq(0) .o_kanban_counter .o_animated_number:contains('2')",
        },
        {
            trigger: ".o_kanban_group:eq(1):not(:has(.o_kanban_record)) .o_column_title:contains('Tour live')",
        },
        {
            // Days in the journey, not in the stage.
            trigger: ".o_kanban_record:contains('Tour Padaria') .o_crm_portfolio_journey_days:contains('12 d')",
        },
        {
            // The agent filter.
            trigger: ".o_search_panel_filter_value:contains('Ana Tour') input",
            run: "click",
        },
        {
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Tour Mercado'))) .o_kanban_record:contains('Tour Padaria')",
        },
        {
            trigger: ".o_search_panel_filter_value:contains('Ana Tour') input",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Tour Mercado')",
        },
        {
            // The portfolio selector: another portfolio shows its own journey.
            trigger: ".o_search_panel_category_value header:contains('Tour expansion')",
            run: "click",
        },
        {
            trigger: ".o_kanban_group:eq(0) .o_column_title:contains('Tour upsell')",
        },
        {
            trigger: ".o_kanban_view:not(:has(.o_column_title:contains('Tour kick-off'))) .o_kanban_record:contains('Tour Farmácia')",
            run() {
                window.location.href = "/odoo/action-crm_portfolio.res_partner_customer_base_action";
            },
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Padaria') [name='renews_in_days']:contains('20')",
        },
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains('Renews in the next 30 days')",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Mercado'))) .o_data_row:contains('Tour Padaria')",
            run() {
                window.location.href = "/odoo/action-crm_portfolio.crm_portfolio_marker_action";
            },
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour bakery') td[name='emoji']",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_crm_portfolio_emoji_button",
            run: "click",
        },
        {
            trigger: ".o-EmojiPicker-search input",
            run: "edit croissant",
        },
        {
            trigger: ".o-EmojiPicker .o-Emoji[data-codepoints='🥐']",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_crm_portfolio_emoji_button:contains('🥐')",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour bakery'):not(.o_selected_row) td[name='emoji']:contains('🥐')",
        },
    ],
});
