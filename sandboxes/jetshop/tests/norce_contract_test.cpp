// Contract tests: each test is one rule of Norce's public record, named after the rule,
// with the source beside it. They were written from the sources alone, before the
// connector was read, so they say what Norce does, not what Skarv sends.
// Rules with no public source are guesses: docs/guesses.md, section "Norce Commerce".

#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

constexpr const char* kHeader = R"({"AccountId":1,"FullFile":false})";

class NorceContract : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.orders = 0;
        boot(o);
        ref = emu->create_order({{"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 2}},
                                                        json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}},
                                 {"FreightIncVat", 49}});
    }
    json::object order() { return state().at("orders").at(ref).as_object(); }
    int ref_int() const { return std::stoi(ref); }
    // The ERP's acknowledgement (shopping-integrations): Confirmed plus its order number.
    void confirm(const std::string& erp_no) {
        const Reply r = post(connect("/Order/SendOrderStatus"),
                             json::object{{"ClientOrderRef", ref_int()}, {"ErpOrderNo", erp_no},
                                          {"OrderStatus", "Confirmed"}});
        ASSERT_EQ(r.status, 200) << r.body;
    }
    json::array invoice_items() {
        json::array items;
        const json::object o = order();
        for (const auto& l : o.at("Lines").as_array())
            items.push_back(json::object{{"PartNo", l.at("PartNo")}, {"Quantity", l.at("Quantity")},
                                         {"UnitPrice", l.at("UnitPrice")}});
        return items;
    }
    json::object full_invoice(const std::string& no) {
        return {{"ClientOrderRef", ref_int()}, {"CurrencyCode", "SEK"}, {"ErpOrderNo", "V-1"},
                {"InvoiceDate", "2026-12-06"}, {"InvoiceNo", no}, {"Items", invoice_items()},
                {"TotalAmount", order().at("TotalIncVat")}};
    }
    std::string ref;
};

}  // namespace

// https://docs.norce.io/api-reference/connect/productservice/x-stormconnect-header-product.md
// and …/customerservice/x-stormconnect-header: "AccountId integer Required."
TEST_F(NorceContract, StormConnectHeaderRequiresAccountId) {
    const json::array items{json::object{{"PartNo", "A1001-1"}, {"WarehouseCode", "LAGER1"},
                                         {"LocationCode", "MAIN"}, {"OnhandValue", 5}}};
    const Reply r = post(connect("/Product/ImportOnhands"), items, {{"X-StormConnect-Header", R"({"FullFile":false})"}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("AccountId"), std::string::npos) << r.body;
    const Reply text = post(connect("/Product/ImportOnhands"), items,
                            {{"X-StormConnect-Header", R"({"AccountId":"one","FullFile":false})"}});
    EXPECT_EQ(text.status, 400) << "AccountId is an integer: " << text.body;
    EXPECT_EQ(post(connect("/Product/ImportOnhands"), items, {{"X-StormConnect-Header", kHeader}}).status, 200);
}

// …/x-stormconnect-header-product.md: "FullFile … Required."
TEST_F(NorceContract, StormConnectHeaderRequiresFullFile) {
    const Reply r = post(connect("/Product/ImportOnhands"), json::array{},
                         {{"X-StormConnect-Header", R"({"AccountId":1})"}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("FullFile"), std::string::npos) << r.body;
}

// https://docs.norce.io/api-reference/connect/orderservice/openapi/order/sendorderstatus (CreateDeliveryNote
// sample: DeliveryDate, NoteNo, OrderNo, … no ClientOrderRef) and …/services/orderservice schema DeliveryNote:
// "OrderNo: The external order number of the Order … This usually comes from an ERP."
TEST_F(NorceContract, CreateDeliveryNoteIsKeyedByErpOrderNo) {
    confirm("V-1");
    const Reply by_ref = post(connect("/Order/CreateDeliveryNote"),
                              json::object{{"ClientOrderRef", ref_int()}, {"NoteNo", "D1"},
                                           {"DeliveryDate", "2026-12-06"}});
    EXPECT_EQ(by_ref.status, 400) << "ClientOrderRef is no field of a delivery note: " << by_ref.body;
    EXPECT_NE(by_ref.body.find("OrderNo"), std::string::npos) << by_ref.body;
    EXPECT_TRUE(order().at("Deliveries").as_array().empty());

    const Reply by_erp = post(connect("/Order/CreateDeliveryNote"),
                              json::object{{"OrderNo", "V-1"}, {"NoteNo", "D1"}, {"DeliveryDate", "2026-12-06"}});
    ASSERT_EQ(by_erp.status, 200) << by_erp.body;
    EXPECT_EQ(order().at("Deliveries").as_array().size(), 1u);
    EXPECT_EQ(order().at("StatusId").as_int64(), 4);
}

// Same sample: DeliveryDate, NoteNo and OrderNo come before the alphabetical optional fields.
TEST_F(NorceContract, CreateDeliveryNoteRequiresDeliveryDateNoteNoAndOrderNo) {
    confirm("V-1");
    const json::object full{{"OrderNo", "V-1"}, {"NoteNo", "D1"}, {"DeliveryDate", "2026-12-06"}};
    for (const char* field : {"OrderNo", "NoteNo", "DeliveryDate"}) {
        json::object body = full;
        body.erase(field);
        const Reply r = post(connect("/Order/CreateDeliveryNote"), body);
        EXPECT_EQ(r.status, 400) << field << ": " << r.body;
        EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
    }
    EXPECT_TRUE(order().at("Deliveries").as_array().empty());
}

// Same sample: DeliverynoteItems[{ItemNo, Qty, RowNumber}] say which rows shipped, so a partial
// delivery is expressed; Query Orders: "PartlyDelivered … can be true if goods ordered is partly
// delivered by a DeliveryNote" (https://docs.norce.io/api-reference/query/openapi/order).
TEST_F(NorceContract, CreateDeliveryNoteItemsExpressAPartialDelivery) {
    confirm("V-1");
    const Reply r = post(connect("/Order/CreateDeliveryNote"),
                         json::parse(R"({"OrderNo":"V-1","NoteNo":"D1","DeliveryDate":"2026-12-06",
                             "DeliverynoteItems":[{"ItemNo":"A1001-1","Qty":1,"RowNumber":1}]})"));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 8) << "partly delivered";
    EXPECT_EQ(o.at("Lines").as_array().at(0).at("Delivered").as_int64(), 1);
    EXPECT_EQ(o.at("Lines").as_array().at(1).at("Delivered").as_int64(), 0);
}

// https://docs.norce.io/api-reference/connect/orderservice/openapi/invoice/createinvoice: the sample lists
// ClientOrderRef, CurrencyCode, ErpOrderNo, InvoiceDate, InvoiceNo ahead of the alphabetical rest.
TEST_F(NorceContract, CreateInvoiceRequiresClientOrderRefCurrencyErpOrderNoDateAndNumber) {
    confirm("V-1");
    for (const char* field : {"ClientOrderRef", "CurrencyCode", "ErpOrderNo", "InvoiceDate", "InvoiceNo"}) {
        json::object body = full_invoice("F-1");
        body.erase(field);
        const Reply r = post(connect("/Order/CreateInvoice"), body);
        EXPECT_EQ(r.status, 400) << field << ": " << r.body;
        EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
    }
    const auto o = order();
    EXPECT_TRUE(o.at("Invoices").as_array().empty());
    EXPECT_TRUE(o.at("Captures").as_array().empty());
}

// Same page: "ClientOrderRef": 0, integer (int32).
TEST_F(NorceContract, CreateInvoiceClientOrderRefIsInt32) {
    confirm("V-1");
    json::object body = full_invoice("F-1");
    body["ClientOrderRef"] = ref;   // the same number, as text
    const Reply r = post(connect("/Order/CreateInvoice"), body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("ClientOrderRef"), std::string::npos) << r.body;
    EXPECT_TRUE(order().at("Invoices").as_array().empty());
}

// Same page: Items "List of invoiced order items. Mandatory for PSP capture."; SuppressPspCall
// "Invoice will be stored as information only."
TEST_F(NorceContract, CreateInvoiceNeedsItemsForAPspCapture) {
    confirm("V-1");
    json::object body = full_invoice("F-1");
    body.erase("Items");
    const Reply r = post(connect("/Order/CreateInvoice"), body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("Items"), std::string::npos) << r.body;
    EXPECT_DOUBLE_EQ(num(order().at("Captured")), 0);

    body["SuppressPspCall"] = true;   // information only: no capture, items not needed
    ASSERT_EQ(post(connect("/Order/CreateInvoice"), body).status, 200);
    EXPECT_DOUBLE_EQ(num(order().at("Captured")), 0);

    const double total = num(order().at("TotalIncVat"));
    const Reply with_items = post(connect("/Order/CreateInvoice"), full_invoice("F-2"));
    ASSERT_EQ(with_items.status, 200) << with_items.body;
    EXPECT_DOUBLE_EQ(num(order().at("Captured")), total);
}

// https://docs.norce.io/developer-portal/system-integration/shopping-integrations: "An acknowledgement …
// sets the status in Norce Commerce to 'Confirmed' and updates the order with the ERP order number";
// SendOrderStatusRequest {ClientOrderRef int32, ErpOrderNo, OrderStatus enum}
// (…/orderservice/openapi/schemas/sendorderstatusrequest).
TEST_F(NorceContract, SendOrderStatusConfirmedStoresTheErpOrderNo) {
    const Reply text_ref = post(connect("/Order/SendOrderStatus"),
                                json::object{{"ClientOrderRef", ref}, {"ErpOrderNo", "V-1"},
                                             {"OrderStatus", "Confirmed"}});
    EXPECT_EQ(text_ref.status, 400) << "ClientOrderRef is int32: " << text_ref.body;
    confirm("V-1");
    const auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 2);
    EXPECT_EQ(o.at("ErpOrderNo").as_string(), "V-1");
    EXPECT_EQ(o.at("OrderNo").as_string(), "V-1")
        << "Query: orderNo is the quotation id 'unless overriden from the ERP confirmation'";
}

// https://docs.norce.io/api-reference/schemas/connectjob: StatusId 4 = Validation failed.
TEST_F(NorceContract, JobWithAnInvalidItemEndsValidationFailed) {
    const json::array items{json::object{{"PartNo", "A1001-1"}, {"WarehouseCode", "LAGER1"},
                                         {"LocationCode", "MAIN"}, {"OnhandValue", "many"}}};
    const auto [resp, job] = import("ImportOnhands", items, kHeader);
    EXPECT_EQ(job.at("StatusId").as_int64(), 4);
    EXPECT_TRUE(job.at("IsFinished").as_bool());
}

// https://docs.norce.io/api-reference-storm/stormconnect/jobservice/openapi/job: JobLogDto ImportedRow
// "string, Affected row from import"; https://docs.norce.io/solution-portal/functional-change-job-logs:
// it "sometimes … contains the record that could not be imported, though it may be truncated".
TEST_F(NorceContract, GetLogImportedRowIsTheRecordAsText) {
    const json::array items{
        json::object{{"PartNo", "A1001-1"}, {"WarehouseCode", "LAGER1"}, {"LocationCode", "MAIN"}, {"OnhandValue", 5}},
        json::object{{"PartNo", "NO-SUCH-SKU"}, {"WarehouseCode", "LAGER1"}, {"LocationCode", "MAIN"}, {"OnhandValue", 5}}};
    const auto [resp, job] = import("ImportOnhands", items, kHeader);
    const Reply log = get(connect("/api/Job/GetLog?id=" + std::string(resp.at("JobId").as_string())));
    ASSERT_EQ(log.status, 200) << log.body;
    bool found = false;
    const json::value lines = log.json();
    for (const auto& l : lines.as_array()) {
        const auto& row = l.at("ImportedRow");
        ASSERT_TRUE(row.is_string() || row.is_null()) << "ImportedRow is text: " << json::serialize(l);
        if (row.is_string() && row.as_string().find("NO-SUCH-SKU") != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << "the skipped record is in ImportedRow: " << log.body;
}

// https://docs.norce.io/api-reference/connect/productservice/openapi/schemas/pricelistheader:
// PriceListFieldsThatAreSet 0 Name, 1 CurrencyCode, 2 StartDate, 3 EndDate, 4 IsPublic, 5 IsPrimary, …,
// 11 DoNotCreateApplicationPriceList, 12 SalesArea …; there is no ApplicationIds.
TEST_F(NorceContract, PriceListFieldsAreTheDocumentedEnum) {
    const json::array lists{json::object{{"Code", "PL-CAMPAIGN"}, {"Name", "Kampanj"}, {"CurrencyCode", "SEK"},
                                         {"IsPublic", true}}};
    const Reply invented = post(connect("/Product/ImportPriceLists"), lists,
                                {{"X-StormConnect-Header",
                                  R"({"AccountId":1,"FullFile":false,"PriceListFieldsThatAreSet":["Name","ApplicationIds"]})"}});
    EXPECT_EQ(invented.status, 400) << invented.body;
    EXPECT_NE(invented.body.find("ApplicationIds"), std::string::npos) << invented.body;

    const auto [resp, job] = import("ImportPriceLists", lists,
                                    R"({"AccountId":1,"FullFile":false,"PriceListFieldsThatAreSet":[0,1,4]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto pl = state().at("price_lists").at("PL-CAMPAIGN").as_object();
    EXPECT_EQ(pl.at("Name").as_string(), "Kampanj");
    EXPECT_EQ(pl.at("CurrencyCode").as_string(), "SEK");
    EXPECT_TRUE(pl.at("IsPublic").as_bool()) << "4 is IsPublic in the documented enum";
}

// https://docs.norce.io/api-reference/connect/productservice/openapi/schemas/pricelist: the PriceList
// fields (Code, CurrencyCode, …, Warehouses, SalesArea …) have no ApplicationIds, so an ApplicationIds
// in an item ties the list to nothing.
TEST_F(NorceContract, PriceListImportIgnoresApplicationIds) {
    const json::array lists{json::object{{"Code", "PL-B2B"}, {"Name", "B2B"}, {"CurrencyCode", "SEK"},
                                         {"ApplicationIds", json::array{1}}, {"IsPrimary", true}}};
    const auto [resp, job] = import("ImportPriceLists", lists, kHeader);
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto st = state();
    EXPECT_FALSE(st.at("price_lists").at("PL-B2B").as_object().contains("ApplicationIds"));
}

// takk-signs apps/babyshop-dashboard/norce_sync.py (a live tenant, 2026): Products/Products is
// variant-grain, selected as "Id,ManufacturerId,DefaultName,IsActive,VariantId" with
// $expand=Skus($select=PartNo,ProductId,EanCode); the parent name is Products/Variants DefaultName;
// "without [an applicationId header], Products/Products 500s on every request".
TEST_F(NorceContract, QueryProductsIsVariantGrain) {
    const Reply none = call(base, "GET", query("/Products/Products"), "", auth());
    EXPECT_EQ(none.status, 500) << none.body;

    const Reply r = call(base, "GET",
                         query("/Products/Products?$select=Id,ManufacturerId,DefaultName,IsActive,VariantId"
                               "&$expand=Skus($select=PartNo,ProductId,EanCode)&$top=100"),
                         "", auth({{"applicationId", "1"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value page = r.json();
    const auto& rows = page.at("value").as_array();
    ASSERT_FALSE(rows.empty());
    std::set<int64_t> variant_ids;
    for (const auto& row : rows) {
        const auto& o = row.as_object();
        EXPECT_FALSE(o.contains("Code")) << "no Code on a Query product: " << json::serialize(o);
        ASSERT_TRUE(o.contains("VariantId")) << json::serialize(o);
        const auto& skus = o.at("Skus").as_array();
        ASSERT_EQ(skus.size(), 1u) << "one SKU per variant-grain product";
        EXPECT_EQ(skus[0].at("ProductId"), o.at("Id"));
        EXPECT_FALSE(skus[0].as_object().contains("PriceSale")) << "$select keeps only what was asked";
        variant_ids.insert(o.at("VariantId").as_int64());
    }
    EXPECT_LT(variant_ids.size(), rows.size()) << "several SKU rows share a parent variant";

    const Reply v = call(base, "GET", query("/Products/Variants?$select=Id,DefaultName"), "",
                         auth({{"applicationId", "1"}}));
    ASSERT_EQ(v.status, 200) << v.body;
    std::set<int64_t> parents;
    const json::value variants = v.json();
    for (const auto& row : variants.at("value").as_array()) parents.insert(row.at("Id").as_int64());
    for (auto id : variant_ids) EXPECT_TRUE(parents.contains(id)) << "VariantId " << id;
}

// https://docs.norce.io/api-reference/connect/orderservice/nc-latest/operation/SendOrderStatus and the other
// Order operations document only "200 Success, 400 Bad Request, 500": a refused follow-up is a 400, never a
// 404 or 409. (The body of that 400 is not documented: guess norce.followup-error-body, docs/guesses.md.)
TEST_F(NorceContract, FollowUpRefusalsAre400) {
    const Reply unknown = post(connect("/Order/SendOrderStatus"),
                               json::object{{"ClientOrderRef", 999999}, {"OrderStatus", "Confirmed"}});
    EXPECT_EQ(unknown.status, 400) << unknown.body;
}

// Not documented: guess norce.followup-idempotency (docs/guesses.md). Kept here because the
// connector's own memory of sent notes rests on it; the register says how to settle it.
TEST_F(NorceContract, RegisteredGuessARepeatedNoteNumberIsRefused) {
    confirm("V-1");
    const json::object note{{"OrderNo", "V-1"}, {"NoteNo", "D1"}, {"DeliveryDate", "2026-12-06"},
                            {"DeliverynoteItems", json::array{json::object{{"ItemNo", "A1001-1"}, {"Qty", 1}, {"RowNumber", 1}}}}};
    ASSERT_EQ(post(connect("/Order/CreateDeliveryNote"), note).status, 200);
    const Reply twice = post(connect("/Order/CreateDeliveryNote"), note);
    EXPECT_EQ(twice.status, 400) << twice.body;
    EXPECT_EQ(order().at("Deliveries").as_array().size(), 1u);
}

// https://docs.norce.io/api-reference/connect/orderservice/openapi/schemas/sendorderstatusrequest:
// "Either ClientOrderRef or ErpOrderNo must be provided."
TEST_F(NorceContract, SendOrderStatusNamesTheOrderByClientOrderRefOrErpOrderNo) {
    const Reply neither = post(connect("/Order/SendOrderStatus"), json::object{{"OrderStatus", "Confirmed"}});
    EXPECT_EQ(neither.status, 400) << neither.body;
    EXPECT_NE(neither.body.find("ClientOrderRef"), std::string::npos) << neither.body;
    confirm("V-1");
    const Reply by_erp = post(connect("/Order/SendOrderStatus"),
                              json::object{{"ErpOrderNo", "V-1"}, {"OrderStatus", "Allocation"}});
    ASSERT_EQ(by_erp.status, 200) << by_erp.body;
    EXPECT_EQ(order().at("StatusId").as_int64(), 1) << "Allocation, found by the ERP number alone";
}

// https://docs.norce.io/api-reference/schemas/connectorder: CancelOrderRequest {ClientOrderRef int32
// (required), ErpOrderNo (required), Payments}.
TEST_F(NorceContract, CancelOrderRequiresClientOrderRefAndErpOrderNo) {
    confirm("V-1");
    const Reply no_erp = post(connect("/Order/CancelOrder"), json::object{{"ClientOrderRef", ref_int()}});
    EXPECT_EQ(no_erp.status, 400) << no_erp.body;
    EXPECT_NE(no_erp.body.find("ErpOrderNo"), std::string::npos) << no_erp.body;
    const Reply no_ref = post(connect("/Order/CancelOrder"), json::object{{"ErpOrderNo", "V-1"}});
    EXPECT_EQ(no_ref.status, 400) << no_ref.body;
    EXPECT_NE(order().at("StatusId").as_int64(), 6);
    const Reply both = post(connect("/Order/CancelOrder"), json::object{{"ClientOrderRef", ref_int()}, {"ErpOrderNo", "V-1"}});
    ASSERT_EQ(both.status, 200) << both.body;
    EXPECT_EQ(order().at("StatusId").as_int64(), 6);
}
