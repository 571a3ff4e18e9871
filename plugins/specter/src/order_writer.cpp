#include "order_writer.hpp"

#include <skarv/protocol.hpp>

#include "customers.hpp"
#include "order_rows.hpp"

namespace specter {

namespace pr = skarv::protocol;

std::optional<RememberedOrder> remembered_order(const skarv::HostServices& host, const std::string& order_id) {
    auto text = host.state_get("order/" + order_id);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.get_object();
    RememberedOrder r;
    auto str = [&](const char* k) {
        auto* x = o.if_contains(k);
        return x && x->is_string() ? std::string(x->get_string()) : std::string();
    };
    r.order_no = str("order_no");
    r.currency = str("currency");
    r.payment_reference = str("payment_reference");
    r.email = str("email");
    if (auto* t = o.if_contains("total_minor"); t && t->is_int64()) r.total_minor = t->get_int64();
    return r;
}

void OrderWriter::remember(const skarv::model::Order& order, const std::string& order_no) const {
    boost::json::object o{{"order_no", order_no},
                          {"total_minor", order.total_inc_vat().minor()},
                          {"currency", order.currency},
                          {"payment_reference", order.payment ? order.payment->reference : ""},
                          {"email", order.customer.email}};
    host_.state_set("order/" + order.order_id, boost::json::serialize(o));
}

std::optional<FoundOrder> OrderWriter::look_up(const std::string& order_id, const std::string& webshop) const {
    Fields fields{{"externalOrderNo", order_id}};
    if (!webshop.empty()) fields.emplace_back("webshopId", webshop);
    std::string what = "order " + order_id;
    // GUESS: getOrderByExternalOrderNo is the emulator's look-up; no public one exists.
    auto answer = api_.get("getOrderByExternalOrderNo", order_id, fields, what);
    if (!answer.ok && answer.code == code::order_not_found) return std::nullopt;
    if (!answer.ok && answer.code == code::unknown_action) {
        // A Specter without the look-up: the duplicate refusal on create still guards.
        host_.warn("Specter has no getOrderByExternalOrderNo; relying on its duplicate externalOrderNo check");
        return std::nullopt;
    }
    require_ok(answer, "getOrderByExternalOrderNo", what);
    FoundOrder found{answer.id, webshop, false, false};
    if (auto* orders = answer.payload("orders"))
        for (auto* o : children(orders, "order")) {
            if (found.order_no.empty()) found.order_no = o->getAttribute("orderNo");
            for (auto* s : children(o, "orderstatus")) found.cancelled = s->getAttribute("statusId") == "5";
            for (auto* inv : children(o, "invoices")) found.invoiced = !children(inv, "invoice").empty();
        }
    if (found.order_no.empty())
        throw skarv::PluginError::retryable("malformed_answer", what + ": getOrderByExternalOrderNo named no order");
    return found;
}

boost::json::object OrderWriter::find(const std::string& order_id) const {
    for (const auto& webshop : api_.config().webshop_ids())
        if (auto found = look_up(order_id, webshop)) return {{"found", true}, {"target_id", found->order_no}};
    return {{"found", false}};
}

std::string OrderWriter::create(const skarv::model::Order& order, const std::string& webshop,
                                std::optional<FoundOrder>& duplicate) const {
    const auto& config = api_.config();
    auto rows = order_rows(order, config);   // before the customer: a bad order touches nothing
    std::string customer_id = submit_customer(api_, order);
    Fields f{{"customerId", customer_id}, {"externalOrderNo", order.order_id}, {"currency", order.currency}};
    if (!webshop.empty()) f.emplace_back("webshopId", webshop);
    if (!config.stock_site.empty()) f.emplace_back("stocksiteid", config.stock_site);
    if (!config.language.empty()) f.emplace_back("language", config.language);
    if (order.payment) {
        auto it = config.payment_types.find(order.payment->method);
        if (it != config.payment_types.end()) f.emplace_back("payTypeIdentifier", it->second);
        else host_.warn("order " + order.order_id + ": no payTypeIdentifier for payment method '" + order.payment->method + "'");
        if (!order.payment->reference.empty()) f.emplace_back("payTypeReference", order.payment->reference);
    }
    if (order.order_number != order.order_id) f.emplace_back("customerOrderReference", order.order_number);
    if (!order.note.empty()) f.emplace_back("publishedComment", order.note);
    f.emplace_back("sendOrderMail", "0");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto n = "_" + std::to_string(i + 1);
        f.emplace_back("articleNo" + n, rows[i].article_no);
        if (!rows[i].name.empty()) f.emplace_back("articleName" + n, rows[i].name);
        f.emplace_back("priceExclVAT" + n, format_e4(rows[i].unit_price_ex_vat_e4));
        f.emplace_back("noOfItems" + n, std::to_string(rows[i].quantity));
        f.emplace_back("vatPercent" + n, format_vat_percent(rows[i].vat_rate_bp));
    }
    std::string what = "order " + order.order_id;
    auto answer = api_.put("newOrderSubmit", customer_id, f, what);
    if (!answer.ok && answer.code == code::duplicate_external_order_no) {
        // Someone created it since the look-up (or the look-up is unavailable): the
        // refusal quotes the existing order.
        auto quoted = answer.message.rfind('\'');
        auto open = quoted == std::string::npos ? quoted : answer.message.rfind('\'', quoted - 1);
        std::string no = open == std::string::npos ? "" : answer.message.substr(open + 1, quoted - open - 1);
        duplicate = FoundOrder{no, webshop, false, false};
        if (no.empty()) duplicate = look_up(order.order_id, webshop);
        if (!duplicate) throw refusal(answer, "newOrderSubmit", what);
        return duplicate->order_no;
    }
    require_ok(answer, "newOrderSubmit", what);
    if (answer.id.empty()) throw skarv::PluginError::retryable("malformed_answer", what + ": newOrderSubmit answered no order number");
    return answer.id;
}

void OrderWriter::invoice(const std::string& order_id, const std::string& order_no) const {
    std::string what = "order " + order_id + " (Specter order " + order_no + ")";
    auto answer = api_.put("newInvoiceSubmit", order_no, {{"orderId", order_no}, {"typeInvoice", api_.config().invoice_type}}, what);
    require_ok(answer, "newInvoiceSubmit", what);
}

boost::json::object OrderWriter::write_one(const boost::json::value& record, std::size_t index, const std::string& as) const {
    std::string id;
    if (record.is_object())
        if (auto* v = record.get_object().if_contains("order_id"); v && v->is_string()) id = std::string(v->get_string());
    auto failed = [&](const std::string& code, const std::string& message) {
        return boost::json::object{{"index", index}, {"id", id}, {"outcome", pr::kFailed},
                                   {"error", {{"code", code}, {"message", message}, {"retryable", false}}}};
    };
    try {
        auto order = skarv::model::read_order(record, "records[" + std::to_string(index) + "]");
        auto webshop = api_.config().webshop_for(order.channel);
        if (!webshop)
            return failed("no_webshop", "order " + id + ": no Specter webshopId is configured for shop channel " +
                                            std::to_string(order.channel));
        auto existing = look_up(order.order_id, *webshop);
        bool created = false;
        if (!existing) {
            std::optional<FoundOrder> duplicate;
            std::string no = create(order, *webshop, duplicate);
            if (duplicate) {
                // Read it back: whether it is already invoiced matters below.
                existing = look_up(order.order_id, *webshop);
                if (!existing) existing = duplicate;
            } else {
                existing = FoundOrder{no, *webshop, false, false};
                created = true;
            }
            host_.info("order " + id + (created ? " created" : " already exists") + " as Specter order " + existing->order_no);
        }
        remember(order, existing->order_no);
        std::string outcome = created ? pr::kCreated : pr::kUnchanged;
        if (as == "invoice" && !existing->invoiced && !existing->cancelled) {
            invoice(order.order_id, existing->order_no);
            if (!created) outcome = pr::kUpdated;
        }
        return {{"index", index}, {"id", id}, {"target_id", existing->order_no}, {"outcome", outcome}};
    } catch (const skarv::RecordError& e) {
        return failed("invalid_order", "order " + id + ": " + e.what());
    } catch (const skarv::PluginError& e) {
        // Only a refusal of this record fails it alone; auth, outages and rate limits
        // fail the call so the host retries the batch (the look-up keeps that safe).
        if (e.status() != SKARV_ERR_INVALID) throw;
        return failed(e.code(), e.what());
    }
}

boost::json::object OrderWriter::write(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    std::string as = r.string_or("as", api_.config().orders_as);
    if (as != "order" && as != "invoice")
        throw skarv::PluginError::invalid("bad_request", "orders.write: \"as\" must be \"order\" or \"invoice\"");
    boost::json::array results;
    if (r.has("records")) {
        const auto& records = r.value("records");
        if (!records.is_array()) throw skarv::RecordError("request.records", "expected an array");
        for (std::size_t i = 0; i < records.get_array().size(); ++i) {
            if (host_.cancelled()) break;
            results.push_back(write_one(records.get_array()[i], i, as));
        }
    }
    return {{"results", std::move(results)}};
}

}  // namespace specter
