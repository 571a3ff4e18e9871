#pragma once
// What the demo's three files share: the live connections (emulators and what the shop
// released before Skarv ran), the config writer, the Visma company as a person at Visma
// sees it, and the report.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/demo/demo.hpp"
#include "skarv/host/store/store.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace skarv::host {
class Service;
}

namespace skarv::demo {

// The Basic credentials Norce sends with its push; the jetshop connector checks them.
inline constexpr const char* kPushUser = "norce";
inline constexpr const char* kPushPassword = "demo-push-password";

// One shop-ERP pair the demo runs. Exactly one of `specter` / `visma_company` is set.
struct DemoConnection {
    std::string name;            // "butik-erp"
    std::string flow;            // "erp", "ecom", "combo"
    std::string erp_name;        // "Specter", "Visma"
    std::unique_ptr<sandbox::JetshopEmulator> shop;
    std::unique_ptr<sandbox::SpecterEmulator> specter;
    std::filesystem::path visma_company;
    std::string erp_callback_url;   // Specter: where it calls Skarv on a new invoice
    // Taken from the shop before the first pass: ClientOrderRef -> total inc VAT in öre of
    // every order in a release status. The yardstick the ERP side is measured against.
    std::map<std::string, int64_t> released;
    // What the demo did as a person at the ERP between the passes, per shop order id.
    std::map<std::string, std::string> erp_actions;
    std::vector<std::string> notes;   // one line each: what a connector cannot do yet
};

// push_gate.cpp: the shop's order push endpoint, handed to the host's Service.
class PushGate {
public:
    PushGate();   // listens on a free loopback port
    ~PushGate();
    std::string url(const std::string& connection, int channel) const;
    // Where an ERP calls back (Specter's actionNewInvoice): /callback/{connection}/{secret}.
    std::string callback_url(const std::string& connection, const std::string& secret) const;
    void attach(host::Service* service);   // nullptr: answer 503 (Norce retries)
    int pushes() const;                    // pushes the host accepted

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// demo_config.cpp: the Norce connector's block for an emulator (every application of
// its seed, the demo's push credentials); the end-to-end tests start from it too.
boost::json::object jetshop_block(const sandbox::JetshopEmulator& shop);

// demo_config.cpp: the one config file with every connection; returns its path.
std::filesystem::path write_config(const DemoOptions& options, const std::filesystem::path& plugin_dir,
                                   const std::vector<DemoConnection>& connections);

// visma_desk.cpp: the Visma company through the same ADK library the plugin loads.
struct VismaOrder {
    double number = 0;           // DOCUMENT_NUMBER
    std::string shop_order;      // CUSTOMER_ORDER_NUMBER
    int64_t gross = 0;           // öre, before Visma's öresavrundning
    int64_t total = 0;           // öre, TOTAL_AMOUNT (rounded to whole kronor in SEK)
    bool delivered = false;
    std::string tracking;        // TEXT3
    double invoice = 0;          // DOCUMENT_CONNECTION_NUMBER1 (0: not invoiced)
};
struct VismaArticle {
    std::string number;
    int64_t price = 0;           // öre, ex VAT, the base list
    int64_t disposable = 0;      // in stock - reserved
    bool stock_goods = true;
};
// The system folder ("Gemensamma filer") the seeder made beside `company`: the
// config's system_path and the desk's AdkOpen need it.
std::filesystem::path visma_system_folder(const std::filesystem::path& company);

// A verification (voucher) in the Visma company, as its bookkeeper sees it.
struct VismaVoucher {
    std::string series, info;
    double number = 0;
    std::vector<std::pair<std::string, int64_t>> rows;   // account, öre (debit positive)
};

class VismaDesk {
public:
    VismaDesk(const std::string& adk_library, const std::filesystem::path& company);
    ~VismaDesk();
    std::vector<VismaOrder> orders();
    std::vector<VismaArticle> articles();
    int invoices();
    void deliver(double order_number, const std::string& tracking);
    double invoice(double order_number);
    std::vector<VismaVoucher> vouchers();

    struct Impl;   // the loaded library and its functions (visma_desk.cpp)

private:
    std::unique_ptr<Impl> impl_;
};

// demo_report.cpp: reads the emulators and prints; returns the reasons the demo failed
// (empty: every released order arrived once, totals agree).
// `reports` are Skarv's own, tagged with the pass (1, 2) that made them.
struct PassReport {
    int pass = 0;
    host::TransferReport report;
};
std::vector<std::string> report_connection(std::ostream& out, DemoConnection& c, const DemoOptions& options,
                                           const std::vector<PassReport>& reports,
                                           const std::vector<host::DeadLetter>& dead_letters);
// Öre as kronor with a space between thousands: 123456 -> "1 234.56".
std::string sek(int64_t ore);

}  // namespace skarv::demo
