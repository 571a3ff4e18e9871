#include "e2e_fixture.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <boost/dll/shared_library.hpp>

#include "adk_emulator/Adk.h"
#include "skarv/sandbox/visma_adk_seed.hpp"

namespace skarv::e2e {

fs::path fresh_dir(const std::string& name) {
    auto dir = fs::temp_directory_path() / ("skarv-e2e-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void remove_unless_failed(const fs::path& dir) {
    if (::testing::Test::HasFailure()) std::cerr << "kept for reading: " << dir.string() << "\n";
    else fs::remove_all(dir);
}

sandbox::SeedOptions small_seed(int channels, int orders) {
    sandbox::SeedOptions s;
    s.seed = 11;
    s.products = 3;
    s.variants_per_product = 2;
    s.orders = orders;
    s.channels = channels;
    return s;
}

std::unique_ptr<sandbox::JetshopEmulator> start_norce(const sandbox::SeedOptions& seed, const std::string& push_url) {
    sandbox::JetshopEmulator::Options o;
    o.seed = seed;
    o.erp_push_url = push_url;
    o.erp_push_user = demo::kPushUser;
    o.erp_push_password = demo::kPushPassword;
    o.push_retry_ms = 50;   // until the host is attached the gate answers 503
    auto shop = std::make_unique<sandbox::JetshopEmulator>(o);
    shop->start();
    return shop;
}

std::unique_ptr<sandbox::SpecterEmulator> start_specter(const sandbox::SeedOptions& seed, bool with_catalogue) {
    sandbox::SpecterEmulator::Options o;
    o.seed = seed;
    o.load_seed = with_catalogue;
    auto erp = std::make_unique<sandbox::SpecterEmulator>(o);
    erp->start();
    return erp;
}

fs::path seed_visma(const fs::path& dir, const sandbox::SeedOptions& seed) {
    const auto company = dir / "visma" / "Ftg1";
    sandbox::visma_adk::CompanySeedOptions options;
    options.data = seed;
    sandbox::visma_adk::seed_company(company.string(), options);
    return company;
}

json::object norce_block(const sandbox::JetshopEmulator& shop) {
    auto block = demo::jetshop_block(shop);
    // 9 is what the emulator numbers every other method, here invoice.
    block["payment_methods"] = json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}, {"9", "invoice"}};
    // Generous: a loopback answer is quick, but a CI machine under ASan and load is not,
    // and a timeout would park an order for a retry after the test's last pass.
    block["timeouts"] = json::object{{"request_ms", 60000}, {"job_wait_ms", 60000}, {"job_poll_ms", 10}};
    return block;
}

json::array norce_shops(const sandbox::JetshopEmulator& shop) {
    const auto all = norce_block(shop);
    json::array shops;
    for (const auto& app : all.at("applications").as_array()) {
        auto one = all;
        one["channel"] = app.at("channel");
        one["applications"] = json::array{app};
        shops.push_back(std::move(one));
    }
    return shops;
}

json::object specter_block(const sandbox::SpecterEmulator& erp, const std::string& callback_url) {
    const auto& o = erp.options();
    json::object webshops;
    for (int ch = 1; ch <= o.seed.channels; ++ch) webshops[std::to_string(ch)] = std::to_string(ch);
    json::object block{{"plugin", "specter"},         {"base_url", erp.base_url()},
                       {"sbm_id", o.sbm_id},          {"api_user_id", o.api_user_id},
                       {"api_user_key", o.api_user_key}, {"integration_key", o.integration_key},
                       {"webshops", std::move(webshops)}, {"timeout_ms", 60000}};
    if (!callback_url.empty()) block["callback_url"] = callback_url;
    // Norce knows the seed's warehouses (LAGER1, LAGER2), Specter the same sites: each
    // site goes to the warehouse of its name, so the connector must name the feed's
    // unnamed <stock> elements (guess specter.stock-site-order, docs/guesses.md; without
    // stock_sites it would send their sum, as Prestaworks does).
    const auto state = erp.state();
    block["stock_sites"] = state.at("stockSites");
    return block;
}

json::object visma_block(const fs::path& company) {
    return {{"plugin", "visma"},
            {"adk_library", SKARV_E2E_ADK_LIBRARY},
            {"system_path", sandbox::visma_adk::system_folder_beside(company.string())},
            {"company_path", company.string()},
            {"price_lists", json::object{{"base", "PL-SE"}, {"channels", json::object{{"1", "PL-SE"}}}}},
            {"stock", json::object{{"warehouse", "LAGER1"}}},
            {"tracking_field", "TEXT3"},
            {"capture_on_invoice", true}};
}

json::object connection(const std::string& name, const std::string& flow, json::object shop, json::object erp) {
    return {{"name", name},
            {"flow", flow},
            {"shop", std::move(shop)},
            {"erp", std::move(erp)},
            {"options", json::object{{"orders_as", "order"}}}};
}

namespace {

// Only the plugins the e2e configs use, copied as an integrator installs them.
fs::path gather_plugins(const fs::path& dir) {
    const fs::path from = SKARV_E2E_PLUGIN_DIR;
    const fs::path to = dir / "plugins";
    fs::create_directories(to);
    for (const char* name : {"jetshop", "specter", "visma", "rules", "acme-b2b", "gift-wrap-c", "klarna", "nets", "svea"}) {
        const fs::path so = from / (std::string(name) + ".so");
        if (!fs::exists(so)) throw std::runtime_error("no " + so.string() + " (build the plugins first)");
        fs::copy_file(so, to / so.filename(), fs::copy_options::overwrite_existing);
    }
    return to;
}

}  // namespace

Host::Host(const fs::path& dir, json::array connections, PushGate& gate, json::object extra)
    : dir_(dir), log_(dir / "skarv.log"), gate_(gate) {
    json::object doc{{"plugin_dirs", json::array{json::value(gather_plugins(dir).string())}},
                     {"state_db", (dir / "skarv-state.db").string()},
                     {"connections", std::move(connections)}};
    for (auto& [k, v] : extra) doc[k] = std::move(v);
    std::ofstream(dir / "skarv.json") << json::serialize(doc) << "\n";
    logger_ = std::make_unique<host::Logger>(log_, SKARV_LOG_INFO);
    runner_ = std::make_unique<host::SyncRunner>(dir / "skarv.json", *logger_);
    host::ServiceOptions options;
    options.port = 0;
    // Not started: no scheduler runs passes behind the test's back; only its push handling.
    service_ = std::make_unique<host::Service>(*runner_, *logger_, options);
    gate_.attach(service_.get());
}

Host::~Host() {
    gate_.attach(nullptr);
    if (serving_) {
        service_->stop();
        service_->wait();
    }
}

uint16_t Host::serve() {
    serving_ = true;
    return service_->start();
}

std::vector<host::TransferReport> Host::pass(const std::string& entity) {
    host::PassSelection selection;
    if (!entity.empty()) selection.entity = entity;
    return runner_->pass(selection, {});
}

bool pushes_accepted(const sandbox::JetshopEmulator& shop, int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        bool all = true;
        const auto state = shop.state();
        for (const auto& [ref, v] : state.at("orders").as_object())
            if (v.at("Push").at("Wanted").as_bool() && !shop.push_delivered(std::string(ref))) all = false;
        if (all) return true;
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

int64_t minor_units(const json::value& amount) {
    if (amount.is_double()) return static_cast<int64_t>(std::llround(amount.get_double() * 100.0));
    return amount.to_number<int64_t>() * 100;
}

std::map<std::string, int64_t> released_orders(const sandbox::JetshopEmulator& shop) {
    std::map<std::string, int64_t> out;
    const auto state = shop.state();
    for (const auto& [ref, v] : state.at("orders").as_object()) {
        const auto status = v.at("StatusId").to_number<int64_t>();
        if (status == 0 || status == 2) out[std::string(ref)] = minor_units(v.at("TotalIncVat"));
    }
    return out;
}

const json::object& norce_order(const json::value& state, const std::string& ref) {
    return state.at("orders").at(ref).as_object();
}

std::optional<int64_t> norce_price(const json::value& state, const std::string& part_no, const std::string& list) {
    const auto* sku = state.at("skus").as_object().if_contains(part_no);
    if (!sku) return std::nullopt;
    const auto* prices = sku->as_object().if_contains("Prices");
    const auto* row = prices && prices->is_object() ? prices->as_object().if_contains(list) : nullptr;
    if (!row || !row->as_object().contains("PriceSale")) return std::nullopt;
    return minor_units(row->at("PriceSale"));
}

int64_t norce_stock(const json::value& state, const std::string& part_no, const std::string& warehouse) {
    const auto* sku = state.at("skus").as_object().if_contains(part_no);
    if (!sku) return 0;
    const auto* by = sku->as_object().if_contains("StockByWarehouse");
    const auto* n = by && by->is_object() ? by->as_object().if_contains(warehouse) : nullptr;
    return n ? n->to_number<int64_t>() : 0;
}

json::value post_control(const std::string& base_url, const std::string& path, const json::object& body) {
    const Poco::URI uri(base_url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    const std::string text = json::serialize(body);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(text.size()));
    session.sendRequest(request) << text;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
    if (response.getStatus() / 100 != 2)
        throw std::runtime_error("POST " + path + ": " + std::to_string(response.getStatus()) + " " + answer);
    return answer.empty() ? json::value() : json::parse(answer);
}

std::string tracking_for(const std::string& order) { return "00370712" + order; }

// ---- Checks shared by the tests ----------------------------------------------------

::testing::AssertionResult specter_holds_exactly(const sandbox::SpecterEmulator& erp,
                                                 const std::map<std::string, int64_t>& released) {
    std::map<std::string, std::vector<sandbox::SpecterOrder>> by_ref;
    for (auto& o : erp.orders()) by_ref[o.external_order_no].push_back(o);
    std::ostringstream problems;
    for (const auto& [ref, total] : released) {
        auto it = by_ref.find(ref);
        if (it == by_ref.end()) {
            problems << "order " << ref << " is not in Specter; ";
            continue;
        }
        if (it->second.size() != 1) problems << "order " << ref << " is in Specter " << it->second.size() << " times; ";
        if (it->second.front().total_inc_vat != total)
            problems << "order " << ref << ": Specter total " << it->second.front().total_inc_vat << " öre, shop " << total
                     << " öre; ";
    }
    for (const auto& [ref, orders] : by_ref)
        if (!released.count(ref)) problems << "Specter holds order " << ref << " that the shop did not release; ";
    if (problems.str().empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << problems.str();
}

namespace {

// The first half of the orders (by shop order number) delivered, the rest invoiced.
std::map<std::string, std::string> split_deliver_invoice(std::vector<std::string> refs) {
    std::sort(refs.begin(), refs.end());
    std::map<std::string, std::string> actions;
    for (size_t i = 0; i < refs.size(); ++i) actions[refs[i]] = i < (refs.size() + 1) / 2 ? "delivered" : "invoiced";
    return actions;
}

}  // namespace

std::map<std::string, std::string> deliver_and_invoice_at_specter(sandbox::SpecterEmulator& erp) {
    const auto orders = erp.orders();
    std::vector<std::string> refs;
    for (const auto& o : orders) refs.push_back(o.external_order_no);
    const auto actions = split_deliver_invoice(refs);
    for (const auto& o : orders) {
        if (actions.at(o.external_order_no) == "delivered") erp.deliver(o.order_no, tracking_for(o.external_order_no));
        else erp.invoice(o.order_no);
    }
    // Specter reports each invoice by calling Skarv back, from its own thread.
    erp.callbacks_sent(10000);
    return actions;
}

std::map<std::string, std::string> deliver_and_invoice_at_visma(VismaDesk& desk) {
    const auto orders = desk.orders();
    std::vector<std::string> refs;
    for (const auto& o : orders) refs.push_back(o.shop_order);
    const auto actions = split_deliver_invoice(refs);
    for (const auto& o : orders) {
        if (actions.at(o.shop_order) == "delivered") desk.deliver(o.number, tracking_for(o.shop_order));
        else desk.invoice(o.number);
    }
    return actions;
}

::testing::AssertionResult norce_shows(const sandbox::JetshopEmulator& shop, const std::map<std::string, std::string>& actions,
                                       const std::map<std::string, int64_t>& released) {
    const auto state = shop.state();
    std::ostringstream problems;
    for (const auto& [ref, action] : actions) {
        const auto& o = norce_order(state, ref);
        const auto status = o.at("StatusId").to_number<int64_t>();
        // The ERP's acknowledgement (SendOrderStatus Confirmed) left its order number in Norce.
        if (o.at("ErpOrderNo").as_string().empty()) problems << "order " << ref << ": no ERP order number in Norce; ";
        if (action == "delivered") {
            bool tracked = false;
            for (const auto& d : o.at("Deliveries").as_array())
                for (const auto& t : d.at("TrackingNumbers").as_array()) tracked = tracked || t.as_string() == tracking_for(ref);
            if (!tracked) problems << "order " << ref << ": no delivery with tracking number " << tracking_for(ref) << "; ";
            if (status != 4) problems << "order " << ref << ": StatusId " << status << ", not 4 (Delivered); ";
        } else {
            const auto& invoices = o.at("Invoices").as_array();
            if (invoices.size() != 1) problems << "order " << ref << ": " << invoices.size() << " invoices in Norce; ";
            else if (minor_units(invoices[0].at("TotalAmount")) != released.at(ref))
                problems << "order " << ref << ": invoice of " << minor_units(invoices[0].at("TotalAmount")) << " öre, order "
                         << released.at(ref) << " öre; ";
            if (minor_units(o.at("Captured")) != released.at(ref))
                problems << "order " << ref << ": captured " << minor_units(o.at("Captured")) << " öre of "
                         << released.at(ref) << "; ";
            if (status != 5) problems << "order " << ref << ": StatusId " << status << ", not 5 (Invoiced); ";
        }
    }
    if (problems.str().empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << problems.str();
}

// ---- VismaPriceBook ----------------------------------------------------------------

#define SKARV_E2E_ADK(name) decltype(&::name) name = &lib.get<decltype(::name)>(#name)

struct VismaPriceBook::Impl {
    boost::dll::shared_library lib;
    SKARV_E2E_ADK(AdkOpen);
    SKARV_E2E_ADK(AdkClose);
    SKARV_E2E_ADK(AdkCreateData);
    SKARV_E2E_ADK(AdkDeleteStruct);
    SKARV_E2E_ADK(AdkGetStr);
    SKARV_E2E_ADK(AdkSetStr);
    SKARV_E2E_ADK(AdkGetDouble);
    SKARV_E2E_ADK(AdkSetDouble);
    SKARV_E2E_ADK(AdkAdd);
    SKARV_E2E_ADK(AdkUpdate);
    SKARV_E2E_ADK(AdkFind);
    SKARV_E2E_ADK(AdkFirst);
    SKARV_E2E_ADK(AdkNext);
    SKARV_E2E_ADK(AdkSetSortOrder);
    SKARV_E2E_ADK(AdkGetErrorText);
    std::string company;

    explicit Impl(const fs::path& c) : lib(SKARV_E2E_ADK_LIBRARY, boost::dll::load_mode::rtld_local), company(c.string()) {}

    void check(ADK_ERROR e, const char* what) {
        if (e.lRc == ADKE_OK) return;
        char buffer[256] = {0};
        char* p = buffer;
        AdkGetErrorText(&e, elRc, &p, sizeof buffer);
        throw std::runtime_error(std::string("Visma ADK ") + what + ": " + buffer);
    }
    // The company open for one look or change only, like a Visma user's session: the
    // plugin opens it inside each of its calls too.
    template <class Fn>
    auto session(int table, Fn&& fn) {
        check(AdkOpen(sandbox::visma_adk::system_folder_beside(company).c_str(), company.c_str()), "AdkOpen");
        PADK_DATA data = AdkCreateData(table);
        struct Closer {
            Impl* self;
            PADK_DATA data;
            ~Closer() {
                if (data) self->AdkDeleteStruct(data);
                self->AdkClose();
            }
        } closer{this, data};
        if (!data) throw std::runtime_error("Visma ADK: AdkCreateData failed");
        return fn(data);
    }
    std::string str(PADK_DATA d, int field) {
        char buffer[256] = {0};
        char* out = buffer;
        AdkGetStr(d, field, &out, sizeof buffer);
        return buffer;
    }
    double dbl(PADK_DATA d, int field) {
        double v = 0;
        AdkGetDouble(d, field, &v);
        return v;
    }
};
#undef SKARV_E2E_ADK

VismaPriceBook::VismaPriceBook(const fs::path& company) : impl_(std::make_unique<Impl>(company)) {}
VismaPriceBook::~VismaPriceBook() = default;

std::vector<VismaPrice> VismaPriceBook::prices() {
    return impl_->session(ADK_DB_PRICE, [&](PADK_DATA p) {
        std::vector<VismaPrice> out;
        for (auto e = impl_->AdkFirst(p); e.lRc == ADKE_OK; e = impl_->AdkNext(p))
            out.push_back({impl_->str(p, ADK_PRICE_PRICE_LIST), impl_->str(p, ADK_PRICE_ARTICLE_NUMBER),
                           static_cast<int64_t>(std::llround(impl_->dbl(p, ADK_PRICE_PRICE) * 100.0))});
        return out;
    });
}

std::vector<std::string> VismaPriceBook::lists() {
    return impl_->session(ADK_DB_CODE_OF_PRICE_LIST, [&](PADK_DATA l) {
        std::vector<std::string> out;
        for (auto e = impl_->AdkFirst(l); e.lRc == ADKE_OK; e = impl_->AdkNext(l))
            out.push_back(impl_->str(l, ADK_CODE_OF_PRICE_LIST_CODE));
        return out;
    });
}

void VismaPriceBook::set_price(const std::string& list, const std::string& article, int64_t ore) {
    impl_->session(ADK_DB_PRICE, [&](PADK_DATA p) {
        impl_->check(impl_->AdkSetSortOrder(p, ePriceList), "AdkSetSortOrder");
        impl_->AdkSetStr(p, ADK_PRICE_PRICE_LIST, list.c_str());
        impl_->AdkSetStr(p, ADK_PRICE_ARTICLE_NUMBER, article.c_str());
        impl_->AdkSetDouble(p, ADK_PRICE_QUANTITY, 0);
        const bool exists = impl_->AdkFind(p).lRc == ADKE_OK;
        impl_->AdkSetDouble(p, ADK_PRICE_PRICE, static_cast<double>(ore) / 100.0);
        if (exists) {
            impl_->check(impl_->AdkUpdate(p), "AdkUpdate price");
        } else {
            impl_->AdkSetStr(p, ADK_PRICE_PRICE_LIST, list.c_str());
            impl_->AdkSetStr(p, ADK_PRICE_ARTICLE_NUMBER, article.c_str());
            impl_->AdkSetDouble(p, ADK_PRICE_QUANTITY, 0);
            impl_->check(impl_->AdkAdd(p), "AdkAdd price");
        }
        return 0;
    });
}

void VismaPriceBook::set_article_price(const std::string& article, int64_t ore) {
    impl_->session(ADK_DB_ARTICLE, [&](PADK_DATA a) {
        impl_->check(impl_->AdkSetSortOrder(a, eArticleNr), "AdkSetSortOrder");
        impl_->AdkSetStr(a, ADK_ARTICLE_NUMBER, article.c_str());
        impl_->check(impl_->AdkFind(a), "AdkFind article");
        impl_->AdkSetDouble(a, ADK_ARTICLE_PRICE, static_cast<double>(ore) / 100.0);
        impl_->check(impl_->AdkUpdate(a), "AdkUpdate article");
        return 0;
    });
}

void VismaPriceBook::add_list(const std::string& code, const std::string& name, const std::string& currency) {
    impl_->session(ADK_DB_CODE_OF_PRICE_LIST, [&](PADK_DATA l) {
        impl_->AdkSetStr(l, ADK_CODE_OF_PRICE_LIST_CODE, code.c_str());
        impl_->AdkSetStr(l, ADK_CODE_OF_PRICE_LIST_TEXT, name.c_str());
        impl_->AdkSetStr(l, ADK_CODE_OF_PRICE_LIST_CURRENCY_CODE, currency.c_str());
        impl_->check(impl_->AdkAdd(l), "AdkAdd price list");
        return 0;
    });
}

}  // namespace skarv::e2e
