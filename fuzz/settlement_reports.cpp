// Fuzzes the payment providers' report files as a person drops them in a connector's
// inbox: the first byte picks the connector (klarna.so reads a CSV payout report,
// nets.so a saved payout document, svea.so a saved reconciliation report), the rest is
// the file. Besides the ABI's promises (support/abi_driver.hpp): reading an inbox never
// fails, whatever a file holds; a file either gives payouts the record's own reader
// accepts and stays until acknowledged, or gives none and moves to failed/ with its
// reason: never both, never half a file.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json.hpp>

#include <skarv/model/settlement.hpp>

#include "support/abi_driver.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path& inbox() {
    static const fs::path dir = [] {
        std::string t = (fs::temp_directory_path() / "skarv-fuzz-inbox-XXXXXX").string();
        if (!mkdtemp(t.data())) skarv::fuzz::fail("cannot make a temporary inbox");
        return fs::path(t);
    }();
    return dir;
}

skarv::fuzz::AbiDriver& driver(int which) {
    static skarv::fuzz::AbiDriver* drivers[3] = {new skarv::fuzz::AbiDriver(SKARV_FUZZ_KLARNA_PLUGIN),
                                                 new skarv::fuzz::AbiDriver(SKARV_FUZZ_NETS_PLUGIN),
                                                 new skarv::fuzz::AbiDriver(SKARV_FUZZ_SVEA_PLUGIN)};
    return *drivers[which];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using skarv::fuzz::fail;
    if (size == 0) return 0;
    auto& d = driver(data[0] % 3);
    const std::string file(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::error_code ec;
    fs::remove_all(inbox(), ec);
    fs::create_directories(inbox());
    std::ofstream(inbox() / "report", std::ios::binary) << file;

    d.set_input(file);
    d.create(boost::json::serialize(boost::json::object{{"inbox", inbox().string()}}));
    auto outcome = d.call(R"({"op":"settlements.read","cursor":null,"limit":10})");
    if (outcome.status != SKARV_OK) fail("reading an inbox failed: " + outcome.reply);
    const auto doc = boost::json::parse(outcome.reply).as_object();
    const auto& records = doc.at("records").as_array();
    const bool failed = fs::exists(inbox() / "failed" / "report") && fs::exists(inbox() / "failed" / "report.reason.txt");
    const bool waiting = fs::exists(inbox() / "report");
    if (records.empty()) {
        if (!failed || waiting) fail("a file that gave no payout was not moved to failed/ with its reason");
    } else {
        if (failed || !waiting) fail("a file that gave payouts was moved before its acknowledgement");
        for (const auto& r : records) {
            try {
                skarv::model::read_settlement(r);
            } catch (const std::exception& e) {
                fail(std::string("a payout the record's reader refuses: ") + e.what());
            }
        }
        auto ack = d.call(boost::json::serialize(boost::json::object{{"op", "settlements.ack"}, {"cursor", doc.at("cursor")}}));
        if (ack.status != SKARV_OK || !fs::exists(inbox() / "done" / "report")) fail("an acknowledged file is not in done/");
    }
    d.destroy();
    return 0;
}
