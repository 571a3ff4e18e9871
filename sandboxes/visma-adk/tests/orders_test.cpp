// Orders and invoices with rows (AdkCreateDataRow / AdkGetDataRow / AdkSetData), the
// order -> invoice step, payments and balance, stock, cancel, delete.

#include "adk_fixture.hpp"

#include <cmath>

namespace adk_test {

namespace {
std::vector<ADK_ERROR> g_warnings;
void ADK_API collect_warning(ADK_ERROR* e) { g_warnings.push_back(*e); }
}  // namespace

class SandboxVismaAdkOrders : public AdkTest {
protected:
    void SetUp() override {
        AdkTest::SetUp();
        add_price_list("PL-SE");
        add_article("A1001-1", "T-shirt Bl\xE5 S", 100.0, 10);
        add_article("A1002", "Mugg", 50.0, 5);
        add_customer("K2001", "Bertil Bengtsson");
    }

    // An order for K2001: 2 x A1001-1 at a given price, 1 x A1002 priced by the price list.
    double add_order(const char* shop_order_number) {
        PADK_DATA head = a.AdkCreateData(ADK_DB_ORDER_HEAD);
        EXPECT_EQ(rc(a.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_NUMBER, "K2001")), ADKE_OK);
        EXPECT_EQ(rc(a.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, shop_order_number)), ADKE_OK);
        PADK_DATA rows = a.AdkCreateDataRow(ADK_DB_ORDER_ROW, 2);
        PADK_DATA r0 = a.AdkGetDataRow(rows, 0);
        PADK_DATA r1 = a.AdkGetDataRow(rows, 1);
        EXPECT_NE(r0, nullptr);
        EXPECT_NE(r1, nullptr);
        EXPECT_EQ(a.AdkGetDataRow(rows, 2), nullptr);
        a.AdkSetStr(r0, ADK_OOI_ROW_ARTICLE_NUMBER, "A1001-1");
        a.AdkSetDouble(r0, ADK_OOI_ROW_QUANTITY1, 2);
        a.AdkSetDouble(r0, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, 80.0);
        a.AdkSetStr(r1, ADK_OOI_ROW_ARTICLE_NUMBER, "A1002");
        a.AdkSetDouble(r1, ADK_OOI_ROW_QUANTITY1, 1);
        EXPECT_EQ(rc(a.AdkSetDouble(head, ADK_OOI_HEAD_NROWS, 2)), ADKE_OK);
        EXPECT_EQ(rc(a.AdkSetData(head, ADK_OOI_HEAD_ROWS, rows)), ADKE_OK);
        EXPECT_EQ(rc(a.AdkAdd(head)), ADKE_OK);
        const double number = dbl(head, ADK_OOI_HEAD_DOCUMENT_NUMBER);
        a.AdkDeleteStruct(head);   // frees the attached rows too
        return number;
    }
};

TEST_F(SandboxVismaAdkOrders, OrderWithRowsIsStoredAndReadBack) {
    const double number = add_order("100001");
    EXPECT_GT(number, 0);

    PADK_DATA p = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eOrderNr)), ADKE_OK);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(str(p, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER), "100001");
    EXPECT_EQ(str(p, ADK_OOI_HEAD_CUSTOMER_NAME), "Bertil Bengtsson");   // copied from the customer
    EXPECT_EQ(str(p, ADK_OOI_HEAD_CITY), "Stockholm");
    EXPECT_EQ(str(p, ADK_OOI_HEAD_LIST_OF_PRICE_CODE), "PL-SE");
    EXPECT_EQ(dbl(p, ADK_OOI_HEAD_NROWS), 2);
    PADK_DATA row = nullptr;
    ASSERT_EQ(rc(a.AdkGetData(p, ADK_OOI_HEAD_ROWS, 0, &row)), ADKE_OK);
    EXPECT_EQ(str(row, ADK_OOI_ROW_ARTICLE_NUMBER), "A1001-1");
    EXPECT_EQ(str(row, ADK_OOI_ROW_TEXT), "T-shirt Bl\xE5 S");   // from the article
    EXPECT_DOUBLE_EQ(dbl(row, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY), 80.0);
    EXPECT_DOUBLE_EQ(dbl(row, ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY), 160.0);
    EXPECT_EQ(dbl(row, ADK_OOI_ROW_ROWNUMBER), 1);
    ASSERT_EQ(rc(a.AdkGetData(p, ADK_OOI_HEAD_ROWS, 1, &row)), ADKE_OK);
    EXPECT_DOUBLE_EQ(dbl(row, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY), 50.0);   // from the price list
    EXPECT_EQ(rc(a.AdkGetData(p, ADK_OOI_HEAD_ROWS, 2, &row)), ADKE_INVALID_INDEX);
    // 210 ex VAT + 25 % = 262.50, rounded to whole kronor.
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_EXCLUDING_OF_VAT), 210.0);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_VAT_AMOUNT), 52.5);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_TOTAL_AMOUNT), 263.0);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_BALANCE), 263.0);
    EXPECT_FALSE(flag(p, ADK_OOI_HEAD_ORDER_DELIVERED));
    a.AdkDeleteStruct(p);

    // The order reserves stock.
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_RESERVED), 2);
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_DISPOSABLE_IN_STOCK), 8);
}

TEST_F(SandboxVismaAdkOrders, FindByCustomerOrderNumberWithFilter) {
    add_order("100001");
    const double second = add_order("100002");
    PADK_DATA p = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100002", 0)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkFirst(p)), ADKE_OK);
    EXPECT_EQ(dbl(p, ADK_OOI_HEAD_DOCUMENT_NUMBER), second);
    EXPECT_EQ(rc(a.AdkNext(p)), ADKE_EOF);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "999999", 0)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_EOF);   // "not yet created": the exactly-once guard
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkOrders, UnknownCustomerOrArticleIsRefused) {
    PADK_DATA head = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_NUMBER, "NOBODY");
    EXPECT_EQ(rc(a.AdkAdd(head)), ADKE_OOF_INVALID_CUSTOMER);
    a.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_NUMBER, "K2001");
    PADK_DATA rows = a.AdkCreateDataRow(ADK_DB_ORDER_ROW, 1);
    a.AdkSetStr(a.AdkGetDataRow(rows, 0), ADK_OOI_ROW_ARTICLE_NUMBER, "NOPE");
    a.AdkSetDouble(a.AdkGetDataRow(rows, 0), ADK_OOI_ROW_QUANTITY1, 1);
    ASSERT_EQ(rc(a.AdkSetData(head, ADK_OOI_HEAD_ROWS, rows)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkDeleteStruct(rows)), ADKE_INVALID_STRUCT_POINTER);   // owned by the head now
    EXPECT_EQ(rc(a.AdkAdd(head)), ADKE_OOF_INVALID_ARTICLE);
    PADK_DATA wrong_rows = a.AdkCreateDataRow(ADK_DB_INVOICE_ROW, 1);
    EXPECT_EQ(rc(a.AdkSetData(head, ADK_OOI_HEAD_ROWS, wrong_rows)), ADKE_INVALID_STRUCT_POINTER_TO_ROW);
    a.AdkDeleteStruct(wrong_rows);
    a.AdkDeleteStruct(head);
}

TEST_F(SandboxVismaAdkOrders, MissingPriceRaisesWarning) {
    add_price_list("PL-NO");
    add_customer("K3001", "Ola Nordmann", "PL-NO");
    g_warnings.clear();
    a.AdkSetWarningFunction(&collect_warning);
    PADK_DATA head = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetStr(head, ADK_OOI_HEAD_CUSTOMER_NUMBER, "K3001");
    PADK_DATA rows = a.AdkCreateDataRow(ADK_DB_ORDER_ROW, 1);
    a.AdkSetStr(a.AdkGetDataRow(rows, 0), ADK_OOI_ROW_ARTICLE_NUMBER, "A1002");
    a.AdkSetDouble(a.AdkGetDataRow(rows, 0), ADK_OOI_ROW_QUANTITY1, 1);
    a.AdkSetData(head, ADK_OOI_HEAD_ROWS, rows);
    EXPECT_EQ(rc(a.AdkAdd(head)), ADKE_OK);
    a.AdkSetWarningFunction(nullptr);
    ASSERT_EQ(g_warnings.size(), 1u);
    EXPECT_EQ(g_warnings[0].lRc, ADKW_COULD_NOT_FIND_ARTICLE_PRICE);
    a.AdkDeleteStruct(head);
}

TEST_F(SandboxVismaAdkOrders, DeliverInvoicePayAndCancel) {
    const double order_no = add_order("100001");

    // Delivered: stock leaves the warehouse, the reservation is released.
    PADK_DATA order = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetDouble(order, ADK_OOI_HEAD_DOCUMENT_NUMBER, order_no);
    ASSERT_EQ(rc(a.AdkFind(order)), ADKE_OK);
    const long stamp_before = date(order, ADK_OOI_HEAD_TIMESTAMP);
    ASSERT_EQ(rc(a.AdkSetBool(order, ADK_OOI_HEAD_ORDER_DELIVERED, 1)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkUpdate(order)), ADKE_OK);
    EXPECT_GE(date(order, ADK_OOI_HEAD_TIMESTAMP), stamp_before);
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_IN_STOCK), 8);
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_RESERVED), 0);

    // Invoice the order: a head linked to it and no rows takes its rows.
    PADK_DATA invoice = a.AdkCreateData(ADK_DB_INVOICE_HEAD);
    a.AdkSetDouble(invoice, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, order_no);
    ASSERT_EQ(rc(a.AdkAdd(invoice)), ADKE_OK);
    const double invoice_no = dbl(invoice, ADK_OOI_HEAD_DOCUMENT_NUMBER);
    EXPECT_GT(invoice_no, 0);
    EXPECT_EQ(dbl(invoice, ADK_OOI_HEAD_NROWS), 2);
    EXPECT_DOUBLE_EQ(dbl(invoice, ADK_OOI_HEAD_TOTAL_AMOUNT), 263.0);
    EXPECT_DOUBLE_EQ(dbl(invoice, ADK_OOI_HEAD_BALANCE), 263.0);
    EXPECT_EQ(str(invoice, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER), "100001");
    EXPECT_FALSE(str(invoice, ADK_OOI_HEAD_OCR_NUMBER).empty());
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_IN_STOCK), 8);   // not taken twice
    PADK_DATA again = a.AdkCreateData(ADK_DB_INVOICE_HEAD);
    a.AdkSetDouble(again, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, order_no);
    EXPECT_EQ(rc(a.AdkAdd(again)), ADKE_ORDER_HAS_CREATED_INVOICE);
    a.AdkDeleteStruct(again);

    a.AdkResetStruct(order);
    a.AdkSetDouble(order, ADK_OOI_HEAD_DOCUMENT_NUMBER, order_no);
    ASSERT_EQ(rc(a.AdkFind(order)), ADKE_OK);
    EXPECT_EQ(dbl(order, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1), invoice_no);
    EXPECT_EQ(rc(a.AdkDeleteRecord(order)), ADKE_ORDER_HAS_CREATED_INVOICE);

    // Paid in full: balance 0 on the invoice and, mirrored, on the order.
    PADK_DATA pay = a.AdkCreateData(ADK_DB_CUSTOMERPAYMENT);
    a.AdkSetDouble(pay, ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, invoice_no);
    a.AdkSetDouble(pay, ADK_CUSTOMERPAYMENT_AMOUNT_KR, 263.0);
    ASSERT_EQ(rc(a.AdkAdd(pay)), ADKE_OK);
    a.AdkDeleteStruct(pay);
    a.AdkResetStruct(invoice);
    a.AdkSetDouble(invoice, ADK_OOI_HEAD_DOCUMENT_NUMBER, invoice_no);
    ASSERT_EQ(rc(a.AdkFind(invoice)), ADKE_OK);
    EXPECT_DOUBLE_EQ(dbl(invoice, ADK_OOI_HEAD_BALANCE), 0.0);
    EXPECT_GT(date(invoice, ADK_OOI_HEAD_LAST_PAYMENT), 0);
    a.AdkResetStruct(order);
    a.AdkSetDouble(order, ADK_OOI_HEAD_DOCUMENT_NUMBER, order_no);
    ASSERT_EQ(rc(a.AdkFind(order)), ADKE_OK);
    EXPECT_DOUBLE_EQ(dbl(order, ADK_OOI_HEAD_BALANCE), 0.0);

    PADK_DATA scan = a.AdkCreateData(ADK_DB_INVOICE_HEAD);
    ASSERT_EQ(rc(a.AdkSetSortOrder(scan, eInvoiceNotPayedCustomerNr)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFirst(scan)), ADKE_EOF);
    ASSERT_EQ(rc(a.AdkSetSortOrder(scan, eInvoicePayedCustomerNr)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFirst(scan)), ADKE_OK);
    a.AdkDeleteStruct(scan);

    // Cancelling another order releases its reservation.
    const double other = add_order("100002");
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_RESERVED), 2);
    a.AdkResetStruct(order);
    a.AdkSetDouble(order, ADK_OOI_HEAD_DOCUMENT_NUMBER, other);
    ASSERT_EQ(rc(a.AdkFind(order)), ADKE_OK);
    a.AdkSetBool(order, ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1);
    ASSERT_EQ(rc(a.AdkUpdate(order)), ADKE_OK);
    EXPECT_TRUE(flag(order, ADK_OOI_HEAD_DOCUMENT_CANCELLED));
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_RESERVED), 0);
    a.AdkDeleteStruct(order);
    a.AdkDeleteStruct(invoice);
}

TEST_F(SandboxVismaAdkOrders, DeleteRowAndDeleteOrder) {
    const double number = add_order("100001");
    PADK_DATA p = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkDeleteRow(p, 3)), ADKE_INVALID_INDEX);
    ASSERT_EQ(rc(a.AdkDeleteRow(p, 1)), ADKE_OK);   // 1-based
    ASSERT_EQ(rc(a.AdkUpdate(p)), ADKE_OK);
    a.AdkResetStruct(p);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(dbl(p, ADK_OOI_HEAD_NROWS), 1);
    PADK_DATA row = nullptr;
    ASSERT_EQ(rc(a.AdkGetData(p, ADK_OOI_HEAD_ROWS, 0, &row)), ADKE_OK);
    EXPECT_EQ(str(row, ADK_OOI_ROW_ARTICLE_NUMBER), "A1002");
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_EXCLUDING_OF_VAT), 50.0);
    EXPECT_DOUBLE_EQ(article_double("A1001-1", ADK_ARTICLE_QUANTITY_RESERVED), 0);
    ASSERT_EQ(rc(a.AdkDeleteRecord(p)), ADKE_OK);
    a.AdkResetStruct(p);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    EXPECT_EQ(rc(a.AdkFind(p)), ADKE_NOT_FOUND);
    EXPECT_DOUBLE_EQ(article_double("A1002", ADK_ARTICLE_QUANTITY_RESERVED), 0);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkOrders, HeadReadWithoutRowsKeepsItsRowsOnUpdate) {
    const double number = add_order("100001");
    PADK_DATA p = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    ASSERT_EQ(rc(a.AdkFindEx(p, 0)), ADKE_OK);   // head only
    EXPECT_EQ(dbl(p, ADK_OOI_HEAD_NROWS), 2);
    PADK_DATA row = nullptr;
    EXPECT_EQ(rc(a.AdkGetData(p, ADK_OOI_HEAD_ROWS, 0, &row)), ADKE_INVALID_INDEX);
    a.AdkSetStr(p, ADK_OOI_HEAD_TEXT1, "Levereras med PostNord");
    ASSERT_EQ(rc(a.AdkUpdate(p)), ADKE_OK);
    a.AdkResetStruct(p);
    a.AdkSetDouble(p, ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(dbl(p, ADK_OOI_HEAD_NROWS), 2);
    EXPECT_EQ(str(p, ADK_OOI_HEAD_TEXT1), "Levereras med PostNord");
    EXPECT_DOUBLE_EQ(dbl(p, ADK_OOI_HEAD_TOTAL_AMOUNT), 263.0);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkOrders, VoucherMustBalance) {
    PADK_DATA head = a.AdkCreateData(ADK_DB_VERIFICATION_HEAD);
    a.AdkSetStr(head, ADK_VERIFICATION_HEAD_INFO, "Klarna-avr\xE4kning");
    PADK_DATA rows = a.AdkCreateDataRow(ADK_DB_VERIFICATION_ROW, 2);
    a.AdkSetStr(a.AdkGetDataRow(rows, 0), ADK_VERIFICATION_ROW_ACCOUNT, "1930");
    a.AdkSetDouble(a.AdkGetDataRow(rows, 0), ADK_VERIFICATION_ROW_AMOUNT, 263.0);
    a.AdkSetStr(a.AdkGetDataRow(rows, 1), ADK_VERIFICATION_ROW_ACCOUNT, "1510");
    a.AdkSetDouble(a.AdkGetDataRow(rows, 1), ADK_VERIFICATION_ROW_AMOUNT, -260.0);
    ASSERT_EQ(rc(a.AdkSetData(head, ADK_VERIFICATION_HEAD_ROWS, rows)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkAdd(head)), ADKE_VERIFICATION_DIFF);
    PADK_DATA r1 = nullptr;
    ASSERT_EQ(rc(a.AdkGetData(head, ADK_VERIFICATION_HEAD_ROWS, 1, &r1)), ADKE_OK);
    a.AdkSetDouble(r1, ADK_VERIFICATION_ROW_AMOUNT, -263.0);
    ASSERT_EQ(rc(a.AdkAdd(head)), ADKE_OK);
    EXPECT_GT(dbl(head, ADK_VERIFICATION_HEAD_VER_NR), 0);
    EXPECT_DOUBLE_EQ(dbl(head, ADK_VERIFICATION_HEAD_DEBIT), 263.0);
    EXPECT_EQ(str(head, ADK_VERIFICATION_HEAD_VER_SERIE), "A");
    a.AdkDeleteStruct(head);
}

}  // namespace adk_test
