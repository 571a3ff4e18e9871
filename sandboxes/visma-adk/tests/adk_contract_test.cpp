// The ADK's documented rules, one test each, named after the rule, written from the public
// record alone (before the connector was read). Each test cites its source; the emulator
// cites the same source beside the code that enforces the rule. What the record does not
// show is a guess and lives in docs/guesses.md, not here.
//
// Sources (fetched, with the commit read):
//   Adk.h, AdkError.h   Visma's headers as published in MowinAB/mowin-connect-socket f96df2a
//   viktor2097         viktor2097/visma-administration 85f5e2a: README.md, visma_administration/api.py
//   grimen             grimen/invoicesystem2spcs 4392362: SPCS/Base/SPCSAPI.cs, SPCSConnection.cs,
//                      SPCS/ReferenceRecordObjects/SPCSUnit.cs, SPCS/RecordObjects/Invoice/SPCSInvoice.cs

#include "adk_fixture.hpp"

#include <fstream>
#include <string>
#include <vector>

namespace adk_test {

using AdkContract = AdkTest;

namespace {

std::vector<std::string> walk_ex(Adk& a, PADK_DATA p, int field) {
    std::vector<std::string> seen;
    for (ADK_ERROR e = a.AdkFirstEx(p, 0); e.lRc == ADKE_OK; e = a.AdkNextEx(p, 0)) {
        char buffer[128];
        char* out = buffer;
        if (a.AdkGetStr(p, field, &out, sizeof buffer).lRc != ADKE_OK) break;
        seen.emplace_back(buffer);
    }
    return seen;
}

}  // namespace

// AdkOpen(pszSystemPath, pszFtgPath) (Adk.h) takes the installation's "Gemensamma filer"
// folder first: viktor2097 README `common_path="Z:\\Gemensamma filer"`, grimen
// SPCSConnection.cs `AdkOpen(LibraryPath = "...\\SPCS Administration\\Gemensamma filer", ...)`.
// Any other path is ADKE_INVALID_ADM_PATH = 137 (AdkError.h).
TEST_F(AdkContract, OpenRefusesAWrongSystemPathWith137) {
    a.AdkClose();
    const std::string plain_folder = path() + "-not-gemensamma-filer";
    std::filesystem::create_directories(plain_folder);
    for (const std::string& wrong : {std::string(), path() + "-missing", plain_folder, path()}) {
        const ADK_ERROR e = a.AdkOpen(wrong.c_str(), path().c_str());
        EXPECT_EQ(e.lRc, ADKE_INVALID_ADM_PATH) << "system path '" << wrong << "'";
        EXPECT_EQ(e.lFunction, ADKE_OPEN);
    }
    EXPECT_EQ(rc(a.AdkOpen(nullptr, path().c_str())), ADKE_INVALID_ADM_PATH);
    // Nothing is open after a refusal: a read answers ADKE_NO_DB_OPEN.
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_NO_DB_OPEN);
    a.AdkDeleteStruct(p);
    EXPECT_EQ(rc(a.AdkOpen(system().c_str(), path().c_str())), ADKE_OK);
    std::filesystem::remove_all(plain_folder);
}

// AdkOpen2 / AdkOpenEx / AdkOpenEx2 (Adk.h, "Nyheter v 2017.1") take the same system path
// as their first argument (viktor2097 api.py `Api.AdkOpen2(self.company["common_path"], ...)`),
// so they refuse a wrong one with the same 137 (AdkError.h ADKE_INVALID_ADM_PATH).
TEST_F(AdkContract, Open2RefusesAWrongSystemPathWith137) {
    a.AdkClose();
    EXPECT_EQ(rc(a.AdkOpen2("", path().c_str(), "user", "pwd")), ADKE_INVALID_ADM_PATH);
    EXPECT_EQ(rc(a.AdkOpen2(path().c_str(), path().c_str(), "user", "pwd")), ADKE_INVALID_ADM_PATH);
    EXPECT_EQ(rc(a.AdkOpenEx("", path().c_str(), 0)), ADKE_INVALID_ADM_PATH);
    EXPECT_EQ(rc(a.AdkOpenEx2("", path().c_str(), "user", "pwd", 0)), ADKE_INVALID_ADM_PATH);
    int active = -1;
    EXPECT_EQ(rc(a.AdkIsLoginActivated("", path().c_str(), &active)), ADKE_INVALID_ADM_PATH);
    EXPECT_EQ(rc(a.AdkOpen2(system().c_str(), path().c_str(), "user", "pwd")), ADKE_OK);
}

// A company path that is no company is ADKE_INVALID_PATH_COMPANY = 116 (AdkError.h; grimen
// SPCSAPI.cs carries the same constant), also with a right system path.
TEST_F(AdkContract, OpenRefusesAFolderThatIsNoCompanyWith116) {
    a.AdkClose();
    const std::string not_a_company = system();   // a folder, but no company in it
    EXPECT_EQ(rc(a.AdkOpen(system().c_str(), not_a_company.c_str())), ADKE_INVALID_PATH_COMPANY);
    EXPECT_EQ(rc(a.AdkOpen(system().c_str(), (path() + "-missing").c_str())), ADKE_INVALID_PATH_COMPANY);
}

// Login (Adk.h 2017.1: AdkOpen2 with user and password, AdkIsLoginActivated): AdkOpen on a
// company with login activated is ADKE_LOGIN_DENIED = 674, a wrong password ADKE_LOGIN_FAIL
// = 676 (AdkError.h); viktor2097 api.py opens with AdkOpen2 and reports the error text.
TEST_F(AdkContract, LoginCompanyDeniesOpenWith674AndAWrongPasswordWith676) {
    a.AdkClose();
    const std::string locked = path() + "-locked";
    ASSERT_EQ(rc(a.SkarvAdkEmuCreateCompany(locked.c_str(), "L\xE5st AB", "skarv", "hemligt")), ADKE_OK);
    int active = -1;
    ASSERT_EQ(rc(a.AdkIsLoginActivated(system().c_str(), locked.c_str(), &active)), ADKE_OK);
    EXPECT_EQ(active, 1);
    EXPECT_EQ(rc(a.AdkOpen(system().c_str(), locked.c_str())), ADKE_LOGIN_DENIED);
    const ADK_ERROR wrong = a.AdkOpen2(system().c_str(), locked.c_str(), "skarv", "fel");
    EXPECT_EQ(wrong.lRc, ADKE_LOGIN_FAIL);
    EXPECT_FALSE(error_text(wrong).empty());
    EXPECT_EQ(rc(a.AdkOpen2(system().c_str(), locked.c_str(), "skarv", "hemligt")), ADKE_OK);
    std::filesystem::remove_all(locked);
}

// Look-up by key: set the key field, set the sort order on it, AdkFind; "not there" is
// ADKE_NOT_FOUND = 115 (grimen SPCSUnit.cs: AdkSetStr(code), AdkSetSortOrder(eCodeOfUnit),
// AdkFind, `result.lRc != ADKE_NOT_FOUND`).
TEST_F(AdkContract, FindByTheSortKeyAnswers115WhenTheKeyIsMissing) {
    add_price_list("PL-SE");
    add_customer("K1001", "Anna Andersson");
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "K1001")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerNr)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_EQ(str(p, ADK_CUSTOMER_NAME), "Anna Andersson");
    a.AdkResetStruct(p);
    ASSERT_EQ(rc(a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, "K9999")), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerNr)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFind(p)), ADKE_NOT_FOUND);
    a.AdkDeleteStruct(p);
}

// A walk: AdkSetSortOrder, AdkFirst, AdkNext until ADKE_EOF = 79; with no company open the
// walk answers ADKE_NO_DB_OPEN = 80 (grimen SPCSInvoice.cs: `while (result.lRc !=
// ADKE_NO_DB_OPEN && result.lRc != ADKE_EOF)`; numbers from AdkError.h).
TEST_F(AdkContract, WalkEndsWith79AndWithoutACompanyAnswers80) {
    add_price_list("PL-SE");
    add_customer("K1", "Anna");
    add_customer("K2", "Bertil");
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerNr)), ADKE_OK);
    std::vector<std::string> seen;
    ADK_ERROR e = a.AdkFirst(p);
    for (; e.lRc == ADKE_OK; e = a.AdkNext(p)) seen.push_back(str(p, ADK_CUSTOMER_NUMBER));
    EXPECT_EQ(e.lRc, ADKE_EOF);
    EXPECT_EQ(seen, (std::vector<std::string>{"K1", "K2"}));
    a.AdkClose();
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_NO_DB_OPEN);
    a.AdkDeleteStruct(p);
}

// Filters: AdkSetFilter(p, field, expression, 0) then AdkFirstEx/AdkNextEx until the answer
// is not ADKE_OK (viktor2097 api.py set_filter and filter; AdkSetFilter is Adk.h 2018.6).
// A pattern with * matches anywhere ("*N*", "*inc*": "inc anywhere inside of the name") or
// as a prefix ("f03*": "invoice_number starting as 'f03'") (viktor2097 README).
TEST_F(AdkContract, FilterWithWildcardsMatchesAnywhereOrAsAPrefix) {
    add_price_list("PL-SE");
    add_customer("f0301", "Nvidia Inc");
    add_customer("f0302", "Anna Andersson");
    add_customer("g0303", "Incab AB");
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerNr)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NAME, "*Inc*", 0)), ADKE_OK);
    EXPECT_EQ(walk_ex(a, p, ADK_CUSTOMER_NUMBER), (std::vector<std::string>{"f0301", "g0303"}));
    ASSERT_EQ(rc(a.AdkClearFilters(p)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NUMBER, "f03*", 0)), ADKE_OK);
    EXPECT_EQ(walk_ex(a, p, ADK_CUSTOMER_NUMBER), (std::vector<std::string>{"f0301", "f0302"}));
    a.AdkDeleteStruct(p);
}

// A plain value as the expression finds the record with that value: viktor2097 README
// `api.supplier.get(adk_supplier_name="John")` (AdkSetFilter with "John", then AdkFirstEx,
// api.py `get`), and `get(adk_sup_inv_head_invoice_number="number")`.
TEST_F(AdkContract, FilterWithAPlainValueFindsThatRecord) {
    add_price_list("PL-SE");
    add_customer("K1", "John");
    add_customer("K2", "Anna");
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NAME, "John", 0)), ADKE_OK);
    EXPECT_EQ(walk_ex(a, p, ADK_CUSTOMER_NUMBER), (std::vector<std::string>{"K1"}));
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NAME, "Nobody", 0)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFirstEx(p, 0)), ADKE_EOF);   // viktor2097 api.py: anything but ADKE_OK ends it
    a.AdkDeleteStruct(p);
}

// AdkSetFilter arrived in 2018.6 (Adk.h "Nyheter v 2018.6"): the version the ADK reports
// (AdkGetVersion, Adk.h 5.1) is at least that, so a connector can refuse older ones.
TEST_F(AdkContract, VersionIsAtLeast2018Point6ForAdkSetFilter) {
    long major = 0, minor = 0;
    a.AdkGetVersion(&major, &minor);
    EXPECT_TRUE(major > 2018 || (major == 2018 && minor >= 6)) << major << "." << minor;
}

// Dates are LONGs made by AdkDateToLong from "yyyy-MM-dd" (grimen SPCSAPI.cs SPCSDateToLong)
// and read back by AdkLongToDate (Adk.h).
TEST_F(AdkContract, DatesAreLongsMadeFromYyyyMmDd) {
    long value = 0;
    char date_text[] = "2026-11-23";
    ASSERT_EQ(rc(a.AdkDateToLong(date_text, &value)), ADKE_OK);
    char buffer[32];
    char* out = buffer;
    ASSERT_EQ(rc(a.AdkLongToDate(value, &out, sizeof buffer)), ADKE_OK);
    EXPECT_STREQ(buffer, "2026-11-23");
}

// The timestamp field of a table is named by AdkGetTimestampField (Adk.h 5.1); Adk.h
// defines them as ADK_CUSTOMER_TIMESTAMP 94, ADK_ARTICLE_TIMESTAMP 75, ADK_OOI_HEAD_TIMESTAMP
// 137, ADK_PRICE_TIMESTAMP 7.
TEST_F(AdkContract, TimestampFieldIsTheOneAdkHNames) {
    const std::pair<int, int> tables[] = {{ADK_DB_CUSTOMER, ADK_CUSTOMER_TIMESTAMP},
                                          {ADK_DB_ARTICLE, ADK_ARTICLE_TIMESTAMP},
                                          {ADK_DB_ORDER_HEAD, ADK_OOI_HEAD_TIMESTAMP},
                                          {ADK_DB_INVOICE_HEAD, ADK_OOI_HEAD_TIMESTAMP},
                                          {ADK_DB_PRICE, ADK_PRICE_TIMESTAMP}};
    for (const auto& [table, field] : tables) {
        PADK_DATA p = a.AdkCreateData(table);
        int got = -1;
        EXPECT_EQ(rc(a.AdkGetTimestampField(p, &got)), ADKE_OK) << table;
        EXPECT_EQ(got, field) << "table " << table;
        a.AdkDeleteStruct(p);
    }
}

}  // namespace adk_test
