#include "adk_handle.hpp"

#include <cctype>

#include <cmath>

#include <skarv/text_encoding.hpp>

namespace visma {

namespace {

constexpr int kTextBuffer = 512;

bool is(long rc, std::initializer_list<long> any) {
    for (long r : any)
        if (r == rc) return true;
    return false;
}

}  // namespace

const char* error_code_for(long rc) {
    using namespace adk::rc;
    if (is(rc, {login_fail, login_denied})) return "auth";
    if (is(rc, {invalid_path_company})) return "company_path";
    if (is(rc, {invalid_adm_path})) return "system_path";
    if (is(rc, {exclusive_lock})) return "company_locked";
    if (is(rc, {oof_invalid_article, could_not_find_article})) return "missing_article";
    if (is(rc, {oof_invalid_customer, could_not_find_customer, customer_invalid_customernr})) return "customer";
    if (is(rc, {invalid_pricelist})) return "missing_price_list";
    if (is(rc, {too_many_signs})) return "field_too_long";
    if (is(rc, {key_taken})) return "key_taken";
    if (is(rc, {no_db_open, internal})) return "adk_unavailable";
    return "adk_error";
}

std::string Adk::text(adk::Error e, adk::ErrorTextType type) const {
    char buffer[kTextBuffer] = {0};
    char* out = buffer;
    api_.AdkGetErrorText(&e, type, &out, kTextBuffer);
    return skarv::text::windows1252_to_utf8(buffer);
}

std::string Adk::describe(adk::Error e) const {
    std::string s = text(e, adk::elRc);
    if (s.empty()) s = "ADK error";
    std::string where = "ADKE " + std::to_string(e.lRc);
    if (e.lDbTable) {
        if (auto table = text(e, adk::elDbTable); !table.empty()) where += "; " + table;
        if (auto field = text(e, adk::elField); !field.empty()) where += ", " + field;
    }
    if (e.lFunction)
        if (auto function = text(e, adk::elFunction); !function.empty()) where += "; in " + function;
    return s + " (" + where + ")";
}

skarv::PluginError Adk::error(adk::Error e, const std::string& context) const {
    const std::string message = context + ": " + describe(e);
    const char* code = error_code_for(e.lRc);
    if (is(e.lRc, {adk::rc::login_fail, adk::rc::login_denied})) return skarv::PluginError::auth(message);
    // A company locked by another user, or a library that lost its company: try again.
    if (is(e.lRc, {adk::rc::exclusive_lock, adk::rc::no_db_open, adk::rc::internal}))
        return skarv::PluginError::retryable(code, message);
    return skarv::PluginError::invalid(code, message);
}

std::optional<long> Adk::date_to_long(const std::string& yyyy_mm_dd) const {
    long v = 0;
    if (api_.AdkDateToLong(yyyy_mm_dd.c_str(), &v).lRc != adk::rc::ok) return std::nullopt;
    return v;
}

std::optional<long> Adk::datetime_to_long(const std::string& text) const {
    long v = 0;
    if (api_.AdkDateTimeToLong(text.c_str(), &v).lRc != adk::rc::ok) return std::nullopt;
    return v;
}

std::string Adk::long_to_datetime(long value) const {
    char buffer[64] = {0};
    char* out = buffer;
    check(api_.AdkLongToDateTime(value, &out, sizeof buffer), "AdkLongToDateTime " + std::to_string(value));
    return skarv::text::windows1252_to_utf8(buffer);
}

std::string Adk::long_to_date(long value) const {
    if (value == 0) return "";
    char buffer[64] = {0};
    char* out = buffer;
    check(api_.AdkLongToDate(value, &out, sizeof buffer), "AdkLongToDate " + std::to_string(value));
    return skarv::text::windows1252_to_utf8(buffer);
}

// ---- Session ---------------------------------------------------------------------------

Session::Session(const Adk& adk, const std::string& system_path, const std::string& company_path,
                 const std::string& user, const std::string& password)
    : adk_(adk) {
    // Paths and credentials travel in the ANSI code page like every other string.
    const std::string sys = skarv::text::utf8_to_windows1252(system_path), ftg = skarv::text::utf8_to_windows1252(company_path);
    // guess visma.open2-without-login, docs/guesses.md
    const adk::Error e = user.empty() ? adk.api().AdkOpen(sys.c_str(), ftg.c_str())
                                      : adk.api().AdkOpen2(sys.c_str(), ftg.c_str(), skarv::text::utf8_to_windows1252(user).c_str(),
                                                           skarv::text::utf8_to_windows1252(password).c_str());
    if (e.lRc != adk::rc::ok) {
        // The message names the company path and the user, never the password.
        std::string context = "opening the Visma company " + company_path;
        if (!user.empty()) context += " as user " + user;
        throw adk.error(e, context);
    }
}

Session::~Session() { adk_.api().AdkClose(); }

// ---- Fields ----------------------------------------------------------------------------

void Fields::check(adk::Error e, std::string_view function, int field) const {
    if (e.lRc == adk::rc::ok) return;
    throw adk_->error(e, label_ + ": " + std::string(function) + " field " + std::to_string(field));
}

std::string Fields::str(int field) const {
    char buffer[4096] = {0};
    char* out = buffer;
    check(adk_->api().AdkGetStr(p_, field, &out, sizeof buffer), "AdkGetStr", field);
    return skarv::text::windows1252_to_utf8(buffer);
}

std::string Fields::raw_str(int field) const {
    char buffer[4096] = {0};
    char* out = buffer;
    check(adk_->api().AdkGetStr(p_, field, &out, sizeof buffer), "AdkGetStr", field);
    return buffer;
}

double Fields::dbl(int field) const {
    double v = 0;
    check(adk_->api().AdkGetDouble(p_, field, &v), "AdkGetDouble", field);
    return v;
}

bool Fields::flag(int field) const {
    int v = 0;
    check(adk_->api().AdkGetBool(p_, field, &v), "AdkGetBool", field);
    return v != 0;
}

long Fields::date(int field) const {
    long v = 0;
    check(adk_->api().AdkGetDate(p_, field, &v), "AdkGetDate", field);
    return v;
}

int Fields::length(int field) const {
    int v = 0;
    check(adk_->api().AdkGetLength(p_, field, &v), "AdkGetLength", field);
    return v;
}

void Fields::set_str(int field, std::string_view utf8, std::string_view what) {
    const int max = length(field);
    if (max > 0 && skarv::text::utf8_length(utf8) > static_cast<std::size_t>(max))
        throw skarv::PluginError::invalid("field_too_long", label_ + ": " + std::string(what) + " '" + std::string(utf8) +
                                                                "' is longer than the " + std::to_string(max) +
                                                                " characters Visma keeps");
    check(adk_->api().AdkSetStr(p_, field, skarv::text::utf8_to_windows1252(utf8).c_str()), "AdkSetStr", field);
}

void Fields::set_text(int field, std::string_view utf8) {
    const int max = length(field);
    const std::string value = max > 0 ? skarv::text::utf8_prefix(utf8, static_cast<std::size_t>(max)) : std::string(utf8);
    check(adk_->api().AdkSetStr(p_, field, skarv::text::utf8_to_windows1252(value).c_str()), "AdkSetStr", field);
}

void Fields::set_dbl(int field, double v) { check(adk_->api().AdkSetDouble(p_, field, v), "AdkSetDouble", field); }
void Fields::set_flag(int field, bool v) { check(adk_->api().AdkSetBool(p_, field, v ? 1 : 0), "AdkSetBool", field); }
void Fields::set_date(int field, long v) { check(adk_->api().AdkSetDate(p_, field, v), "AdkSetDate", field); }

// ---- Record ----------------------------------------------------------------------------

Record::Record(const Adk& adk, adk::Data* p, std::string label) : Fields(adk, p, std::move(label)) {}

Record::Record(const Adk& adk, int db, std::string label) : Fields(adk, adk.api().AdkCreateData(db), std::move(label)) {
    if (!p_)
        throw skarv::PluginError::invalid("adk_error", label_ + ": AdkCreateData(" + std::to_string(db) +
                                                           ") gave no record: the library does not know table " +
                                                           std::to_string(db));
}

Record Record::rows(const Adk& adk, int row_db, int n, std::string label) {
    adk::Data* p = adk.api().AdkCreateDataRow(row_db, n);
    if (!p)
        throw skarv::PluginError::invalid("adk_error", label + ": AdkCreateDataRow(" + std::to_string(row_db) + ", " +
                                                           std::to_string(n) + ") gave no rows");
    return Record(adk, p, std::move(label));
}

Record::~Record() {
    if (p_) adk_->api().AdkDeleteStruct(p_);
}

Record::Record(Record&& other) noexcept : Fields(*other.adk_, other.p_, std::move(other.label_)) { other.p_ = nullptr; }

Fields Record::row(int index) const {
    adk::Data* r = adk_->api().AdkGetDataRow(p_, index);
    if (!r)
        throw skarv::PluginError::invalid("adk_error", label_ + ": AdkGetDataRow gave no row " + std::to_string(index));
    return Fields(*adk_, r, label_ + " row " + std::to_string(index + 1));
}

Fields Record::head_row(int field, int index) const {
    adk::Data* r = nullptr;
    check(adk_->api().AdkGetData(p_, field, index, &r), "AdkGetData", field);
    return Fields(*adk_, r, label_ + " row " + std::to_string(index + 1));
}

void Record::attach_rows(int field, Record&& rows) {
    check(adk_->api().AdkSetData(p_, field, rows.p_), "AdkSetData", field);
    rows.p_ = nullptr;   // the head owns them now; freeing them again would be refused
}

void Record::sort(int order) {
    const adk::Error e = adk_->api().AdkSetSortOrder(p_, order);
    if (e.lRc != adk::rc::ok) throw adk_->error(e, label_ + ": AdkSetSortOrder " + std::to_string(order));
}

void Record::filter(int field, const std::string& expression) {
    const adk::Error e = adk_->api().AdkSetFilter(p_, field, skarv::text::utf8_to_windows1252(expression).c_str(), 0);
    if (e.lRc != adk::rc::ok) throw adk_->error(e, label_ + ": AdkSetFilter '" + expression + "'");
}

namespace {
bool same_text(const std::string& a, const std::string& b, bool ignore_case) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (x == y) continue;
        if (!ignore_case || std::tolower(x) != std::tolower(y)) return false;
    }
    return true;
}
}  // namespace

bool Record::first_equal(int field, const std::string& value, bool ignore_case, bool with_rows) {
    filter(field, value);
    for (bool ok = first(with_rows); ok; ok = next(with_rows))
        if (same_text(str(field), value, ignore_case)) return true;
    return false;
}

bool Record::navigate(adk::Error e, const char* function, long end_rc) {
    if (e.lRc == adk::rc::ok) return true;
    if (e.lRc == end_rc) return false;
    throw adk_->error(e, label_ + ": " + function);
}

bool Record::find() { return navigate(adk_->api().AdkFind(p_), "AdkFind", adk::rc::not_found); }
bool Record::first(bool with_rows) { return navigate(adk_->api().AdkFirstEx(p_, with_rows ? 1 : 0), "AdkFirstEx", adk::rc::eof); }
bool Record::next(bool with_rows) { return navigate(adk_->api().AdkNextEx(p_, with_rows ? 1 : 0), "AdkNextEx", adk::rc::eof); }

void Record::add() {
    const adk::Error e = adk_->api().AdkAdd(p_);
    if (e.lRc != adk::rc::ok) throw adk_->error(e, label_ + ": AdkAdd");
}

void Record::update() {
    const adk::Error e = adk_->api().AdkUpdate(p_);
    if (e.lRc != adk::rc::ok) throw adk_->error(e, label_ + ": AdkUpdate");
}

}  // namespace visma
