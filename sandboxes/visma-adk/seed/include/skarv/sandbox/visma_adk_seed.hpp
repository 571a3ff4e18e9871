#pragma once
// Fills an emulated Visma Administration company with the sandbox seed data. Not part
// of the ADK: used by the demo, the tests and the skarv-adk-emulator-seed tool.

#include "skarv/sandbox/seed_data.hpp"

#include <filesystem>
#include <string>

namespace skarv::sandbox::visma_adk {

struct CompanySeedOptions {
    SeedOptions data;                 // what generate_seed_data makes
    std::string company_name = "Skarv Demo AB";
    std::string user;                 // non-empty: login activated (AdkOpen2 needed)
    std::string password;
    // Shop orders already "transferred": order heads with CUSTOMER_ORDER_NUMBER = the
    // shop's order number. Off by default, so the demo's first sync creates them.
    bool include_orders = false;
    // The system folder ("Gemensamma filer") to create and open with; empty: the folder
    // "Gemensamma filer" beside the company folder, as a Visma installation lays them out
    // (SPCS Administration\Gemensamma filer, SPCS Administration\Företag\<company>).
    std::string system_path;
};

struct CompanySeedResult {
    int price_lists = 0;
    int articles = 0;     // one per variant (Visma has no variants)
    int prices = 0;
    int customers = 0;
    int orders = 0;
    std::string system_path;   // the system folder made, to give AdkOpen (config system_path)
};

// Where seed_company makes the system folder when options.system_path is empty:
// "Gemensamma filer" beside the company folder.
inline std::string system_folder_beside(const std::string& company_path) {
    auto company = std::filesystem::absolute(company_path).lexically_normal();
    if (!company.has_filename()) company = company.parent_path();
    return (company.parent_path() / "Gemensamma filer").string();
}

// Creates the system folder and the company at `company_path` (a directory) if needed
// and adds the data
// through this library's own copy of the ADK functions. Records that already exist are
// left as they are, so seeding twice is harmless. Throws std::runtime_error with the
// ADK error text when a write fails.
CompanySeedResult seed_company(const std::string& company_path, const CompanySeedOptions& options);

}  // namespace skarv::sandbox::visma_adk
