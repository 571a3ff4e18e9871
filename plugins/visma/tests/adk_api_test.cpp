// The plugin declares the ADK's numbers itself (src/adk_api.hpp) so that it depends on
// sdk/ alone; they must agree with the emulator's header, which carries Visma's.

#include <gtest/gtest.h>

#include "adk_api.hpp"
#include "adk_emulator/Adk.h"
#include "adk_library.hpp"

namespace a = visma::adk;

TEST(VismaPluginAdkApi, NumbersAgreeWithTheEmulatorsAdkHeader) {
    EXPECT_EQ(a::db::customer, ADK_DB_CUSTOMER);
    EXPECT_EQ(a::db::article, ADK_DB_ARTICLE);
    EXPECT_EQ(a::db::order_head, ADK_DB_ORDER_HEAD);
    EXPECT_EQ(a::db::order_row, ADK_DB_ORDER_ROW);
    EXPECT_EQ(a::db::invoice_head, ADK_DB_INVOICE_HEAD);
    EXPECT_EQ(a::db::invoice_row, ADK_DB_INVOICE_ROW);
    EXPECT_EQ(a::db::code_of_price_list, ADK_DB_CODE_OF_PRICE_LIST);
    EXPECT_EQ(a::db::price, ADK_DB_PRICE);
    EXPECT_EQ(a::sort::customer_nr, eCustomerNr);
    EXPECT_EQ(a::sort::order_nr, eOrderNr);
    EXPECT_EQ(a::sort::article_nr, eArticleNr);
    EXPECT_EQ(a::sort::code_of_price_list, eCodeOfPriceList);
    EXPECT_EQ(a::sort::price_list, ePriceList);
    EXPECT_EQ(a::sort::timestamp, eTimeStamp);
    EXPECT_EQ(a::customer::number, ADK_CUSTOMER_NUMBER);
    EXPECT_EQ(a::customer::email, ADK_CUSTOMER_EMAIL);
    EXPECT_EQ(a::customer::organisation_number, ADK_CUSTOMER_ORGANISATION_NUMBER);
    EXPECT_EQ(a::customer::price_list, ADK_CUSTOMER_PRICE_LIST);
    EXPECT_EQ(a::customer::wscustomer, ADK_CUSTOMER_WSCUSTOMER);
    EXPECT_EQ(a::customer::code_of_country, ADK_CUSTOMER_CODE_OF_COUNTRY);
    EXPECT_EQ(a::article::quantity_in_stock, ADK_ARTICLE_QUANTITY_IN_STOCK);
    EXPECT_EQ(a::article::disposable_in_stock, ADK_ARTICLE_DISPOSABLE_IN_STOCK);
    EXPECT_EQ(a::article::price_list, ADK_ARTICLE_PRICE_LIST);
    EXPECT_EQ(a::article::price, ADK_ARTICLE_PRICE);
    EXPECT_EQ(a::article::webshop, ADK_ARTICLE_WEBSHOP);
    EXPECT_EQ(a::article::timestamp, ADK_ARTICLE_TIMESTAMP);
    EXPECT_EQ(a::article::note, ADK_ARTICLE_NOTE);
    EXPECT_EQ(a::ooi_head::customer_order_number, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER);
    EXPECT_EQ(a::ooi_head::order_delivered, ADK_OOI_HEAD_ORDER_DELIVERED);
    EXPECT_EQ(a::ooi_head::document_cancelled, ADK_OOI_HEAD_DOCUMENT_CANCELLED);
    EXPECT_EQ(a::ooi_head::document_connection_number1, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    EXPECT_EQ(a::ooi_head::balance, ADK_OOI_HEAD_BALANCE);
    EXPECT_EQ(a::ooi_head::round_off, ADK_OOI_HEAD_ROUND_OFF);
    EXPECT_EQ(a::ooi_head::gross, ADK_OOI_HEAD_GROSS);
    EXPECT_EQ(a::ooi_head::total_amount, ADK_OOI_HEAD_TOTAL_AMOUNT);
    EXPECT_EQ(a::ooi_head::cargo_amount, ADK_OOI_HEAD_CARGO_AMOUNT);
    EXPECT_EQ(a::ooi_head::cargo_vat_code, ADK_OOI_HEAD_CARGO_VAT_CODE);
    EXPECT_EQ(a::ooi_head::rows, ADK_OOI_HEAD_ROWS);
    EXPECT_EQ(a::ooi_head::nrows, ADK_OOI_HEAD_NROWS);
    EXPECT_EQ(a::ooi_head::timestamp, ADK_OOI_HEAD_TIMESTAMP);
    EXPECT_EQ(a::ooi_head::last_payment, ADK_OOI_HEAD_LAST_PAYMENT);
    EXPECT_EQ(a::ooi_head::local_remark, ADK_OOI_HEAD_LOCAL_REMARK);
    EXPECT_EQ(a::ooi_head::code_of_way_of_delivery, ADK_OOI_HEAD_CODE_OF_WAY_OF_DELIVERY);
    EXPECT_EQ(a::ooi_row::article_number, ADK_OOI_ROW_ARTICLE_NUMBER);
    EXPECT_EQ(a::ooi_row::quantity1, ADK_OOI_ROW_QUANTITY1);
    EXPECT_EQ(a::ooi_row::quantity2, ADK_OOI_ROW_QUANTITY2);
    EXPECT_EQ(a::ooi_row::price_each_current_currency, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY);
    EXPECT_EQ(a::ooi_row::text, ADK_OOI_ROW_TEXT);
    EXPECT_EQ(a::ooi_row::vat_code, ADK_OOI_ROW_VAT_CODE);
    EXPECT_EQ(a::price_list::including_vat, ADK_CODE_OF_PRICE_LIST_INCLUDING_VAT);
    EXPECT_EQ(a::price_list::timestamp, ADK_CODE_OF_PRICE_LIST_TIMESTAMP);
    EXPECT_EQ(a::price::quantity, ADK_PRICE_QUANTITY);
    EXPECT_EQ(a::price::timestamp, ADK_PRICE_TIMESTAMP);
    EXPECT_EQ(a::rc::not_found, ADKE_NOT_FOUND);
    EXPECT_EQ(a::rc::eof, ADKE_EOF);
    EXPECT_EQ(a::rc::login_fail, ADKE_LOGIN_FAIL);
    EXPECT_EQ(a::rc::login_denied, ADKE_LOGIN_DENIED);
    EXPECT_EQ(a::rc::exclusive_lock, ADKE_EXCLUSIVE_LOCK);
    EXPECT_EQ(a::rc::oof_invalid_article, ADKE_OOF_INVALID_ARTICLE);
    EXPECT_EQ(a::rc::too_many_signs, ADKE_TOO_MANY_SIGNS);
    EXPECT_EQ(a::rc::invalid_path_company, ADKE_INVALID_PATH_COMPANY);
    EXPECT_EQ(sizeof(a::Error), sizeof(ADK_ERROR));
}

TEST(VismaPluginAdkApi, ThirtyTwoBitStdcallNamesAreDecoratedWithTheArgumentBytes) {
    // What a 32-bit Adk.dll exports (research B.1): _AdkOpen@8 for two pointers.
    EXPECT_EQ(visma::stdcall_decorated_name("AdkOpen", 8), "_AdkOpen@8");
    // Each argument takes whole 4-byte slots: two pointers here, 8 bytes on 32-bit.
    EXPECT_EQ(visma::stdcall_argument_bytes(a::Open{}), 2 * ((sizeof(void*) + 3) / 4 * 4));
    // A double takes two slots: AdkSetDouble(p, field, value) is 16 bytes on 32-bit.
    EXPECT_EQ(visma::stdcall_argument_bytes(a::SetDouble{}), (sizeof(void*) + 3) / 4 * 4 + 4 + 8);
}
