#pragma once
// C++ over the ADK's C functions: an error that names the record and carries the ADK's
// own text, a session that always closes, and a record handle that always frees its
// struct. Every AdkCreateData / AdkCreateDataRow in this plugin goes through Record, so
// each is matched by exactly one AdkDeleteStruct (or handed to a head by AdkSetData,
// which then frees it with itself, research B.7.4).

#include <optional>
#include <string>
#include <string_view>

#include <skarv/plugin.hpp>

#include "adk_api.hpp"

namespace visma {

// The library's functions plus what every caller needs around them: error texts
// decoded from Windows-1252 and classified into Skarv's statuses.
class Adk {
public:
    explicit Adk(const adk::Api& api) : api_(api) {}
    const adk::Api& api() const { return api_; }

    // "Ogiltigt artikelnummer på dokumentraden (ADKE 50; Orderrader, ADK_OOI_ROW_ARTICLE_NUMBER)"
    std::string describe(adk::Error e) const;
    // A PluginError for `e`: auth for a refused login, retryable for a locked company,
    // invalid otherwise; the code names the kind (missing_article, field_too_long, ...).
    skarv::PluginError error(adk::Error e, const std::string& context) const;
    void check(adk::Error e, const std::string& context) const {
        if (e.lRc != adk::rc::ok) throw error(e, context);
    }
    // Date longs are opaque (README of the emulator, "Dates"): always through the ADK.
    std::optional<long> date_to_long(const std::string& yyyy_mm_dd) const;
    std::optional<long> datetime_to_long(const std::string& text) const;
    std::string long_to_datetime(long value) const;
    std::string long_to_date(long value) const;   // "" for 0 (no date)

private:
    std::string text(adk::Error e, adk::ErrorTextType type) const;
    const adk::Api& api_;
};

// The code that goes with an ADK return code, e.g. 50 -> "missing_article".
const char* error_code_for(long rc);

// The open company, for the length of one call. The ADK holds one company per process
// and, while it is open, a user seat and the company's files; closing after each call
// lets Visma's own users in between passes.
class Session {
public:
    Session(const Adk& adk, const std::string& system_path, const std::string& company_path, const std::string& user,
            const std::string& password);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

private:
    const Adk& adk_;
};

// A record's fields, read and written in UTF-8. Does not own the struct: rows reached
// through a head (AdkGetData, AdkGetDataRow) belong to that head.
class Fields {
public:
    Fields(const Adk& adk, adk::Data* p, std::string label) : adk_(&adk), p_(p), label_(std::move(label)) {}

    adk::Data* get() const { return p_; }
    const std::string& label() const { return label_; }
    const Adk& adk() const { return *adk_; }

    std::string str(int field) const;
    std::string raw_str(int field) const;   // the bytes the ADK gave, not decoded
    double dbl(int field) const;
    bool flag(int field) const;
    long date(int field) const;
    int length(int field) const;

    // Exactly this value; too long for the field is an error naming the record.
    void set_str(int field, std::string_view utf8, std::string_view what);
    // Free text (names, addresses): cut to the field's length, as Visma's own forms do.
    void set_text(int field, std::string_view utf8);
    void set_dbl(int field, double v);
    void set_flag(int field, bool v);
    void set_date(int field, long v);

protected:
    void check(adk::Error e, std::string_view function, int field) const;
    const Adk* adk_;
    adk::Data* p_;
    std::string label_;
};

class Record : public Fields {
public:
    // AdkCreateData(db); `label` names the record in every error ("order 100234").
    Record(const Adk& adk, int db, std::string label);
    // AdkCreateDataRow(row_db, n): an array of n rows for a head.
    static Record rows(const Adk& adk, int row_db, int n, std::string label);
    ~Record();
    Record(Record&& other) noexcept;
    Record(const Record&) = delete;
    Record& operator=(const Record&) = delete;
    Record& operator=(Record&&) = delete;

    Fields row(int index) const;                 // of an array from rows()
    Fields head_row(int field, int index) const; // AdkGetData on a loaded head
    // AdkSetData: the head takes the rows over and frees them with itself.
    void attach_rows(int field, Record&& rows);

    void sort(int order);
    void filter(int field, const std::string& expression);
    // Positions on the first record whose text `field` equals `value` (ASCII case ignored
    // with `ignore_case`): AdkSetFilter with the plain value, the form the public record
    // shows (viktor2097 README: get(adk_supplier_name="John")), then AdkFirstEx/AdkNextEx
    // until a record's field equals it. The record does not say whether a plain value
    // matches exactly, as a prefix or as a pattern (a '*' in it), so every match is
    // compared here, and "=value" (a guess) is never sent. false: no such record.
    bool first_equal(int field, const std::string& value, bool ignore_case = false, bool with_rows = false);
    bool find();                         // false on ADKE_NOT_FOUND
    bool first(bool with_rows = true);   // false on ADKE_EOF
    bool next(bool with_rows = true);
    void add();
    void update();

private:
    Record(const Adk& adk, adk::Data* p, std::string label);
    bool navigate(adk::Error e, const char* function, long end_rc);
};

// "order 100234" style labels.
inline std::string quoted(std::string_view kind, std::string_view id) { return std::string(kind) + " " + std::string(id); }

}  // namespace visma
