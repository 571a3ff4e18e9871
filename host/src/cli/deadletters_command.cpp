#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/runtime/host_context.hpp"
#include "skarv/host/store/store.hpp"
#include "skarv/host/store/store_json.hpp"

namespace skarv::cli {

std::unique_ptr<host::Store> open_store(const std::string& config_file);

int run_deadletters(const DeadLettersOptions& options) {
    auto store = open_store(options.config_file);
    if (options.action == "list") {
        auto letters = store->dead_letters(options.all);
        if (options.json) {
            boost::json::array list;
            for (const auto& d : letters) list.push_back(host::to_json(d, false));
            std::cout << boost::json::serialize(boost::json::object{{"dead_letters", list}}) << "\n";
        } else {
            if (letters.empty()) std::cout << "No dead letters.\n";
            for (const auto& d : letters)
                std::cout << "#" << d.id << " " << d.connection << "/" << d.entity << " " << d.record_key << " ("
                          << d.attempts << " attempt(s))" << (d.replayed_at ? " [replayed]" : "") << ": " << d.error << "\n";
        }
        return 0;
    }
    auto letter = store->dead_letter(options.id);
    if (!letter) {
        std::cerr << "skarv: no dead letter #" << options.id << "\n";
        return 1;
    }
    if (options.action == "show") {
        std::cout << boost::json::serialize(host::to_json(*letter, true)) << "\n";
        return 0;
    }
    // retry: back on the queue, with a corrected payload if one is given.
    std::optional<std::string> payload;
    if (!options.payload_file.empty()) {
        std::ifstream in(options.payload_file);
        if (!in) {
            std::cerr << "skarv: cannot read " << options.payload_file << "\n";
            return 1;
        }
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        boost::json::parse(text.str(), ec);
        if (ec) {
            std::cerr << "skarv: " << options.payload_file << " is not valid JSON: " << ec.message() << "\n";
            return 1;
        }
        payload = text.str();
    }
    auto work = store->replay_dead_letter(options.id, payload, host::system_clock_ms());
    std::cout << "Dead letter #" << options.id << " (" << letter->connection << "/" << letter->entity << " "
              << letter->record_key << ") is queued again as work item " << work
              << "; the next pass of that connection delivers it.\n";
    return 0;
}

}  // namespace skarv::cli
