#include "postgres_connection.hpp"

#include "store_engine.hpp"

namespace skarv::host {

std::string libpq_message(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

PGconn* open_postgres_connection(const std::string& url, const std::string& display_name) {
    // libpq's message on a malformed URL may quote the part it stumbled on, password and
    // all: a URL it cannot parse is refused here without its words.
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
    if (parse_error) PQfreemem(parse_error);
    if (!options) throw EngineError(display_name + ": the state URL is not a PostgreSQL connection URI libpq can read", 0);
    std::string password;
    for (auto* o = options; o->keyword; ++o)
        if (o->val && std::string(o->keyword) == "password") password = o->val;
    PQconninfoFree(options);
    // Keywords before "dbname" are defaults the URL may override: a database that does
    // not answer fails the start in seconds, not after TCP's two minutes.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "skarv", url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn) throw EngineError(display_name + ": cannot connect to the state database: out of memory", 0);
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string reason = libpq_message(PQerrorMessage(conn));
        PQfinish(conn);
        for (auto at = password.empty() ? std::string::npos : reason.find(password); at != std::string::npos;
             at = reason.find(password, at + 3))
            reason.replace(at, password.size(), "***");
        throw EngineError(display_name + ": cannot connect to the state database: " + reason, 0);
    }
    return conn;
}

}  // namespace skarv::host
