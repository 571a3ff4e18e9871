#pragma once
// Where the state lives: a SQLite file (a path) or a PostgreSQL database (a
// "postgresql://" or "postgres://" URL, libpq's connection URI). docs/store.md.

#include <string>
#include <string_view>

namespace skarv::host {

bool is_postgresql_url(std::string_view state);

// The URL as errors and logs show it: user, host, port and database, never the password
// or any other parameter (a "sslpassword", say). A URL libpq cannot parse shows as
// "postgresql://(unparsable URL)".
std::string redacted_postgresql_url(const std::string& url);

}  // namespace skarv::host
