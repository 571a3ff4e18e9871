// acme-b2b: one customer's business rules as a plugin of its own, written against sdk/
// alone, the way a customer's engineer would write one.
//
// ACME sells to companies and consumers. In their ERP:
//  - company customers belong to the customer group "B2B", and the order's note carries
//    the company's org number, because their invoicing team looks for it there;
//  - orders from their B2B shop (channel 2) paid by invoice get an invoice fee row:
//    2 % of the goods, at 25 % VAT, rounded to the öre.
#include <string>

#include <skarv/plugin.hpp>
#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

namespace {

using skarv::model::Money;

struct Settings {
    int64_t invoice_channel;
    int64_t fee_bp;                 // basis points of the goods: 200 = 2 %
    std::string fee_sku;
    std::string fee_name;
    int64_t fee_vat_rate_bp;
};

Settings read_settings(const boost::json::object& config) {
    skarv::JsonReader r(config, "");
    for (const auto& [key, value] : config)
        if (key != "invoice_channel" && key != "invoice_fee_bp" && key != "fee_sku" && key != "fee_name" && key != "fee_vat_rate_bp")
            throw skarv::RecordError(std::string(key), "unknown setting");
    Settings s{r.integer_in("invoice_channel", 2, 1, 100000), r.integer_in("invoice_fee_bp", 200, 0, 10000),
               r.string_or("fee_sku", "FAKTURAAVGIFT"), r.string_or("fee_name", "Fakturaavgift"),
               r.integer_in("fee_vat_rate_bp", 2500, 0, 10000)};
    if (s.fee_sku.empty()) throw skarv::RecordError("fee_sku", "must not be empty");
    return s;
}

class AcmeB2b : public skarv::Plugin {
public:
    AcmeB2b(const boost::json::object& config, skarv::HostServices host) : Plugin(host), settings_(read_settings(config)) {}

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op != skarv::protocol::kTransform) throw skarv::PluginError::unsupported(op);
        const auto* records = request.if_contains("records");
        if (!records || !records->is_array()) throw skarv::PluginError::invalid("invalid_request", "records: expected an array");
        boost::json::array results;
        for (std::size_t i = 0; i < records->get_array().size(); ++i) {
            boost::json::value record = records->get_array()[i];
            // One bad order fails alone; the rest of the batch still goes to the ERP.
            try {
                apply(record);
                results.push_back({{"index", i}, {"action", skarv::protocol::kKeep}, {"record", std::move(record)}});
            } catch (const std::exception& e) {
                std::string id = record.is_object() && record.get_object().contains("order_id") && record.at("order_id").is_string()
                                     ? std::string(record.at("order_id").get_string())
                                     : std::to_string(i);
                results.push_back({{"index", i}, {"action", skarv::protocol::kFail}, {"reason", "order " + id + ": " + e.what()}});
            }
        }
        return {{"results", std::move(results)}};
    }

private:
    void apply(boost::json::value& record) const {
        // Reading through the SDK checks the order (and its stated total) before we touch it.
        const skarv::model::Order order = skarv::model::read_order(record, "order");
        auto& o = record.as_object();
        if (order.customer.is_company) {
            o["customer"].as_object()["customer_group"] = "B2B";
            if (order.customer.org_number && !order.customer.org_number->empty()) {
                std::string tag = "Org.nr " + *order.customer.org_number;
                if (order.note.find(tag) == std::string::npos)
                    o["note"] = order.note.empty() ? tag : order.note + " / " + tag;
            } else {
                host().warn("order " + order.order_id + ": company customer without org number");
            }
        }
        const bool pays_by_invoice = order.payment && order.payment->method == "invoice";
        if (order.channel == settings_.invoice_channel && pays_by_invoice && settings_.fee_bp > 0) add_invoice_fee(order, o);
    }

    void add_invoice_fee(const skarv::model::Order& order, boost::json::object& o) const {
        for (const auto& line : order.lines)
            if (line.sku == settings_.fee_sku) return;   // a replayed order already has its fee
        Money goods = Money::zero(order.currency);
        for (const auto& line : order.lines) goods += line.total_inc_vat();
        const Money fee = goods.scaled(settings_.fee_bp, 10000);   // half away from zero, to the öre
        if (fee.is_zero()) return;
        o["lines"].as_array().push_back({{"sku", settings_.fee_sku}, {"name", settings_.fee_name}, {"quantity", 1},
                                         {"unit_price_inc_vat", boost::json::value_from(fee)},
                                         {"vat_rate_bp", settings_.fee_vat_rate_bp}});
        // The order states its total; restate it, or the ERP connector refuses the order.
        o.erase("total_inc_vat");
        o.erase("vat");
        const auto updated = skarv::model::read_order(boost::json::value(o), "order");
        o["vat"] = boost::json::value_from(updated.vat_breakdown().amounts());
        o["total_inc_vat"] = boost::json::value_from(updated.total_inc_vat());
    }

    Settings settings_;
};

}  // namespace

SKARV_PLUGIN(AcmeB2b, "acme-b2b", "1.0.0", SKARV_KIND_TRANSFORM, R"json({
  "entities": {},
  "hooks": ["order.before_write"],
  "config_schema": {"type": "object", "additionalProperties": false, "properties": {
    "invoice_channel": {"type": "integer", "minimum": 1, "description": "The B2B shop's channel"},
    "invoice_fee_bp": {"type": "integer", "minimum": 0, "maximum": 10000, "description": "Invoice fee in basis points of the goods (200 = 2 %)"},
    "fee_sku": {"type": "string", "minLength": 1},
    "fee_name": {"type": "string"},
    "fee_vat_rate_bp": {"type": "integer", "minimum": 0, "maximum": 10000}}}
})json")
