// ADK_ERROR values and AdkGetErrorText. The numbers are Visma's (AdkError.h via the
// research); the texts are the emulator's own Swedish wording, since the real ones are
// not public. Texts leave the library in the caller's encoding like every string.

#include "internal.hpp"

#include <string>
#include <utility>

namespace skarv::adk_emu {

namespace {

const std::pair<long, const char*> kTexts[] = {
    {ADKE_OK, "OK"},
    {ADKE_INTERNAL, "Internt fel i Visma Integration"},
    {ADKE_ORDER_EDIT_DENIED_CREATED, "Ordern kan inte ändras, den har redan skapat en faktura"},
    {ADKE_ORDER_EDIT_DENIED_DELIVERED, "Ordern kan inte ändras, den är levererad"},
    {ADKE_COULD_NOT_FIND_ARTICLE, "Artikeln finns inte"},
    {ADKE_COULD_NOT_FIND_CUSTOMER, "Kunden finns inte"},
    {ADKE_INVALID_PRISL, "Prislistan finns inte"},
    {ADKE_OOF_INVALID_CUSTOMER, "Ogiltigt kundnummer på dokumentet"},
    {ADKE_OOF_INVALID_ARTICLE, "Ogiltigt artikelnummer på dokumentraden"},
    {ADKE_CUSTOMER_INVALID_CUSTOMERNR, "Kundnumret är ogiltigt eller används redan"},
    {ADKE_BOF, "Början av registret"},
    {ADKE_EOF, "Slutet av registret"},
    {ADKE_NO_DB_OPEN, "Inget företag är öppnat"},
    {ADKE_UNKNON_DB_FIELD, "Okänt fält"},
    {ADKE_INVALID_DATA_TYPE, "Fel datatyp för fältet"},
    {ADKE_NOT_VALID_SORTORDER, "Sorteringsordningen gäller inte registret"},
    {ADKE_INVALID_DB, "Okänt register"},
    {ADKE_EDIT_DENIED_FIELD, "Fältet får inte ändras"},
    {ADKE_INVALID_INDEX, "Ogiltigt radindex"},
    {ADKE_NO_KEY, "Nyckelfältet saknar värde"},
    {ADKE_LONG_TO_DATE, "Talet är inget giltigt datum"},
    {ADKE_TO_SHORT_STRING, "Bufferten är för kort"},
    {ADKE_NOT_FOUND, "Posten hittades inte"},
    {ADKE_INVALID_PATH_COMPANY, "Ogiltig sökväg till företaget"},
    {ADKE_INVALID_ADM_PATH, "Ogiltig sökväg till Gemensamma filer"},
    {ADKE_DATE_TO_LONG, "Texten är inget giltigt datum (åååå-mm-dd)"},
    {ADKE_EDIT_DENIED_INVOICE_PAYED, "Fakturan är betald och kan inte ändras"},
    {ADKE_DELETE_DENIED, "Posten får inte tas bort"},
    {ADKE_TOO_MANY_SIGNS, "För många tecken i fältet"},
    {ADKE_INVALID_STRUCT_POINTER, "Ogiltig datastruktur"},
    {ADKE_INVALID_STRUCT_POINTER_TO_ROW, "Ogiltig datastruktur för rader"},
    {ADKE_KEY_TAKEN_IN_NUMBERSERIES, "Nyckeln används redan"},
    {ADKE_ORDER_HAS_CREATED_INVOICE, "Ordern har redan skapat en faktura"},
    {ADKE_QUANTITY_0, "Antal får inte vara noll"},
    {ADKW_COULD_NOT_FIND_ARTICLE_PRICE, "Pris saknas för artikeln i prislistan"},
    {ADKW_CHANGED_STOCK, "Lagersaldot har ändrats"},
    {ADKE_ORDER_DOESNT_EXIST, "Ordern finns inte"},
    {ADKE_ORDER_MAKUL, "Ordern är makulerad"},
    {ADKE_OOI_CONNECT_NROWS_NOT_ZERO, "Antal rader måste vara noll när dokumentet kopplas"},
    {ADKE_CONNECTION_NUMBER1, "Ogiltigt kopplingsnummer"},
    {ADKE_INVOICENR_ALREADY_EXIST, "Fakturanumret finns redan"},
    {ADKE_GET_VATPERCENT_ON_ARTICLE_NOT_FOUND, "Artikeln finns inte"},
    {ADKE_CUSTOMERPAYMENT_INVALID_INVOICE, "Fakturan för inbetalningen finns inte"},
    {ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED, "Inbetalningen får inte vara noll"},
    {ADKE_VERIFICATION_NO_ROWS, "Verifikationen saknar rader"},
    {ADKE_VERIFICATION_DIFF, "Verifikationen är inte i balans"},
    {ADKE_EXCLUSIVE_LOCK, "Företaget är låst av en annan användare"},
    {ADKE_INVALID_DATETIME_STRING, "Texten är ingen giltig tidpunkt (åååå-mm-dd tt:mm:ss)"},
    {ADKE_LONG_TO_DATETIME, "Talet är ingen giltig tidpunkt"},
    {ADKE_TIMESTAMP_FIELD_NOT_FOUND, "Registret har inget tidsstämpelfält"},
    {ADKE_NULLPOINTER, "Nollpekare"},
    {ADKE_INVALID_PDATA, "Ogiltig pekare till datastruktur"},
    {ADKE_LOGIN_DENIED, "Inloggning krävs för företaget"},
    {ADKE_LOGIN_FAIL, "Fel användarnamn eller lösenord"},
    {ADKE_INVALID_FILTER_FIELD, "Fältet kan inte filtreras"},
    {ADKE_INVALID_FILTER_EXPRESSION, "Ogiltigt filteruttryck"},
    {ADKE_INVALID_FILTER_SYNTAX_VERSION, "Okänd version av filtersyntaxen"},
    {ADKE_ORDER_NOT_DELIVERED, "Ordern är inte levererad"},
};

const std::pair<long, const char*> kFunctions[] = {
    {ADKE_ADD, "AdkAdd"}, {ADKE_FIND, "AdkFind"}, {ADKE_FIRST, "AdkFirst"}, {ADKE_NEXT, "AdkNext"},
    {ADKE_UPDATE, "AdkUpdate"}, {ADKE_SET_BOOL, "AdkSetBool"}, {ADKE_SET_DOUBLE, "AdkSetDouble"},
    {ADKE_SET_STRING, "AdkSetStr"}, {ADKE_SET_DATA, "AdkSetData"}, {ADKE_SET_DATE, "AdkSetDate"},
    {ADKE_GET_STRING, "AdkGetStr"}, {ADKE_GET_BOOL, "AdkGetBool"}, {ADKE_GET_DOUBLE, "AdkGetDouble"},
    {ADKE_GET_DATE, "AdkGetDate"}, {ADKE_GET_TYPE, "AdkGetType"}, {ADKE_GET_DATA, "AdkGetData"},
    {ADKE_GET_DATA_ROW, "AdkGetDataRow"}, {ADKE_OPEN, "AdkOpen"}, {ADKE_DELETE_STRUCT, "AdkDeleteStruct"},
    {ADKE_SET_SORT_ORDER, "AdkSetSortOrder"}, {ADKE_DELETE, "AdkDelete"}, {ADKE_DELETE_ROW, "AdkDeleteRow"},
    {ADKE_PREVIOUS, "AdkPrevious"}, {ADKE_LAST, "AdkLast"}, {ADKE_RESET_STRUCT, "AdkResetStruct"},
    {ADKE_FIRSTEX, "AdkFirstEx"}, {ADKE_NEXTEX, "AdkNextEx"}, {ADKE_FINDEX, "AdkFindEx"},
    {ADKE_PREVIOUSEX, "AdkPreviousEx"}, {ADKE_LASTEX, "AdkLastEx"}, {ADKE_FIND2, "AdkFind2"},
    {ADKE_OPEN2, "AdkOpen2"}, {ADKE_ADDEX, "AdkAddEx"}, {ADKE_UPDATEEX, "AdkUpdateEx"},
    {ADKE_SETFILTER, "AdkSetFilter"}, {ADKE_ISFILTERABLE, "AdkIsFilterable"},
    {ADKE_CLEARFILTERS, "AdkClearFilters"}, {ADKE_GET_FIELD_NAME, "AdkGetFieldName"},
    {ADKE_ISLOGINACTIVATED, "AdkIsLoginActivated"}, {ADKE_GET_TIMESTAMP_FIELD, "AdkGetTimestampField"},
};

const std::pair<long, const char*> kTables[] = {
    {ADKE_DBTABLE_CUSTOMER, "Kundregistret"}, {ADKE_DBTABLE_ARTICLE, "Artikelregistret"},
    {ADKE_DBTABLE_OOF, "Fakturaregistret"}, {55, "Fakturarader"}, {ADKE_DBTABLE_PRICELIST, "Prislistor"},
    {ADKE_DBTABLE_PRICE, "Priser"}, {ADKE_DBTABLE_ORDER, "Orderregistret"}, {ADKE_DBTABLE_ORDER_ROW, "Orderrader"},
    {ADKE_DBTABLE_OFFER, "Offertregistret"}, {ADKE_DBTABLE_OFFER_ROW, "Offertrader"},
    {ADKE_DBTABLE_CUSTOMERPAYMENT, "Kundinbetalningar"}, {ADKE_DBTABLE_VER, "Verifikationer"},
    {ADKE_DBTABLE_VER_ROW, "Verifikationsrader"},
};

template <size_t N>
const char* look_up(const std::pair<long, const char*> (&list)[N], long key) {
    for (const auto& [k, v] : list)
        if (k == key) return v;
    return nullptr;
}

}  // namespace

ADK_ERROR make_error(long rc, long function, const TableDef* table, long field) {
    ADK_ERROR e{rc, table ? table->adke_dbtable : 0, field, function, 0};
    return e;
}

std::string error_text_utf8(const ADK_ERROR& error, ADK_ERROR_TEXT_TYPE type) {
    switch (type) {
    case elRc: {
        const char* t = look_up(kTexts, error.lRc);
        return t ? t : "Felkod " + std::to_string(error.lRc);
    }
    case elDbTable: {
        const char* t = look_up(kTables, error.lDbTable);
        return t ? t : (error.lDbTable ? "Register " + std::to_string(error.lDbTable) : std::string());
    }
    case elField: {
        for (int db = 0; db <= ADK_DB_PRM3; ++db) {
            const TableDef* t = find_table(db);
            if (t && t->adke_dbtable == error.lDbTable && error.lDbTable != 0) {
                const FieldDef* f = t->field(static_cast<int>(error.lField));
                if (f) return f->name;
            }
        }
        return error.lDbTable ? "Fält " + std::to_string(error.lField) : std::string();
    }
    case elFunction: {
        const char* t = look_up(kFunctions, error.lFunction);
        return t ? t : std::string();
    }
    case elProgramPart:
        return std::string();
    }
    return std::string();
}

}  // namespace skarv::adk_emu

using namespace skarv::adk_emu;

extern "C" ADK_EXPORT void ADK_API AdkGetErrorText(ADK_ERROR* error, ADK_ERROR_TEXT_TYPE type, char** buffer, int length) {
    if (!error || !buffer || !*buffer || length <= 0) return;
    copy_out(error_text_utf8(*error, type), buffer, length);
}
