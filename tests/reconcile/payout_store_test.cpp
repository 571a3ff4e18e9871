// The store's reconciliation tables: an order found by its payment reference, and a
// booked payout that nothing overwrites.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "skarv/host/store/store.hpp"

using namespace skarv::host;

namespace {
struct TempDb {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("skarv-payouts-" + std::to_string(::getpid()) + ".db");
    TempDb() { std::filesystem::remove(path); }
    ~TempDb() {
        for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    }
};

PayoutRecord payout(const std::string& state, int64_t now) {
    PayoutRecord r;
    r.connection = "main";
    r.provider = "klarna";
    r.settlement_id = "XISA93DJ";
    r.state = state;
    r.payout_date = "2024-03-05";
    r.currency = "SEK";
    r.payout = 149750;
    r.updated_at = now;
    if (state == "booked") r.booked_at = now;
    return r;
}
}  // namespace

TEST(PayoutStore, AnOrderIsFoundByItsPaymentReferenceOnlyWhenTheReferenceIsItsAlone) {
    TempDb db;
    Store store(db.path);
    store.put_order_payment("main", {"1001", "kl-1001", "E1", 124900, "SEK"}, 1);
    store.put_order_payment("main", {"1002", "shared", "E2", 100, "SEK"}, 1);
    store.put_order_payment("main", {"1003", "shared", "E3", 100, "SEK"}, 1);
    store.put_order_payment("other", {"2001", "kl-1001", "X", 1, "SEK"}, 1);
    auto found = store.order_by_payment_reference("main", "kl-1001");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->order_id, "1001");
    EXPECT_EQ(found->erp_id, "E1");
    EXPECT_EQ(found->amount, 124900);
    EXPECT_FALSE(store.order_by_payment_reference("main", "shared"));
    EXPECT_FALSE(store.order_by_payment_reference("main", ""));
    store.put_order_invoice("main", {"1001", "20451", 124900, "SEK"}, 2);
    store.put_order_invoice("main", {"1001", "20451", std::nullopt, ""}, 3);   // a later event without the sum keeps it
    auto inv = store.order_invoice("main", "1001");
    ASSERT_TRUE(inv);
    EXPECT_EQ(inv->invoice_no, "20451");
    EXPECT_EQ(inv->amount, 124900);
}

TEST(PayoutStore, ABookedPayoutIsNeverOverwrittenEvenAfterReopening) {
    TempDb db;
    {
        Store store(db.path);
        EXPECT_EQ(store.schema_version(), Store::latest_version());
        EXPECT_TRUE(store.put_payout(payout("waiting", 10)));
        EXPECT_TRUE(store.put_payout(payout("booked", 20)));
    }
    Store store(db.path);
    auto again = payout("refused", 30);
    again.reason = "a later pass";
    EXPECT_FALSE(store.put_payout(again));
    auto kept = store.payout("main", "klarna", "XISA93DJ");
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->state, "booked");
    EXPECT_EQ(kept->booked_at, 20);
    EXPECT_EQ(kept->first_seen_at, 10);
    EXPECT_EQ(kept->payout, 149750);
    EXPECT_EQ(store.payouts("", 10).size(), 1u);
    EXPECT_EQ(store.payouts("elsewhere", 10).size(), 0u);
}

TEST(PayoutStore, ADatabaseAtVersion6UpgradesKeepingWhatItHeld) {
    TempDb db;
    {
        Store old(db.path, 6);
        EXPECT_EQ(old.schema_version(), 6);
        old.put_mapping({"main", "orders", "1001", "ERP-1", "h", 1}, 1);
    }
    Store store(db.path);
    EXPECT_EQ(store.schema_version(), Store::latest_version());
    auto m = store.mapping("main", "orders", "1001");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->target_id, "ERP-1");
    EXPECT_TRUE(store.put_payout(payout("waiting", 5)));
    store.put_order_payment("main", {"1001", "kl-1001", "ERP-1", std::nullopt, ""}, 5);
    EXPECT_EQ(store.order_by_payment_reference("main", "kl-1001")->order_id, "1001");
}
