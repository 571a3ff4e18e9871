#pragma once
// Opening a libpq connection the way every PostgreSQL user in the store does.

#include <libpq-fe.h>

#include <string>

namespace skarv::host {

// A connection to `url`; throws EngineError "<display_name>: cannot connect to the state
// database: <libpq's reason, which names the host>". `display_name` is the URL without
// its password (redacted_postgresql_url), and libpq's reasons never carry it either.
PGconn* open_postgres_connection(const std::string& url, const std::string& display_name);

// libpq's error text without its trailing newline.
std::string libpq_message(const char* message);

}  // namespace skarv::host
