#include "callback_events.hpp"

#include <map>

#include <Poco/URI.h>

#include <skarv/model/order_status.hpp>
#include <skarv/text_encoding.hpp>

#include "order_writer.hpp"

namespace specter {

namespace {

// Query and form fields, decoded from Latin-1 (Specter's wire) to UTF-8.
std::map<std::string, std::string> fields_of(const std::string& encoded) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start <= encoded.size()) {
        auto end = encoded.find('&', start);
        if (end == std::string::npos) end = encoded.size();
        std::string pair = encoded.substr(start, end - start);
        for (auto& c : pair)
            if (c == '+') c = ' ';
        auto eq = pair.find('=');
        std::string k, v;
        Poco::URI::decode(pair.substr(0, eq), k);
        if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), v);
        if (!k.empty() && !out.count(k)) out[k] = skarv::text::latin1_to_utf8(v);
        start = end + 1;
    }
    return out;
}

// The secret is compared in time that does not depend on where it differs.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0 && !a.empty();
}

boost::json::object done_reply() {
    // [SEEN] Prestaworks' receiver answers "1;Done" to every call.
    return {{"status", 200}, {"content_type", "text/plain; charset=ISO-8859-1"}, {"body", "1;Done"}};
}

}  // namespace

boost::json::object CallbackEvents::parse(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    const auto& config = api_.config();
    if (config.callback_url.empty())
        throw skarv::PluginError::auth("callback refused: this connection has no callback_url configured");
    if (!same_secret(r.string_or("secret", ""), config.callback_secret()))
        throw skarv::PluginError::auth("callback refused: wrong secret");
    auto fields = fields_of(r.string_or("query", ""));
    for (auto& [k, v] : fields_of(r.string_or("body", ""))) fields.emplace(k, v);

    boost::json::array records;
    auto calltype = fields.count("calltype") ? fields["calltype"] : "";
    if (calltype != "2") {
        host_.info("Specter callback with calltype '" + calltype + "' ignored: only invoices (2) are registered");
        return {{"records", std::move(records)}, {"reply", done_reply()}};
    }
    std::string order_no = fields["orderId"];
    std::string invoice_no = fields["invoiceId"];
    if (order_no.empty() || invoice_no.empty())
        throw skarv::PluginError::invalid("bad_callback", "Specter invoice callback without orderId or invoiceId");
    auto order_id = shop_order_id(host_, order_no);
    if (!order_id) {
        host_.info("Specter invoice " + invoice_no + " is for order " + order_no +
                   ", which Skarv did not write; nothing is sent to a shop");
        return {{"records", std::move(records)}, {"reply", done_reply()}};
    }
    skarv::model::OrderStatusEvent e;
    e.order_id = *order_id;
    e.status = skarv::model::OrderStatus::invoiced;
    e.erp_document = invoice_no;
    auto remembered = remembered_order(host_, *order_id);
    if (remembered && !remembered->email.empty()) e.customer_email = remembered->email;
    // The callback carries no amount. Specter's order total equals the shop's to the öre
    // (order_rows.hpp), and guess specter.one-invoice (docs/guesses.md) has the invoice
    // cover the whole order: the capture is the order's amount as written.
    if (remembered && !remembered->payment_reference.empty())
        e.capture = skarv::model::Capture{skarv::model::Money(remembered->total_minor, remembered->currency),
                                          remembered->payment_reference};
    mark_invoiced(host_, *order_id);
    records.push_back(boost::json::value_from(e));
    return {{"records", std::move(records)}, {"reply", done_reply()}};
}

void CallbackEvents::register_callbacks(const std::string& date) const {
    const auto& config = api_.config();
    if (config.callback_url.empty()) return;
    // [SEEN] the URL shape Prestaworks registers. Only this field is sent: Specter has no
    // public call that reads the current settings, and what it does with a field that
    // is not sent is guess specter.callback-fields-kept, docs/guesses.md.
    std::string url = config.callback_url + "?calltype=2&orderId=$orderId&invoiceId=$invoiceId&invoiceSource=$invoiceSource";
    auto answer = api_.get("checkAccountSettings", date, {{"date", date}, {"actionNewInvoice", url}}, "callback registration");
    require_ok(answer, "checkAccountSettings", "callback registration");
    registered_ = true;
}

void CallbackEvents::ensure_registered(const std::string& date) const {
    if (!registered_) register_callbacks(date);
}

}  // namespace specter
