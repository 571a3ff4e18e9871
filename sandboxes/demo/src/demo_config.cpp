// The one configuration file of the demo, written the way an integrator would write it
// for these emulators: base URLs and credentials taken from the running emulators, the
// state database and the Visma company inside the work directory.

#include <fstream>

#include <boost/json.hpp>

#include "demo_parts.hpp"

namespace skarv::demo {

namespace json = boost::json;

// The Norce connector: one application per channel, as the emulator created them from
// the seed (the demo uses one channel, SEK, so totals compare in one currency).
json::object jetshop_block(const sandbox::JetshopEmulator& shop) {
    json::array apps;
    const auto state = shop.state();
    for (const auto& a : state.at("applications").as_array()) {
        const auto& o = a.as_object();
        apps.push_back(json::object{{"channel", o.at("ApplicationId")},
                                    {"application_id", o.at("ApplicationId")},
                                    {"application_key", o.at("ApplicationKey")},
                                    {"price_list", o.at("PriceListCode")},
                                    {"currency", o.at("CurrencyCode")},
                                    {"culture", o.at("CultureCode")},
                                    {"sales_area_id", o.at("SalesAreaId")}});
    }
    sandbox::JetshopEmulator::Options defaults;
    return {{"plugin", "jetshop"},
            {"base_url", shop.base_url()},
            {"client_id", defaults.client_id},
            {"client_secret", defaults.client_secret},
            {"account_id", 1},   // the integration's account in Norce Admin; any id does on the emulator
            {"applications", std::move(apps)},
            {"push", json::object{{"user", kPushUser}, {"password", kPushPassword}}},
            // Created and Confirmed orders are the ones the merchant lets go to the ERP.
            {"release_statuses", json::array{"Created", "Confirmed"}},
            {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
            {"manufacturer_code", "SKARV"},
            {"timeouts", json::object{{"request_ms", 5000}, {"job_wait_ms", 20000}, {"job_poll_ms", 20}}}};
}

namespace {

json::object specter_block(const sandbox::SpecterEmulator& erp, const std::string& callback_url) {
    const auto& o = erp.options();
    return {{"plugin", "specter"},
            // Specter reports invoices only by calling this URL (actionNewInvoice).
            {"callback_url", callback_url},
            // Each Specter site to the Norce warehouse of its name: the connector names the
            // stock feed's unnamed sites in this order (a guess, docs/guesses.md
            // specter.stock-site-order); without it it sends their sum.
            {"stock_sites", erp.state().at("stockSites")},
            {"base_url", erp.base_url()},
            {"sbm_id", o.sbm_id},
            {"api_user_id", o.api_user_id},
            {"api_user_key", o.api_user_key},
            {"integration_key", o.integration_key},
            {"webshops", json::object{{"1", "1"}}},
            // Price lists go through guessed Specter calls, which the emulator offers
            // (plugins/specter/README.md, "Price lists"); a real account would leave this off.
            {"price_lists", true},
            {"timeout_ms", 5000}};
}

json::object visma_block(const DemoOptions& options, const std::filesystem::path& company) {
    return {{"plugin", "visma"},
            {"adk_library", options.adk_library},
            {"system_path", visma_system_folder(company).string()},
            {"company_path", company.string()},
            {"price_lists", json::object{{"base", "PL-SE"}, {"channels", json::object{{"1", "PL-SE"}}}}},
            // Visma keeps one stock figure; Norce needs a warehouse it knows.
            {"stock", json::object{{"warehouse", "LAGER1"}}},
            // The warehouse types the consignment number into TEXT3 (a convention).
            {"tracking_field", "TEXT3"},
            // Invoicing in Visma captures the shop's exact amount with the PSP.
            {"capture_on_invoice", true}};
}

}  // namespace

std::filesystem::path write_config(const DemoOptions& options, const std::filesystem::path& plugin_dir,
                                   const std::vector<DemoConnection>& connections) {
    const std::filesystem::path work = options.work_dir;
    json::array list;
    for (const auto& c : connections) {
        json::object erp = c.specter ? specter_block(*c.specter, c.erp_callback_url) : visma_block(options, c.visma_company);
        list.push_back(json::object{{"name", c.name},
                                    {"flow", c.flow},
                                    {"shop", jetshop_block(*c.shop)},
                                    {"erp", std::move(erp)},
                                    {"options", json::object{{"orders_as", "order"}}}});
    }
    json::object doc{{"plugin_dirs", json::array{json::value(plugin_dir.string())}},
                     {"state_db", (work / "skarv-state.db").string()},
                     {"connections", std::move(list)}};
    const auto path = work / "skarv.json";
    std::ofstream(path) << json::serialize(doc) << "\n";
    return path;
}

}  // namespace skarv::demo
