#pragma once
// The file-drop mode of the payment-provider connectors: many merchants download their
// settlement reports by hand, so a connector can read them from a folder instead of the
// provider's API. Each file is read whole; a good one becomes its payouts and, once the
// host acknowledges the page (`settlements.ack`), moves to done/. A bad one is moved to
// failed/ at once with `<name>.reason.txt` saying which line and field, and yields no
// record at all: a payout is never booked from half a file.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <boost/json.hpp>

#include "skarv/model/settlement.hpp"
#include "skarv/plugin.hpp"

namespace skarv {

class ReportInbox {
public:
    // Reads one file's text into its payouts; throws RecordError (or std::exception) naming
    // the line and field on anything it cannot read.
    using Parser = std::function<std::vector<model::Settlement>(const std::string& text, const std::string& file_name)>;

    ReportInbox(std::filesystem::path dir, Parser parse) : dir_(std::move(dir)), parse_(std::move(parse)) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir_, ec))
            throw PluginError::invalid("bad_config", "inbox '" + dir_.string() + "' is not a directory");
        std::filesystem::create_directories(dir_ / "done", ec);
        if (!ec) std::filesystem::create_directories(dir_ / "failed", ec);
        if (ec) throw PluginError::invalid("bad_config", "cannot create done/ and failed/ in inbox '" + dir_.string() + "': " + ec.message());
    }

    // settlements.read: the payouts of up to `limit` files (at least one file, whatever its
    // size), cursor {"files": [...]} for settlements.ack.
    boost::json::value read(std::size_t limit, const HostServices& host) {
        boost::json::array records;
        boost::json::array files;
        for (const auto& name : pending()) {
            if (!files.empty() && records.size() >= limit) break;
            std::vector<model::Settlement> payouts;
            try {
                payouts = parse_(read_file(dir_ / name), name);
                if (payouts.empty()) throw RecordError(name, "no payout in the file");
                // The record's own rules (dates, types, unique row ids) apply to files too.
                for (const auto& p : payouts) model::read_settlement(boost::json::value_from(p), name);
            } catch (const std::exception& e) {
                refuse(name, e.what());
                host.warn("settlement report " + name + " refused, moved to failed/: " + e.what());
                continue;
            }
            for (const auto& p : payouts) records.push_back(boost::json::value_from(p));
            files.push_back(boost::json::string(name));
        }
        const bool any = !files.empty();
        return boost::json::object{{"records", std::move(records)},
                                   {"cursor", boost::json::object{{"files", std::move(files)}}},
                                   {"ack", any},
                                   {"more", false}};
    }

    // settlements.ack: the files of an acknowledged page are done.
    boost::json::value ack(const boost::json::value& cursor) {
        std::size_t moved = 0;
        if (const auto* o = cursor.if_object())
            if (const auto* f = o->if_contains("files"); f && f->is_array())
                for (const auto& n : f->get_array())
                    if (n.is_string() && move_to(std::string(n.get_string()), "done")) ++moved;
        return boost::json::object{{"ok", true}, {"done", moved}};
    }

    // Report files waiting, by name; hidden files and ones still being copied (*.part,
    // *.tmp) are left alone.
    std::vector<std::string> pending() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir_)) {
            if (!e.is_regular_file()) continue;
            std::string n = e.path().filename().string();
            if (n.empty() || n[0] == '.' || n.ends_with(".part") || n.ends_with(".tmp")) continue;
            names.push_back(n);
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    void refuse(const std::string& name, const std::string& reason) {
        if (!move_to(name, "failed")) return;
        std::ofstream(dir_ / "failed" / (name + ".reason.txt")) << reason << '\n';
    }

private:
    static std::string read_file(const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        if (!in) throw std::runtime_error("cannot open " + p.filename().string());
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    // A file already in done/ under the same name (the same report dropped twice) keeps
    // both: the newcomer gets a numbered name.
    bool move_to(const std::string& name, const std::string& sub) {
        std::error_code ec;
        const auto from = dir_ / name;
        if (!std::filesystem::exists(from, ec)) return false;
        auto to = dir_ / sub / name;
        for (int i = 1; std::filesystem::exists(to, ec); ++i) to = dir_ / sub / (name + "." + std::to_string(i));
        std::filesystem::rename(from, to, ec);
        if (ec) throw PluginError::retryable("inbox", "cannot move " + name + " to " + sub + "/: " + ec.message());
        return true;
    }

    std::filesystem::path dir_;
    Parser parse_;
};

}  // namespace skarv
