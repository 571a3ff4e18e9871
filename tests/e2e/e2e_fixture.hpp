#pragma once
// What every end-to-end test shares: the emulators of sandboxes/ started in this process
// on free loopback ports, a config file naming them, the real host (SyncRunner) with the
// real plugins loaded by path, Norce's order push received by the host's own
// Service::accept_push, and readers of what each emulator holds afterwards.
//
// The push gate and the Visma desk are the demo's (sandboxes/demo/src/demo_parts.hpp):
// reused rather than copied. They could move to a public header of skarv_demo.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "demo_parts.hpp"
#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/host/service/service.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/seed_data.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace skarv::e2e {

namespace fs = std::filesystem;
namespace json = boost::json;

using demo::PushGate;
using demo::VismaArticle;
using demo::VismaDesk;

// A folder of its own for one test, emptied first; removed at the end unless the test
// failed (then it keeps the config, the state database and skarv.log to read).
fs::path fresh_dir(const std::string& name);
void remove_unless_failed(const fs::path& dir);

// A few products with two variants each and a few orders: small enough for seconds
// under ASan, big enough for variants, several VAT rates, discounts and freight.
sandbox::SeedOptions small_seed(int channels = 1, int orders = 4);

// Norce pushing its new orders (StatusId 0) to `push_url`.
std::unique_ptr<sandbox::JetshopEmulator> start_norce(const sandbox::SeedOptions& seed, const std::string& push_url);
// with_catalogue false: Specter starts without articles (the shop will bring them).
std::unique_ptr<sandbox::SpecterEmulator> start_specter(const sandbox::SeedOptions& seed, bool with_catalogue = true);
// A Visma company seeded with the same data, in dir/visma/Ftg1.
fs::path seed_visma(const fs::path& dir, const sandbox::SeedOptions& seed);

// Connector blocks for a connection, from the running emulators.
json::object norce_block(const sandbox::JetshopEmulator& shop);
// One Norce block per application, each with that application alone: a `shops` array
// whose channel n is Norce's n-th application (multishop, as docs/config.md describes).
json::array norce_shops(const sandbox::JetshopEmulator& shop);
// callback_url: where Specter calls Skarv on a new invoice (PushGate::callback_url).
json::object specter_block(const sandbox::SpecterEmulator& erp, const std::string& callback_url = "");
json::object visma_block(const fs::path& company);
// One connection of the config file.
json::object connection(const std::string& name, const std::string& flow, json::object shop, json::object erp);

// The real host over dir/skarv.json (written here), with the plugins copied from the
// build into dir/plugins; its push endpoint is attached to `gate` while it lives.
class Host {
public:
    // extra: more top-level blocks of the config (e.g. "admin" for serve()).
    Host(const fs::path& dir, json::array connections, PushGate& gate, json::object extra = {});
    ~Host();
    // Starts the service as `skarv run` does (scheduler, admin API, dashboard) on a free
    // loopback port, and returns the port.
    uint16_t serve();
    // One pass of every entity (or of one), as `skarv sync` runs it.
    std::vector<host::TransferReport> pass(const std::string& entity = "");
    host::Store& store() { return runner_->store(); }
    fs::path log_file() const { return dir_ / "skarv.log"; }

private:
    fs::path dir_;
    std::ofstream log_;
    std::unique_ptr<host::Logger> logger_;
    std::unique_ptr<host::SyncRunner> runner_;
    std::unique_ptr<host::Service> service_;
    PushGate& gate_;
    bool serving_ = false;
};

// Waits until the host has accepted Norce's push of every new order (a condition with a
// generous deadline, not a sleep); false when it never happened.
bool pushes_accepted(const sandbox::JetshopEmulator& shop, int timeout_ms = 30000);

// A JSON number in a currency unit (199.2) as minor units (19920).
int64_t minor_units(const json::value& amount);
// Norce's orders the merchant releases to the ERP (Created, Confirmed): ClientOrderRef ->
// total inc VAT in öre, as the shop charged it.
std::map<std::string, int64_t> released_orders(const sandbox::JetshopEmulator& shop);
const json::object& norce_order(const json::value& state, const std::string& ref);
// A SKU's sale price (ex VAT, öre) in a Norce price list; nullopt when it has none.
std::optional<int64_t> norce_price(const json::value& state, const std::string& part_no, const std::string& list);
// A SKU's stock in a Norce warehouse (active rows only); 0 when it has none.
int64_t norce_stock(const json::value& state, const std::string& part_no, const std::string& warehouse);

// POST to an emulator's control route (a JSON body); throws unless 2xx.
json::value post_control(const std::string& base_url, const std::string& path, const json::object& body);

// A consignment number that names the order, as a carrier's would.
std::string tracking_for(const std::string& order);

// ---- Checks shared by the tests (gtest assertions on what the emulators hold) ----

// Every released order is in Specter exactly once with the shop's total to the öre, and
// Specter holds no other order.
::testing::AssertionResult specter_holds_exactly(const sandbox::SpecterEmulator& erp,
                                                 const std::map<std::string, int64_t>& released);
// At Specter, as its users would: the first half of the orders (by shop order number)
// delivered with a tracking number, the rest invoiced. Returns shop order -> action.
std::map<std::string, std::string> deliver_and_invoice_at_specter(sandbox::SpecterEmulator& erp);
// The same at Visma, through the ADK.
std::map<std::string, std::string> deliver_and_invoice_at_visma(VismaDesk& desk);
// Norce shows each action: delivered with the tracking number, or invoiced with the
// order's total captured to the öre.
::testing::AssertionResult norce_shows(const sandbox::JetshopEmulator& shop, const std::map<std::string, std::string>& actions,
                                       const std::map<std::string, int64_t>& released);

// The Visma company's prices, read and changed through the ADK emulator's library, as a
// Visma user edits a price list.
struct VismaPrice {
    std::string list, article;
    int64_t price = 0;   // öre, as the list holds it (ex or inc VAT per the list)
};
class VismaPriceBook {
public:
    explicit VismaPriceBook(const fs::path& company);
    ~VismaPriceBook();
    std::vector<VismaPrice> prices();
    std::vector<std::string> lists();
    void set_price(const std::string& list, const std::string& article, int64_t ore);
    // The price on the article card itself (ADK_ARTICLE_PRICE), as a user edits it.
    void set_article_price(const std::string& article, int64_t ore);
    void add_list(const std::string& code, const std::string& name, const std::string& currency);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::e2e
