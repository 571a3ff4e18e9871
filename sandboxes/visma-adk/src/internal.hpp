#pragma once
// Internal model of the ADK emulator, shared by the src/*.cpp files. Nothing here
// crosses the C boundary: the exported functions in the other files translate.

#include "adk_emulator/Adk.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace SQLite {
class Database;
class Statement;
}

namespace skarv::adk_emu {

// ---- Schema (table_schema.cpp) ------------------------------------------------------

enum class FieldType : int { Unused = 0, Bool = 1, Char = 2, Double = 4, Date = 5, Data = 6 };

struct FieldDef {
    int id = -1;
    std::string name;          // "ADK_CUSTOMER_NUMBER": what AdkGetFieldName returns
    std::string column;        // SQLite column, "number"
    FieldType type = FieldType::Unused;
    int length = 0;            // characters for eChar, else 0
    int decimals = 0;          // for eDouble
    bool read_write = true;
    bool date_time = false;    // eDate holding a date-time long (TIMESTAMP fields)
};

struct TableDef {
    int db_id = -1;
    std::string sql_table;
    long adke_dbtable = 0;             // value placed in ADK_ERROR::lDbTable
    std::vector<FieldDef> fields;      // indexed by field id; gaps are Unused
    int last_field_id = 0;
    bool is_row_table = false;
    int row_db_id = -1;                // heads: the table of their rows
    int rows_field = -1;
    int nrows_field = -1;
    int timestamp_field = -1;
    int number_field = -1;             // eDouble key assigned from a series on AdkAdd
    std::vector<int> unique_key;       // fields that identify one record
    int default_sort = -1;

    const FieldDef* field(int id) const;   // nullptr when unknown or Unused
};

const TableDef* find_table(int db_id);

// A sort order names the columns records are ordered by (then rid) and, for some,
// an implicit condition ("orders not delivered").
struct SortOrderDef {
    int id = -1;
    int db_id = -1;
    std::vector<int> fields;
    std::string where;        // SQL over the table's columns, or empty
};

const SortOrderDef* find_sort_order(int sort_id, int db_id);
const SortOrderDef& default_sort_order(const TableDef& table);

// ---- Values -------------------------------------------------------------------------

struct Slot {
    std::string s;            // UTF-8 inside the emulator
    double d = 0;
    long l = 0;               // dates
    int b = 0;
    bool changed = false;     // set by AdkSet*; cleared when a record is loaded
};

// A value bound into or read from SQL. A plain struct rather than std::variant: GCC 12
// reports false maybe-uninitialized errors for variants holding std::string under -O2.
struct SqlValue {
    enum class Kind { Null, Int, Real, Text };
    Kind kind = Kind::Null;
    int64_t i = 0;
    double d = 0;
    std::string s;
    SqlValue() = default;
    SqlValue(int64_t v) : kind(Kind::Int), i(v) {}
    SqlValue(double v) : kind(Kind::Real), d(v) {}
    SqlValue(std::string v) : kind(Kind::Text), s(std::move(v)) {}
    bool operator==(const SqlValue&) const = default;
};

struct Filter {
    std::string sql;                  // fragment with '?' placeholders
    std::vector<SqlValue> binds;
};

// ---- Errors (errors.cpp) ------------------------------------------------------------

ADK_ERROR make_error(long rc, long function, const TableDef* table = nullptr, long field = 0);
inline ADK_ERROR ok() { return ADK_ERROR{ADKE_OK, 0, 0, 0, 0}; }
std::string error_text_utf8(const ADK_ERROR& error, ADK_ERROR_TEXT_TYPE type);

// ---- Text encoding (encoding.cpp) ---------------------------------------------------

std::string from_caller(const char* cp1252);        // caller bytes -> UTF-8
std::string to_caller(std::string_view utf8);       // UTF-8 -> caller bytes
size_t caller_length(std::string_view utf8);        // characters as the caller counts them
// Copies into the caller's buffer; false (and a truncated copy) when it is too short.
bool copy_out(std::string_view utf8, char** buffer, int length);

// ---- Dates (dates.cpp) --------------------------------------------------------------

std::optional<long> date_to_long(std::string_view text);         // "yyyy-mm-dd" -> long
std::optional<std::string> long_to_date(long value);
std::optional<long> datetime_to_long(std::string_view text);     // "yyyy-mm-dd hh:mm:ss"
std::optional<std::string> long_to_datetime(long value);
long today_long();
long now_datetime_long();
long add_days(long date, int days);

}  // namespace skarv::adk_emu

// ---- The data struct behind PADK_DATA (data_handle.cpp) -----------------------------
// Global namespace: the public header forward-declares `struct SkarvAdkData`.
struct SkarvAdkData {
    explicit SkarvAdkData(const skarv::adk_emu::TableDef* t);
    ~SkarvAdkData();
    SkarvAdkData(const SkarvAdkData&) = delete;
    SkarvAdkData& operator=(const SkarvAdkData&) = delete;

    const skarv::adk_emu::TableDef* table;
    std::vector<skarv::adk_emu::Slot> slots;     // indexed by field id

    // AdkCreateDataRow makes an array: `elements` holds the rows, `slots` is unused.
    bool is_array = false;
    std::vector<std::unique_ptr<SkarvAdkData>> elements;

    // Heads: the row array attached by AdkSetData or loaded by a navigation call.
    std::unique_ptr<SkarvAdkData> rows;
    bool rows_present = false;        // false after FindEx(bRow=0): rows left alone on update

    SkarvAdkData* owner = nullptr;    // set for array elements and attached arrays

    // Navigation state.
    int sort_order = -1;
    std::map<int, skarv::adk_emu::Filter> filters;
    std::optional<int64_t> rid;                       // record this struct was loaded from
    std::vector<skarv::adk_emu::SqlValue> cursor;     // sort key of that record, then rid

    skarv::adk_emu::Slot* slot(int field_id);
    const skarv::adk_emu::Slot* slot(int field_id) const;
    void clear_values();
    std::string str(int f) const { return slot(f) ? slot(f)->s : std::string(); }
    double dbl(int f) const { return slot(f) ? slot(f)->d : 0.0; }
    long date(int f) const { return slot(f) ? slot(f)->l : 0; }
    bool flag(int f) const { return slot(f) ? slot(f)->b != 0 : false; }
    bool changed(int f) const { return slot(f) ? slot(f)->changed : false; }
    void set_str(int f, std::string v);
    void set_dbl(int f, double v);
    void set_date(int f, long v);
    void set_flag(int f, bool v);
    size_t row_count() const { return rows ? rows->elements.size() : 0; }
    SkarvAdkData* row(size_t i) const { return rows ? rows->elements[i].get() : nullptr; }
};

namespace skarv::adk_emu {

class Company;

// ---- Process state (session.cpp) ----------------------------------------------------
// The ADK is a per-process API: one open company, one warning callback, and every
// struct handed out must be recognisable when it comes back. This is that state, the
// only global in the emulator; every exported function holds `mutex` throughout.
struct ProcessState {
    std::mutex mutex;
    std::unique_ptr<Company> company;
    std::unordered_map<const SkarvAdkData*, bool> live;   // struct -> caller-owned (top level)
    void(ADK_API* warning)(ADK_ERROR*) = nullptr;
};
ProcessState& process_state();

// ADK_EMULATOR_CONTRADICT_GUESSES=1 in the environment: the emulator answers the guesses
// `skarv probe` checks the other way (README "Contradicting the guesses"), so the probe's
// "contradicted" path can be tested. Read on every use: tests set it per process.
bool contradicting_guesses();

// What makes a folder the system path ("Gemensamma filer") to the emulator: this file
// in it, written by SkarvAdkEmuCreateSystemFolder and the seeder. The real ADK checks
// the folder of a Visma installation; the emulator has no installation to check.
inline constexpr const char* kSystemFolderMarker = "skarv-adk-system-folder";
bool is_system_folder(const char* system_path);

// Validates a pointer the caller handed in: known, and (if `top_level`) owned by them.
ADK_ERROR check_struct(const SkarvAdkData* data, long function, bool top_level = false);
void warn(const ADK_ERROR& warning);

// ---- Persistence (company_store.cpp) ------------------------------------------------

class Company {
public:
    // `path` is the company path given to AdkOpen: a directory (the database file is
    // kept inside it) or a file ending in .sqlite / .db.
    static std::string database_file(const std::string& path);
    Company(const std::string& database_file, bool create);
    ~Company();

    SQLite::Database& db() { return *db_; }

    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);
    // Next free number of a series: max(stored counter, largest used) + 1.
    long next_number(const TableDef& table, int field);

    bool load(const TableDef& table, int64_t rid, SkarvAdkData& into, bool with_rows);
    int64_t insert(const TableDef& table, const SkarvAdkData& record);
    void update(const TableDef& table, int64_t rid, const SkarvAdkData& record);
    void remove(const TableDef& table, int64_t rid);
    // Replaces the rows of a head by the first `count` elements of record.rows.
    void write_rows(const TableDef& head, int64_t head_rid, const SkarvAdkData& record, size_t count);

    // rid of the record whose `field` equals `value` (first by rid), if any.
    std::optional<int64_t> find_rid(const TableDef& table, int field, const SqlValue& value);
    std::vector<int64_t> find_rids(const TableDef& table, int field, const SqlValue& value);

    std::string select_list(const TableDef& table) const;   // "rid, c1, c2, ..."
    // Reads the columns of select_list() (after rid) starting at `first_column`.
    static void read_columns(const TableDef& table, SQLite::Statement& statement, int first_column,
                             SkarvAdkData& into);
    static SqlValue column_value(const TableDef& table, int field, const SkarvAdkData& record);

private:
    void create_schema();
    std::unique_ptr<SQLite::Database> db_;
};

ADK_ERROR require_company(long function, Company** company);
// Maps the exception being handled (SQLite or other) to an ADK_ERROR.
ADK_ERROR error_from_exception(long function);

// Runs an exported function's body under the process lock, turning exceptions into
// ADK_ERRORs: nothing may unwind through the C boundary.
template <class Body>
ADK_ERROR guarded(long function, Body&& body) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    try {
        return body();
    } catch (...) {
        return error_from_exception(function);
    }
}

// Deep copy of a record (its rows too); `as_table` re-labels it (order row -> invoice row).
std::unique_ptr<SkarvAdkData> clone_record(const SkarvAdkData& source, const TableDef* as_table = nullptr);
std::unique_ptr<SkarvAdkData> load_record(Company& company, const TableDef& table, int64_t rid, bool with_rows);
void bind_value(SQLite::Statement& statement, int index, const SqlValue& value);
SqlValue read_sql_value(SQLite::Statement& statement, int column);

// ---- Business rules (business_rules.cpp) --------------------------------------------

enum class Op { Add, Update, Delete };
// Checks and completes `record` before it is written (defaults, numbers, prices,
// totals) and applies what a write does elsewhere (stock, balances, links).
// `before` is the stored state for Update/Delete. `with_rows` says whether rows are
// written. Returns ADKE_OK or the error to hand back.
ADK_ERROR apply_rules_before(Company& company, Op op, SkarvAdkData& record, const SkarvAdkData* before,
                             bool with_rows, long function);
void apply_rules_after(Company& company, Op op, const SkarvAdkData* after, const SkarvAdkData* before);
double vat_rate_for_code(std::string_view vat_code);
std::optional<double> article_vat_percent(Company& company, const std::string& article);

// ---- Filters (filters.cpp) ----------------------------------------------------------

// Translates a filter expression on `field` into SQL; nullopt when it is malformed.
std::optional<Filter> compile_filter(const FieldDef& field, std::string_view expression_utf8);

}  // namespace skarv::adk_emu
