// The two example customer plugins (examples/plugins/: acme-b2b in C++, gift-wrap-c
// in C) configured in a connection's transform chain at order.before_write, after one
// built-in rule, against Norce (two channels) and Specter. What is asserted is what
// Specter holds: ACME's invoice-fee row with its amount and VAT and the order total to
// the öre, the org number in the order's note, the gift tag in the note of a gift order,
// and no trace of a TEST order (whose drop reason is in Skarv's transfer report).
//
// Norce's order push carries no customer comment (the emulator always sends an empty
// CustomerOrderComment), so the TEST marker is set by a `rules` set_field on the shop's
// test account, as a merchant would mark them.
#include <gtest/gtest.h>

#include "e2e_fixture.hpp"

using namespace skarv::e2e;

namespace {

const char* kTransforms = R"([
  {"plugin": "rules", "hooks": ["order.before_write"], "rules": [
    {"rule": "set_field", "field": "note", "value": "TEST order from the shop's test account",
     "when": {"field": "customer.email", "matches": "^test@"}}]},
  {"plugin": "acme-b2b", "hooks": ["order.before_write"], "invoice_channel": 2, "invoice_fee_bp": 200},
  {"plugin": "gift-wrap-c", "hooks": ["order.before_write"], "gift_sku": "giftwrapp"}
])";

json::object customer(const std::string& email, const std::string& company = "", const std::string& org = "") {
    json::object c{{"FirstName", "Eva"}, {"LastName", "Lind"}, {"Email", email}, {"Street", "Verkstadsgatan 4"},
                   {"PostalCode", "41705"}, {"City", "Göteborg"}, {"Country", "SE"}};
    if (!company.empty()) {
        c["CompanyName"] = company;
        c["OrgNo"] = org;
    }
    return c;
}

// The invoice fee as ACME defines it: 2 % of the goods inc VAT, half away from zero.
int64_t two_percent(int64_t goods) { return (goods * 200 + (goods >= 0 ? 5000 : -5000)) / 10000; }

}  // namespace

TEST(E2eCustomerPlugins, AcmeFeeTestDropAndGiftTagInSpecter) {
    const auto dir = fresh_dir("customer-plugins");
    PushGate gate;
    const auto seed = small_seed(/*channels=*/2, /*orders=*/2);
    auto shop = start_norce(seed, gate.url("acme", 1));
    auto erp = start_specter(seed);
    // Articles the merchant keeps in Specter: the fee, and Specter's own gift-wrap article
    // (which the shop sells too, once the erp flow has brought it there).
    post_control(erp->base_url(), "/_specter/control/article",
                 {{"articleNo", "FAKTURAAVGIFT"}, {"name", "Fakturaavgift"}, {"priceExVat", 0}, {"vatPercent", 25}});
    post_control(erp->base_url(), "/_specter/control/article",
                 {{"articleNo", "giftwrapp"}, {"name", "Presentinslagning"}, {"priceExVat", 2000}, {"vatPercent", 25}});

    auto norce = norce_block(*shop);
    // New orders come through the push only: the push carries the company's org number
    // (VatNo), Query 2.0 does not, and a Query read of an order still queued from its
    // push replaces the queued copy (the host's enqueue keeps the newest payload), which
    // would lose the org number ACME puts in the note. Confirmed orders come through Query.
    norce["release_statuses"] = json::array{"Confirmed"};
    auto conn = connection("acme", "erp", std::move(norce), specter_block(*erp));
    conn["transforms"] = json::parse(kTransforms);
    Host host(dir, json::array{conn}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass();
    ASSERT_TRUE(shop->state().at("skus").as_object().contains("giftwrapp"));

    const std::string b2b = shop->create_order({{"ApplicationId", 2},
                                                {"Customer", customer("eva@byggmontage.se", "Bygg & Montage AB", "556677-8899")},
                                                {"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 3}},
                                                                      json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}},
                                                {"PaymentMethod", "invoice"}});
    const std::string test = shop->create_order({{"ApplicationId", 1},
                                                 {"Customer", customer("test@butiken.se")},
                                                 {"Items", json::array{json::object{{"PartNo", "A1001-2"}, {"Quantity", 1}}}}});
    const std::string gift = shop->create_order({{"ApplicationId", 1},
                                                 {"Customer", customer("kalle@example.se")},
                                                 {"Items", json::array{json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}},
                                                                       json::object{{"PartNo", "giftwrapp"}, {"Quantity", 1}}}}});
    ASSERT_TRUE(pushes_accepted(*shop));
    auto expected = released_orders(*shop);
    const int64_t goods = expected.at(b2b);   // no freight, no discount: the goods are the total
    const int64_t fee = two_percent(goods);
    ASSERT_GT(fee, 0);
    expected[b2b] = goods + fee;
    expected.erase(test);

    const auto reports = host.pass("orders");

    // Every other order once, with the shop's total (ACME's with the fee on top).
    EXPECT_TRUE(specter_holds_exactly(*erp, expected));

    // ACME: the fee row at 25 % VAT, the org number in the note.
    const auto acme = erp->order_by_external_no(b2b, "2");
    ASSERT_TRUE(acme);
    int fee_rows = 0;
    for (const auto& row : acme->rows) {
        if (row.article_no != "FAKTURAAVGIFT") continue;
        ++fee_rows;
        EXPECT_EQ(row.quantity, 1);
        EXPECT_EQ(row.vat_rate_bp, 2500);
        EXPECT_EQ(row.total_inc_vat, fee);
        EXPECT_EQ(row.total_ex_vat + row.vat, row.total_inc_vat);
        EXPECT_EQ(row.vat, (row.total_ex_vat * 2500 + 5000) / 10000);
    }
    EXPECT_EQ(fee_rows, 1);
    EXPECT_EQ(acme->total_inc_vat, goods + fee);
    EXPECT_NE(acme->fields.count("publishedComment") ? acme->fields.at("publishedComment").find("Org.nr 556677-8899")
                                                    : std::string::npos,
              std::string::npos)
        << "the org number is not in the note Specter keeps";

    // gift-wrap-c: the gift order tagged for the warehouse, its gift-wrap row Specter's own kind.
    const auto present = erp->order_by_external_no(gift, "1");
    ASSERT_TRUE(present);
    ASSERT_TRUE(present->fields.count("publishedComment"));
    EXPECT_EQ(present->fields.at("publishedComment").rfind("PRESENT", 0), 0u) << present->fields.at("publishedComment");
    bool wrapped = false;
    for (const auto& row : present->rows) wrapped = wrapped || row.kind == skarv::sandbox::SpecterRowKind::gift_wrap;
    EXPECT_TRUE(wrapped);

    // The TEST order: not in Specter in any webshop, and the report says why.
    EXPECT_FALSE(erp->order_by_external_no(test, "1"));
    EXPECT_FALSE(erp->order_by_external_no(test, "2"));
    bool reason = false;
    for (const auto& r : reports)
        if (r.entity == "orders")
            reason = reason || (r.errors_json.find(test) != std::string::npos &&
                                r.errors_json.find("gift-wrap-c") != std::string::npos &&
                                r.errors_json.find("TEST: a test order") != std::string::npos);
    EXPECT_TRUE(reason) << "no drop reason for order " << test << " in the orders report";
    EXPECT_TRUE(host.store().dead_letters().empty());
    remove_unless_failed(dir);
}
