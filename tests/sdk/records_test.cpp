// Canonical records survive a JSON round trip, and bad records are refused with the path
// of the bad field.
#include <gtest/gtest.h>

#include <skarv/records.hpp>

using namespace skarv::model;

namespace {
Money sek(const char* s) { return Money::parse(s, "SEK"); }

boost::json::value order_json() {
    return skarv::parse_json(R"({
      "order_id": "100234", "channel": 2, "currency": "SEK", "status": "Confirmed",
      "customer": {"type": "company", "company_name": "Skärgårdens Båt AB", "org_number": "556677-8899",
                   "email": "inkop@skargardensbat.se",
                   "billing": {"name": "Skärgårdens Båt AB", "street": "Hamngatan 1", "postal_code": "111 47", "city": "Stockholm"}},
      "lines": [
        {"sku": "TSHIRT-BLUE-M", "quantity": 2, "unit_price_inc_vat": {"minor": 19900, "currency": "SEK"}, "vat_rate_bp": 2500},
        {"sku": "KAFFE-500", "quantity": 3, "unit_price_inc_vat": {"minor": 3390, "currency": "SEK"}, "vat_rate_bp": 1200},
        {"sku": "BOK-0042", "quantity": 1, "unit_price_inc_vat": {"minor": 24900, "currency": "SEK"}, "vat_rate_bp": 600}
      ],
      "discounts": [{"code": "VINTER50", "amount_inc_vat": {"minor": 5000, "currency": "SEK"}, "vat_rate_bp": 2500}],
      "shipping": {"method": "postnord-ombud", "carrier": "PostNord", "price_inc_vat": {"minor": 4900, "currency": "SEK"}, "vat_rate_bp": 2500},
      "payment": {"method": "klarna", "reference": "kl-7f3a", "amount": {"minor": 74770, "currency": "SEK"}},
      "total_inc_vat": {"minor": 74770, "currency": "SEK"}
    })");
}
}  // namespace

TEST(SdkRecords, OrderRoundTripsThroughJson) {
    auto order = read_order(order_json());
    EXPECT_EQ(order.customer.display_name(), "Skärgårdens Båt AB");
    EXPECT_TRUE(order.customer.is_company);
    EXPECT_EQ(order.billing_address.city, "Stockholm");   // defaults to the customer's
    EXPECT_EQ(order.total_inc_vat(), sek("747.70"));
    auto again = read_order(boost::json::value_from(order));
    EXPECT_EQ(boost::json::value_from(again), boost::json::value_from(order));
    EXPECT_EQ(again.payment->reference, "kl-7f3a");
    EXPECT_EQ(boost::json::value_from(order).at("vat").as_array().size(), 3u);
}

TEST(SdkRecords, BadOrderNamesTheField) {
    auto bad = order_json();
    bad.at("lines").as_array()[1].as_object().erase("sku");
    try {
        read_order(bad);
        FAIL() << "accepted an order line without sku";
    } catch (const skarv::RecordError& e) {
        EXPECT_EQ(e.path(), "order.lines[1].sku");
        EXPECT_STREQ(e.what(), "order.lines[1].sku: required");
    }
    auto wrong_total = order_json();
    wrong_total.at("total_inc_vat").as_object()["minor"] = 74771;
    EXPECT_THROW(read_order(wrong_total), skarv::RecordError);
    auto wrong_currency = order_json();
    wrong_currency.at("lines").as_array()[0].as_object()["unit_price_inc_vat"].as_object()["currency"] = "EUR";
    EXPECT_THROW(read_order(wrong_currency), skarv::RecordError);
    auto fractional = order_json();
    fractional.at("lines").as_array()[0].as_object()["quantity"] = 1.5;
    EXPECT_THROW(read_order(fractional), skarv::RecordError);
}

TEST(SdkRecords, MalformedJsonIsARecordError) {
    EXPECT_THROW(skarv::parse_json("{\"order_id\": ", "order 7"), skarv::RecordError);
    try {
        skarv::parse_json("[1,", "order 7");
    } catch (const skarv::RecordError& e) {
        EXPECT_NE(std::string(e.what()).find("order 7"), std::string::npos);
    }
}

TEST(SdkRecords, ProductWithVariantsRoundTrips) {
    Product p;
    p.article_number = "A1001";
    p.name = "Tröja";
    p.vat_rate_bp = 2500;
    p.price_ex_vat = sek("399.20");
    p.variants = {{"A1001-1", "Tröja Blå S", {{"Färg", "Blå"}, {"Storlek", "S"}}, "7350000000017", std::nullopt, true},
                  {"A1001-2", "Tröja Blå M", {{"Färg", "Blå"}, {"Storlek", "M"}}, std::nullopt, sek("419.20"), true}};
    auto back = read_product(boost::json::value_from(p));
    EXPECT_EQ(back.variants.size(), 2u);
    EXPECT_EQ(back.variants[0].attributes.at("Färg"), "Blå");
    EXPECT_EQ(*back.variants[1].price_ex_vat, sek("419.20"));
    EXPECT_EQ(boost::json::value_from(back), boost::json::value_from(p));
}

TEST(SdkRecords, PriceListStockStatusSettlementVoucher) {
    auto list = read_price_list(skarv::parse_json(R"({"code":"B2B","customer_group":"foretag","currency":"SEK","channel":1,
        "prices":[{"sku":"A1001-1","price_ex_vat":{"minor":35000,"currency":"SEK"}}]})"));
    EXPECT_EQ(list.prices.at(0).price_ex_vat, sek("350.00"));
    EXPECT_THROW(read_price_list(skarv::parse_json(R"({"code":"B2B","currency":"SEK",
        "prices":[{"sku":"A","price_ex_vat":{"minor":1,"currency":"EUR"}}]})")), skarv::RecordError);

    auto stock = read_stock_level(skarv::parse_json(R"({"sku":"A1001-1","warehouse":"LAGER1","on_hand":5,"available":0})"));
    EXPECT_EQ(stock.status, StockStatus::out_of_stock);
    EXPECT_EQ(status_for(3, 5), StockStatus::low);

    auto event = read_order_status_event(skarv::parse_json(R"({"order_id":"100234","status":"invoiced",
        "capture":{"amount":{"minor":74770,"currency":"SEK"},"payment_reference":"kl-7f3a"},"notify_customer":false})"));
    EXPECT_EQ(event.status, OrderStatus::invoiced);
    EXPECT_EQ(event.capture->amount, sek("747.70"));
    EXPECT_FALSE(event.notify_customer);
    EXPECT_THROW(read_order_status_event(skarv::parse_json(R"({"order_id":"1","status":"shipped"})")), skarv::RecordError);
    auto confirmed = read_order_status_event(skarv::parse_json(R"({"order_id":"100234","status":"confirmed","erp_order_no":"V-81"})"));
    EXPECT_EQ(confirmed.status, OrderStatus::confirmed);
    EXPECT_EQ(confirmed.erp_order_no.value_or(""), "V-81");
    EXPECT_EQ(boost::json::value_from(confirmed).at("erp_order_no"), "V-81");
    EXPECT_FALSE(event.erp_order_no.has_value());

    // A delivery names its rows, so a partial delivery is expressed; absent = the whole order.
    auto partial = read_order_status_event(skarv::parse_json(R"({"order_id":"100234","status":"delivered",
        "lines":[{"sku":"A1001-1","quantity":2,"line_no":1},{"sku":"A1002-1","quantity":1}]})"));
    ASSERT_EQ(partial.lines.size(), 2u);
    EXPECT_EQ(partial.lines[0].sku, "A1001-1");
    EXPECT_EQ(partial.lines[0].quantity, 2);
    EXPECT_EQ(partial.lines[0].line_no.value_or(0), 1);
    EXPECT_FALSE(partial.lines[1].line_no.has_value());
    EXPECT_EQ(boost::json::value_from(partial).at("lines"),
              skarv::parse_json(R"([{"sku":"A1001-1","quantity":2,"line_no":1},{"sku":"A1002-1","quantity":1}])"));
    EXPECT_TRUE(event.lines.empty());
    EXPECT_FALSE(boost::json::value_from(event).as_object().contains("lines"));
    for (const char* bad : {R"({"order_id":"1","status":"delivered","lines":[{"sku":"A1","quantity":0}]})",
                            R"({"order_id":"1","status":"delivered","lines":[{"sku":"","quantity":1}]})",
                            R"({"order_id":"1","status":"delivered","lines":[{"quantity":1}]})",
                            R"({"order_id":"1","status":"delivered","lines":[{"sku":"A1","quantity":1.5}]})",
                            R"({"order_id":"1","status":"invoiced","lines":[{"sku":"A1","quantity":1}]})"})
        EXPECT_THROW(read_order_status_event(skarv::parse_json(bad)), skarv::RecordError) << bad;

    auto settlement = read_settlement(skarv::parse_json(R"({"provider":"klarna","settlement_id":"S1","currency":"SEK",
        "transactions":[{"type":"sale","order_id":"100234","amount":{"minor":74770,"currency":"SEK"},"fee":{"minor":2243,"currency":"SEK"}},
                        {"type":"refund","order_id":"100200","amount":{"minor":-19900,"currency":"SEK"}}]})"));
    EXPECT_EQ(settlement.payout(), sek("526.27"));   // 747.70 - 199.00 - 22.43
    EXPECT_FALSE(settlement.difference().has_value());

    EXPECT_THROW(read_voucher(skarv::parse_json(R"({"date":"2026-11-23","rows":[
        {"account":"1930","amount":{"minor":100,"currency":"SEK"}},{"account":"1580","amount":{"minor":-99,"currency":"SEK"}}]})")),
                 skarv::RecordError);
    auto voucher = read_voucher(skarv::parse_json(R"({"date":"2026-11-23","rows":[
        {"account":"1930","amount":{"minor":52627,"currency":"SEK"}},{"account":"6570","amount":{"minor":2243,"currency":"SEK"}},
        {"account":"1580","amount":{"minor":-54870,"currency":"SEK"}}]})"));
    EXPECT_TRUE(voucher.balanced());
}

namespace {
// A payout with a sale, its fee and fee VAT, a return and a fee correction, stated at 1024.10.
const char* full_settlement = R"({"provider":"klarna","settlement_id":"XISA93DJ","bank_reference":"XISA93DJ",
    "payout_date":"2026-11-24","currency":"SEK","stated_payout":{"minor":102410,"currency":"SEK"},
    "transactions":[
      {"type":"sale","transaction_id":"cap-1","date":"2026-11-20","order_id":"100234","payment_reference":"kl-7f3a",
       "provider_type":"SALE/PURCHASE","capture_reference":"20451","amount":{"minor":124900,"currency":"SEK"}},
      {"type":"fee","transaction_id":"fee-1","date":"2026-11-20","order_id":"100234","payment_reference":"kl-7f3a",
       "amount":{"minor":0,"currency":"SEK"},"fee":{"minor":3000,"currency":"SEK"},"vat_on_fee":{"minor":750,"currency":"SEK"}},
      {"type":"refund","transaction_id":"ret-1","date":"2026-11-21","order_id":"100200","payment_reference":"kl-11aa",
       "amount":{"minor":-19900,"currency":"SEK"}},
      {"type":"fee_correction","transaction_id":"fc-1","date":"2026-11-22",
       "amount":{"minor":0,"currency":"SEK"},"fee":{"minor":-1000,"currency":"SEK"},"vat_on_fee":{"minor":-250,"currency":"SEK"}}]})";

std::string refusal(const std::string& text) {
    try {
        skarv::model::read_settlement(skarv::parse_json(text));
    } catch (const skarv::RecordError& e) {
        return e.what();
    }
    return "accepted";
}
std::string with(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    if (at == std::string::npos) throw std::logic_error("no " + from);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST(SdkSettlement, ReadsEveryFieldAndAddsFeesAndTheirVatIntoThePayout) {
    using namespace skarv::model;
    auto s = read_settlement(skarv::parse_json(full_settlement));
    ASSERT_EQ(s.transactions.size(), 4u);
    EXPECT_EQ(s.bank_reference, "XISA93DJ");
    EXPECT_EQ(s.settlement_type, "net");
    EXPECT_EQ(s.transactions[0].transaction_id, "cap-1");
    EXPECT_EQ(s.transactions[0].date, "2026-11-20");
    EXPECT_EQ(s.transactions[0].provider_type, "SALE/PURCHASE");
    EXPECT_EQ(s.transactions[0].capture_reference, "20451");
    EXPECT_EQ(s.transactions[1].vat_on_fee, sek("7.50"));
    EXPECT_EQ(s.transactions[2].vat_on_fee, sek("0"));
    EXPECT_EQ(s.fees(), sek("20.00"));
    EXPECT_EQ(s.fee_vat(), sek("5.00"));
    // 1249.00 - 199.00 - (30.00 - 10.00) - (7.50 - 2.50)
    EXPECT_EQ(s.payout(), sek("1025.00"));
    EXPECT_EQ(*s.difference(), sek("-0.90"));
    auto written = boost::json::value_from(s);
    EXPECT_EQ(written.at("difference"), boost::json::value_from(sek("-0.90")));
    auto back = read_settlement(written);
    EXPECT_EQ(boost::json::value_from(back), written);
}

TEST(SdkSettlement, GrossPayoutLeavesTheInvoicedFeesOut) {
    using namespace skarv::model;
    auto s = read_settlement(skarv::parse_json(with(full_settlement, R"("currency":"SEK",)", R"("currency":"SEK","settlement_type":"gross",)")));
    EXPECT_EQ(s.payout(), sek("1050.00"));
}

TEST(SdkSettlement, PayoutSplitOverTwoDaysMustAddUpToTheStatedPayout) {
    using namespace skarv::model;
    const std::string split = with(full_settlement, R"("stated_payout")",
        R"("parts":[{"date":"2026-11-24","amount":{"minor":60000,"currency":"SEK"},"bank_reference":"XISA93DJ-1"},
                    {"date":"2026-11-25","amount":{"minor":42410,"currency":"SEK"}}],"stated_payout")");
    auto s = read_settlement(skarv::parse_json(split));
    ASSERT_EQ(s.parts.size(), 2u);
    EXPECT_EQ(s.parts[1].date, "2026-11-25");
    EXPECT_EQ(s.parts[0].bank_reference, "XISA93DJ-1");
    EXPECT_EQ(read_settlement(boost::json::value_from(s)).parts.size(), 2u);
    EXPECT_EQ(refusal(with(split, "42410", "42400")),
              "settlement.parts: the parts sum to 1024.00 SEK, the stated payout is 1024.10 SEK");
    EXPECT_EQ(refusal(with(split, R"("stated_payout":{"minor":102410,"currency":"SEK"},)", "")),
              "settlement.stated_payout: required when the payout has parts");
    EXPECT_EQ(refusal(with(split, "2026-11-25", "25/11/2026")),
              "settlement.parts[1].date: expected a date YYYY-MM-DD, got '25/11/2026'");
}

TEST(SdkSettlement, RefusesABadRecordNamingTheField) {
    EXPECT_EQ(refusal(with(full_settlement, R"("type":"refund")", R"("type":"payout")")),
              "settlement.transactions[2].type: unknown type 'payout'");
    EXPECT_EQ(refusal(with(full_settlement, R"("transaction_id":"ret-1")", R"("transaction_id":"cap-1")")),
              "settlement.transactions[2].transaction_id: 'cap-1' appears twice in the payout");
    EXPECT_EQ(refusal(with(full_settlement, R"("date":"2026-11-21")", R"("date":"2026-11-21T10:00:00Z")")),
              "settlement.transactions[2].date: expected a date YYYY-MM-DD, got '2026-11-21T10:00:00Z'");
    EXPECT_EQ(refusal(with(full_settlement, R"("payout_date":"2026-11-24")", R"("payout_date":"2026-13-24")")),
              "settlement.payout_date: expected a date YYYY-MM-DD, got '2026-13-24'");
    EXPECT_EQ(refusal(with(full_settlement, R"("vat_on_fee":{"minor":750,"currency":"SEK"})", R"("vat_on_fee":{"minor":750,"currency":"EUR"})")),
              "settlement.transactions[1].vat_on_fee: currency EUR differs from the settlement's SEK");
    EXPECT_EQ(refusal(with(full_settlement, R"("stated_payout":{"minor":102410,"currency":"SEK"})", R"("stated_payout":{"minor":102410,"currency":"NOK"})")),
              "settlement.stated_payout: currency NOK differs from the settlement's SEK");
    EXPECT_EQ(refusal(with(full_settlement, R"("currency":"SEK",)", R"("currency":"SEK","settlement_type":"GROSS_FEE",)")),
              "settlement.settlement_type: expected \"net\" or \"gross\", got 'GROSS_FEE'");
    EXPECT_EQ(refusal(with(full_settlement, R"("settlement_id":"XISA93DJ")", R"("settlement_id":"")")),
              "settlement.settlement_id: must not be empty");
}
