#pragma once
// Loads libskarv-adk-emulator.so by path with Boost.DLL and drives it only through the
// C functions, exactly as the Visma connector does with Adk.dll.

#include "adk_emulator/Adk.h"

#include <boost/dll/shared_library.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace adk_test {

#define SKARV_ADK_FUNCTION(name) decltype(&::name) name = &lib.get<decltype(::name)>(#name)

// Every function the tests use, resolved by name from the loaded library.
struct Adk {
    boost::dll::shared_library lib{SKARV_ADK_EMULATOR_PATH, boost::dll::load_mode::rtld_local};
    SKARV_ADK_FUNCTION(AdkOpen);
    SKARV_ADK_FUNCTION(AdkOpen2);
    SKARV_ADK_FUNCTION(AdkIsLoginActivated);
    SKARV_ADK_FUNCTION(AdkGetCompanyName);
    SKARV_ADK_FUNCTION(AdkClose);
    SKARV_ADK_FUNCTION(AdkGetErrorText);
    SKARV_ADK_FUNCTION(AdkSetWarningFunction);
    SKARV_ADK_FUNCTION(AdkCreateData);
    SKARV_ADK_FUNCTION(AdkCreateDataRow);
    SKARV_ADK_FUNCTION(AdkGetDataRow);
    SKARV_ADK_FUNCTION(AdkDeleteStruct);
    SKARV_ADK_FUNCTION(AdkResetStruct);
    SKARV_ADK_FUNCTION(AdkGetStr);
    SKARV_ADK_FUNCTION(AdkSetStr);
    SKARV_ADK_FUNCTION(AdkGetDouble);
    SKARV_ADK_FUNCTION(AdkSetDouble);
    SKARV_ADK_FUNCTION(AdkGetBool);
    SKARV_ADK_FUNCTION(AdkSetBool);
    SKARV_ADK_FUNCTION(AdkGetDate);
    SKARV_ADK_FUNCTION(AdkSetDate);
    SKARV_ADK_FUNCTION(AdkGetData);
    SKARV_ADK_FUNCTION(AdkSetData);
    SKARV_ADK_FUNCTION(AdkAdd);
    SKARV_ADK_FUNCTION(AdkUpdate);
    SKARV_ADK_FUNCTION(AdkFind);
    SKARV_ADK_FUNCTION(AdkFindEx);
    SKARV_ADK_FUNCTION(AdkFirst);
    SKARV_ADK_FUNCTION(AdkNext);
    SKARV_ADK_FUNCTION(AdkPrevious);
    SKARV_ADK_FUNCTION(AdkLast);
    SKARV_ADK_FUNCTION(AdkSetSortOrder);
    SKARV_ADK_FUNCTION(AdkSetFilter);
    SKARV_ADK_FUNCTION(AdkClearFilters);
    SKARV_ADK_FUNCTION(AdkDeleteRecord);
    SKARV_ADK_FUNCTION(AdkDeleteRow);
    SKARV_ADK_FUNCTION(AdkGetFieldName);
    SKARV_ADK_FUNCTION(AdkGetTimestampField);
    SKARV_ADK_FUNCTION(AdkGetType);
    SKARV_ADK_FUNCTION(AdkDateToLong);
    SKARV_ADK_FUNCTION(AdkLongToDate);
    SKARV_ADK_FUNCTION(AdkLongToDateTime);
    SKARV_ADK_FUNCTION(AdkGetVatpercentOnArticle);
    SKARV_ADK_FUNCTION(AdkOpenEx);
    SKARV_ADK_FUNCTION(AdkOpenEx2);
    SKARV_ADK_FUNCTION(AdkFirstEx);
    SKARV_ADK_FUNCTION(AdkNextEx);
    SKARV_ADK_FUNCTION(AdkGetVersion);
    SKARV_ADK_FUNCTION(AdkGetLength);
    SKARV_ADK_FUNCTION(SkarvAdkEmuCreateCompany);
    SKARV_ADK_FUNCTION(SkarvAdkEmuCreateSystemFolder);
    SKARV_ADK_FUNCTION(SkarvAdkEmuLiveStructs);
};

#undef SKARV_ADK_FUNCTION

inline Adk& adk() {
    static Adk instance;
    return instance;
}

// A fresh company directory per test, opened; the test must leave no struct behind.
class AdkTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("skarv-adk-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + info->name());
        std::filesystem::remove_all(dir_);
        live_before_ = a.SkarvAdkEmuLiveStructs();
        ASSERT_EQ(a.SkarvAdkEmuCreateSystemFolder(system().c_str()).lRc, ADKE_OK);
        ASSERT_EQ(a.SkarvAdkEmuCreateCompany(path().c_str(), "Testbolaget AB", "", "").lRc, ADKE_OK);
        ASSERT_EQ(a.AdkOpen(system().c_str(), path().c_str()).lRc, ADKE_OK);
    }
    void TearDown() override {
        a.AdkClose();
        EXPECT_EQ(a.SkarvAdkEmuLiveStructs(), live_before_) << "a data struct was not freed";
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        std::filesystem::remove_all(system_dir(), ec);
    }
    // The company folder, and beside it the system folder ("Gemensamma filer").
    std::string path() const { return dir_.string(); }
    std::filesystem::path system_dir() const { return dir_.string() + "-gemensamma-filer"; }
    std::string system() const { return system_dir().string(); }

    // Helpers over the C API.
    std::string str(PADK_DATA p, int field) {
        char buffer[512];
        char* out = buffer;
        const ADK_ERROR e = a.AdkGetStr(p, field, &out, sizeof buffer);
        EXPECT_EQ(e.lRc, ADKE_OK) << "AdkGetStr field " << field;
        return e.lRc == ADKE_OK ? std::string(buffer) : std::string();
    }
    double dbl(PADK_DATA p, int field) {
        double v = -1;
        EXPECT_EQ(a.AdkGetDouble(p, field, &v).lRc, ADKE_OK) << "AdkGetDouble field " << field;
        return v;
    }
    bool flag(PADK_DATA p, int field) {
        int v = -1;
        EXPECT_EQ(a.AdkGetBool(p, field, &v).lRc, ADKE_OK) << "AdkGetBool field " << field;
        return v != 0;
    }
    long date(PADK_DATA p, int field) {
        long v = -1;
        EXPECT_EQ(a.AdkGetDate(p, field, &v).lRc, ADKE_OK) << "AdkGetDate field " << field;
        return v;
    }
    std::string error_text(ADK_ERROR e, ADK_ERROR_TEXT_TYPE type = elRc) {
        char buffer[256] = {0};
        char* out = buffer;
        a.AdkGetErrorText(&e, type, &out, sizeof buffer);
        return buffer;
    }
    long rc(ADK_ERROR e) { return e.lRc; }

    void add_price_list(const char* code) {
        PADK_DATA p = a.AdkCreateData(ADK_DB_CODE_OF_PRICE_LIST);
        a.AdkSetStr(p, ADK_CODE_OF_PRICE_LIST_CODE, code);
        a.AdkSetStr(p, ADK_CODE_OF_PRICE_LIST_TEXT, "Webbshop");
        EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_OK);
        a.AdkDeleteStruct(p);
    }
    void add_article(const char* number, const char* name, double price, double stock, const char* list = "PL-SE") {
        PADK_DATA p = a.AdkCreateData(ADK_DB_ARTICLE);
        a.AdkSetStr(p, ADK_ARTICLE_NUMBER, number);
        a.AdkSetStr(p, ADK_ARTICLE_NAME, name);
        a.AdkSetStr(p, ADK_ARTICLE_PRICE_LIST, list);
        a.AdkSetDouble(p, ADK_ARTICLE_PRICE, price);
        a.AdkSetDouble(p, ADK_ARTICLE_QUANTITY_IN_STOCK, stock);
        a.AdkSetBool(p, ADK_ARTICLE_WEBSHOP, 1);
        EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_OK) << number;
        a.AdkDeleteStruct(p);
    }
    void add_customer(const char* number, const char* name, const char* list = "PL-SE") {
        PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
        a.AdkSetStr(p, ADK_CUSTOMER_NUMBER, number);
        a.AdkSetStr(p, ADK_CUSTOMER_NAME, name);
        a.AdkSetStr(p, ADK_CUSTOMER_MAILING_ADDRESS, "Storgatan 1");
        a.AdkSetStr(p, ADK_CUSTOMER_ZIPCODE, "111 22");
        a.AdkSetStr(p, ADK_CUSTOMER_CITY, "Stockholm");
        a.AdkSetStr(p, ADK_CUSTOMER_PRICE_LIST, list);
        EXPECT_EQ(rc(a.AdkAdd(p)), ADKE_OK) << number;
        a.AdkDeleteStruct(p);
    }
    double article_double(const char* number, int field) {
        PADK_DATA p = a.AdkCreateData(ADK_DB_ARTICLE);
        a.AdkSetStr(p, ADK_ARTICLE_NUMBER, number);
        EXPECT_EQ(rc(a.AdkFind(p)), ADKE_OK);
        const double v = dbl(p, field);
        a.AdkDeleteStruct(p);
        return v;
    }

    Adk& a = adk();
    std::filesystem::path dir_;
    long live_before_ = 0;
};

}  // namespace adk_test
