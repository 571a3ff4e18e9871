#pragma once
// Catalogue out: products, prices, price lists and stock -> Connect imports, batched,
// each followed to the end of its job.
//
// Norce writes only the fields an import's X-StormConnect-Header lists as set (a list
// left out means "all"). So each item is described as a flat snapshot of the fields it
// sets (level/key/field -> value), and the snapshot last written successfully is kept
// in host state (HostServices::state_set, one key per record). The header of an import
// lists exactly the fields whose values differ from that snapshot; items whose field
// sets differ go in separate imports, and an item with no changed field is not sent
// (outcome "unchanged"). A snapshot is stored only after the job accepted the item, so
// a failed item is sent whole next time.
//
// A failed or validation-failed job's log names each bad item by its row; those items
// become `failed` results naming the SKU or article, the others succeed. Norce's
// warnings that an item was ignored (unknown SKU or price list) count as failures too:
// the record did not land.

#include <array>
#include <string>

#include <boost/json.hpp>

#include <skarv/plugin.hpp>
#include <skarv/state_presence.hpp>

#include "norce_client.hpp"

namespace jetshop {

// Which stored snapshots exist, per entity, as far as this connector knows without
// asking (skarv/state_presence.hpp): an initial sync then reads no snapshot a record.
// One per plugin instance; only catalogue writes touch these keys.
class SentSnapshots {
public:
    // The snapshot last written for `key` (a "sent/<entity>/..." key), if any.
    std::optional<std::string> stored(const skarv::HostServices& host, const std::string& key);
    void wrote(const std::vector<skarv::HostServices::StateWrite>& writes);
    void forget();

private:
    skarv::KeysWrittenUnder* under(const std::string& key);
    std::array<skarv::KeysWrittenUnder, 4> prefixes_{skarv::KeysWrittenUnder("sent/products/"), skarv::KeysWrittenUnder("sent/prices/"),
                                                     skarv::KeysWrittenUnder("sent/pricelists/"), skarv::KeysWrittenUnder("sent/stock/")};
};

// entity: "products", "prices", "pricelists" or "stock".
boost::json::object write_catalogue(const std::string& entity, const boost::json::object& request, NorceClient& client,
                                    skarv::HostServices host, SentSnapshots& sent);

}  // namespace jetshop
