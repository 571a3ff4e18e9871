// visma: the Visma Administration connector. It loads the ADK (Adk.dll on Windows, the
// emulator's .so here) from a configured path at run time and speaks to it only through
// the ADK's own C functions. README.md maps each op to its ADK calls.

#include <skarv/plugin.hpp>

#include "adk_handle.hpp"
#include "adk_library.hpp"
#include "catalogue.hpp"
#include "config.hpp"
#include "context.hpp"
#include "order_writer.hpp"
#include "probe.hpp"
#include "status_reader.hpp"
#include "voucher_writer.hpp"

namespace visma {

class VismaPlugin : public skarv::Plugin {
public:
    VismaPlugin(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), config_(read_config(config)), library_(config_.adk_library), adk_(library_.api()),
          ctx_{config_, adk_, this->host()}, orders_(ctx_), status_(ctx_), catalogue_(ctx_), vouchers_(ctx_) {}

    boost::json::value check() override {
        auto session = ctx_.open();
        boost::json::array price_lists;
        for (const auto& code : configured_price_lists()) {
            Record list(adk_, adk::db::code_of_price_list, "price list " + code);
            list.sort(adk::sort::code_of_price_list);
            list.set_str(adk::price_list::code, code, "price list code");
            if (!list.find())
                throw skarv::PluginError::invalid("missing_price_list", "price list " + code +
                                                                            " (config price_lists) does not exist in the Visma company " +
                                                                            config_.company_path);
            price_lists.push_back(boost::json::value(code));
        }
        return boost::json::object{{"ok", true},
                                   {"system", "Visma Administration"},
                                   {"adk_library", library_.path()},
                                   {"adk_version", library_.version()},
                                   {"company_path", config_.company_path},
                                   {"price_lists", std::move(price_lists)}};
    }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op == "orders.write") return orders_.write(request);
        if (op == "orders.find") return orders_.find(request);
        if (op == "status.read") return status_.read(request);
        if (op == "products.write") return catalogue_.write_products(request);
        if (op == "products.read") return catalogue_.read_products(request);
        if (op == "prices.write") return catalogue_.write_prices(request);
        if (op == "prices.read") return catalogue_.read_prices(request);
        if (op == "pricelists.write") return catalogue_.write_price_lists(request);
        if (op == "pricelists.read") return catalogue_.read_price_lists(request);
        if (op == "stock.write") return catalogue_.write_stock(request);
        if (op == "stock.read") return catalogue_.read_stock(request);
        if (op == "vouchers.write") return vouchers_.write(request);
        if (op == "probe") return probe(ctx_);   // reads only: docs/guesses.md, "Visma ADK"
        // orders.read and status.write belong to a shop; Visma is the ERP side only.
        throw skarv::PluginError::unsupported(op);
    }

private:
    std::vector<std::string> configured_price_lists() const {
        std::vector<std::string> out;
        auto add = [&out](const std::string& c) {
            if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
        };
        add(config_.price_lists.base);
        for (const auto& [group, code] : config_.price_lists.by_group) add(code);
        for (const auto& [channel, code] : config_.price_lists.by_channel) add(code);
        return out;
    }

    Config config_;
    AdkLibrary library_;
    Adk adk_;
    Context ctx_;
    OrderWriter orders_;
    StatusReader status_;
    Catalogue catalogue_;
    VoucherWriter vouchers_;
};

}  // namespace visma

namespace {
// What the host shows and validates; README.md lists the same keys with an example.
constexpr const char* kCapabilities = R"json({
  "system": "Visma Administration (ADK)",
  "entities": {"orders": ["write", "find"], "status": ["read"], "products": ["read", "write"],
               "prices": ["read", "write"], "pricelists": ["read", "write"], "stock": ["read", "write"],
               "vouchers": ["write"]},
  "config_schema": {
    "type": "object",
    "additionalProperties": false,
    "required": ["adk_library", "system_path", "company_path"],
    "properties": {
      "adk_library": {"type": "string", "minLength": 1,
                      "description": "Path of Adk.dll (Windows) or of libskarv-adk-emulator.so"},
      "system_path": {"type": "string", "minLength": 1,
                      "description": "Visma's 'Gemensamma filer' folder, e.g. C:\\ProgramData\\SPCS\\SPCS Administration\\Gemensamma filer"},
      "company_path": {"type": "string", "minLength": 1, "description": "The company folder (Företag\\<FTG>)"},
      "user": {"type": "string", "description": "Visma user, when login is activated for the company"},
      "password": {"type": "string", "writeOnly": true},
      "orders_as": {"enum": ["order", "invoice"], "description": "What a shop order becomes in Visma"},
      "customer_numbers": {"enum": ["erp_series", "shop"],
                           "description": "New customers get Visma's next number, or the shop's customer number"},
      "article_number": {"type": "string", "minLength": 1, "pattern": "\\{(sku|article|n)\\}",
                         "description": "Article number of a variant: {sku}, or e.g. {article}-{n}"},
      "price_lists": {"type": "object", "additionalProperties": false,
                      "properties": {"base": {"type": "string"},
                                     "customer_groups": {"type": "object", "additionalProperties": {"type": "string"}},
                                     "channels": {"type": "object", "additionalProperties": {"type": "string"}}}},
      "vat_codes": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Row VAT code per rate in basis points, e.g. {\"2500\": \"1\"}"},
      "accounting_codes": {"type": "object", "additionalProperties": {"type": "string"},
                           "description": "Article ACCOUNTING_CODE per VAT rate in basis points"},
      "freight_article": {"type": "string", "description": "Article for a freight row; empty: the head's freight field"},
      "discount_article": {"type": "string", "description": "Article for discount rows; empty: text rows"},
      "stock": {"type": "object", "additionalProperties": false,
                "properties": {"warehouse": {"type": "string", "minLength": 1},
                               "available": {"enum": ["disposable", "in_stock"]},
                               "low_threshold": {"type": "integer", "minimum": 0},
                               "only_webshop_articles": {"type": "boolean"}}},
      "only_webshop_articles": {"type": "boolean"},
      "tracking_field": {"enum": ["none", "TEXT1", "TEXT2", "TEXT3", "LOCAL_REMARK"]},
      "capture_on_invoice": {"type": "boolean"}
    }
  }
})json";
}  // namespace

SKARV_PLUGIN(visma::VismaPlugin, "visma", "0.1.0", SKARV_KIND_CONNECTOR, kCapabilities)
