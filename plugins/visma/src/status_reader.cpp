#include "status_reader.hpp"

#include <cmath>

#include <skarv/model/money.hpp>
#include <skarv/model/order_status.hpp>

#include "changes.hpp"
#include "order_writer.hpp"

namespace visma {

namespace {

using skarv::model::OrderStatus;
using skarv::model::OrderStatusEvent;

// guess visma.tracking-field, docs/guesses.md
int tracking_field_id(const std::string& name) {
    if (name == "TEXT1") return adk::ooi_head::text1;
    if (name == "TEXT2") return adk::ooi_head::text2;
    if (name == "TEXT3") return adk::ooi_head::text3;
    if (name == "LOCAL_REMARK") return adk::ooi_head::local_remark;
    return -1;
}

std::string number_text(double v) { return std::to_string(static_cast<long long>(std::llround(v))); }

// "2026-11-23 10:15:00" -> "2026-11-23T10:15:00"
std::string iso(std::string datetime) {
    if (datetime.size() > 10 && datetime[10] == ' ') datetime[10] = 'T';
    return datetime;
}

class Events {
public:
    explicit Events(const Context& ctx) : ctx_(ctx), tracking_(tracking_field_id(ctx.config.tracking_field)) {}

    std::string tracking(Record& h) const { return tracking_ >= 0 ? h.str(tracking_) : std::string(); }

    OrderStatusEvent event(Record& h, const std::string& order_id, const std::string& document, OrderStatus status,
                           std::string occurred_at) const {
        OrderStatusEvent e;
        e.order_id = order_id;
        e.erp_document = document;
        e.status = status;
        e.occurred_at = std::move(occurred_at);
        if (status == OrderStatus::delivered) {
            if (auto t = tracking(h); !t.empty()) e.tracking_number = t;
            if (auto way = h.str(adk::ooi_head::code_of_way_of_delivery); !way.empty()) e.carrier = way;
        }
        return e;
    }

    // The shop's order id of an invoice: its own CUSTOMER_ORDER_NUMBER, or its order's.
    // guess visma.invoice-carries-order-number, docs/guesses.md
    // guess visma.order-invoice-link, docs/guesses.md
    std::string invoice_order_id(Record& h) const {
        std::string id = h.str(adk::ooi_head::customer_order_number);
        const double order_no = h.dbl(adk::ooi_head::document_connection_number1);
        if (!id.empty() || order_no <= 0) return id;
        Record o(ctx_.adk, adk::db::order_head, "order " + number_text(order_no));
        o.sort(adk::sort::order_nr);
        o.set_dbl(adk::ooi_head::document_number, order_no);
        return o.find() ? o.str(adk::ooi_head::customer_order_number) : std::string();
    }

    // Paid: nothing left, or only the öresavrundning is left after a payment of the
    // exact öre amount (a card payment of 1 234,56 on a document rounded to 1 235).
    // guess visma.sek-rounding, docs/guesses.md
    static bool paid(Record& h) {
        const double balance = std::fabs(h.dbl(adk::ooi_head::balance));
        if (balance < 0.005) return true;
        return h.date(adk::ooi_head::last_payment) != 0 && balance <= std::fabs(h.dbl(adk::ooi_head::round_off)) + 0.005;
    }

private:
    const Context& ctx_;
    int tracking_;
};

}  // namespace

boost::json::value StatusReader::read(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    const bool initial = r.boolean_or("initial", false);
    const auto limit = static_cast<std::size_t>(r.integer_in("limit", 100, 1, 100000));
    ChangeCursor orders_from, invoices_from;
    if (!initial && r.has("cursor")) {
        const auto& c = r.value("cursor");
        if (c.is_object()) {
            if (auto* o = c.get_object().if_contains("orders")) orders_from = read_change_cursor(*o, "request.cursor.orders");
            if (auto* i = c.get_object().if_contains("invoices")) invoices_from = read_change_cursor(*i, "request.cursor.invoices");
        }
    }
    auto session = ctx_.open();
    Events events(ctx_);
    boost::json::array records;

    Scan orders;
    orders.db = adk::db::order_head;
    orders.timestamp_field = adk::ooi_head::timestamp;
    orders.label = "order heads";
    orders.content_key = [&](Record& h) {
        return number_text(h.dbl(adk::ooi_head::document_number)) + "|d" + std::to_string(h.flag(adk::ooi_head::order_delivered)) +
               "|c" + std::to_string(h.flag(adk::ooi_head::document_cancelled)) + "|t" + events.tracking(h);
    };
    orders.visit = [&](Record& h) {
        const std::string id = h.str(adk::ooi_head::customer_order_number);
        if (id.empty()) return;   // not a shop order
        const std::string doc = target_id(DocumentKind::order, h.dbl(adk::ooi_head::document_number));
        if (h.flag(adk::ooi_head::document_cancelled)) {
            records.push_back(boost::json::value_from(events.event(
                h, id, doc, OrderStatus::cancelled, iso(ctx_.adk.long_to_datetime(h.date(adk::ooi_head::timestamp))))));
        } else if (h.flag(adk::ooi_head::order_delivered)) {   // guess visma.delivered-flag, docs/guesses.md
            records.push_back(boost::json::value_from(
                events.event(h, id, doc, OrderStatus::delivered, ctx_.adk.long_to_date(h.date(adk::ooi_head::document_date2)))));
        }
        // Invoiced and paid come from the invoice head (below), which the ADK creates
        // and stamps when the order is invoiced.
    };
    auto order_scan = scan_changes(ctx_, orders, orders_from, limit);

    Scan invoices;
    invoices.db = adk::db::invoice_head;
    invoices.timestamp_field = adk::ooi_head::timestamp;
    invoices.label = "invoice heads";
    invoices.content_key = [&](Record& h) {
        return number_text(h.dbl(adk::ooi_head::document_number)) + "|c" +
               std::to_string(h.flag(adk::ooi_head::document_cancelled)) + "|p" + std::to_string(Events::paid(h));
    };
    invoices.visit = [&](Record& h) {
        const std::string id = events.invoice_order_id(h);
        if (id.empty()) return;
        const std::string doc = target_id(DocumentKind::invoice, h.dbl(adk::ooi_head::document_number));
        if (h.flag(adk::ooi_head::document_cancelled)) {
            records.push_back(boost::json::value_from(events.event(
                h, id, doc, OrderStatus::cancelled, iso(ctx_.adk.long_to_datetime(h.date(adk::ooi_head::timestamp))))));
            return;
        }
        auto invoiced = events.event(h, id, doc, OrderStatus::invoiced, ctx_.adk.long_to_date(h.date(adk::ooi_head::document_date1)));
        if (ctx_.config.capture_on_invoice) {
            // The exact amount the shop charged: Visma's total before its öre rounding.
            std::string currency = h.str(adk::ooi_head::currency_code);
            if (currency.empty()) currency = "SEK";
            invoiced.capture = skarv::model::Capture{
                skarv::model::Money(from_adk_amount(h.dbl(adk::ooi_head::gross), skarv::model::minor_digits(currency)), currency),
                ""};
        }
        records.push_back(boost::json::value_from(invoiced));
        if (Events::paid(h))
            records.push_back(boost::json::value_from(
                events.event(h, id, doc, OrderStatus::paid, ctx_.adk.long_to_date(h.date(adk::ooi_head::last_payment)))));
    };
    const std::size_t left = limit > order_scan.visited ? limit - order_scan.visited : 0;
    auto invoice_scan = left > 0 ? scan_changes(ctx_, invoices, invoices_from, left) : ScanResult{invoices_from, 0, true};

    boost::json::object cursor{{"orders", to_json(order_scan.cursor)}, {"invoices", to_json(invoice_scan.cursor)}};
    return boost::json::object{
        {"records", std::move(records)}, {"cursor", std::move(cursor)}, {"more", order_scan.more || invoice_scan.more}};
}

}  // namespace visma
