#pragma once
// The store's schema, as an ordered list of migrations. Migration N takes a database at
// version N-1 to version N; they only ever append, so any older file can be brought up
// to date, and the version lives in SQLite's own `PRAGMA user_version`.

#include <string>
#include <vector>

namespace skarv::host {

struct Migration {
    int version;
    std::string description;
    std::string sql;
};

const std::vector<Migration>& store_migrations();

}  // namespace skarv::host
