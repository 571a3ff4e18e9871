// skarv reconcile: each payout, what matched, what did not and why, and where it was
// booked. Read from the store alone, so it works while the service runs.

#include <iostream>

#include <boost/json.hpp>
#include <skarv/model/money.hpp>

#include "commands.hpp"
#include "skarv/host/store/store.hpp"
#include "skarv/host/store/store_json.hpp"

namespace skarv::cli {

std::unique_ptr<host::Store> open_store(const std::string& config_file);   // reports_command.cpp

namespace {

std::string money_text(const boost::json::value& v) {
    try {
        return model::read_money(v, "amount").to_string();
    } catch (const std::exception&) {
        return "?";
    }
}

std::string field(const boost::json::object& o, const char* key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : "";
}

}  // namespace

int run_reconcile(const ReconcileOptions& options) {
    auto store = open_store(options.config_file);
    auto payouts = store->payouts(options.connection, options.limit);
    if (!options.payout.empty()) {
        std::vector<host::PayoutRecord> only;
        for (auto& p : payouts)
            if (p.provider + ":" + p.settlement_id == options.payout || p.settlement_id == options.payout) only.push_back(p);
        payouts = std::move(only);
    }
    bool needs_a_person = false;
    for (const auto& p : payouts) needs_a_person = needs_a_person || p.state != "booked" || p.unmatched > 0;
    if (options.json) {
        boost::json::array list;
        for (const auto& p : payouts) list.push_back(host::to_json(p, true));
        std::cout << boost::json::serialize(boost::json::object{{"payouts", list}}) << "\n";
        return needs_a_person ? 1 : 0;
    }
    if (payouts.empty()) std::cout << "No payouts yet.\n";
    for (const auto& p : payouts) {
        std::cout << p.connection << " " << p.provider << " " << p.settlement_id << "  " << p.payout_date << "  "
                  << model::Money(p.payout, p.currency).to_string() << "  " << p.state;
        if (p.state == "booked") std::cout << " in " << p.booked_in;
        std::cout << "\n";
        if (p.difference && *p.difference != 0)
            std::cout << "  difference: the provider states " << model::Money(p.payout + *p.difference, p.currency).to_string()
                      << ", its transactions add up to " << model::Money(p.payout, p.currency).to_string() << " ("
                      << model::Money(*p.difference, p.currency).to_string() << ")\n";
        if (!p.reason.empty()) std::cout << "  why: " << p.reason << "\n";
        std::cout << "  matched " << p.matched << ", unmatched " << p.unmatched << ", waiting " << p.waiting << "\n";
        auto json = host::to_json(p, true);
        for (const auto& r : json.at("rows").as_array()) {
            const auto& row = r.as_object();
            const auto state = field(row, "state");
            std::cout << "    " << field(row, "transaction_id") << " " << field(row, "type") << " "
                      << money_text(row.at("amount"));
            if (auto* fee = row.if_contains("fee"); fee && money_text(*fee).rfind("0.00", 0) != 0)
                std::cout << " fee " << money_text(*fee);
            if (state == "matched")
                std::cout << ": order " << field(row, "order_id") << ", invoice " << field(row, "invoice_no") << "\n";
            else if (state == "payout")
                std::cout << ": payout row\n";
            else
                std::cout << ": " << state << ": " << field(row, "reason") << "\n";
        }
    }
    return needs_a_person ? 1 : 0;
}

}  // namespace skarv::cli
