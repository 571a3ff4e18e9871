// The tables, fields and sort orders the emulator serves. Numbers and types come from
// the public header (Adk.h constants).

#include "internal.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace skarv::adk_emu {

namespace {

struct Spec {
    int id;
    const char* name;
    FieldType type;
    int length;
    bool read_write;
    bool date_time;
};

// guess visma.field-lengths, docs/guesses.md
#define CH(id, len) Spec{id, #id, FieldType::Char, len, true, false}
#define CH_RO(id, len) Spec{id, #id, FieldType::Char, len, false, false}
#define DB(id) Spec{id, #id, FieldType::Double, 0, true, false}
#define DB_RO(id) Spec{id, #id, FieldType::Double, 0, false, false}
#define BO(id) Spec{id, #id, FieldType::Bool, 0, true, false}
#define DA(id) Spec{id, #id, FieldType::Date, 0, true, false}
#define DA_RO(id) Spec{id, #id, FieldType::Date, 0, false, false}
#define TS(id) Spec{id, #id, FieldType::Date, 0, false, true}
#define ROWS(id) Spec{id, #id, FieldType::Data, 0, true, false}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

TableDef make_table(int db_id, std::string sql_table, long adke, std::string_view prefix,
                    std::initializer_list<Spec> specs) {
    TableDef t;
    t.db_id = db_id;
    t.sql_table = std::move(sql_table);
    t.adke_dbtable = adke;
    int last = 0;
    for (const auto& s : specs) last = std::max(last, s.id);
    t.last_field_id = last;
    t.fields.resize(static_cast<size_t>(last) + 1);
    for (const auto& s : specs) {
        FieldDef& f = t.fields[static_cast<size_t>(s.id)];
        f.id = s.id;
        f.name = s.name;
        std::string_view n(s.name);
        f.column = lower(n.substr(prefix.size()));
        f.type = s.type;
        f.length = s.length;
        f.decimals = s.type == FieldType::Double ? 2 : 0;
        f.read_write = s.read_write;
        f.date_time = s.date_time;
    }
    return t;
}

TableDef customer_table() {
    TableDef t = make_table(ADK_DB_CUSTOMER, "customer", ADKE_DBTABLE_CUSTOMER, "ADK_CUSTOMER_", {
        CH(ADK_CUSTOMER_NUMBER, 16), CH(ADK_CUSTOMER_NAME, 50), CH(ADK_CUSTOMER_SHORT_NAME, 10),
        CH(ADK_CUSTOMER_MAILING_ADDRESS, 50), CH(ADK_CUSTOMER_MAILING_ADDRESS2, 50),
        CH(ADK_CUSTOMER_ZIPCODE, 10), CH(ADK_CUSTOMER_CITY, 35), CH(ADK_CUSTOMER_COUNTRY, 35),
        CH(ADK_CUSTOMER_TELEPHONE, 25), CH(ADK_CUSTOMER_DELIVERY_NAME, 50),
        CH(ADK_CUSTOMER_DELIVERY_ADDRESS, 50), CH(ADK_CUSTOMER_DELIVERY_ADDRESS2, 50),
        CH(ADK_CUSTOMER_DELIVERY_ZIPCODE, 10), CH(ADK_CUSTOMER_DELIVERY_CITY, 35),
        CH(ADK_CUSTOMER_DELIVERY_COUNTRY, 35), CH(ADK_CUSTOMER_DELIVERY_TELEPHONE, 25),
        CH(ADK_CUSTOMER_REFERENCE, 50), CH(ADK_CUSTOMER_ORGANISATION_NUMBER, 15),
        CH(ADK_CUSTOMER_CATEGORY, 10), CH(ADK_CUSTOMER_CODE_OF_TERMS_OF_DELIVERY, 10),
        CH(ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT, 10), CH(ADK_CUSTOMER_CODE_OF_WAY_OF_DELIVERY, 10),
        CH(ADK_CUSTOMER_CODE_OF_CURRENCY, 3), CH(ADK_CUSTOMER_CODE_OF_LANGUAGE, 3),
        CH(ADK_CUSTOMER_PRICE_LIST, 10), DB(ADK_CUSTOMER_INVOICE_DISCOUNT), DB(ADK_CUSTOMER_ROW_DISCOUNT),
        CH(ADK_CUSTOMER_REMARK1, 60), CH(ADK_CUSTOMER_REMARK2, 60), DB(ADK_CUSTOMER_CREDIT_LIMIT),
        CH(ADK_CUSTOMER_VAT_NUMBER, 20), BO(ADK_CUSTOMER_EU_CUSTOMER), CH(ADK_CUSTOMER_EMAIL, 100),
        DA_RO(ADK_CUSTOMER_LASTCHANGE), CH(ADK_CUSTOMER_CODE_OF_COUNTRY, 2),
        CH(ADK_CUSTOMER_DELIVERY_CODE_OF_COUNTRY, 2), BO(ADK_CUSTOMER_WSCUSTOMER),
        CH(ADK_CUSTOMER_MOBILE_PHONE, 25), BO(ADK_CUSTOMER_ACCEPT_COMMERCIAL_EMAIL),
        CH(ADK_CUSTOMER_NOTES, 1000), TS(ADK_CUSTOMER_TIMESTAMP), BO(ADK_CUSTOMER_INACTIVE),
    });
    t.timestamp_field = ADK_CUSTOMER_TIMESTAMP;
    t.unique_key = {ADK_CUSTOMER_NUMBER};
    t.default_sort = eCustomerNr;
    return t;
}

TableDef article_table() {
    TableDef t = make_table(ADK_DB_ARTICLE, "article", ADKE_DBTABLE_ARTICLE, "ADK_ARTICLE_", {
        CH(ADK_ARTICLE_NUMBER, 16), CH(ADK_ARTICLE_NAME, 60), CH(ADK_ARTICLE_NAME_X, 60),
        CH(ADK_ARTICLE_SHORT_NAME, 10), CH(ADK_ARTICLE_GROUP, 10), CH(ADK_ARTICLE_ACCOUNTING_CODE, 10),
        BO(ADK_ARTICLE_STOCK_GOODS), CH(ADK_ARTICLE_UNIT_CODE, 5), CH(ADK_ARTICLE_SORT_ORDER, 10),
        DB(ADK_ARTICLE_QUANTITY_IN_STOCK), DB_RO(ADK_ARTICLE_QUANTITY_RESERVED), DB(ADK_ARTICLE_ORDER_POINT),
        DB_RO(ADK_ARTICLE_ORDERED_QUANTITY), CH(ADK_ARTICLE_PLACE_IN_STOCK, 10), DB(ADK_ARTICLE_WEIGHT),
        DB(ADK_ARTICLE_VOLUME), CH(ADK_ARTICLE_SUPPLIER_NUMBER, 16), DB(ADK_ARTICLE_LAST_PURCHASE_PRICE),
        CH(ADK_ARTICLE_REMARK1, 60), CH(ADK_ARTICLE_REMARK2, 60), DB(ADK_ARTICLE_ESTIMATED_PURCHASE_PRICE),
        DB_RO(ADK_ARTICLE_STOCK_VALUE), CH(ADK_ARTICLE_PRICE_LIST, 10), DB(ADK_ARTICLE_PRICE),
        DB_RO(ADK_ARTICLE_DISPOSABLE_IN_STOCK), CH(ADK_ARTICLE_BAR_CODE, 20), DB(ADK_ARTICLE_BAR_CODE_TYPE),
        BO(ADK_ARTICLE_PARCEL), BO(ADK_ARTICLE_WEBSHOP), CH(ADK_ARTICLE_IMAGE_PATH, 250),
        CH(ADK_ARTICLE_TYPE_OF_ARTICLE, 1), TS(ADK_ARTICLE_TIMESTAMP), BO(ADK_ARTICLE_INACTIVE),
        CH(ADK_ARTICLE_NOTE, 4000),
    });
    t.timestamp_field = ADK_ARTICLE_TIMESTAMP;
    t.unique_key = {ADK_ARTICLE_NUMBER};
    t.default_sort = eArticleNr;
    return t;
}

TableDef ooi_head(int db_id, std::string sql, long adke, int row_db, int sort) {
    TableDef t = make_table(db_id, std::move(sql), adke, "ADK_OOI_HEAD_", {
        DB(ADK_OOI_HEAD_DOCUMENT_NUMBER), DB(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1),
        DB(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER2), DB(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER3),
        DB(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER4), BO(ADK_OOI_HEAD_DOCUMENT_NOT_DONE),
        BO(ADK_OOI_HEAD_DOCUMENT_PRINTED), BO(ADK_OOI_HEAD_DOCUMENT_CANCELLED),
        DA(ADK_OOI_HEAD_DOCUMENT_DATE1), DA(ADK_OOI_HEAD_DOCUMENT_DATE2), BO(ADK_OOI_HEAD_ORDER_DELIVERED),
        BO(ADK_OOI_HEAD_ORDER_PICK_PRINTED), BO(ADK_OOI_HEAD_ORDER_DELIVERY_NOTE_PRINTED),
        CH(ADK_OOI_HEAD_TYPE_OF_INVOICE, 1), CH(ADK_OOI_HEAD_CUSTOMER_NUMBER, 16),
        CH(ADK_OOI_HEAD_CUSTOMER_NAME, 50), CH(ADK_OOI_HEAD_MAILING_ADDRESS1, 50),
        CH(ADK_OOI_HEAD_MAILING_ADDRESS2, 50), CH(ADK_OOI_HEAD_ZIPCODE, 10), CH(ADK_OOI_HEAD_CITY, 35),
        CH(ADK_OOI_HEAD_COUNTRY, 35), CH(ADK_OOI_HEAD_DELIVERY_NAME, 50),
        CH(ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS1, 50), CH(ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS2, 50),
        CH(ADK_OOI_HEAD_DELIVERY_ZIPCODE, 10), CH(ADK_OOI_HEAD_DELIVERY_CITY, 35),
        CH(ADK_OOI_HEAD_DELIVERY_COUNTRY, 35), CH(ADK_OOI_HEAD_CUSTOMER_REFERENCE_NAME, 50),
        // Research: grimen truncates the customer order number to 20 characters.
        CH(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, 20), CH(ADK_OOI_HEAD_CUSTOMER_REFERENCE_NUMBER, 20),
        CH(ADK_OOI_HEAD_OUR_REFERENCE_NAME, 50), CH(ADK_OOI_HEAD_SELLER_CODE, 10),
        CH(ADK_OOI_HEAD_CURRENCY_CODE, 3), CH(ADK_OOI_HEAD_LANGUAGE_CODE, 3), DB(ADK_OOI_HEAD_CURRENCY_RATE),
        BO(ADK_OOI_HEAD_INCLUDING_VAT), CH(ADK_OOI_HEAD_LIST_OF_PRICE_CODE, 10),
        DB(ADK_OOI_HEAD_INVOICE_DISCOUNT), CH(ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT, 10),
        CH(ADK_OOI_HEAD_CODE_OF_TERMS_OF_DELIVERY, 10), CH(ADK_OOI_HEAD_CODE_OF_WAY_OF_DELIVERY, 10),
        // Research: Synologen keeps TEXT1..3 within 60 characters.
        CH(ADK_OOI_HEAD_TEXT1, 60), CH(ADK_OOI_HEAD_TEXT2, 60), CH(ADK_OOI_HEAD_TEXT3, 60),
        DB(ADK_OOI_HEAD_CARGO_AMOUNT), CH(ADK_OOI_HEAD_CARGO_VAT_CODE, 1), DB(ADK_OOI_HEAD_DISPATCH_FEE),
        DB_RO(ADK_OOI_HEAD_ROUND_OFF), DB_RO(ADK_OOI_HEAD_TOTAL_AMOUNT), DB_RO(ADK_OOI_HEAD_BALANCE),
        CH(ADK_OOI_HEAD_PROJECT_CODE, 10), CH(ADK_OOI_HEAD_PROFIT_CENTRE, 10), DB_RO(ADK_OOI_HEAD_GROSS),
        DB_RO(ADK_OOI_HEAD_NET), DB_RO(ADK_OOI_HEAD_EXCLUDING_OF_VAT), DB_RO(ADK_OOI_HEAD_VAT_AMOUNT),
        ROWS(ADK_OOI_HEAD_ROWS), DB(ADK_OOI_HEAD_NROWS), CH(ADK_OOI_HEAD_LOCAL_REMARK, 250),
        CH_RO(ADK_OOI_HEAD_OCR_NUMBER, 25), CH(ADK_OOI_HEAD_CODE_OF_COUNTRY, 2),
        CH(ADK_OOI_HEAD_DELIVERY_CODE_OF_COUNTRY, 2), DA_RO(ADK_OOI_HEAD_LAST_PAYMENT),
        TS(ADK_OOI_HEAD_TIMESTAMP), DB(ADK_OOI_HEAD_DELIVERY_ID), CH(ADK_OOI_HEAD_ELECTRONIC_REFERENCE, 50),
    });
    t.row_db_id = row_db;
    t.rows_field = ADK_OOI_HEAD_ROWS;
    t.nrows_field = ADK_OOI_HEAD_NROWS;
    t.timestamp_field = ADK_OOI_HEAD_TIMESTAMP;
    t.number_field = ADK_OOI_HEAD_DOCUMENT_NUMBER;
    t.unique_key = {ADK_OOI_HEAD_DOCUMENT_NUMBER};
    t.default_sort = sort;
    return t;
}

TableDef ooi_row(int db_id, std::string sql, long adke) {
    TableDef t = make_table(db_id, std::move(sql), adke, "ADK_OOI_ROW_", {
        CH(ADK_OOI_ROW_ARTICLE_NUMBER, 16), CH(ADK_OOI_ROW_SUPPLIER_ARTICLE_NUMBER, 25),
        DB(ADK_OOI_ROW_QUANTITY1), DB(ADK_OOI_ROW_QUANTITY2), DB(ADK_OOI_ROW_QUANTITY3),
        DB(ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY), DB(ADK_OOI_ROW_DISCOUNT),
        BO(ADK_OOI_ROW_AMOUNT_DISCOUNT_FLAG), DB_RO(ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY),
        DB_RO(ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY),
        // Research: Synologen limits the account number to 6 characters.
        CH(ADK_OOI_ROW_ACCOUNT_NUMBER, 6), CH(ADK_OOI_ROW_PROFIT_CENTRE, 10), CH(ADK_OOI_ROW_PROJECT, 10),
        CH(ADK_OOI_ROW_TEXT, 60), CH(ADK_OOI_ROW_UNIT, 5), CH(ADK_OOI_ROW_VAT_CODE, 1),
        DA(ADK_OOI_ROW_DATE2), CH(ADK_OOI_ROW_TYPE_OF_ROW, 1), CH(ADK_OOI_ROW_BAR_CODE, 20),
        DB_RO(ADK_OOI_ROW_ROWNUMBER), CH(ADK_OOI_ROW_SERIAL_NUMBER, 30), CH(ADK_OOI_ROW_BATCH_NUMBER, 30),
        TS(ADK_OOI_ROW_TIMESTAMP),
    });
    t.is_row_table = true;
    t.timestamp_field = ADK_OOI_ROW_TIMESTAMP;
    return t;
}

TableDef price_list_table() {
    TableDef t = make_table(ADK_DB_CODE_OF_PRICE_LIST, "price_list", ADKE_DBTABLE_PRICELIST, "ADK_CODE_OF_PRICE_LIST_", {
        CH(ADK_CODE_OF_PRICE_LIST_CODE, 10), CH(ADK_CODE_OF_PRICE_LIST_TEXT, 50),
        CH(ADK_CODE_OF_PRICE_LIST_CURRENCY_CODE, 3), CH(ADK_CODE_OF_PRICE_LIST_LANGUAGE_CODE, 3),
        BO(ADK_CODE_OF_PRICE_LIST_INCLUDING_VAT), CH(ADK_CODE_OF_PRICE_LIST_NOTE, 250),
        DA_RO(ADK_CODE_OF_PRICE_LIST_CHANGE_DATE), TS(ADK_CODE_OF_PRICE_LIST_TIMESTAMP),
    });
    t.timestamp_field = ADK_CODE_OF_PRICE_LIST_TIMESTAMP;
    t.unique_key = {ADK_CODE_OF_PRICE_LIST_CODE};
    t.default_sort = eCodeOfPriceList;
    return t;
}

TableDef price_table() {
    TableDef t = make_table(ADK_DB_PRICE, "price", ADKE_DBTABLE_PRICE, "ADK_PRICE_", {
        CH(ADK_PRICE_PRICE_LIST, 10), CH(ADK_PRICE_ARTICLE_NUMBER, 16), DB(ADK_PRICE_QUANTITY),
        DB(ADK_PRICE_PRICE), BO(ADK_PRICE_BASE), DB(ADK_PRICE_PER_CENT), DA_RO(ADK_PRICE_DATE_OF_CHANGE),
        TS(ADK_PRICE_TIMESTAMP),
    });
    t.timestamp_field = ADK_PRICE_TIMESTAMP;
    t.unique_key = {ADK_PRICE_PRICE_LIST, ADK_PRICE_ARTICLE_NUMBER, ADK_PRICE_QUANTITY};
    t.default_sort = ePriceList;
    return t;
}

TableDef customer_payment_table() {
    TableDef t = make_table(ADK_DB_CUSTOMERPAYMENT, "customer_payment", ADKE_DBTABLE_CUSTOMERPAYMENT, "ADK_CUSTOMERPAYMENT_", {
        DB(ADK_CUSTOMERPAYMENT_NR), DB(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER), DA(ADK_CUSTOMERPAYMENT_DATE),
        DB(ADK_CUSTOMERPAYMENT_AMOUNT_KR), CH(ADK_CUSTOMERPAYMENT_PAYTEXT, 50),
        CH(ADK_CUSTOMERPAYMENT_CURRENCY_CODE, 3), CH(ADK_CUSTOMERPAYMENT_PAYMENT_CODE, 10),
        CH(ADK_CUSTOMERPAYMENT_STATUS, 1), BO(ADK_CUSTOMERPAYMENT_CANCELLED), CH(ADK_CUSTOMERPAYMENT_STATUS_C, 1),
        BO(ADK_CUSTOMERPAYMENT_SETTLED), DB(ADK_CUSTOMERPAYMENT_AMOUNT_PAID), TS(ADK_CUSTOMERPAYMENT_TIMESTAMP),
    });
    t.timestamp_field = ADK_CUSTOMERPAYMENT_TIMESTAMP;
    t.number_field = ADK_CUSTOMERPAYMENT_NR;
    t.unique_key = {ADK_CUSTOMERPAYMENT_NR};
    t.default_sort = eCustomerPaymentInvoice;
    return t;
}

TableDef verification_head_table() {
    TableDef t = make_table(ADK_DB_VERIFICATION_HEAD, "verification_head", ADKE_DBTABLE_VER, "ADK_VERIFICATION_HEAD_", {
        CH(ADK_VERIFICATION_HEAD_AAR_ID, 10), DB(ADK_VERIFICATION_HEAD_VER_NR), DA(ADK_VERIFICATION_HEAD_DATE1),
        CH(ADK_VERIFICATION_HEAD_INFO, 60), DB_RO(ADK_VERIFICATION_HEAD_DEBIT), DB_RO(ADK_VERIFICATION_HEAD_CREDIT),
        ROWS(ADK_VERIFICATION_HEAD_ROWS), DB(ADK_VERIFICATION_HEAD_NROWS), CH(ADK_VERIFICATION_HEAD_VER_SERIE, 2),
        TS(ADK_VERIFICATION_HEAD_TIMESTAMP),
    });
    t.row_db_id = ADK_DB_VERIFICATION_ROW;
    t.rows_field = ADK_VERIFICATION_HEAD_ROWS;
    t.nrows_field = ADK_VERIFICATION_HEAD_NROWS;
    t.timestamp_field = ADK_VERIFICATION_HEAD_TIMESTAMP;
    t.number_field = ADK_VERIFICATION_HEAD_VER_NR;
    t.unique_key = {ADK_VERIFICATION_HEAD_VER_NR};
    t.default_sort = eVerificationNr;
    return t;
}

TableDef verification_row_table() {
    TableDef t = make_table(ADK_DB_VERIFICATION_ROW, "verification_row", ADKE_DBTABLE_VER_ROW, "ADK_VERIFICATION_ROW_", {
        DB_RO(ADK_VERIFICATION_ROW_ROW), DB(ADK_VERIFICATION_ROW_AMOUNT), CH(ADK_VERIFICATION_ROW_ACCOUNT, 6),
        CH(ADK_VERIFICATION_ROW_INFO, 60), CH(ADK_VERIFICATION_ROW_PROJECT, 10),
        CH(ADK_VERIFICATION_ROW_PROFIT_CENTRE, 10), DB(ADK_VERIFICATION_ROW_QUANTITY),
        CH(ADK_VERIFICATION_ROW_VER_SERIE, 2),
    });
    t.is_row_table = true;
    return t;
}

struct Catalogue {
    std::vector<TableDef> tables;
    std::vector<SortOrderDef> sorts;
};

const Catalogue& catalogue() {
    static const Catalogue c = [] {
        Catalogue k;
        k.tables.push_back(customer_table());
        k.tables.push_back(article_table());
        k.tables.push_back(ooi_head(ADK_DB_ORDER_HEAD, "order_head", ADKE_DBTABLE_ORDER, ADK_DB_ORDER_ROW, eOrderNr));
        k.tables.push_back(ooi_row(ADK_DB_ORDER_ROW, "order_row", ADKE_DBTABLE_ORDER_ROW));
        k.tables.push_back(ooi_head(ADK_DB_OFFER_HEAD, "offer_head", ADKE_DBTABLE_OFFER, ADK_DB_OFFER_ROW, eOfferNr));
        k.tables.push_back(ooi_row(ADK_DB_OFFER_ROW, "offer_row", ADKE_DBTABLE_OFFER_ROW));
        // The invoice tables carry the generic OOF / article-row table codes (54, 55).
        k.tables.push_back(ooi_head(ADK_DB_INVOICE_HEAD, "invoice_head", ADKE_DBTABLE_OOF, ADK_DB_INVOICE_ROW, eInvoiceNr));
        k.tables.push_back(ooi_row(ADK_DB_INVOICE_ROW, "invoice_row", 55));
        k.tables.push_back(price_list_table());
        k.tables.push_back(price_table());
        k.tables.push_back(customer_payment_table());
        k.tables.push_back(verification_head_table());
        k.tables.push_back(verification_row_table());

        auto add = [&k](int id, int db, std::vector<int> fields, std::string where = {}) {
            k.sorts.push_back(SortOrderDef{id, db, std::move(fields), std::move(where)});
        };
        add(eCustomerNr, ADK_DB_CUSTOMER, {ADK_CUSTOMER_NUMBER});
        add(eCustomerName, ADK_DB_CUSTOMER, {ADK_CUSTOMER_NAME});
        add(eCustomerEmail, ADK_DB_CUSTOMER, {ADK_CUSTOMER_EMAIL});
        add(eArticleNr, ADK_DB_ARTICLE, {ADK_ARTICLE_NUMBER});
        add(eArticleName, ADK_DB_ARTICLE, {ADK_ARTICLE_NAME});
        add(eArticleGroup, ADK_DB_ARTICLE, {ADK_ARTICLE_GROUP});
        add(eArticleWebShop, ADK_DB_ARTICLE, {ADK_ARTICLE_NUMBER}, "webshop <> 0");
        for (int db : {ADK_DB_ORDER_HEAD, ADK_DB_OFFER_HEAD, ADK_DB_INVOICE_HEAD}) {
            add(eCustomerNr, db, {ADK_OOI_HEAD_CUSTOMER_NUMBER});
            add(eCustomerName, db, {ADK_OOI_HEAD_CUSTOMER_NAME});
        }
        add(eOfferNr, ADK_DB_OFFER_HEAD, {ADK_OOI_HEAD_DOCUMENT_NUMBER});
        add(eOrderNr, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_DOCUMENT_NUMBER});
        add(eOrderDate, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_DOCUMENT_DATE1});
        add(eOrderDeliveryDate, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_DOCUMENT_DATE2});
        // "No invoice": the order has not been turned into an invoice (guess visma.order-invoice-link, docs/guesses.md).
        add(eOrderNoInvoiceCustomerNr, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_CUSTOMER_NUMBER},
            "document_connection_number1 = 0 AND document_cancelled = 0");
        add(eOrderNoInvoice, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_DOCUMENT_NUMBER},
            "document_connection_number1 = 0 AND document_cancelled = 0");
        add(eOrderNotDelivered, ADK_DB_ORDER_HEAD, {ADK_OOI_HEAD_DOCUMENT_NUMBER},
            "order_delivered = 0 AND document_cancelled = 0");
        add(eInvoiceNr, ADK_DB_INVOICE_HEAD, {ADK_OOI_HEAD_DOCUMENT_NUMBER});
        add(eInvoiceDate, ADK_DB_INVOICE_HEAD, {ADK_OOI_HEAD_DOCUMENT_DATE1});
        add(eInvoiceNotPayedCustomerNr, ADK_DB_INVOICE_HEAD, {ADK_OOI_HEAD_CUSTOMER_NUMBER},
            "abs(balance) >= 0.005 AND document_cancelled = 0");
        add(eInvoiceNotPayedDate, ADK_DB_INVOICE_HEAD, {ADK_OOI_HEAD_DOCUMENT_DATE2},
            "abs(balance) >= 0.005 AND document_cancelled = 0");
        add(eInvoicePayedCustomerNr, ADK_DB_INVOICE_HEAD, {ADK_OOI_HEAD_CUSTOMER_NUMBER},
            "abs(balance) < 0.005 AND document_cancelled = 0");
        add(eCodeOfPriceList, ADK_DB_CODE_OF_PRICE_LIST, {ADK_CODE_OF_PRICE_LIST_CODE});
        add(ePriceArticleNr, ADK_DB_PRICE, {ADK_PRICE_ARTICLE_NUMBER, ADK_PRICE_PRICE_LIST, ADK_PRICE_QUANTITY});
        add(ePriceList, ADK_DB_PRICE, {ADK_PRICE_PRICE_LIST, ADK_PRICE_ARTICLE_NUMBER, ADK_PRICE_QUANTITY});
        add(eCustomerPaymentInvoice, ADK_DB_CUSTOMERPAYMENT,
            {ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, ADK_CUSTOMERPAYMENT_NR});
        add(eVerificationNr, ADK_DB_VERIFICATION_HEAD, {ADK_VERIFICATION_HEAD_VER_NR});
        for (const auto& t : k.tables)
            if (!t.is_row_table && t.timestamp_field >= 0) add(eTimeStamp, t.db_id, {t.timestamp_field});
        return k;
    }();
    return c;
}

}  // namespace

const FieldDef* TableDef::field(int id) const {
    if (id < 0 || id > last_field_id) return nullptr;
    const FieldDef& f = fields[static_cast<size_t>(id)];
    return f.type == FieldType::Unused ? nullptr : &f;
}

const TableDef* find_table(int db_id) {
    for (const auto& t : catalogue().tables)
        if (t.db_id == db_id) return &t;
    return nullptr;
}

const SortOrderDef* find_sort_order(int sort_id, int db_id) {
    for (const auto& s : catalogue().sorts)
        if (s.id == sort_id && s.db_id == db_id) return &s;
    return nullptr;
}

const SortOrderDef& default_sort_order(const TableDef& table) {
    const SortOrderDef* s = find_sort_order(table.default_sort, table.db_id);
    static const SortOrderDef by_rid{-1, -1, {}, {}};
    return s ? *s : by_rid;
}

}  // namespace skarv::adk_emu
