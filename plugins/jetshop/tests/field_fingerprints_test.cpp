// What the connector keeps of each record it wrote: fingerprints, and the old JSON
// snapshots still read (issue #14: the state file at 50,000 SKUs).
#include <gtest/gtest.h>

#include "../src/field_fingerprints.hpp"

using namespace jetshop;

namespace {
boost::json::object snapshot() {
    return {{"ProductCultureFieldsThatAreSet|sv-SE|Name", "Mjuk fleecejacka i merinoull"},
            {"SkuFieldsThatAreSet|A1001|StandardPrice", {{"PriceSale", 1440.2}, {"CurrencyCode", "SEK"}}},
            {"SkuFieldsThatAreSet|A1001|Status", 1}};
}
}  // namespace

TEST(JetshopFieldFingerprints, AreSixteenHexDigitsAFieldAndReadBack) {
    const auto stored = stored_fingerprints(snapshot());
    EXPECT_EQ(stored.size(), 3u + 16u * 3u);
    auto read = read_fingerprints(stored);
    ASSERT_TRUE(read.has_value());
    ASSERT_EQ(read->size(), 3u);
    EXPECT_EQ(read->at(fingerprint_of_name("SkuFieldsThatAreSet|A1001|Status")), fingerprint_of_value(1));
}

TEST(JetshopFieldFingerprints, ASnapshotStoredAsJsonBeforeReadsAsTheSameFingerprints) {
    const auto old = read_fingerprints(boost::json::serialize(snapshot()));
    const auto now = read_fingerprints(stored_fingerprints(snapshot()));
    ASSERT_TRUE(old && now);
    EXPECT_EQ(*old, *now);   // an upgrade does not make every field look changed
}

TEST(JetshopFieldFingerprints, AChangedValueGetsAnotherFingerprintAndGarbageIsNoSnapshot) {
    auto changed = snapshot();
    changed["SkuFieldsThatAreSet|A1001|Status"] = 0;
    EXPECT_NE(*read_fingerprints(stored_fingerprints(changed)), *read_fingerprints(stored_fingerprints(snapshot())));
    EXPECT_FALSE(read_fingerprints("f1:12345").has_value());
    EXPECT_FALSE(read_fingerprints("f1:zzzzzzzzzzzzzzzz").has_value());
    EXPECT_FALSE(read_fingerprints("[1,2]").has_value());
}
