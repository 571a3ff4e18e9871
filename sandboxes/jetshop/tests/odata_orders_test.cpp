#include "jetshop_test_client.hpp"



using namespace jetshop_test;

namespace {

class SandboxJetshopQuery : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.orders = 23;
        boot(o);
    }
    // Follows @odata.nextLink to the end; returns every row and how many pages it took.
    std::pair<std::vector<json::object>, int> read_all(const std::string& first) {
        std::vector<json::object> rows;
        int pages = 0;
        std::string next = first;
        while (!next.empty() && pages < 50) {
            const Reply r = get(next);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200) break;
            ++pages;
            const auto body = r.json().as_object();
            for (const auto& v : body.at("value").as_array()) rows.push_back(v.as_object());
            next.clear();
            if (const auto* link = body.if_contains("@odata.nextLink")) {
                const std::string url(link->as_string());
                EXPECT_EQ(url.rfind(base, 0), 0u) << "absolute link on the same host: " << url;
                next = url.substr(base.size());
            }
        }
        return {rows, pages};
    }
};

}  // namespace

TEST_F(SandboxJetshopQuery, PagesThroughEveryOrderWithNextLink) {
    const auto [rows, pages] = read_all(query("/Orders/Orders?$top=5&$orderby=Id"));
    EXPECT_EQ(rows.size(), 23u);
    EXPECT_EQ(pages, 5);
    std::set<int64_t> ids;
    for (const auto& r : rows) ids.insert(r.at("Id").as_int64());
    EXPECT_EQ(ids.size(), 23u) << "no row twice, none lost";
    EXPECT_EQ(rows.front().at("ClientId").as_int64(), 1001);
}

TEST_F(SandboxJetshopQuery, StatusFilterAcrossPagesMatchesTheState) {
    const auto s = state().at("orders").as_object();
    size_t created = 0;
    for (const auto& kv : s) created += kv.value().at("StatusId").as_int64() == 0;
    ASSERT_GT(created, 2u) << "seed should hold several new orders";

    const auto [rows, pages] = read_all(query("/Orders/Orders?$filter=StatusId%20eq%200&$top=2"));
    EXPECT_EQ(rows.size(), created);
    EXPECT_GE(pages, 2);
    for (const auto& r : rows) EXPECT_EQ(r.at("StatusId").as_int64(), 0);

    const auto [some, p2] = read_all(query("/Orders/Orders?$filter=StatusId%20in%20(2,4)%20and%20ApplicationId%20eq%201"));
    for (const auto& r : some) {
        EXPECT_TRUE(r.at("StatusId").as_int64() == 2 || r.at("StatusId").as_int64() == 4);
        EXPECT_EQ(r.at("ApplicationId").as_int64(), 1);
    }
}

TEST_F(SandboxJetshopQuery, ExpandItemsGivesLinesExVatWithNestedSelect) {
    const Reply r = get(query("/Orders/Orders?$top=1&$expand=Items($select=PartNo,LineAmount,VatRate,OrderId),Buyer($select=EmailAddress)"));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto order = r.json().at("value").as_array().at(0).as_object();
    const auto& items = order.at("Items").as_array();
    ASSERT_FALSE(items.empty());
    const auto& line = items.at(0).as_object();
    EXPECT_EQ(line.at("OrderId").as_int64(), order.at("Id").as_int64());
    EXPECT_TRUE(line.contains("PartNo"));
    EXPECT_TRUE(line.contains("LineAmount"));
    EXPECT_TRUE(line.contains("VatRate"));
    EXPECT_EQ(line.size(), 4u) << "nested $select keeps only what was asked for";
    EXPECT_EQ(order.at("Buyer").as_object().size(), 1u);
    EXPECT_TRUE(order.at("Buyer").as_object().contains("EmailAddress"));

    const Reply plain = get(query("/Orders/Orders?$top=1"));
    EXPECT_FALSE(plain.json().at("value").as_array().at(0).as_object().contains("Items")) << "only when expanded";
}

TEST_F(SandboxJetshopQuery, UpdatedFilterFindsOrdersChangedSince) {
    const Reply r = get(query("/Orders/Orders?$filter=Updated%20ge%202000-01-01T00:00:00Z%20or%20Updated%20eq%20null&$count=true"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("@odata.count").as_int64(), 23);
    const Reply none = get(query("/Orders/Orders?$filter=Updated%20ge%202999-01-01T00:00:00Z"));
    EXPECT_TRUE(none.json().at("value").as_array().empty());
}

TEST_F(SandboxJetshopQuery, BadQueriesAre400AndOrderItemsHasNoEntitySet) {
    EXPECT_EQ(get(query("/Orders/Orders?$filter=StatusId%20eq")).status, 400);
    EXPECT_EQ(get(query("/Orders/Orders?$expand=Lines")).status, 400);
    EXPECT_EQ(get(query("/Orders/OrderItems")).status, 404);
}
