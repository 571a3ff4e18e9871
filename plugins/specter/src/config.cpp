#include "config.hpp"

#include <set>

#include <skarv/json_reader.hpp>

namespace specter {

std::map<std::string, std::string> default_payment_types() {
    // Research A.5 lists the codes; which one a merchant's Specter uses for a provider
    // depends on the contract (Klarna Checkout v3 = KG, old Klarna = K; Nets Easy is the
    // former DIBS = DP; Svea Checkout = SCH), so every one can be overridden.
    return {{"klarna", "KG"}, {"nets", "DP"}, {"svea", "SCH"}, {"swish", "SW"},
            {"invoice", "I"}, {"paypal", "PL"}, {"collector", "CL"}};
}

std::optional<std::string> Config::webshop_for(int channel) const {
    if (webshops.empty()) return std::string();
    auto it = webshops.find(channel);
    if (it == webshops.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Config::webshop_ids() const {
    if (webshops.empty()) return {""};
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& [channel, id] : webshops)
        if (seen.insert(id).second) out.push_back(id);
    return out;
}

std::string Config::catalogue_webshop() const { return webshop_ids().front(); }

namespace {

// sbmId is a number in Specter's UI; accept it written as one.
std::string string_or_number(const skarv::JsonReader& r, std::string_view key, bool required) {
    if (!r.has(key)) {
        if (required) throw skarv::RecordError(r.at(key), "required");
        return "";
    }
    const auto& v = r.value(key);
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    auto s = r.string(key);
    if (required && s.empty()) throw skarv::RecordError(r.at(key), "must not be empty");
    return s;
}

std::string one_of(const skarv::JsonReader& r, std::string_view key, std::string fallback,
                   std::initializer_list<const char*> allowed) {
    auto v = r.string_or(key, std::move(fallback));
    for (const char* a : allowed)
        if (v == a) return v;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string("\"") + a + "\"";
    throw skarv::RecordError(r.at(key), "expected one of " + list);
}

}  // namespace

Config read_config(const boost::json::object& json) {
    skarv::JsonReader r(json, "config");
    Config c;
    c.base_url = r.string_or("base_url", c.base_url);
    if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0)
        throw skarv::RecordError(r.at("base_url"), "must start with http:// or https://");
    c.sbm_id = string_or_number(r, "sbm_id", true);
    c.api_user_id = string_or_number(r, "api_user_id", true);
    c.api_user_key = r.string("api_user_key");
    c.integration_key = r.string("integration_key");
    if (c.api_user_key.empty()) throw skarv::RecordError(r.at("api_user_key"), "must not be empty");
    if (c.integration_key.empty()) throw skarv::RecordError(r.at("integration_key"), "must not be empty");

    if (r.has("webshops")) {
        auto w = r.child("webshops");
        for (const auto& [key, value] : w.object()) {
            int channel = 0;
            try {
                std::size_t used = 0;
                channel = std::stoi(std::string(key), &used);
                if (used != key.size() || channel < 1) throw std::invalid_argument("channel");
            } catch (const std::exception&) {
                throw skarv::RecordError(w.at(key), "the key must be a shop channel number (1, 2, ...)");
            }
            c.webshops[channel] = string_or_number(w, key, true);
        }
    }
    c.stock_site = string_or_number(r, "stock_site", false);
    c.stock_sites = r.list<std::string>("stock_sites", [](const boost::json::value& v, const std::string& path) {
        if (!v.is_string() || v.get_string().empty()) throw skarv::RecordError(path, "must be a stock site's name");
        return std::string(v.get_string());
    });
    c.orders_as = one_of(r, "orders_as", c.orders_as, {"order", "invoice"});
    c.customer_numbers = one_of(r, "customer_numbers", c.customer_numbers, {"erp", "shop"});
    c.payment_types = default_payment_types();
    if (r.has("payment_types")) {
        auto p = r.child("payment_types");
        for (const auto& [method, code] : p.object()) {
            auto v = p.string(method);
            if (v.empty()) throw skarv::RecordError(p.at(method), "must not be empty");
            c.payment_types[std::string(method)] = v;
        }
    }
    c.freight_article_no = r.string_or("freight_article_no", c.freight_article_no);
    c.rounding_article_no = r.string_or("rounding_article_no", c.rounding_article_no);
    c.invoice_type = r.string_or("invoice_type", c.invoice_type);
    c.currency = r.string_or("currency", c.currency);
    c.language = r.string_or("language", "");
    c.update_customers = r.boolean_or("update_customers", false);
    c.price_lists = r.boolean_or("price_lists", false);
    c.timeout = std::chrono::milliseconds(r.integer_in("timeout_ms", 30000, 100, 600000));
    c.callback_url = r.string_or("callback_url", "");
    if (!c.callback_url.empty()) {
        if (c.callback_url.rfind("http://", 0) != 0 && c.callback_url.rfind("https://", 0) != 0)
            throw skarv::RecordError(r.at("callback_url"), "must be an http:// or https:// URL");
        if (c.callback_url.find('?') != std::string::npos)
            throw skarv::RecordError(r.at("callback_url"), "must have no query; the connector adds Specter's placeholders");
        // Guessable secrets would let anyone post invoices; ask for a long one.
        if (c.callback_secret().size() < 16)
            throw skarv::RecordError(r.at("callback_url"),
                                     "must end in a secret path segment of at least 16 characters (/callback/<connection>/<secret>)");
    }
    if (c.freight_article_no.empty()) throw skarv::RecordError(r.at("freight_article_no"), "must not be empty");
    if (c.rounding_article_no.empty()) throw skarv::RecordError(r.at("rounding_article_no"), "must not be empty");
    return c;
}

std::string Config::callback_secret() const {
    auto slash = callback_url.rfind('/');
    return slash == std::string::npos ? std::string() : callback_url.substr(slash + 1);
}

}  // namespace specter
