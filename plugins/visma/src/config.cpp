#include "config.hpp"

#include <skarv/json_reader.hpp>
#include <skarv/plugin.hpp>

namespace visma {

namespace {

std::map<skarv::model::VatRateBp, std::string> rate_map(const skarv::JsonReader& r, std::string_view key,
                                                        std::map<skarv::model::VatRateBp, std::string> fallback) {
    if (!r.has(key)) return fallback;
    const auto& v = r.value(key);
    if (!v.is_object()) throw skarv::RecordError(r.at(key), "expected an object of rate (basis points) -> code");
    std::map<skarv::model::VatRateBp, std::string> out;
    for (const auto& [rate, code] : v.get_object()) {
        const std::string path = r.at(key) + "." + std::string(rate);
        int bp = -1;
        try {
            std::size_t used = 0;
            bp = std::stoi(std::string(rate), &used);
            if (used != rate.size()) bp = -1;
        } catch (const std::exception&) {
        }
        if (bp < 0 || bp > 10000) throw skarv::RecordError(path, "expected a VAT rate in basis points, e.g. \"2500\"");
        if (!code.is_string()) throw skarv::RecordError(path, "expected a string");
        out[bp] = std::string(code.get_string());
    }
    return out;
}

template <class T>
T choice(const skarv::JsonReader& r, std::string_view key, std::initializer_list<std::pair<const char*, T>> options,
         T fallback) {
    if (!r.has(key)) return fallback;
    const auto v = r.string(key);
    std::string names;
    for (const auto& [name, value] : options) {
        if (v == name) return value;
        names += names.empty() ? std::string("\"") + name + "\"" : std::string(", \"") + name + "\"";
    }
    throw skarv::RecordError(r.at(key), "expected one of " + names);
}

}  // namespace

Config read_config(const boost::json::object& json) {
    skarv::JsonReader r(json, "config");
    Config c;
    c.adk_library = r.string("adk_library");
    // Required: the ADK refuses any folder but the installation's "Gemensamma filer"
    // (ADKE_INVALID_ADM_PATH 137); an empty default only moved that error to the first sync.
    c.system_path = r.string("system_path");
    if (c.system_path.empty())
        throw skarv::RecordError(r.at("system_path"), "must not be empty: Visma's \"Gemensamma filer\" folder");
    c.company_path = r.string("company_path");
    if (c.company_path.empty()) throw skarv::RecordError(r.at("company_path"), "must not be empty");
    c.user = r.string_or("user", "");
    c.password = r.string_or("password", "");
    c.orders_as = choice<DocumentKind>(r, "orders_as", {{"order", DocumentKind::order}, {"invoice", DocumentKind::invoice}},
                                       DocumentKind::order);
    c.customer_numbers = choice<CustomerNumbers>(
        r, "customer_numbers", {{"erp_series", CustomerNumbers::erp_series}, {"shop", CustomerNumbers::shop}},
        CustomerNumbers::erp_series);
    c.article_number = r.string_or("article_number", "{sku}");
    if (c.article_number.find('{') == std::string::npos)
        throw skarv::RecordError(r.at("article_number"), "needs at least one of {sku}, {article}, {n}");
    if (r.has("price_lists")) {
        auto p = r.child("price_lists");
        c.price_lists.base = p.string_or("base", "");
        if (p.has("customer_groups"))
            for (const auto& [group, code] : p.value("customer_groups").as_object()) {
                if (!code.is_string()) throw skarv::RecordError(p.at("customer_groups") + "." + std::string(group), "expected a string");
                c.price_lists.by_group[std::string(group)] = std::string(code.get_string());
            }
        if (p.has("channels"))
            for (const auto& [channel, code] : p.value("channels").as_object()) {
                const std::string path = p.at("channels") + "." + std::string(channel);
                if (!code.is_string()) throw skarv::RecordError(path, "expected a string");
                int n = 0;
                try {
                    n = std::stoi(std::string(channel));
                } catch (const std::exception&) {
                    throw skarv::RecordError(path, "expected a channel number as key");
                }
                c.price_lists.by_channel[n] = std::string(code.get_string());
            }
    }
    // guess visma.vat-codes, docs/guesses.md
    // guess visma.accounting-codes, docs/guesses.md
    c.vat_codes = rate_map(r, "vat_codes", {{2500, "1"}, {1200, "2"}, {600, "3"}, {0, "0"}});
    c.accounting_codes = rate_map(r, "accounting_codes", {{2500, "1"}, {1200, "2"}, {600, "3"}, {0, "4"}});
    c.freight_article = r.string_or("freight_article", "");
    c.discount_article = r.string_or("discount_article", "");
    if (r.has("stock")) {
        auto s = r.child("stock");
        c.warehouse = s.string_or("warehouse", c.warehouse);
        c.available_from = choice<Availability>(
            s, "available", {{"disposable", Availability::disposable}, {"in_stock", Availability::in_stock}},
            Availability::disposable);
        c.low_stock_threshold = s.integer_in("low_threshold", 0, 0, 1000000);
        c.only_webshop_articles = s.boolean_or("only_webshop_articles", true);
    }
    c.only_webshop_articles = r.boolean_or("only_webshop_articles", c.only_webshop_articles);
    c.tracking_field = choice<std::string>(r, "tracking_field",
                                           {{"none", ""}, {"TEXT1", "TEXT1"}, {"TEXT2", "TEXT2"}, {"TEXT3", "TEXT3"},
                                            {"LOCAL_REMARK", "LOCAL_REMARK"}},
                                           "");
    c.capture_on_invoice = r.boolean_or("capture_on_invoice", false);
    return c;
}

std::string Config::price_list_for(const std::optional<std::string>& group, int channel) const {
    if (group)
        if (auto it = price_lists.by_group.find(*group); it != price_lists.by_group.end()) return it->second;
    if (auto it = price_lists.by_channel.find(channel); it != price_lists.by_channel.end()) return it->second;
    return price_lists.base;
}

std::string Config::article_number_for(const std::string& article, const std::string& sku, int n) const {
    std::string out;
    for (std::size_t i = 0; i < article_number.size();) {
        auto take = [&](const char* token, const std::string& value) {
            const std::string t(token);
            if (article_number.compare(i, t.size(), t) != 0) return false;
            out += value;
            i += t.size();
            return true;
        };
        if (take("{sku}", sku) || take("{article}", article) || take("{n}", std::to_string(n))) continue;
        out.push_back(article_number[i++]);
    }
    return out;
}

const std::string& Config::vat_code(skarv::model::VatRateBp rate, const std::string& what) const {
    auto it = vat_codes.find(rate);
    if (it == vat_codes.end())
        throw skarv::PluginError::invalid("vat_code", what + ": no Visma VAT code for " + std::to_string(rate / 100) + "." +
                                                          std::to_string(rate % 100 / 10) + " % (config vat_codes)");
    return it->second;
}

std::string Config::accounting_code(skarv::model::VatRateBp rate) const {
    auto it = accounting_codes.find(rate);
    return it == accounting_codes.end() ? std::string() : it->second;
}

skarv::model::VatRateBp Config::rate_of_accounting_code(const std::string& code) const {
    for (const auto& [rate, c] : accounting_codes)
        if (c == code) return rate;
    return 2500;   // Visma's default code is the 25 % one
}

}  // namespace visma
