// Navigation: AdkFind/First/Next/Previous/Last (and the Ex variants), sort orders and
// filters. Records are walked in (sort columns, rid) order with a keyset cursor, so a
// scan stays correct while the caller updates or deletes the records it visits.

#include "internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace skarv::adk_emu;

namespace {

enum class Move { Find, First, Last, Next, Previous };

std::string col(const TableDef& t, int field) { return "\"" + t.field(field)->column + "\""; }

// (k1, k2, ..., rid) > (v1, v2, ..., r), spelled out so each column keeps its collation.
std::string after(const TableDef& t, const SortOrderDef& s, size_t i, const char* op, std::vector<SqlValue>& binds,
                  const std::vector<SqlValue>& cursor) {
    if (i == s.fields.size()) {
        binds.push_back(cursor[i]);
        return std::string("rid ") + op + " ?";
    }
    const std::string c = col(t, s.fields[i]);
    binds.push_back(cursor[i]);
    binds.push_back(cursor[i]);
    return "(" + c + " " + op + " ? OR (" + c + " = ? AND " + after(t, s, i + 1, op, binds, cursor) + "))";
}

ADK_ERROR navigate(ADK_DATA* p, Move move, bool with_rows, long function) {
    ADK_ERROR e = check_struct(p, function);
    if (e.lRc) return e;
    Company* company = nullptr;
    e = require_company(function, &company);
    if (e.lRc) return e;
    if (p->is_array || p->table->is_row_table) return make_error(ADKE_INVALID_DB, function, p->table);
    const TableDef& t = *p->table;
    const SortOrderDef* sort = find_sort_order(p->sort_order, t.db_id);
    if (!sort) sort = &default_sort_order(t);

    std::vector<std::string> where;
    std::vector<SqlValue> binds;
    if (!sort->where.empty()) where.push_back("(" + sort->where + ")");
    for (const auto& [field, filter] : p->filters) {
        where.push_back("(" + filter.sql + ")");
        binds.insert(binds.end(), filter.binds.begin(), filter.binds.end());
    }
    bool descending = move == Move::Last || move == Move::Previous;
    if (move == Move::Find) {
        if (sort->fields.empty()) return make_error(ADKE_NO_KEY, function, &t);
        // The first sort column is the search key; later ones narrow it when set.
        for (size_t i = 0; i < sort->fields.size(); ++i) {
            const int f = sort->fields[i];
            if (i > 0 && !p->changed(f)) break;
            const SqlValue v = Company::column_value(t, f, *p);
            if (t.field(f)->type == FieldType::Double) {
                where.push_back("abs(" + col(t, f) + " - ?) < 0.0000001");
            } else {
                where.push_back(col(t, f) + " = ?");
            }
            binds.push_back(v);
        }
    } else if ((move == Move::Next || move == Move::Previous) && !p->cursor.empty()) {
        where.push_back(after(t, *sort, 0, descending ? "<" : ">", binds, p->cursor));
    } else if (move == Move::Next) {
        move = Move::First;
    } else if (move == Move::Previous) {
        move = Move::Last;
        descending = true;
    }
    std::string sql = "SELECT rid FROM " + t.sql_table;
    for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
    sql += " ORDER BY ";
    for (int f : sort->fields) sql += col(t, f) + (descending ? " DESC, " : ", ");
    sql += descending ? "rid DESC LIMIT 1" : "rid LIMIT 1";

    SQLite::Statement st(company->db(), sql);
    for (size_t i = 0; i < binds.size(); ++i) bind_value(st, static_cast<int>(i) + 1, binds[i]);
    if (!st.executeStep()) {
        // Not found is 115 (grimen SPCSUnit.cs), the end of a walk 79 (grimen SPCSInvoice.cs);
        // contract tests AdkContract.FindByTheSortKeyAnswers115WhenTheKeyIsMissing, ...WalkEndsWith79...
        const long rc = move == Move::Find ? ADKE_NOT_FOUND : move == Move::Previous ? ADKE_BOF : ADKE_EOF;
        return make_error(rc, function, &t);
    }
    const int64_t rid = st.getColumn(0).getInt64();
    if (!company->load(t, rid, *p, with_rows)) return make_error(ADKE_NOT_FOUND, function, &t);
    p->cursor.clear();
    for (int f : sort->fields) p->cursor.push_back(Company::column_value(t, f, *p));
    p->cursor.push_back(SqlValue{rid});
    return ok();
}

template <class F>
ADK_ERROR on_struct(ADK_DATA* p, long function, F&& body) {
    return guarded(function, [&] {
        ADK_ERROR e = check_struct(p, function);
        if (e.lRc) return e;
        return body();
    });
}

}  // namespace

extern "C" {

ADK_EXPORT ADK_ERROR ADK_API AdkFind(ADK_DATA* p) {
    return guarded(ADKE_FIND, [&] { return navigate(p, Move::Find, true, ADKE_FIND); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkFindEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_FINDEX, [&] { return navigate(p, Move::Find, rows != 0, ADKE_FINDEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkFind2(ADK_DATA* p, int rows) {
    return guarded(ADKE_FIND2, [&] { return navigate(p, Move::Find, rows != 0, ADKE_FIND2); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkFirst(ADK_DATA* p) {
    return guarded(ADKE_FIRST, [&] { return navigate(p, Move::First, true, ADKE_FIRST); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkFirstEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_FIRSTEX, [&] { return navigate(p, Move::First, rows != 0, ADKE_FIRSTEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkNext(ADK_DATA* p) {
    return guarded(ADKE_NEXT, [&] { return navigate(p, Move::Next, true, ADKE_NEXT); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkNextEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_NEXTEX, [&] { return navigate(p, Move::Next, rows != 0, ADKE_NEXTEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkPrevious(ADK_DATA* p) {
    return guarded(ADKE_PREVIOUS, [&] { return navigate(p, Move::Previous, true, ADKE_PREVIOUS); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkPreviousEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_PREVIOUSEX, [&] { return navigate(p, Move::Previous, rows != 0, ADKE_PREVIOUSEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkLast(ADK_DATA* p) {
    return guarded(ADKE_LAST, [&] { return navigate(p, Move::Last, true, ADKE_LAST); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkLastEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_LASTEX, [&] { return navigate(p, Move::Last, rows != 0, ADKE_LASTEX); });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetSortOrder(ADK_DATA* p, ADK_SORT_ORDER order) {
    return on_struct(p, ADKE_SET_SORT_ORDER, [&] {
        if (!find_sort_order(order, p->table->db_id))
            return make_error(ADKE_NOT_VALID_SORTORDER, ADKE_SET_SORT_ORDER, p->table);
        p->sort_order = order;
        p->cursor.clear();
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetFilter(ADK_DATA* p, int field, const char* expression, int version) {
    return on_struct(p, ADKE_SETFILTER, [&] {
        if (version != 0 && version != 1)
            return make_error(ADKE_INVALID_FILTER_SYNTAX_VERSION, ADKE_SETFILTER, p->table, field);
        const FieldDef* f = p->table->field(field);
        if (!f || f->type == FieldType::Data) return make_error(ADKE_INVALID_FILTER_FIELD, ADKE_SETFILTER, p->table, field);
        const std::string text = from_caller(expression);
        p->cursor.clear();
        if (text.empty()) {
            p->filters.erase(field);
            return ok();
        }
        auto filter = compile_filter(*f, text);
        if (!filter) return make_error(ADKE_INVALID_FILTER_EXPRESSION, ADKE_SETFILTER, p->table, field);
        p->filters[field] = std::move(*filter);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkIsFilterable(ADK_DATA* p, int field, int* filterable) {
    return on_struct(p, ADKE_ISFILTERABLE, [&] {
        if (!filterable) return make_error(ADKE_NULLPOINTER, ADKE_ISFILTERABLE, p->table, field);
        const FieldDef* f = p->table->field(field);
        if (!f) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_ISFILTERABLE, p->table, field);
        *filterable = f->type != FieldType::Data ? 1 : 0;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkClearFilters(ADK_DATA* p) {
    return on_struct(p, ADKE_CLEARFILTERS, [&] {
        p->filters.clear();
        p->cursor.clear();
        return ok();
    });
}

}  // extern "C"
