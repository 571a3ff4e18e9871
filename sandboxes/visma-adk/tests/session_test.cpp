// Session, errors and plain records through the C API of the loaded library.

#include "adk_fixture.hpp"

#include <cstring>

namespace adk_test {

using SandboxVismaAdkSession = AdkTest;
using SandboxVismaAdkRecords = AdkTest;
using SandboxVismaAdkErrors = AdkTest;

TEST_F(SandboxVismaAdkSession, WrongCompanyPathFailsWithErrorText) {
    a.AdkClose();
    const std::string missing = path() + "/no-such-company";
    const ADK_ERROR e = a.AdkOpen(system().c_str(), missing.c_str());
    EXPECT_EQ(e.lRc, ADKE_INVALID_PATH_COMPANY);
    EXPECT_EQ(e.lFunction, ADKE_OPEN);
    EXPECT_EQ(error_text(e).rfind("Ogiltig s", 0), 0u) << error_text(e);
    EXPECT_EQ(error_text(e, elFunction), "AdkOpen");
    EXPECT_EQ(rc(a.AdkOpen(nullptr, path().c_str())), ADKE_INVALID_ADM_PATH);
}

TEST_F(SandboxVismaAdkSession, LoginActivatedCompanyNeedsUserAndPassword) {
    a.AdkClose();
    const std::string locked = path() + "/locked";
    ASSERT_EQ(rc(a.SkarvAdkEmuCreateCompany(locked.c_str(), "L\xE5st AB", "skarv", "hemligt")), ADKE_OK);
    int active = -1;
    ASSERT_EQ(rc(a.AdkIsLoginActivated(system().c_str(), locked.c_str(), &active)), ADKE_OK);
    EXPECT_EQ(active, 1);
    EXPECT_EQ(rc(a.AdkOpen(system().c_str(), locked.c_str())), ADKE_LOGIN_DENIED);
    const ADK_ERROR wrong = a.AdkOpen2(system().c_str(), locked.c_str(), "skarv", "fel");
    EXPECT_EQ(wrong.lRc, ADKE_LOGIN_FAIL);
    EXPECT_EQ(error_text(wrong), "Fel anv\xE4ndarnamn eller l\xF6senord");   // Windows-1252
    EXPECT_EQ(rc(a.AdkOpen2(system().c_str(), locked.c_str(), "skarv", "hemligt")), ADKE_OK);
    char name[64];
    char* out = name;
    int variant = 0;
    long major = 0, minor = 0;
    ASSERT_EQ(rc(a.AdkGetCompanyName(locked.c_str(), 0, "", &out, sizeof name, &variant, &major, &minor)), ADKE_OK);
    EXPECT_STREQ(name, "L\xE5st AB");
    EXPECT_EQ(variant, ADKI_ADMIN2000);
    // The first company has no login: AdkOpen2 with any credentials opens it.
    ASSERT_EQ(rc(a.AdkIsLoginActivated(system().c_str(), path().c_str(), &active)), ADKE_OK);
    EXPECT_EQ(active, 0);
    EXPECT_EQ(rc(a.AdkOpen2(system().c_str(), path().c_str(), "vem", "som helst")), ADKE_OK);
}

TEST_F(SandboxVismaAdkSession, NavigationWithoutOpenCompanyFails) {
    a.AdkClose();
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_NO_DB_OPEN);
    EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_NO_DB_OPEN);
    EXPECT_EQ(rc(a.AdkDeleteStruct(p)), ADKE_OK);
}

TEST_F(SandboxVismaAdkRecords, CustomerAddFindUpdateDelete) {
    add_price_list("PL-SE");
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "K1001")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_NAME, "\xC5sa \xD6" "berg")), ADKE_OK);   // "Åsa Öberg" in Windows-1252
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_EMAIL, "asa@example.se")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_PRICE_LIST, "PL-SE")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkAdd(p)), ADKE_OK);
    EXPECT_GT(date(p, ADK_CUSTOMER_TIMESTAMP), 0);
    EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_CUSTOMER_INVALID_CUSTOMERNR);   // the number is taken
    a.AdkDeleteStruct(p);

    PADK_DATA f = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetSortOrder(f, eCustomerNr)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetStr(f, ADK_CUSTOMER_NUMBER, "k1001")), ADKE_OK);   // keys ignore case
    ASSERT_EQ(rc(a.AdkFind(f)), ADKE_OK);
    EXPECT_EQ(str(f, ADK_CUSTOMER_NUMBER), "K1001");
    EXPECT_EQ(str(f, ADK_CUSTOMER_NAME), "\xC5sa \xD6" "berg");
    EXPECT_EQ(str(f, ADK_CUSTOMER_EMAIL), "asa@example.se");

    ASSERT_EQ(rc(a.AdkSetStr(f, ADK_CUSTOMER_EMAIL, "asa.oberg@example.se")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkUpdate(f)), ADKE_OK);
    a.AdkResetStruct(f);
    a.AdkSetStr(f, ADK_CUSTOMER_NUMBER, "K1001");
    ASSERT_EQ(rc(a.AdkFind(f)), ADKE_OK);
    EXPECT_EQ(str(f, ADK_CUSTOMER_EMAIL), "asa.oberg@example.se");
    EXPECT_EQ(str(f, ADK_CUSTOMER_NAME), "\xC5sa \xD6" "berg");   // untouched by the update

    ASSERT_EQ(rc(a.AdkDeleteRecord(f)), ADKE_OK);
    a.AdkResetStruct(f);
    a.AdkSetStr(f, ADK_CUSTOMER_NUMBER, "K1001");
    EXPECT_EQ(rc(a.AdkFind(f)), ADKE_NOT_FOUND);
    a.AdkDeleteStruct(f);
}

TEST_F(SandboxVismaAdkRecords, CustomerWithUnknownPriceListIsRefused) {
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "K1");
    a.AdkSetStr(p, ADK_CUSTOMER_PRICE_LIST, "NOPE");
    EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_INVALID_PRISL);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkRecords, PersistsAcrossCloseAndReopen) {
    add_price_list("PL-SE");
    add_article("A1001-1", "T-shirt Bl\xE5 S", 159.2, 12);
    a.AdkClose();
    ASSERT_EQ(rc(a.AdkOpen(system().c_str(), path().c_str())), ADKE_OK);
    PADK_DATA p = a.AdkCreateData(ADK_DB_ARTICLE);
    a.AdkSetStr(p, ADK_ARTICLE_NUMBER, "A1001-1");
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(str(p, ADK_ARTICLE_NAME), "T-shirt Bl\xE5 S");
    EXPECT_DOUBLE_EQ(dbl(p, ADK_ARTICLE_PRICE), 159.2);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_ARTICLE_QUANTITY_IN_STOCK), 12);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_ARTICLE_DISPOSABLE_IN_STOCK), 12);
    EXPECT_TRUE(flag(p, ADK_ARTICLE_WEBSHOP));
    double vat = 0;
    EXPECT_EQ(rc(a.AdkGetVatpercentOnArticle("A1001-1", &vat)), ADKE_OK);
    EXPECT_DOUBLE_EQ(vat, 25.0);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkRecords, DatesConvertThroughTheAdk) {
    long v = 0;
    ASSERT_EQ(rc(a.AdkDateToLong("2026-11-23", &v)), ADKE_OK);
    char buffer[32];
    char* out = buffer;
    ASSERT_EQ(rc(a.AdkLongToDate(v, &out, sizeof buffer)), ADKE_OK);
    EXPECT_STREQ(buffer, "2026-11-23");
    EXPECT_EQ(rc(a.AdkDateToLong("2026-02-30", &v)), ADKE_DATE_TO_LONG);
    char tiny[4];
    char* small = tiny;
    EXPECT_EQ(rc(a.AdkLongToDate(20261123, &small, sizeof tiny)), ADKE_TO_SHORT_STRING);
}

TEST_F(SandboxVismaAdkErrors, UnknownTableFieldSortOrderAndWrongTypes) {
    EXPECT_EQ(a.AdkCreateData(999), nullptr);
    char buffer[64];
    char* out = buffer;
    EXPECT_EQ(rc(a.AdkGetFieldName(999, 0, &out, sizeof buffer)), ADKE_INVALID_DB);
    ASSERT_EQ(rc(a.AdkGetFieldName(ADK_DB_ORDER_HEAD, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, &out, sizeof buffer)), ADKE_OK);
    EXPECT_STREQ(buffer, "ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER");

    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    const ADK_ERROR unknown = a.AdkSetStr(p, 9999, "x");
    EXPECT_EQ(unknown.lRc, ADKE_UNKNON_DB_FIELD);
    EXPECT_EQ(unknown.lField, 9999);
    EXPECT_EQ(unknown.lDbTable, ADKE_DBTABLE_CUSTOMER);
    EXPECT_EQ(rc(a.AdkSetDouble(p, ADK_CUSTOMER_NAME, 1.0)), ADKE_INVALID_DATA_TYPE);
    EXPECT_EQ(rc(a.AdkSetDate(p, ADK_CUSTOMER_TIMESTAMP, 1)), ADKE_EDIT_DENIED_FIELD);
    EXPECT_EQ(rc(a.AdkSetSortOrder(p, eInvoiceNr)), ADKE_NOT_VALID_SORTORDER);
    EXPECT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "12345678901234567")), ADKE_TOO_MANY_SIGNS);
    a.AdkSetStr(p, ADK_CUSTOMER_NAME, "Ett ganska l\xE5ngt namn");
    char tiny[5];
    char* small = tiny;
    EXPECT_EQ(rc(a.AdkGetStr(p, ADK_CUSTOMER_NAME, &small, sizeof tiny)), ADKE_TO_SHORT_STRING);
    EXPECT_STREQ(tiny, "Ett ");
    EXPECT_EQ(rc(a.AdkSetFilter(p, 9999, "x", 0)), ADKE_INVALID_FILTER_FIELD);
    EXPECT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_CREDIT_LIMIT, "abc", 0)), ADKE_INVALID_FILTER_EXPRESSION);
    EXPECT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NAME, "x", 7)), ADKE_INVALID_FILTER_SYNTAX_VERSION);
    a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "NOBODY");
    EXPECT_EQ(rc(a.AdkFind(p)), ADKE_NOT_FOUND);
    EXPECT_EQ(rc(a.AdkUpdate(p)), ADKE_NOT_FOUND);

    int not_a_struct = 0;
    EXPECT_EQ(rc(a.AdkSetStr(reinterpret_cast<PADK_DATA>(&not_a_struct), 0, "x")), ADKE_INVALID_PDATA);
    EXPECT_EQ(rc(a.AdkSetStr(nullptr, 0, "x")), ADKE_NULLPOINTER);
    EXPECT_EQ(rc(a.AdkDeleteStruct(p)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkDeleteStruct(p)), ADKE_INVALID_PDATA);   // a second free is refused, not a crash
}

}  // namespace adk_test
