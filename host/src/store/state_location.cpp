#include "skarv/host/store/state_location.hpp"

#include <libpq-fe.h>

namespace skarv::host {

bool is_postgresql_url(std::string_view state) {
    return state.rfind("postgresql://", 0) == 0 || state.rfind("postgres://", 0) == 0;
}

std::string redacted_postgresql_url(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    // libpq's parse error may quote the URL, password and all: it is not shown.
    if (error) PQfreemem(error);
    if (!options) return "postgresql://(unparsable URL)";
    std::string user, host, port, dbname;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        std::string key = o->keyword;
        if (key == "user") user = o->val;
        else if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
        else if (key == "port") port = o->val;
        else if (key == "dbname") dbname = o->val;
    }
    PQconninfoFree(options);
    std::string out = "postgresql://";
    if (!user.empty()) out += user + "@";
    // A socket directory (host=/run/postgresql) shows as the path it is, as libpq's messages show it.
    out += host.empty() ? "localhost" : host;
    if (!port.empty()) out += ":" + port;
    out += "/" + dbname;
    return out;
}

}  // namespace skarv::host
