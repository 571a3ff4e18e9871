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
    if (auto* i = o.if_contains("invoiced"); i && i->is_bool()) r.invoiced = i->get_bool();
    return r;
}

namespace {
// Under order/, so the host's retention prunes it with the order's other state.
std::string by_specter_no_key(const std::string& order_no) { return "order/by-specter-no/" + order_no; }
// Where releases before the order/ convention kept it; never pruned.
std::string legacy_by_specter_no_key(const std::string& order_no) { return "specter-order/" + order_no; }
}  // namespace

std::optional<std::string> shop_order_id(const skarv::HostServices& host, const std::string& order_no) {
    if (auto id = host.state_get(by_specter_no_key(order_no))) return id;
    auto legacy = host.state_get(legacy_by_specter_no_key(order_no));
    // Moved on first use, so an upgrade loses no order and the old key stops piling up.
    if (legacy) host.state_write_many({{by_specter_no_key(order_no), *legacy}, {legacy_by_specter_no_key(order_no), std::nullopt}});
    return legacy;
}

void mark_invoiced(const skarv::HostServices& host, const std::string& order_id) {
    auto text = host.state_get("order/" + order_id);
    if (!text) return;
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    if (ec || !v.is_object()) return;
    v.get_object()["invoiced"] = true;
    host.state_set("order/" + order_id, boost::json::serialize(v));
}

void OrderWriter::remember(const skarv::model::Order& order, const std::string& order_no, bool invoiced) const {
    boost::json::object o{{"order_no", order_no},
                          {"total_minor", order.total_inc_vat().minor()},
                          {"currency", order.currency},
                          {"payment_reference", order.payment ? order.payment->reference : ""},
                          {"email", order.customer.email},
                          {"invoiced", invoiced}};
    // Both in one commit: a status event for the order finds it as soon as the forward
    // record says it exists.
    std::vector<skarv::HostServices::StateWrite> writes;
    if (!order_no.empty()) writes.emplace_back(by_specter_no_key(order_no), order.order_id);
    writes.emplace_back("order/" + order.order_id, boost::json::serialize(o));
    host_.state_write_many(writes);
}

boost::json::object OrderWriter::find(const std::string& order_id) const {
    // No public Specter call finds an order by the shop's number (audit top-10 #1): what
    // was written through this connector is known; anything else is left to Specter's
    // duplicate control when it is written.
    auto remembered = remembered_order(host_, order_id);
    if (!remembered) return {{"found", false}};
    return {{"found", true}, {"target_id", remembered->order_no}};
}

std::optional<std::string> OrderWriter::create(const skarv::model::Order& order, const std::string& webshop) const {
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
    // [SEEN] Prestaworks specterOrderHandler.php: useXML=1, answer "1;<orderNo>;<msg>".
    auto answer = api_.put("newOrderSubmit", customer_id, f, what);
    // guess specter.duplicate-refusal, docs/guesses.md
    if (!answer.ok && answer.code == code::duplicate_external_order_no) return std::nullopt;
    require_ok(answer, "newOrderSubmit", what);
    bool number = !answer.id.empty() && answer.id.find_first_not_of("0123456789") == std::string::npos;
    // Created but unreadable: the retry is refused as a duplicate, so nothing doubles.
    if (!number)
        throw skarv::PluginError::retryable("malformed_answer",
                                            what + ": newOrderSubmit answered no order number ('" + answer.id + "')");
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
        auto remembered = remembered_order(host_, order.order_id);
        std::string order_no = remembered ? remembered->order_no : "";
        bool invoiced = remembered && remembered->invoiced;
        std::string outcome = pr::kUnchanged;
        if (!remembered) {
            auto created = create(order, *webshop);
            if (created) {
                order_no = *created;
                outcome = pr::kCreated;
                host_.info("order " + id + " created as Specter order " + order_no);
            } else {
                host_.warn("order " + id + " is already in Specter (refused as a duplicate externalOrderNo); its Specter "
                           "order number is not known, so its status cannot be matched until it is entered by hand "
                           "(docs/flows.md)");
            }
            remember(order, order_no, false);
        }
        if (as == "invoice" && !invoiced) {
            if (order_no.empty())
                return failed("specter_order_unknown",
                              "order " + id + ": it is in Specter but its order number is not known, so it cannot be "
                              "invoiced from here; invoice it in Specter");
            invoice(order.order_id, order_no);
            mark_invoiced(host_, order.order_id);
            if (outcome != pr::kCreated) outcome = pr::kUpdated;
        }
        boost::json::object out{{"index", index}, {"id", id}, {"outcome", outcome}};
        if (!order_no.empty()) out["target_id"] = order_no;
        return out;
    } catch (const skarv::RecordError& e) {
        return failed("invalid_order", "order " + id + ": " + e.what());
    } catch (const skarv::PluginError& e) {
        // Only a refusal of this record fails it alone; auth, outages and rate limits
        // fail the call so the host retries the batch (the duplicate control keeps that
        // safe).
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
