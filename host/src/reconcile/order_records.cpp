#include "skarv/host/reconcile/order_records.hpp"

namespace skarv::host {

void record_invoiced(Store& store, const std::string& connection, const model::OrderStatusEvent& event, int64_t now) {
    if (event.status != model::OrderStatus::invoiced || event.erp_document.empty()) return;
    OrderInvoiceRecord invoice{event.order_id, event.erp_document, std::nullopt, ""};
    if (event.capture) {
        invoice.amount = event.capture->amount.minor();
        invoice.currency = event.capture->amount.currency();
    }
    store.put_order_invoice(connection, invoice, now);
}

}  // namespace skarv::host
