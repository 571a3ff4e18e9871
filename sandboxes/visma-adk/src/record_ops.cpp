// AdkAdd / AdkUpdate / AdkDelete(Record) / AdkDeleteRow. Each write is one SQLite
// transaction: the record, its rows and every side effect land together or not at all.

#include "internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace skarv::adk_emu;

namespace {

ADK_ERROR writable(ADK_DATA* p, long function, Company** company) {
    ADK_ERROR e = check_struct(p, function);
    if (e.lRc) return e;
    e = require_company(function, company);
    if (e.lRc) return e;
    if (p->is_array || p->table->is_row_table) return make_error(ADKE_INVALID_DB, function, p->table);
    return ok();
}

// Rows to write: those attached, cut to NROWS when the caller set it lower.
ADK_ERROR settle_row_count(SkarvAdkData& r, long function) {
    if (r.table->nrows_field < 0) return ok();
    const double n = r.dbl(r.table->nrows_field);
    if (r.changed(r.table->nrows_field) && r.rows) {
        if (n < 0 || n > static_cast<double>(r.row_count()))
            return make_error(ADKE_INVALID_INDEX, function, r.table, r.table->nrows_field);
        r.rows->elements.resize(static_cast<size_t>(n));
    }
    return ok();
}

std::optional<int64_t> locate(Company& company, const SkarvAdkData& p) {
    if (p.rid) return p.rid;
    if (p.table->unique_key.size() != 1) return std::nullopt;
    const int key = p.table->unique_key.front();
    return company.find_rid(*p.table, key, Company::column_value(*p.table, key, p));
}

void reposition(SkarvAdkData& p, int64_t rid) {
    const SortOrderDef* sort = find_sort_order(p.sort_order, p.table->db_id);
    if (!sort) sort = &default_sort_order(*p.table);
    p.cursor.clear();
    for (int f : sort->fields) p.cursor.push_back(Company::column_value(*p.table, f, p));
    p.cursor.push_back(SqlValue{rid});
}

ADK_ERROR add(ADK_DATA* p, bool with_rows, long function) {
    Company* company = nullptr;
    ADK_ERROR e = writable(p, function, &company);
    if (e.lRc) return e;
    // The rules fill in a copy, so a refused AdkAdd leaves the caller's struct as it was.
    auto work = clone_record(*p);
    const bool rows = with_rows && p->table->row_db_id >= 0;
    if (!rows) work->rows.reset();
    e = settle_row_count(*work, function);
    if (e.lRc) return e;
    SQLite::Transaction tx(company->db());
    e = apply_rules_before(*company, Op::Add, *work, nullptr, rows, function);
    if (e.lRc) return e;
    const int64_t rid = company->insert(*p->table, *work);
    if (rows) company->write_rows(*p->table, rid, *work, work->row_count());
    auto stored = load_record(*company, *p->table, rid, true);
    apply_rules_after(*company, Op::Add, stored.get(), nullptr);
    tx.commit();
    company->load(*p->table, rid, *p, true);
    reposition(*p, rid);
    return ok();
}

ADK_ERROR update(ADK_DATA* p, bool with_rows, long function) {
    Company* company = nullptr;
    ADK_ERROR e = writable(p, function, &company);
    if (e.lRc) return e;
    const auto rid = locate(*company, *p);
    if (!rid) return make_error(ADKE_NOT_FOUND, function, p->table);
    SQLite::Transaction tx(company->db());
    auto before = load_record(*company, *p->table, *rid, true);
    if (!before) return make_error(ADKE_NOT_FOUND, function, p->table);
    for (int key : p->table->unique_key) {
        if (p->changed(key) && Company::column_value(*p->table, key, *p) != Company::column_value(*p->table, key, *before))
            return make_error(ADKE_EDIT_DENIED_FIELD, function, p->table, key);
    }
    // Only what the caller changed overwrites the stored record.
    auto merged = clone_record(*before);
    for (const auto& f : p->table->fields) {
        if (f.type == FieldType::Unused || f.type == FieldType::Data || !p->changed(f.id)) continue;
        merged->slots[static_cast<size_t>(f.id)] = p->slots[static_cast<size_t>(f.id)];
    }
    const bool rows = with_rows && p->table->row_db_id >= 0 && p->rows_present;
    if (rows) {
        merged->rows = p->rows ? clone_record(*p->rows) : nullptr;
        if (merged->rows) merged->rows->owner = merged.get();
        merged->set_dbl(p->table->nrows_field, static_cast<double>(merged->row_count()));
        if (p->changed(p->table->nrows_field)) merged->set_dbl(p->table->nrows_field, p->dbl(p->table->nrows_field));
        e = settle_row_count(*merged, function);
        if (e.lRc) return e;
    }
    e = apply_rules_before(*company, Op::Update, *merged, before.get(), rows, function);
    if (e.lRc) return e;
    company->update(*p->table, *rid, *merged);
    if (rows) company->write_rows(*p->table, *rid, *merged, merged->row_count());
    auto stored = load_record(*company, *p->table, *rid, true);
    apply_rules_after(*company, Op::Update, stored.get(), before.get());
    tx.commit();
    company->load(*p->table, *rid, *p, true);
    reposition(*p, *rid);
    return ok();
}

ADK_ERROR remove(ADK_DATA* p, long function) {
    Company* company = nullptr;
    ADK_ERROR e = writable(p, function, &company);
    if (e.lRc) return e;
    const auto rid = locate(*company, *p);
    if (!rid) return make_error(ADKE_NOT_FOUND, function, p->table);
    SQLite::Transaction tx(company->db());
    auto before = load_record(*company, *p->table, *rid, true);
    if (!before) return make_error(ADKE_NOT_FOUND, function, p->table);
    e = apply_rules_before(*company, Op::Delete, *before, before.get(), false, function);
    if (e.lRc) return e;
    company->remove(*p->table, *rid);
    apply_rules_after(*company, Op::Delete, nullptr, before.get());
    tx.commit();
    // The struct keeps its values and cursor, so AdkNext continues after the deleted record.
    p->rid.reset();
    return ok();
}

}  // namespace

extern "C" {

ADK_EXPORT ADK_ERROR ADK_API AdkAdd(ADK_DATA* p) {
    return guarded(ADKE_ADD, [&] { return add(p, true, ADKE_ADD); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkAddEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_ADDEX, [&] { return add(p, rows != 0, ADKE_ADDEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkUpdate(ADK_DATA* p) {
    return guarded(ADKE_UPDATE, [&] { return update(p, true, ADKE_UPDATE); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkUpdateEx(ADK_DATA* p, int rows) {
    return guarded(ADKE_UPDATEEX, [&] { return update(p, rows != 0, ADKE_UPDATEEX); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkDelete(ADK_DATA* p) {
    return guarded(ADKE_DELETE, [&] { return remove(p, ADKE_DELETE); });
}
ADK_EXPORT ADK_ERROR ADK_API AdkDeleteRecord(ADK_DATA* p) {
    return guarded(ADKE_DELETE, [&] { return remove(p, ADKE_DELETE); });
}

// iRowNr is 1-based (viktor2097 passes row numbers from 1; AdkGetDataRow counts from 0).
// The removal reaches the database with the next AdkUpdate.
ADK_EXPORT ADK_ERROR ADK_API AdkDeleteRow(ADK_DATA* p, int row_number) {
    return guarded(ADKE_DELETE_ROW, [&] {
        ADK_ERROR e = check_struct(p, ADKE_DELETE_ROW);
        if (e.lRc) return e;
        if (p->table->row_db_id < 0) return make_error(ADKE_INVALID_DB, ADKE_DELETE_ROW, p->table);
        if (row_number < 1 || static_cast<size_t>(row_number) > p->row_count())
            return make_error(ADKE_INVALID_INDEX, ADKE_DELETE_ROW, p->table, p->table->rows_field);
        auto& elements = p->rows->elements;
        elements.erase(elements.begin() + (row_number - 1));
        p->set_dbl(p->table->nrows_field, static_cast<double>(elements.size()));
        return ok();
    });
}

}  // extern "C"
