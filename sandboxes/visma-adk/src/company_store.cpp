// One SQLite file per company. Each ADK table is an SQL table with one column per
// field (named after the field, e.g. customer.number), so a person can inspect a
// company with the sqlite3 shell. Rows of heads live in their own table keyed by the
// head's rid and their position.

#include "internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>

namespace skarv::adk_emu {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDatabaseName = "skarv-adk-company.sqlite";

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string column_declaration(const FieldDef& f) {
    switch (f.type) {
    case FieldType::Char:
        // NOCASE: keys, sorting and filters compare text the way the Windows program does.
        return quoted(f.column) + " TEXT NOT NULL DEFAULT '' COLLATE NOCASE";
    case FieldType::Double:
        return quoted(f.column) + " REAL NOT NULL DEFAULT 0";
    case FieldType::Bool:
    case FieldType::Date:
        return quoted(f.column) + " INTEGER NOT NULL DEFAULT 0";
    default:
        return {};
    }
}

bool stored(const FieldDef& f) {
    return f.type == FieldType::Char || f.type == FieldType::Double || f.type == FieldType::Bool ||
           f.type == FieldType::Date;
}

}  // namespace

void bind_value(SQLite::Statement& st, int index, const SqlValue& v) {
    switch (v.kind) {
    case SqlValue::Kind::Int: st.bind(index, v.i); break;
    case SqlValue::Kind::Real: st.bind(index, v.d); break;
    case SqlValue::Kind::Text: st.bind(index, v.s); break;
    case SqlValue::Kind::Null: st.bind(index); break;
    }
}

SqlValue read_sql_value(SQLite::Statement& st, int column) {
    const SQLite::Column c = st.getColumn(column);
    if (c.isInteger()) return SqlValue{static_cast<int64_t>(c.getInt64())};
    if (c.isFloat()) return SqlValue{c.getDouble()};
    if (c.isText()) return SqlValue{c.getString()};
    return SqlValue{};
}

std::string Company::database_file(const std::string& path) {
    const fs::path p(path);
    const auto ext = p.extension().string();
    if (ext == ".sqlite" || ext == ".db") return p.string();
    return (p / kDatabaseName).string();
}

Company::Company(const std::string& file, bool create) {
    if (create) {
        const fs::path parent = fs::path(file).parent_path();
        if (!parent.empty()) fs::create_directories(parent);
    }
    db_ = std::make_unique<SQLite::Database>(file, create ? (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
                                                           : SQLite::OPEN_READWRITE);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA busy_timeout=5000");
    create_schema();
}

Company::~Company() = default;

void Company::create_schema() {
    SQLite::Transaction tx(*db_);
    db_->exec("CREATE TABLE IF NOT EXISTS skarv_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    for (int db = 0; db <= ADK_DB_PRM3; ++db) {
        const TableDef* t = find_table(db);
        if (!t) continue;
        std::string sql = "CREATE TABLE IF NOT EXISTS " + t->sql_table + " (rid INTEGER PRIMARY KEY";
        if (t->is_row_table) sql += ", head_rid INTEGER NOT NULL, row_index INTEGER NOT NULL";
        for (const auto& f : t->fields)
            if (stored(f)) sql += ", " + column_declaration(f);
        sql += ")";
        db_->exec(sql);
        // A company created by an older emulator gains the fields added since.
        std::vector<std::string> have;
        SQLite::Statement info(*db_, "PRAGMA table_info(" + t->sql_table + ")");
        while (info.executeStep()) have.push_back(info.getColumn(1).getString());
        for (const auto& f : t->fields) {
            if (!stored(f) || std::find(have.begin(), have.end(), f.column) != have.end()) continue;
            db_->exec("ALTER TABLE " + t->sql_table + " ADD COLUMN " + column_declaration(f));
        }
        if (t->is_row_table) {
            db_->exec("CREATE INDEX IF NOT EXISTS " + t->sql_table + "_head ON " + t->sql_table + "(head_rid, row_index)");
        }
        for (int key : t->unique_key) {
            const FieldDef* f = t->field(key);
            db_->exec("CREATE INDEX IF NOT EXISTS " + t->sql_table + "_" + f->column + " ON " + t->sql_table + "(" +
                      quoted(f->column) + ")");
        }
        if (t->timestamp_field >= 0 && !t->is_row_table) {
            const FieldDef* f = t->field(t->timestamp_field);
            db_->exec("CREATE INDEX IF NOT EXISTS " + t->sql_table + "_ts ON " + t->sql_table + "(" + quoted(f->column) + ")");
        }
    }
    tx.commit();
}

std::optional<std::string> Company::meta(const std::string& key) {
    SQLite::Statement st(*db_, "SELECT value FROM skarv_meta WHERE key = ?");
    st.bind(1, key);
    if (st.executeStep()) return st.getColumn(0).getString();
    return std::nullopt;
}

void Company::set_meta(const std::string& key, const std::string& value) {
    SQLite::Statement st(*db_, "INSERT INTO skarv_meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
}

long Company::next_number(const TableDef& table, int field) {
    const FieldDef* f = table.field(field);
    const std::string key = "series." + table.sql_table;
    long counter = 0;
    if (auto v = meta(key)) counter = std::stol(*v);
    // Text keys (customer numbers) count only their numeric values.
    const std::string expr = f->type == FieldType::Char ? "CAST(" + quoted(f->column) + " AS INTEGER)" : quoted(f->column);
    SQLite::Statement st(*db_, "SELECT COALESCE(MAX(" + expr + "), 0) FROM " + table.sql_table);
    st.executeStep();
    const long used = static_cast<long>(st.getColumn(0).getDouble());
    const long next = std::max(counter, used) + 1;
    set_meta(key, std::to_string(next));
    return next;
}

std::string Company::select_list(const TableDef& table) const {
    std::string s = "rid";
    for (const auto& f : table.fields)
        if (stored(f)) s += ", " + quoted(f.column);
    return s;
}

void Company::read_columns(const TableDef& table, SQLite::Statement& st, int first, SkarvAdkData& into) {
    int col = first;
    for (const auto& f : table.fields) {
        if (!stored(f)) continue;
        Slot& s = into.slots[static_cast<size_t>(f.id)];
        const SQLite::Column c = st.getColumn(col++);
        switch (f.type) {
        case FieldType::Char: s.s = c.getString(); break;
        case FieldType::Double: s.d = c.getDouble(); break;
        case FieldType::Bool: s.b = c.getInt() != 0; break;
        case FieldType::Date: s.l = static_cast<long>(c.getInt64()); break;
        default: break;
        }
        s.changed = false;
    }
}

SqlValue Company::column_value(const TableDef& table, int field, const SkarvAdkData& r) {
    const FieldDef* f = table.field(field);
    const Slot* s = r.slot(field);
    if (!f || !s) return SqlValue{};
    switch (f->type) {
    case FieldType::Char: return SqlValue{s->s};
    case FieldType::Double: return SqlValue{s->d};
    case FieldType::Bool: return SqlValue{static_cast<int64_t>(s->b != 0)};
    case FieldType::Date: return SqlValue{static_cast<int64_t>(s->l)};
    default: return SqlValue{};
    }
}

bool Company::load(const TableDef& table, int64_t rid, SkarvAdkData& into, bool with_rows) {
    SQLite::Statement st(*db_, "SELECT " + select_list(table) + " FROM " + table.sql_table + " WHERE rid = ?");
    st.bind(1, static_cast<int64_t>(rid));
    if (!st.executeStep()) return false;
    read_columns(table, st, 1, into);
    into.rid = rid;
    into.rows.reset();
    into.rows_present = false;
    if (table.row_db_id >= 0 && with_rows) {
        const TableDef* rt = find_table(table.row_db_id);
        auto array = std::make_unique<SkarvAdkData>(rt);
        array->is_array = true;
        array->owner = &into;
        SQLite::Statement rs(*db_, "SELECT " + select_list(*rt) + " FROM " + rt->sql_table +
                                       " WHERE head_rid = ? ORDER BY row_index");
        rs.bind(1, static_cast<int64_t>(rid));
        while (rs.executeStep()) {
            auto row = std::make_unique<SkarvAdkData>(rt);
            read_columns(*rt, rs, 1, *row);
            row->owner = array.get();
            array->elements.push_back(std::move(row));
        }
        into.set_dbl(table.nrows_field, static_cast<double>(array->elements.size()));
        into.slot(table.nrows_field)->changed = false;
        into.rows = std::move(array);
        into.rows_present = true;
    }
    return true;
}

int64_t Company::insert(const TableDef& table, const SkarvAdkData& r) {
    std::string cols, marks;
    for (const auto& f : table.fields) {
        if (!stored(f)) continue;
        cols += (cols.empty() ? "" : ", ") + quoted(f.column);
        marks += marks.empty() ? "?" : ", ?";
    }
    SQLite::Statement st(*db_, "INSERT INTO " + table.sql_table + " (" + cols + ") VALUES (" + marks + ")");
    int i = 1;
    for (const auto& f : table.fields)
        if (stored(f)) bind_value(st, i++, column_value(table, f.id, r));
    st.exec();
    return db_->getLastInsertRowid();
}

void Company::update(const TableDef& table, int64_t rid, const SkarvAdkData& r) {
    std::string sets;
    for (const auto& f : table.fields)
        if (stored(f)) sets += (sets.empty() ? "" : ", ") + quoted(f.column) + " = ?";
    SQLite::Statement st(*db_, "UPDATE " + table.sql_table + " SET " + sets + " WHERE rid = ?");
    int i = 1;
    for (const auto& f : table.fields)
        if (stored(f)) bind_value(st, i++, column_value(table, f.id, r));
    st.bind(i, static_cast<int64_t>(rid));
    st.exec();
}

void Company::remove(const TableDef& table, int64_t rid) {
    if (table.row_db_id >= 0) {
        SQLite::Statement rs(*db_, "DELETE FROM " + find_table(table.row_db_id)->sql_table + " WHERE head_rid = ?");
        rs.bind(1, static_cast<int64_t>(rid));
        rs.exec();
    }
    SQLite::Statement st(*db_, "DELETE FROM " + table.sql_table + " WHERE rid = ?");
    st.bind(1, static_cast<int64_t>(rid));
    st.exec();
}

void Company::write_rows(const TableDef& head, int64_t head_rid, const SkarvAdkData& r, size_t count) {
    const TableDef* rt = find_table(head.row_db_id);
    SQLite::Statement del(*db_, "DELETE FROM " + rt->sql_table + " WHERE head_rid = ?");
    del.bind(1, static_cast<int64_t>(head_rid));
    del.exec();
    std::string cols = "head_rid, row_index", marks = "?, ?";
    for (const auto& f : rt->fields) {
        if (!stored(f)) continue;
        cols += ", " + quoted(f.column);
        marks += ", ?";
    }
    SQLite::Statement st(*db_, "INSERT INTO " + rt->sql_table + " (" + cols + ") VALUES (" + marks + ")");
    for (size_t k = 0; k < count && k < r.row_count(); ++k) {
        st.reset();
        st.clearBindings();
        st.bind(1, static_cast<int64_t>(head_rid));
        st.bind(2, static_cast<int64_t>(k));
        int i = 3;
        for (const auto& f : rt->fields)
            if (stored(f)) bind_value(st, i++, column_value(*rt, f.id, *r.row(k)));
        st.exec();
    }
}

std::vector<int64_t> Company::find_rids(const TableDef& table, int field, const SqlValue& value) {
    const FieldDef* f = table.field(field);
    SQLite::Statement st(*db_, "SELECT rid FROM " + table.sql_table + " WHERE " + quoted(f->column) + " = ? ORDER BY rid");
    bind_value(st, 1, value);
    std::vector<int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

std::optional<int64_t> Company::find_rid(const TableDef& table, int field, const SqlValue& value) {
    auto all = find_rids(table, field, value);
    if (all.empty()) return std::nullopt;
    return all.front();
}

}  // namespace skarv::adk_emu
