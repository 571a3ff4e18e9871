#pragma once
// The part of Visma's ADK (Adk.h / AdkError.h) this connector uses, declared here so the
// plugin depends on sdk/ alone and never on the emulator. Every number below comes from
// Visma's published Adk.h as re-read in shared/research/erp.md (B.2-B.8); the emulator's
// sandboxes/visma-adk/include/adk_emulator/Adk.h carries the same numbers, and
// tests/adk_api_test.cpp checks that the two agree.
//
// Types: Visma's header says INT, LONG, BOOL, DOUBLE, CHAR*; on Windows these are int,
// long (32 bits), int, double, char*, so the plain C types below are ABI-identical. The
// record struct (ADK_DATA) is only ever passed around by pointer, so it stays opaque.

#include <cstddef>
#include <string>

#if defined(_WIN32)
#define VISMA_ADK_CALL __stdcall
#else
#define VISMA_ADK_CALL
#endif

namespace visma::adk {

struct Data;   // ADK_DATA: opaque, owned by the library

// ADK_ERROR, returned by value from almost every function.
struct Error {
    long lRc;
    long lDbTable;
    long lField;
    long lFunction;
    long lProgramPart;
};

// ADK_ERROR_TEXT_TYPE
enum ErrorTextType : int { elRc = 0, elDbTable = 1, elField = 2, elFunction = 3 };

// ADK_DB_* table numbers.
namespace db {
constexpr int customer = 0;
constexpr int article = 1;
constexpr int order_head = 2;
constexpr int order_row = 3;
constexpr int invoice_head = 6;
constexpr int invoice_row = 7;
constexpr int code_of_price_list = 26;
constexpr int price = 37;
constexpr int verification_head = 65;
constexpr int verification_row = 66;
}  // namespace db

// ADK_SORT_ORDER values.
namespace sort {
constexpr int customer_nr = 0;
constexpr int order_nr = 9;
constexpr int invoice_nr = 12;
constexpr int article_nr = 16;
constexpr int code_of_price_list = 43;
constexpr int price_list = 120;
constexpr int article_webshop = 155;
constexpr int timestamp = 220;
}  // namespace sort

namespace customer {
constexpr int number = 0;
constexpr int name = 1;
constexpr int mailing_address = 3;
constexpr int mailing_address2 = 4;
constexpr int zipcode = 6;
constexpr int city = 7;
constexpr int telephone = 9;
constexpr int delivery_name = 12;
constexpr int delivery_address = 13;
constexpr int delivery_address2 = 14;
constexpr int delivery_zipcode = 16;
constexpr int delivery_city = 17;
constexpr int reference = 22;
constexpr int organisation_number = 25;
constexpr int code_of_currency = 37;
constexpr int price_list = 43;
constexpr int vat_number = 59;
constexpr int email = 62;
constexpr int code_of_country = 70;
constexpr int delivery_code_of_country = 71;
constexpr int wscustomer = 77;
constexpr int mobile_phone = 88;
}  // namespace customer

namespace article {
constexpr int number = 0;
constexpr int name = 1;
constexpr int accounting_code = 5;
constexpr int stock_goods = 6;
constexpr int quantity_in_stock = 9;
constexpr int quantity_reserved = 10;
constexpr int price_list = 44;
constexpr int price = 45;
constexpr int disposable_in_stock = 47;
constexpr int bar_code = 67;
constexpr int bar_code_type = 68;
constexpr int webshop = 71;
constexpr int timestamp = 75;
constexpr int inactive = 76;
constexpr int note = 78;
}  // namespace article

// ADK_OOI_HEAD_*: orders, offers and invoices share one field set (research B.5).
namespace ooi_head {
constexpr int document_number = 0;
constexpr int document_connection_number1 = 1;
constexpr int document_cancelled = 7;
constexpr int document_date1 = 8;
constexpr int document_date2 = 9;
constexpr int order_delivered = 10;
constexpr int customer_number = 14;
constexpr int customer_name = 15;
constexpr int mailing_address1 = 16;
constexpr int mailing_address2 = 17;
constexpr int zipcode = 18;
constexpr int city = 19;
constexpr int delivery_name = 21;
constexpr int delivery_mailing_address1 = 22;
constexpr int delivery_mailing_address2 = 23;
constexpr int delivery_zipcode = 24;
constexpr int delivery_city = 25;
constexpr int customer_reference_name = 27;
constexpr int customer_order_number = 28;
constexpr int currency_code = 33;
constexpr int including_vat = 41;
constexpr int list_of_price_code = 43;
constexpr int code_of_way_of_delivery = 48;
constexpr int text1 = 49;
constexpr int text2 = 50;
constexpr int text3 = 51;
constexpr int cargo_amount = 56;
constexpr int cargo_vat_code = 57;
constexpr int round_off = 60;
constexpr int total_amount = 61;
constexpr int balance = 62;
constexpr int gross = 96;
constexpr int rows = 103;
constexpr int nrows = 104;
constexpr int local_remark = 105;
constexpr int code_of_country = 113;
constexpr int delivery_code_of_country = 114;
constexpr int last_payment = 120;
constexpr int timestamp = 137;
}  // namespace ooi_head

// ADK_VERIFICATION_HEAD_* / ADK_VERIFICATION_ROW_* (research/erp.md B.6, "Vouchers").
namespace verification_head {
constexpr int aar_id = 0;
constexpr int ver_nr = 1;
constexpr int date1 = 2;
constexpr int info = 5;
constexpr int rows = 14;
constexpr int nrows = 15;
constexpr int ver_serie = 16;
}  // namespace verification_head
namespace verification_row {
constexpr int amount = 5;
constexpr int account = 8;
constexpr int info = 9;
}  // namespace verification_row

namespace ooi_row {
constexpr int article_number = 0;
constexpr int quantity1 = 2;
constexpr int quantity2 = 3;
constexpr int price_each_current_currency = 5;
constexpr int text = 14;
constexpr int vat_code = 16;
}  // namespace ooi_row

namespace price_list {
constexpr int code = 0;
constexpr int text = 1;
constexpr int currency_code = 2;
constexpr int including_vat = 4;
constexpr int timestamp = 15;
}  // namespace price_list

namespace price {
constexpr int price_list = 0;
constexpr int article_number = 1;
constexpr int quantity = 2;
constexpr int price = 3;
constexpr int base = 4;
constexpr int timestamp = 7;
}  // namespace price

// ADKE_* (AdkError.h): the ones this connector tells apart.
namespace rc {
constexpr long ok = 0;
constexpr long internal = 1;
constexpr long could_not_find_article = 20;
constexpr long could_not_find_customer = 21;
constexpr long invalid_pricelist = 35;
constexpr long oof_invalid_customer = 49;
constexpr long oof_invalid_article = 50;
constexpr long customer_invalid_customernr = 51;
constexpr long bof = 78;
constexpr long eof = 79;
constexpr long no_db_open = 80;
constexpr long not_found = 115;
constexpr long invalid_path_company = 116;
constexpr long invalid_adm_path = 137;
constexpr long too_many_signs = 180;
constexpr long key_taken = 214;
constexpr long exclusive_lock = 486;
constexpr long login_denied = 674;
constexpr long login_fail = 676;
}  // namespace rc

// Function pointer types, one per ADK function used (names and parameter lists from
// Adk.h, research B.4). All are __stdcall on Windows.
extern "C" {
using CreateData = Data*(VISMA_ADK_CALL*)(int db);
using CreateDataRow = Data*(VISMA_ADK_CALL*)(int db, int count);
using GetDataRow = Data*(VISMA_ADK_CALL*)(Data* rows, int index);
using DeleteStruct = Error(VISMA_ADK_CALL*)(Data* p);
using GetStr = Error(VISMA_ADK_CALL*)(Data* p, int field, char** value, int length);
using GetBool = Error(VISMA_ADK_CALL*)(Data* p, int field, int* value);
using GetDouble = Error(VISMA_ADK_CALL*)(Data* p, int field, double* value);
using GetDate = Error(VISMA_ADK_CALL*)(Data* p, int field, long* value);
using GetData = Error(VISMA_ADK_CALL*)(Data* p, int field, int index, Data** row);
using SetStr = Error(VISMA_ADK_CALL*)(Data* p, int field, const char* value);
using SetBool = Error(VISMA_ADK_CALL*)(Data* p, int field, int value);
using SetDouble = Error(VISMA_ADK_CALL*)(Data* p, int field, double value);
using SetDate = Error(VISMA_ADK_CALL*)(Data* p, int field, long value);
using SetData = Error(VISMA_ADK_CALL*)(Data* p, int field, Data* rows);
using GetLength = Error(VISMA_ADK_CALL*)(Data* p, int field, int* length);
using Record = Error(VISMA_ADK_CALL*)(Data* p);                  // AdkAdd, AdkUpdate, AdkFind
using RecordEx = Error(VISMA_ADK_CALL*)(Data* p, int with_rows); // AdkFirstEx, AdkNextEx
using SetSortOrder = Error(VISMA_ADK_CALL*)(Data* p, int sort_order);
using SetFilter = Error(VISMA_ADK_CALL*)(Data* p, int field, const char* expression, int version);
using Open = Error(VISMA_ADK_CALL*)(const char* system_path, const char* company_path);
using Open2 = Error(VISMA_ADK_CALL*)(const char* system_path, const char* company_path, const char* user,
                                     const char* password);
using Close = void(VISMA_ADK_CALL*)();
using GetErrorText = void(VISMA_ADK_CALL*)(Error* error, int type, char** buffer, int length);
using DateToLong = Error(VISMA_ADK_CALL*)(const char* text, long* value);
using LongToDate = Error(VISMA_ADK_CALL*)(long value, char** buffer, int length);
using GetVersion = void(VISMA_ADK_CALL*)(long* major, long* minor);
using GetVatpercentOnArticle = Error(VISMA_ADK_CALL*)(const char* article, double* percent);
}

// The resolved function table: what the rest of the plugin calls.
struct Api {
    CreateData AdkCreateData = nullptr;
    CreateDataRow AdkCreateDataRow = nullptr;
    GetDataRow AdkGetDataRow = nullptr;
    DeleteStruct AdkDeleteStruct = nullptr;
    GetStr AdkGetStr = nullptr;
    GetBool AdkGetBool = nullptr;
    GetDouble AdkGetDouble = nullptr;
    GetDate AdkGetDate = nullptr;
    GetData AdkGetData = nullptr;
    SetStr AdkSetStr = nullptr;
    SetBool AdkSetBool = nullptr;
    SetDouble AdkSetDouble = nullptr;
    SetDate AdkSetDate = nullptr;
    SetData AdkSetData = nullptr;
    GetLength AdkGetLength = nullptr;
    Record AdkAdd = nullptr;
    Record AdkUpdate = nullptr;
    Record AdkFind = nullptr;
    RecordEx AdkFirstEx = nullptr;
    RecordEx AdkNextEx = nullptr;
    SetSortOrder AdkSetSortOrder = nullptr;
    SetFilter AdkSetFilter = nullptr;
    Open AdkOpen = nullptr;
    Open2 AdkOpen2 = nullptr;
    Close AdkClose = nullptr;
    GetErrorText AdkGetErrorText = nullptr;
    DateToLong AdkDateToLong = nullptr;
    LongToDate AdkLongToDate = nullptr;
    LongToDate AdkLongToDateTime = nullptr;
    DateToLong AdkDateTimeToLong = nullptr;
    GetVersion AdkGetVersion = nullptr;   // optional: 5.1 and later
    GetVatpercentOnArticle AdkGetVatpercentOnArticle = nullptr;   // optional (4.4); only `probe` uses it
};

}  // namespace visma::adk
