#include "order_writer.hpp"

#include <cmath>

#include <skarv/protocol.hpp>

#include "customers.hpp"

namespace visma {

namespace {

using skarv::model::minor_digits;
using skarv::model::Money;

struct Row {
    std::string article;     // "" = a text row
    std::string text;
    int64_t quantity = 1;
    Money unit_price_inc_vat;
    std::string vat_code;
};

std::optional<double> find_in(const Context& ctx, int head_db, const std::string& order_id) {
    Record h(ctx.adk, head_db, "order " + order_id);
    if (!h.first_equal(adk::ooi_head::customer_order_number, order_id)) return std::nullopt;
    return h.dbl(adk::ooi_head::document_number);
}

bool article_exists(const Context& ctx, const std::string& number, const std::string& label) {
    Record a(ctx.adk, adk::db::article, label);
    a.sort(adk::sort::article_nr);
    a.set_str(adk::article::number, number, "article number");
    return a.find();
}

}  // namespace

std::string target_id(DocumentKind kind, double document_number) {
    return std::string(kind == DocumentKind::order ? "order:" : "invoice:") +
           std::to_string(static_cast<long long>(std::llround(document_number)));
}

std::optional<std::string> find_document(const Context& ctx, const std::string& order_id) {
    if (auto n = find_in(ctx, adk::db::order_head, order_id)) return target_id(DocumentKind::order, *n);
    if (auto n = find_in(ctx, adk::db::invoice_head, order_id)) return target_id(DocumentKind::invoice, *n);
    return std::nullopt;
}

std::string article_for_sku(const Context& ctx, const std::string& sku) {
    // products.write remembers SKUs whose article number the rule changed.
    if (ctx.config.article_number != "{sku}")
        if (auto mapped = ctx.host.state_get("article:" + sku)) return *mapped;
    return sku;
}

boost::json::value OrderWriter::find(const boost::json::object& request) {
    const auto order_id = skarv::JsonReader(request, "request").string("order_id");
    auto session = ctx_.open();
    auto found = find_document(ctx_, order_id);
    if (!found) return boost::json::object{{"found", false}};
    return boost::json::object{{"found", true}, {"target_id", *found}};
}

boost::json::value OrderWriter::write(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    DocumentKind kind = ctx_.config.orders_as;
    if (r.has("as")) {
        const auto as = r.string("as");
        if (as == "order") kind = DocumentKind::order;
        else if (as == "invoice") kind = DocumentKind::invoice;
        else throw skarv::RecordError(r.at("as"), "expected \"order\" or \"invoice\"");
    }
    // A malformed record fails alone, like one Visma refuses: the others still go in.
    const auto& records = r.value("records");
    if (!records.is_array()) throw skarv::RecordError(r.at("records"), "expected an array");
    std::vector<std::optional<skarv::model::Order>> orders;
    boost::json::array results;
    auto fail = [&](std::size_t i, const std::string& id, const std::string& code, const std::string& message) {
        ctx_.host.warn(message);
        results.push_back({{"index", i}, {"id", id}, {"outcome", skarv::protocol::kFailed},
                           {"error", {{"code", code}, {"message", message}, {"retryable", false}}}});
    };
    auto session = ctx_.open();
    for (std::size_t i = 0; i < records.get_array().size(); ++i) {
        if (ctx_.host.cancelled()) break;
        const auto& record = records.get_array()[i];
        std::string id;
        if (record.is_object())
            if (auto* v = record.get_object().if_contains("order_id"); v && v->is_string()) id = std::string(v->get_string());
        try {
            const auto order = skarv::model::read_order(record, r.at("records") + "[" + std::to_string(i) + "]");
            results.push_back(write_one(order, kind, i));
        } catch (const skarv::RecordError& e) {
            fail(i, id, "invalid_record", e.what());
        } catch (const skarv::PluginError& e) {
            // The whole call stops for what concerns every record (login, a locked company).
            if (e.status() == SKARV_ERR_AUTH || e.status() == SKARV_ERR_RETRYABLE) throw;
            fail(i, id, e.code(), e.what());
        }
    }
    return boost::json::object{{"results", std::move(results)}};
}

boost::json::object OrderWriter::write_one(const skarv::model::Order& order, DocumentKind kind, std::size_t index) {
    const std::string label = "order " + order.order_id;
    const int digits = minor_digits(order.currency);
    boost::json::object result{{"index", index}, {"id", order.order_id}};

    // The guard that makes a repeat harmless: the shop's reference is looked up first.
    if (auto existing = find_document(ctx_, order.order_id)) {
        ctx_.host.info(label + " is already in Visma as " + *existing);
        result["target_id"] = *existing;
        result["outcome"] = skarv::protocol::kUnchanged;
        return result;
    }

    // Rows first, checked against the registers, so a bad order creates no customer.
    std::vector<Row> rows;
    for (const auto& l : order.lines) {
        const std::string article = article_for_sku(ctx_, l.sku);
        if (!article_exists(ctx_, article, label))
            throw skarv::PluginError::invalid("missing_article", label + ": article " + article +
                                                                     (article == l.sku ? "" : " (SKU " + l.sku + ")") +
                                                                     " does not exist in Visma");
        const auto& code = ctx_.config.vat_code(l.vat_rate_bp, label + " line " + l.sku);
        rows.push_back({article, l.name, l.quantity, l.unit_price_inc_vat, code});
        // A line discount is a row of its own: exact to the öre, where a per-cent
        // discount on the row could not be.
        if (!l.discount_inc_vat.is_zero())
            rows.push_back({"", "Rabatt " + l.sku, 1, -l.discount_inc_vat, code});
    }
    for (const auto& d : order.discounts) {
        const auto& code = ctx_.config.vat_code(d.vat_rate_bp, label + " discount " + d.code);
        std::string text = d.description.empty() ? "Rabatt" : d.description;
        if (!d.code.empty()) text += " (" + d.code + ")";
        rows.push_back({ctx_.config.discount_article, text, 1, -d.amount_inc_vat, code});
    }
    const bool freight = order.shipping && !order.shipping->price_inc_vat.is_zero();
    if (freight && !ctx_.config.freight_article.empty()) {
        const auto& code = ctx_.config.vat_code(order.shipping->vat_rate_bp, label + " freight");
        std::string text = "Frakt";
        if (!order.shipping->carrier.empty()) text += " " + order.shipping->carrier;
        rows.push_back({ctx_.config.freight_article, text, 1, order.shipping->price_inc_vat, code});
    }

    const bool invoice = kind == DocumentKind::invoice;
    Record head(ctx_.adk, invoice ? adk::db::invoice_head : adk::db::order_head, label);
    // Before the customer: an order id Visma cannot hold must not leave a customer behind.
    head.set_str(adk::ooi_head::customer_order_number, order.order_id, "order id (CUSTOMER_ORDER_NUMBER)");
    const auto customer = find_or_create_customer(ctx_, order, label);
    head.set_str(adk::ooi_head::customer_number, customer.number, "customer number");
    head.set_str(adk::ooi_head::currency_code, order.currency, "currency");
    // Shop prices include VAT; Visma computes the VAT per row from its code.
    head.set_flag(adk::ooi_head::including_vat, true);
    const std::string list = ctx_.config.price_list_for(order.customer.customer_group, order.channel);
    if (!list.empty()) head.set_str(adk::ooi_head::list_of_price_code, list, "price list");
    if (order.created_at.size() >= 10)
        if (auto date = ctx_.adk.date_to_long(order.created_at.substr(0, 10))) head.set_date(adk::ooi_head::document_date1, *date);
    const auto& b = order.billing_address;
    if (!b.street.empty()) {
        head.set_text(adk::ooi_head::customer_name, b.name.empty() ? order.customer.display_name() : b.name);
        head.set_text(adk::ooi_head::mailing_address1, b.street);
        head.set_text(adk::ooi_head::mailing_address2, b.street2);
        head.set_text(adk::ooi_head::zipcode, b.postal_code);
        head.set_text(adk::ooi_head::city, b.city);
        head.set_text(adk::ooi_head::code_of_country, b.country);
    }
    const auto& s = order.shipping_address;
    if (!s.street.empty()) {
        head.set_text(adk::ooi_head::delivery_name, s.name.empty() ? order.customer.display_name() : s.name);
        head.set_text(adk::ooi_head::delivery_mailing_address1, s.street);
        head.set_text(adk::ooi_head::delivery_mailing_address2, s.street2);
        head.set_text(adk::ooi_head::delivery_zipcode, s.postal_code);
        head.set_text(adk::ooi_head::delivery_city, s.city);
        head.set_text(adk::ooi_head::delivery_code_of_country, s.country);
    }
    head.set_text(adk::ooi_head::customer_reference_name, order.customer.display_name());
    // The field the warehouse types the tracking number into stays empty for it.
    const std::string& tracking = ctx_.config.tracking_field;
    if (tracking != "TEXT1") head.set_text(adk::ooi_head::text1, "Webborder " + order.order_number);
    if (order.payment && tracking != "TEXT2") {
        std::string pay = "Betalning: " + order.payment->method;
        if (!order.payment->reference.empty()) pay += " " + order.payment->reference;
        head.set_text(adk::ooi_head::text2, pay);
    }
    if (order.shipping && !order.shipping->method.empty() && tracking != "TEXT3")
        head.set_text(adk::ooi_head::text3, "Leverans: " + order.shipping->method);
    if (!order.note.empty() && tracking != "LOCAL_REMARK") head.set_text(adk::ooi_head::local_remark, order.note);
    if (freight && ctx_.config.freight_article.empty()) {
        head.set_dbl(adk::ooi_head::cargo_amount, to_adk_amount(order.shipping->price_inc_vat.minor(), digits));
        head.set_str(adk::ooi_head::cargo_vat_code, ctx_.config.vat_code(order.shipping->vat_rate_bp, label + " freight"),
                     "freight VAT code");
    }

    Record array = Record::rows(ctx_.adk, invoice ? adk::db::invoice_row : adk::db::order_row, static_cast<int>(rows.size()), label);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        Fields f = array.row(static_cast<int>(i));
        if (!row.article.empty()) f.set_str(adk::ooi_row::article_number, row.article, "article number");
        if (!row.text.empty()) f.set_text(adk::ooi_row::text, row.text);
        f.set_dbl(adk::ooi_row::quantity1, static_cast<double>(row.quantity));   // guess visma.order-row-quantity, docs/guesses.md
        // On an invoice QUANTITY1 is delivered and QUANTITY2 ordered (research B.6).
        if (invoice) f.set_dbl(adk::ooi_row::quantity2, static_cast<double>(row.quantity));
        f.set_dbl(adk::ooi_row::price_each_current_currency, to_adk_amount(row.unit_price_inc_vat.minor(), digits));
        f.set_str(adk::ooi_row::vat_code, row.vat_code, "VAT code");
    }
    head.set_dbl(adk::ooi_head::nrows, static_cast<double>(rows.size()));
    head.attach_rows(adk::ooi_head::rows, std::move(array));
    head.add();

    const std::string id = target_id(kind, head.dbl(adk::ooi_head::document_number));
    // Visma rounds SEK documents to whole kronor (öresavrundning, ROUND_OFF); the
    // amounts we wrote must still add up to the shop's total to the öre before it.
    // guess visma.document-totals, docs/guesses.md
    const int64_t gross = from_adk_amount(head.dbl(adk::ooi_head::gross), digits);
    const int64_t total = from_adk_amount(head.dbl(adk::ooi_head::total_amount), digits);
    const int64_t round_off = from_adk_amount(head.dbl(adk::ooi_head::round_off), digits);
    const int64_t expected = order.total_inc_vat().minor();
    result["target_id"] = id;
    result["outcome"] = skarv::protocol::kCreated;
    result["erp_total"] = {{"gross", boost::json::value_from(Money(gross, order.currency))},
                           {"round_off", boost::json::value_from(Money(round_off, order.currency))},
                           {"total", boost::json::value_from(Money(total, order.currency))}};
    if (gross != expected || total - round_off != expected) {
        const std::string warning = label + ": Visma's total before rounding is " + Money(gross, order.currency).to_string() +
                                    " but the shop's is " + Money(expected, order.currency).to_string() + " (" + id + ")";
        ctx_.host.error(warning);
        result["warnings"] = boost::json::array{boost::json::value(warning)};
    }
    ctx_.host.info(label + " created as " + id + (customer.created ? " with new customer " : " for customer ") + customer.number +
                   ", " + std::to_string(rows.size()) + " rows, total " + Money(total, order.currency).to_string());
    return result;
}

}  // namespace visma
