// Data structs (PADK_DATA): creation, rows, freeing, field get/set and field metadata.

#include "internal.hpp"

#include <cmath>

using namespace skarv::adk_emu;

// ---- SkarvAdkData ---------------------------------------------------------------------
// Every struct registers itself so that a pointer coming back through the C API can be
// checked; callers hold the process lock whenever structs are made or destroyed.

SkarvAdkData::SkarvAdkData(const TableDef* t) : table(t) {
    slots.resize(static_cast<size_t>(t->last_field_id) + 1);
    sort_order = t->default_sort;
    process_state().live.emplace(this, false);
}

SkarvAdkData::~SkarvAdkData() { process_state().live.erase(this); }

Slot* SkarvAdkData::slot(int id) {
    return table->field(id) ? &slots[static_cast<size_t>(id)] : nullptr;
}
const Slot* SkarvAdkData::slot(int id) const {
    return table->field(id) ? &slots[static_cast<size_t>(id)] : nullptr;
}
void SkarvAdkData::clear_values() {
    for (auto& s : slots) s = Slot{};
}
void SkarvAdkData::set_str(int f, std::string v) {
    if (auto* s = slot(f)) s->s = std::move(v), s->changed = true;
}
void SkarvAdkData::set_dbl(int f, double v) {
    if (auto* s = slot(f)) s->d = v, s->changed = true;
}
void SkarvAdkData::set_date(int f, long v) {
    if (auto* s = slot(f)) s->l = v, s->changed = true;
}
void SkarvAdkData::set_flag(int f, bool v) {
    if (auto* s = slot(f)) s->b = v ? 1 : 0, s->changed = true;
}

namespace skarv::adk_emu {

std::unique_ptr<SkarvAdkData> clone_record(const SkarvAdkData& src, const TableDef* as_table) {
    auto copy = std::make_unique<SkarvAdkData>(as_table ? as_table : src.table);
    copy->slots = src.slots;
    copy->slots.resize(static_cast<size_t>(copy->table->last_field_id) + 1);
    copy->is_array = src.is_array;
    for (const auto& e : src.elements) {
        auto element = clone_record(*e, as_table);
        element->owner = copy.get();
        copy->elements.push_back(std::move(element));
    }
    if (src.rows) {
        copy->rows = clone_record(*src.rows, as_table ? find_table(as_table->row_db_id) : nullptr);
        copy->rows->owner = copy.get();
    }
    copy->rows_present = src.rows_present;
    copy->rid = src.rid;
    copy->sort_order = src.sort_order;
    return copy;
}

std::unique_ptr<SkarvAdkData> load_record(Company& company, const TableDef& table, int64_t rid, bool with_rows) {
    auto r = std::make_unique<SkarvAdkData>(&table);
    if (!company.load(table, rid, *r, with_rows)) return nullptr;
    return r;
}

}  // namespace skarv::adk_emu

namespace {

// An array handed where one record is expected stands for its first element, as the
// pointer to a C array of ADK_DATA would.
SkarvAdkData* resolve(SkarvAdkData* p) {
    if (p->is_array) return p->elements.empty() ? nullptr : p->elements.front().get();
    return p;
}

ADK_ERROR access(ADK_DATA* p, int field, FieldType want, long function, bool for_write, SkarvAdkData** rec,
                 const FieldDef** def) {
    ADK_ERROR e = check_struct(p, function);
    if (e.lRc) return e;
    *rec = resolve(p);
    if (!*rec) return make_error(ADKE_INVALID_INDEX, function, p->table, field);
    *def = (*rec)->table->field(field);
    if (!*def) return make_error(ADKE_UNKNON_DB_FIELD, function, (*rec)->table, field);
    if ((*def)->type != want) return make_error(ADKE_INVALID_DATA_TYPE, function, (*rec)->table, field);
    if (for_write && !(*def)->read_write) return make_error(ADKE_EDIT_DENIED_FIELD, function, (*rec)->table, field);
    return ok();
}

}  // namespace

extern "C" {

ADK_EXPORT PADK_DATA ADK_API AdkCreateData(int db) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    const TableDef* t = find_table(db);
    if (!t) return nullptr;
    auto* p = new SkarvAdkData(t);
    process_state().live[p] = true;
    return p;
}

ADK_EXPORT PADK_DATA ADK_API AdkCreateDataRow(int db, int count) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    const TableDef* t = find_table(db);
    if (!t || count < 0) return nullptr;
    auto* p = new SkarvAdkData(t);
    p->is_array = true;
    for (int i = 0; i < count; ++i) {
        auto e = std::make_unique<SkarvAdkData>(t);
        e->owner = p;
        p->elements.push_back(std::move(e));
    }
    process_state().live[p] = true;
    return p;
}

ADK_EXPORT PADK_DATA ADK_API AdkGetDataRow(ADK_DATA* array, int index) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    if (check_struct(array, ADKE_GET_DATA_ROW).lRc || index < 0) return nullptr;
    if (!array->is_array) return index == 0 ? array : nullptr;
    if (static_cast<size_t>(index) >= array->elements.size()) return nullptr;
    return array->elements[static_cast<size_t>(index)].get();
}

ADK_EXPORT ADK_ERROR ADK_API AdkDeleteStruct(ADK_DATA* p) {
    return guarded(ADKE_DELETE_STRUCT, [&] {
        // Rows attached to a head belong to it (Synologen frees only the head): freeing
        // them again is refused instead of corrupting the head.
        ADK_ERROR e = check_struct(p, ADKE_DELETE_STRUCT, true);
        if (e.lRc) return e;
        delete p;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkResetStruct(ADK_DATA* p) {
    return guarded(ADKE_RESET_STRUCT, [&] {
        ADK_ERROR e = check_struct(p, ADKE_RESET_STRUCT);
        if (e.lRc) return e;
        SkarvAdkData* r = resolve(p);
        if (!r) return ok();
        r->clear_values();
        r->rows.reset();
        r->rows_present = false;
        r->rid.reset();
        r->cursor.clear();
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetStr(ADK_DATA* p, int field, char** value, int length) {
    return guarded(ADKE_GET_STRING, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Char, ADKE_GET_STRING, false, &r, &f);
        if (e.lRc) return e;
        if (!value || !*value || length <= 0) return make_error(ADKE_NULLPOINTER, ADKE_GET_STRING, r->table, field);
        if (!copy_out(r->slots[static_cast<size_t>(field)].s, value, length))
            return make_error(ADKE_TO_SHORT_STRING, ADKE_GET_STRING, r->table, field);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetBool(ADK_DATA* p, int field, int* value) {
    return guarded(ADKE_GET_BOOL, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Bool, ADKE_GET_BOOL, false, &r, &f);
        if (e.lRc) return e;
        if (!value) return make_error(ADKE_NULLPOINTER, ADKE_GET_BOOL, r->table, field);
        *value = r->slots[static_cast<size_t>(field)].b;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetDouble(ADK_DATA* p, int field, double* value) {
    return guarded(ADKE_GET_DOUBLE, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Double, ADKE_GET_DOUBLE, false, &r, &f);
        if (e.lRc) return e;
        if (!value) return make_error(ADKE_NULLPOINTER, ADKE_GET_DOUBLE, r->table, field);
        *value = r->slots[static_cast<size_t>(field)].d;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetDate(ADK_DATA* p, int field, long* value) {
    return guarded(ADKE_GET_DATE, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Date, ADKE_GET_DATE, false, &r, &f);
        if (e.lRc) return e;
        if (!value) return make_error(ADKE_NULLPOINTER, ADKE_GET_DATE, r->table, field);
        *value = r->slots[static_cast<size_t>(field)].l;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetData(ADK_DATA* p, int field, int index, ADK_DATA** row) {
    return guarded(ADKE_GET_DATA, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Data, ADKE_GET_DATA, false, &r, &f);
        if (e.lRc) return e;
        if (!row) return make_error(ADKE_NULLPOINTER, ADKE_GET_DATA, r->table, field);
        if (index < 0 || static_cast<size_t>(index) >= r->row_count())
            return make_error(ADKE_INVALID_INDEX, ADKE_GET_DATA, r->table, field);
        *row = r->row(static_cast<size_t>(index));
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetStr(ADK_DATA* p, int field, const char* value) {
    return guarded(ADKE_SET_STRING, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Char, ADKE_SET_STRING, true, &r, &f);
        if (e.lRc) return e;
        std::string text = from_caller(value);
        if (f->length > 0 && caller_length(text) > static_cast<size_t>(f->length))
            return make_error(ADKE_TOO_MANY_SIGNS, ADKE_SET_STRING, r->table, field);
        r->set_str(field, std::move(text));
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetBool(ADK_DATA* p, int field, int value) {
    return guarded(ADKE_SET_BOOL, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Bool, ADKE_SET_BOOL, true, &r, &f);
        if (e.lRc) return e;
        r->set_flag(field, value != 0);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetDouble(ADK_DATA* p, int field, double value) {
    return guarded(ADKE_SET_DOUBLE, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Double, ADKE_SET_DOUBLE, true, &r, &f);
        if (e.lRc) return e;
        if (!std::isfinite(value)) return make_error(ADKE_INVALID_DATA_TYPE, ADKE_SET_DOUBLE, r->table, field);
        r->set_dbl(field, value);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetDate(ADK_DATA* p, int field, long value) {
    return guarded(ADKE_SET_DATE, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Date, ADKE_SET_DATE, true, &r, &f);
        if (e.lRc) return e;
        if (value != 0 && !f->date_time && !long_to_date(value))
            return make_error(ADKE_LONG_TO_DATE, ADKE_SET_DATE, r->table, field);
        r->set_date(field, value);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkSetData(ADK_DATA* p, int field, ADK_DATA* rows) {
    return guarded(ADKE_SET_DATA, [&] {
        SkarvAdkData* r = nullptr;
        const FieldDef* f = nullptr;
        ADK_ERROR e = access(p, field, FieldType::Data, ADKE_SET_DATA, true, &r, &f);
        if (e.lRc) return e;
        if (rows == r->rows.get() && rows) return ok();
        e = check_struct(rows, ADKE_SET_DATA, true);
        if (e.lRc || rows->table->db_id != r->table->row_db_id)
            return make_error(ADKE_INVALID_STRUCT_POINTER_TO_ROW, ADKE_SET_DATA, r->table, field);
        // The head takes the rows over: it frees them with itself (research B.7.4).
        std::unique_ptr<SkarvAdkData> taken(rows);
        process_state().live[rows] = false;
        if (!taken->is_array) {
            auto array = std::make_unique<SkarvAdkData>(taken->table);
            array->is_array = true;
            taken->owner = array.get();
            array->elements.push_back(std::move(taken));
            taken = std::move(array);
        }
        taken->owner = r;
        r->rows = std::move(taken);
        r->rows_present = true;
        r->set_dbl(r->table->nrows_field, static_cast<double>(r->row_count()));
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkLongToDate(long value, char** buffer, int length) {
    const auto text = long_to_date(value);
    if (!text) return make_error(ADKE_LONG_TO_DATE, ADKE_LONG_TO_DATE);
    if (!buffer || !*buffer) return make_error(ADKE_NULLPOINTER, ADKE_LONG_TO_DATE);
    if (!copy_out(*text, buffer, length)) return make_error(ADKE_TO_SHORT_STRING, ADKE_LONG_TO_DATE);
    return ok();
}

// "yyyy-MM-dd" in (grimen SPCSAPI.cs SPCSDateToLong): AdkContract.DatesAreLongsMadeFromYyyyMmDd
ADK_EXPORT ADK_ERROR ADK_API AdkDateToLong(const char* text, long* value) {
    if (!text || !value) return make_error(ADKE_NULLPOINTER, ADKE_DATE_TO_LONG);
    const auto v = date_to_long(text);
    if (!v) return make_error(ADKE_DATE_TO_LONG, ADKE_DATE_TO_LONG);
    *value = *v;
    return ok();
}

ADK_EXPORT ADK_ERROR ADK_API AdkLongToDateTime(long value, char** buffer, int length) {
    const auto text = long_to_datetime(value);
    if (!text) return make_error(ADKE_LONG_TO_DATETIME, ADKE_LONG_TO_DATETIME);
    if (!buffer || !*buffer) return make_error(ADKE_NULLPOINTER, ADKE_LONG_TO_DATETIME);
    if (!copy_out(*text, buffer, length)) return make_error(ADKE_TO_SHORT_STRING, ADKE_LONG_TO_DATETIME);
    return ok();
}

ADK_EXPORT ADK_ERROR ADK_API AdkDateTimeToLong(const char* text, long* value) {
    if (!text || !value) return make_error(ADKE_NULLPOINTER, ADKE_DATETIME_TO_LONG);
    const auto v = datetime_to_long(text);
    if (!v) return make_error(ADKE_INVALID_DATETIME_STRING, ADKE_DATETIME_TO_LONG);
    *value = *v;
    return ok();
}

// ---- Field metadata ------------------------------------------------------------------

ADK_EXPORT ADK_ERROR ADK_API AdkGetType(ADK_DATA* p, int field, ADK_FIELD_TYPE* type) {
    return guarded(ADKE_GET_TYPE, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_TYPE);
        if (e.lRc) return e;
        const FieldDef* f = p->table->field(field);
        if (!f) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_TYPE, p->table, field);
        if (!type) return make_error(ADKE_NULLPOINTER, ADKE_GET_TYPE, p->table, field);
        *type = static_cast<ADK_FIELD_TYPE>(f->type);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetLength(ADK_DATA* p, int field, int* length) {
    return guarded(ADKE_GET_TYPE, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_TYPE);
        if (e.lRc) return e;
        const FieldDef* f = p->table->field(field);
        if (!f) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_TYPE, p->table, field);
        if (!length) return make_error(ADKE_NULLPOINTER, ADKE_GET_TYPE, p->table, field);
        *length = f->length;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetDecimals(ADK_DATA* p, int field, int* decimals) {
    return guarded(ADKE_GET_TYPE, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_TYPE);
        if (e.lRc) return e;
        const FieldDef* f = p->table->field(field);
        if (!f) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_TYPE, p->table, field);
        if (!decimals) return make_error(ADKE_NULLPOINTER, ADKE_GET_TYPE, p->table, field);
        *decimals = f->decimals;
        return ok();
    });
}

ADK_EXPORT int ADK_API AdkIsReadWrite(ADK_DATA* p, int field) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    if (check_struct(p, ADKE_GET_TYPE).lRc) return 0;
    const FieldDef* f = p->table->field(field);
    return f && f->read_write ? 1 : 0;
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetFieldName(int db, int field, char** buffer, int length) {
    const TableDef* t = find_table(db);
    if (!t) return make_error(ADKE_INVALID_DB, ADKE_GET_FIELD_NAME);
    const FieldDef* f = t->field(field);
    if (!f) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_FIELD_NAME, t, field);
    if (!buffer || !*buffer) return make_error(ADKE_NULLPOINTER, ADKE_GET_FIELD_NAME, t, field);
    if (!copy_out(f->name, buffer, length)) return make_error(ADKE_TO_SHORT_STRING, ADKE_GET_FIELD_NAME, t, field);
    return ok();
}

// Adk.h 5.1; the ids are Adk.h's ADK_*_TIMESTAMP: AdkContract.TimestampFieldIsTheOneAdkHNames
ADK_EXPORT ADK_ERROR ADK_API AdkGetTimestampField(ADK_DATA* p, int* field) {
    return guarded(ADKE_GET_TIMESTAMP_FIELD, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_TIMESTAMP_FIELD);
        if (e.lRc) return e;
        if (!field) return make_error(ADKE_NULLPOINTER, ADKE_GET_TIMESTAMP_FIELD, p->table);
        if (p->table->timestamp_field < 0) return make_error(ADKE_TIMESTAMP_FIELD_NOT_FOUND, ADKE_GET_TIMESTAMP_FIELD, p->table);
        *field = p->table->timestamp_field;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetLastFldId(ADK_DATA* p, int* field) {
    return guarded(ADKE_GET_LAST_FIELD_ID, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_LAST_FIELD_ID);
        if (e.lRc) return e;
        if (!field) return make_error(ADKE_NULLPOINTER, ADKE_GET_LAST_FIELD_ID, p->table);
        *field = p->table->last_field_id;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetNrowsFldId(ADK_DATA* p, int* field) {
    return guarded(ADKE_GET_NROWS_FIELD_ID, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_NROWS_FIELD_ID);
        if (e.lRc) return e;
        if (!field) return make_error(ADKE_NULLPOINTER, ADKE_GET_NROWS_FIELD_ID, p->table);
        if (p->table->nrows_field < 0) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_NROWS_FIELD_ID, p->table);
        *field = p->table->nrows_field;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetRowsFldId(ADK_DATA* p, int* field) {
    return guarded(ADKE_GET_ROWS_FIELD_ID, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_ROWS_FIELD_ID);
        if (e.lRc) return e;
        if (!field) return make_error(ADKE_NULLPOINTER, ADKE_GET_ROWS_FIELD_ID, p->table);
        if (p->table->rows_field < 0) return make_error(ADKE_UNKNON_DB_FIELD, ADKE_GET_ROWS_FIELD_ID, p->table);
        *field = p->table->rows_field;
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkGetRowDbId(ADK_DATA* p, int* db) {
    return guarded(ADKE_GET_ROW_DB_ID, [&] {
        ADK_ERROR e = check_struct(p, ADKE_GET_ROW_DB_ID);
        if (e.lRc) return e;
        if (!db) return make_error(ADKE_NULLPOINTER, ADKE_GET_ROW_DB_ID, p->table);
        if (p->table->row_db_id < 0) return make_error(ADKE_INVALID_DB, ADKE_GET_ROW_DB_ID, p->table);
        *db = p->table->row_db_id;
        return ok();
    });
}

}  // extern "C"
