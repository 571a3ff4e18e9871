// What the connector keeps of each record it wrote: fingerprints, and the old JSON
// snapshots still read (issue #14: the state file at 50,000 SKUs).
#include <gtest/gtest.h>

#include <cstdio>

#include "../src/field_fingerprints.hpp"

using namespace jetshop;

namespace {
boost::json::object snapshot() {
    return {{"ProductCultureFieldsThatAreSet|sv-SE|Name", "Mjuk fleecejacka i merinoull"},
            {"SkuFieldsThatAreSet|A1001|StandardPrice", {{"PriceSale", 1440.2}, {"CurrencyCode", "SEK"}}},
            {"SkuFieldsThatAreSet|A1001|Status", 1}};
}
}  // namespace

TEST(JetshopFieldFingerprints, AreEightBytesAFieldInBase64AndReadBack) {
    const auto stored = stored_fingerprints(snapshot());
    EXPECT_EQ(stored.rfind("f2:", 0), 0u);
    EXPECT_EQ(stored.size(), 3u + 32u);   // 24 bytes in base64, where hex took 48 characters
    EXPECT_EQ(stored.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 3), std::string::npos);
    auto read = read_fingerprints(stored);
    ASSERT_TRUE(read.has_value());
    ASSERT_EQ(read->size(), 3u);
    EXPECT_EQ(read->at(fingerprint_of_name("SkuFieldsThatAreSet|A1001|Status")), fingerprint_of_value(1));
}

// 8 bytes a field is not a whole number of base64 groups unless the fields are a
// multiple of three: every remainder reads back.
TEST(JetshopFieldFingerprints, EveryNumberOfFieldsReadsBack) {
    boost::json::object snap;
    for (int n = 1; n <= 9; ++n) {
        snap["SkuFieldsThatAreSet|A" + std::to_string(n) + "|Status"] = n;
        const auto stored = stored_fingerprints(snap);
        EXPECT_EQ(stored.size(), 3u + (8u * n * 4 + 2) / 3) << n;
        auto read = read_fingerprints(stored);
        ASSERT_TRUE(read.has_value()) << n;
        ASSERT_EQ(read->size(), static_cast<std::size_t>(n));
        for (const auto& [name, value] : snap) EXPECT_EQ(read->at(fingerprint_of_name(name)), fingerprint_of_value(value)) << n;
    }
}

TEST(JetshopFieldFingerprints, ASnapshotStoredAsJsonBeforeReadsAsTheSameFingerprints) {
    const auto old = read_fingerprints(boost::json::serialize(snapshot()));
    const auto now = read_fingerprints(stored_fingerprints(snapshot()));
    ASSERT_TRUE(old && now);
    EXPECT_EQ(*old, *now);   // an upgrade does not make every field look changed
}

TEST(JetshopFieldFingerprints, HexFingerprintsStoredBeforeReadAsTheSameFingerprints) {
    std::string hex = "f1:";
    char field[17];
    for (const auto& [name, value] : snapshot()) {
        std::snprintf(field, sizeof field, "%08x%08x", fingerprint_of_name(name), fingerprint_of_value(value));
        hex += field;
    }
    const auto old = read_fingerprints(hex);
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
    EXPECT_FALSE(read_fingerprints("f2:AAAAAAA").has_value());        // 5 bytes: not whole fields
    EXPECT_FALSE(read_fingerprints("f2:AAAAA*AAAAAA").has_value());    // 11 characters, one not base64
}
