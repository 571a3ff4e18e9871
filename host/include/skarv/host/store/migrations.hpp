#pragma once
// The store's schema, as an ordered list of migrations. Migration N takes a database at
// version N-1 to version N; they only ever append, so any older file can be brought up
// to date. SQLite keeps the version in `PRAGMA user_version`, PostgreSQL in the table
// skarv_schema. One list for both engines: `sql` is written for SQLite and the PostgreSQL
// engine translates its types (store_engine.hpp); what PostgreSQL needs besides goes in
// `postgresql_extra`.

#include <string>
#include <vector>

namespace skarv::host {

struct Migration {
    int version;
    std::string description;
    std::string sql;
    std::string postgresql_extra = {};
};

const std::vector<Migration>& store_migrations();

}  // namespace skarv::host
