import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/**
 * Put the spreadsheet the test prepared (an attachment named ``name``) into the wizard's file input,
 * as a user picking it in the file dialog would.
 */
async function uploadSpreadsheet(input, name) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["datas"]],
        kwargs: {},
    });
    const blob = await (await fetch(`data:application/octet-stream;base64,${attachment.datas}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// PO-5: download the template, upload a sheet with one bad row, see the counts, download the error sheet,
// upload the fixed sheet, import.
registry.category("web_tour.tours").add("crm_portfolio_import", {
    steps: () => [
        {
            trigger: ".o_main_navbar button:contains('Retention')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Import Portfolios')",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button[name='action_download_template']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='upload_file'] .o_select_file_button:contains('Upload your file')",
        },
        {
            trigger: ".modal .o_field_widget[name='upload_file'] input[type='file']:not(:visible)",
            async run() {
                await uploadSpreadsheet(this.anchor, "tour_portfolios_bad.xlsx");
            },
        },
        {
            // The file is in the field: it can be cleared.
            trigger: ".modal .o_field_widget[name='upload_file'] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name='action_validate']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='rows_found']:contains('3')",
        },
        {
            trigger: ".modal .o_field_widget[name='rows_invalid']:contains('1')",
        },
        {
            trigger: ".modal .alert-danger:contains('Nothing will be written while a row is invalid')",
        },
        {
            // Import is not offered while a row is invalid; the error sheet is.
            trigger: ".modal .modal-footer:not(:has(button[name='action_import'])) button[name='action_download_errors']",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_reset']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='upload_file'] .o_select_file_button:contains('Upload your file')",
        },
        {
            trigger: ".modal .o_field_widget[name='upload_file'] input[type='file']:not(:visible)",
            async run() {
                await uploadSpreadsheet(this.anchor, "tour_portfolios_fixed.xlsx");
            },
        },
        {
            // The file is in the field: it can be cleared.
            trigger: ".modal .o_field_widget[name='upload_file'] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name='action_validate']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='rows_valid']:contains('2')",
        },
        {
            trigger: ".modal .o_field_widget[name='rows_blank']:contains('1')",
        },
        {
            trigger: ".modal .alert-success:contains('Every row is valid')",
        },
        {
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            trigger: ".modal .alert-success:contains('companies imported')",
        },
        {
            trigger: ".modal .o_field_widget[name='imported_count']:contains('3')",
        },
    ],
});
