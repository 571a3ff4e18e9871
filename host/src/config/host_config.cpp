#include "skarv/host/config/host_config.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <functional>
#include <regex>
#include <sstream>

#include "skarv/host/config/secret_references.hpp"

#include "skarv/host/flow/flow_plan.hpp"
#include "skarv/host/flow/price_list_map.hpp"
#include "skarv/host/flow/stock_profiles.hpp"
#include "skarv/host/service/scheduler.hpp"
#include "skarv/host/reconcile/payout_voucher.hpp"
#include "skarv/host/store/state_location.hpp"

namespace skarv::host {
namespace {

const char* kHostConfigSchema = R"JSON({
  "type": "object",
  "required": ["plugin_dirs", "state_db", "connections"],
  "additionalProperties": false,
  "properties": {
    "plugin_dirs": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    "state_db": {"type": "string", "minLength": 1},
    "connections_dir": {"type": "string", "minLength": 1},
    "timezone": {"type": "string", "minLength": 1},
    "workers": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "lease_seconds": {"type": "number", "minimum": 0.5, "maximum": 3600},
        "poll_ms": {"type": "integer", "minimum": 50, "maximum": 60000}
      }
    },
    "retention": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "reports_days": {"type": "integer", "minimum": 1},
        "events_days": {"type": "integer", "minimum": 1},
        "dead_letters_days": {"type": "integer", "minimum": 1},
        "order_state_days": {"type": "integer", "minimum": 1}
      }
    },
    "admin": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "tokens": {"type": "array", "items": {
          "type": "object",
          "required": ["name", "sha256"],
          "additionalProperties": false,
          "properties": {"name": {"type": "string", "minLength": 1},
                         "sha256": {"type": "string", "pattern": "^(sha256:)?[0-9a-f]{64}$"}}}},
        "tokens_file": {"type": "string", "minLength": 1},
        "hosts": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "session_hours": {"type": "integer", "minimum": 1, "maximum": 720}
      }
    },
    "http": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "tls": {"type": "object", "required": ["certificate", "key"], "additionalProperties": false,
                "properties": {"certificate": {"type": "string", "minLength": 1}, "key": {"type": "string", "minLength": 1}}},
        "allow_plain_http": {"type": "boolean"},
        "workers": {"type": "integer", "minimum": 2, "maximum": 1024},
        "queue": {"type": "integer", "minimum": 1, "maximum": 65536},
        "header_timeout_ms": {"type": "integer", "minimum": 100, "maximum": 600000},
        "crowded_header_timeout_ms": {"type": "integer", "minimum": 100, "maximum": 600000},
        "body_timeout_ms": {"type": "integer", "minimum": 100, "maximum": 3600000},
        "max_push_bytes": {"type": "integer", "minimum": 1024, "maximum": 1073741824},
        "max_admin_bytes": {"type": "integer", "minimum": 1024, "maximum": 1073741824}
      }
    },
    "connections": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["name", "erp"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
          "flow": {"enum": ["ecom", "erp", "combo"]},
          "masters": {"type": "object", "additionalProperties": {"enum": ["shop", "erp"]}},
          "shop": {"$ref": "#/$defs/connector"},
          "shops": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/connector"}},
          "erp": {"$ref": "#/$defs/connector"},
          "options": {"$ref": "#/$defs/options"},
          "transforms": {"type": "array", "items": {"$ref": "#/$defs/transform"}},
          "schedule": {"type": "object", "additionalProperties": {"type": ["integer", "string"]}},
          "payment_providers": {"type": "array", "items": {"$ref": "#/$defs/provider"}},
          "reconciliation": {"$ref": "#/$defs/reconciliation"}
        }
      }
    }
  },
  "$defs": {
    "options": {
      "type": "object",
      "properties": {
        "orders_as": {"type": "string", "minLength": 1},
        "max_records_per_pass": {"type": "integer", "minimum": 0},
        "stock_profiles": {"type": "array", "minItems": 1, "items": {
          "type": "object",
          "required": ["name", "erp_warehouses", "shop_warehouse"],
          "additionalProperties": false,
          "properties": {"name": {"type": "string", "minLength": 1},
                         "erp_warehouses": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                         "shop_warehouse": {"type": "string", "minLength": 1},
                         "channels": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 1}},
                         "low_threshold": {"type": "integer", "minimum": 0}}}},
        "price_lists": {"type": "array", "minItems": 1, "items": {
          "type": "object",
          "required": ["erp", "shop"],
          "additionalProperties": false,
          "properties": {"erp": {"type": "string", "minLength": 1},
                         "shop": {"type": "string", "minLength": 1},
                         "customer_group": {"type": "string", "minLength": 1}}}}
      }
    },
    "transform": {
      "type": "object",
      "required": ["plugin", "hooks"],
      "properties": {"plugin": {"type": "string", "minLength": 1},
                     "hooks": {"type": "array", "minItems": 1, "items": {"enum": [
                       "order.before_write", "status.before_write", "product.before_write", "price.before_write",
                       "pricelist.before_write", "stock.before_write"]}},
                     "timeout_ms": {"type": "integer", "minimum": 1},
                     "isolation": {"enum": ["process", "in_process"]},
                     "runner": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                     "file": {"type": "string", "minLength": 1}}
    },
    "provider": {
      "type": "object",
      "required": ["plugin"],
      "properties": {"plugin": {"type": "string", "minLength": 1},
                     "name": {"type": "string", "pattern": "^[a-z0-9_-]+$"}}
    },
    "reconciliation": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "sie_dir": {"type": "string", "minLength": 1},
        "company": {"type": "object", "required": ["name"], "additionalProperties": false,
                    "properties": {"name": {"type": "string", "minLength": 1},
                                   "orgnr": {"type": "string", "pattern": "^[0-9]{6}-?[0-9]{4}$"}}},
        "book_in_erp": {"type": "boolean"},
        "accounts": {"type": "object", "additionalProperties": {"type": "object"}}
      }
    },
    "connector": {
      "type": "object",
      "required": ["plugin"],
      "properties": {"plugin": {"type": "string", "minLength": 1},
                     "channel": {"type": "integer", "minimum": 1},
                     "isolation": {"enum": ["process", "in_process"]},
                     "runner": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                     "file": {"type": "string", "minLength": 1}}
    }
  }
})JSON";

// "isolation" and "runner" are the host's keys of any plugin block; the plugin never sees
// them. Transforms are where customer code goes, so they default to their own process;
// connectors are first-party and run in the host's (docs/config.md, "Isolation").
Isolation isolation_from(boost::json::object& settings, bool process_by_default) {
    Isolation isolation;
    isolation.process = process_by_default;
    if (auto* i = settings.if_contains("isolation"); i && i->is_string()) isolation.process = i->get_string() == "process";
    if (auto* r = settings.if_contains("runner"); r && r->is_array())
        for (const auto& part : r->get_array())
            if (part.is_string()) isolation.runner_command.push_back(std::string(part.get_string()));
    if (auto* f = settings.if_contains("file"); f && f->is_string()) {
        isolation.file = std::string(f->get_string());
        isolation.process = true;   // the host never maps a file named here
    }
    for (const char* host_key : {"isolation", "runner", "file"}) settings.erase(host_key);
    return isolation;
}

ConnectorConfig connector_from(const boost::json::object& block, std::string path) {
    ConnectorConfig c;
    c.plugin = std::string(block.at("plugin").get_string());
    c.settings = block;
    c.settings.erase("plugin");
    if (auto* ch = block.if_contains("channel"); ch && ch->is_int64()) c.channel = static_cast<int>(ch->get_int64());
    c.settings.erase("channel");
    c.isolation = isolation_from(c.settings, false);
    c.path = std::move(path);
    return c;
}

const char* const kEntities[] = {"orders", "status", "products", "prices", "pricelists", "stock", "settlements"};

// Each entry of a connection's "schedule": a known entity, an interval in range or a cron
// expression that parses and can fire (in the configured zone).
void check_schedule(const ConnectionConfig& conn, const date::time_zone* zone, std::vector<SchemaProblem>& problems) {
    if (!conn.schedule.is_object()) return;   // the schema reports it
    for (const auto& [key, value] : conn.schedule.get_object()) {
        std::string entity(key);
        auto path = conn.path + ".schedule." + entity;
        if (std::find(std::begin(kEntities), std::end(kEntities), entity) == std::end(kEntities)) {
            problems.push_back({path, "no entity '" + entity + "' (orders, status, products, prices, pricelists, stock)"});
            continue;
        }
        try {
            make_job(conn.name, entity, &conn.schedule, zone, 0);
        } catch (const std::invalid_argument& e) {
            problems.push_back({path, e.what()});
        }
    }
}

std::string without_prefix(std::string hash) {
    if (hash.rfind("sha256:", 0) == 0) hash.erase(0, 7);
    return hash;
}

// One token a line, as `sha256sum` prints it: "<64 hex digits> <name>"; '#' starts a comment.
void read_tokens_file(const std::filesystem::path& file, std::vector<AdminToken>& tokens, std::vector<SchemaProblem>& problems) {
    std::ifstream in(file);
    if (!in) {
        problems.push_back({"admin.tokens_file", "cannot read " + file.string()});
        return;
    }
    static const std::regex line_format(R"(^\s*(?:sha256:)?([0-9a-f]{64})\s+(\S.*?)\s*$)");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        auto start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos || line[start] == '#') continue;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::smatch m;
        // The line is not echoed: someone may have pasted the token instead of its hash.
        if (!std::regex_match(line, m, line_format))
            problems.push_back({"admin.tokens_file", file.string() + " line " + std::to_string(number) +
                                                         ": expected '<sha256 hex> <name>' (skarv token new prints it)"});
        else
            tokens.push_back({m[2].str(), m[1].str()});
    }
}

void read_http_settings(const boost::json::object& root, const std::function<std::filesystem::path(std::string_view)>& resolve,
                        HttpSettings& http, std::vector<SchemaProblem>& problems) {
    auto integer = [](const boost::json::object& o, const char* key, auto& field) {
        if (auto* v = o.if_contains(key); v && v->is_int64()) field = static_cast<std::remove_reference_t<decltype(field)>>(v->get_int64());
    };
    if (auto* a = root.if_contains("admin"); a && a->is_object()) {
        const auto& admin = a->get_object();
        if (auto* list = admin.if_contains("tokens"); list && list->is_array())
            for (const auto& t : list->get_array())
                if (t.is_object() && t.get_object().contains("name") && t.get_object().contains("sha256") &&
                    t.at("name").is_string() && t.at("sha256").is_string())
                    http.admin_tokens.push_back({std::string(t.at("name").get_string()), without_prefix(std::string(t.at("sha256").get_string()))});
        if (auto* f = admin.if_contains("tokens_file"); f && f->is_string())
            read_tokens_file(resolve(f->get_string()), http.admin_tokens, problems);
        if (auto* hosts = admin.if_contains("hosts"); hosts && hosts->is_array())
            for (const auto& h : hosts->get_array())
                if (h.is_string()) http.extra_hosts.push_back(std::string(h.get_string()));
        integer(admin, "session_hours", http.session_hours);
    }
    if (auto* h = root.if_contains("http"); h && h->is_object()) {
        const auto& o = h->get_object();
        if (auto* tls = o.if_contains("tls"); tls && tls->is_object()) {
            if (auto* c = tls->get_object().if_contains("certificate"); c && c->is_string()) http.tls_certificate = resolve(c->get_string());
            if (auto* k = tls->get_object().if_contains("key"); k && k->is_string()) http.tls_key = resolve(k->get_string());
            // Read by the service itself (it checks that they are PEM and belong together);
            // here only that they are there, so `skarv check` names a wrong path.
            for (auto [key, file] : {std::pair{"http.tls.certificate", &http.tls_certificate}, {"http.tls.key", &http.tls_key}})
                if (!file->empty() && !std::ifstream(*file)) problems.push_back({key, "cannot read " + file->string()});
        }
        if (auto* p = o.if_contains("allow_plain_http"); p && p->is_bool()) http.allow_plain_http = p->get_bool();
        integer(o, "workers", http.workers);
        integer(o, "queue", http.queue);
        integer(o, "header_timeout_ms", http.header_timeout_ms);
        integer(o, "crowded_header_timeout_ms", http.crowded_header_timeout_ms);
        integer(o, "body_timeout_ms", http.body_timeout_ms);
        integer(o, "max_push_bytes", http.max_push_bytes);
        integer(o, "max_admin_bytes", http.max_admin_bytes);
    }
}

// What the schema cannot say about a connection block's shape.
void check_connection_shape(const boost::json::value& c, const std::string& at, std::vector<SchemaProblem>& problems) {
    if (!c.is_object()) return;
    const auto& o = c.get_object();
    if (!o.contains("shop") && !o.contains("shops")) problems.push_back({at + ".shops", "required (or \"shop\" for a single shop)"});
    if (o.contains("shop") && o.contains("shops")) problems.push_back({at, "give either \"shop\" or \"shops\", not both"});
    if (o.contains("flow") && o.contains("masters"))
        problems.push_back({at, "give either a \"flow\" preset or explicit \"masters\", not both"});
}

// One connection block, built as far as it can be; what is wrong goes to `problems`.
// `resolve` makes a relative path in the block absolute (against its file's folder).
ConnectionConfig read_connection(const boost::json::object& c, std::string path,
                                 const std::function<std::filesystem::path(std::string_view)>& resolve,
                                 const date::time_zone* zone, std::vector<SchemaProblem>& problems) {
    auto is_connector = [](const boost::json::value* v) {
        return v && v->is_object() && v->get_object().contains("plugin") && v->get_object().at("plugin").is_string();
    };
    ConnectionConfig conn;
    conn.path = std::move(path);
    // What a reload compares to tell a changed connection from one left as it was.
    conn.fingerprint = boost::json::serialize(c);
    if (auto* n = c.if_contains("name"); n && n->is_string()) conn.name = std::string(n->get_string());
    if (auto* f = c.if_contains("flow"); f && f->is_string()) conn.flow = std::string(f->get_string());
    else conn.flow = c.contains("masters") ? "" : "erp";
    if (auto* m = c.if_contains("masters"); m && m->is_object()) conn.masters = m->get_object();
    if (auto* s = c.if_contains("shop"); is_connector(s)) conn.shops.push_back(connector_from(s->get_object(), conn.path + ".shop"));
    if (auto* s = c.if_contains("shops"); s && s->is_array())
        for (std::size_t k = 0; k < s->get_array().size(); ++k)
            if (is_connector(&s->get_array()[k]))
                conn.shops.push_back(connector_from(s->get_array()[k].get_object(), conn.path + ".shops[" + std::to_string(k) + "]"));
    if (auto* e = c.if_contains("erp"); is_connector(e)) conn.erp = connector_from(e->get_object(), conn.path + ".erp");
    if (auto* o = c.if_contains("options"); o && o->is_object()) conn.options = o->get_object();
    if (auto* ps = c.if_contains("payment_providers"); ps && ps->is_array())
        for (std::size_t k = 0; k < ps->get_array().size(); ++k) {
            if (!is_connector(&ps->get_array()[k])) continue;
            auto pc = connector_from(ps->get_array()[k].get_object(), conn.path + ".payment_providers[" + std::to_string(k) + "]");
            pc.name = pc.plugin;
            if (auto* n = pc.settings.if_contains("name"); n && n->is_string()) pc.name = std::string(n->get_string());
            pc.settings.erase("name");
            for (const auto& earlier : conn.payment_providers)
                if (earlier.name == pc.name)
                    problems.push_back({pc.path + ".name", "two payment providers named '" + pc.name +
                                                                      "': give each its own \"name\""});
            conn.payment_providers.push_back(std::move(pc));
        }
    if (auto* r = c.if_contains("reconciliation"); r && r->is_object()) {
        conn.reconciliation = r->get_object();
        const auto at = conn.path + ".reconciliation";
        if (conn.reconciliation.contains("sie_dir") && !conn.reconciliation.contains("company"))
            problems.push_back({at + ".company", "required with sie_dir: the SIE file names the company (#FNAMN)"});
        if (auto* sie = conn.reconciliation.if_contains("sie_dir"); sie && sie->is_string())
            conn.reconciliation["sie_dir"] = resolve(sie->get_string()).string();
        if (auto* accounts = conn.reconciliation.if_contains("accounts"); accounts && accounts->is_object())
            for (const auto& [provider, settings] : accounts->get_object()) {
                bool known = false;
                for (const auto& p : conn.payment_providers) known = known || p.name == provider;
                if (!known)
                    problems.push_back({at + ".accounts." + std::string(provider),
                                               "no payment provider named '" + std::string(provider) + "'"});
                if (!settings.is_object()) continue;
                try {
                    read_booking_accounts(settings.get_object(), at + ".accounts." + std::string(provider));
                } catch (const RecordError& e) {
                    problems.push_back({e.path(), std::string(e.what()).substr(e.path().size() + 2)});
                }
            }
    }
    if (auto* sch = c.if_contains("schedule")) conn.schedule = *sch;
    if (auto* ts = c.if_contains("transforms"); ts && ts->is_array())
        for (std::size_t k = 0; k < ts->get_array().size(); ++k) {
            const auto& t = ts->get_array()[k];
            if (!is_connector(&t)) continue;
            TransformConfig tc;
            tc.path = conn.path + ".transforms[" + std::to_string(k) + "]";
            tc.plugin = std::string(t.at("plugin").get_string());
            tc.settings = t.get_object();
            if (auto* h = tc.settings.if_contains("hooks"); h && h->is_array())
                for (const auto& hook : h->get_array())
                    if (hook.is_string()) tc.hooks.push_back(std::string(hook.get_string()));
            if (auto* to = tc.settings.if_contains("timeout_ms"); to && to->is_int64()) tc.timeout_ms = to->get_int64();
            for (const char* host_key : {"plugin", "hooks", "timeout_ms"}) tc.settings.erase(host_key);
            tc.isolation = isolation_from(tc.settings, true);
            conn.transforms.push_back(std::move(tc));
        }
    for (auto* iso : [&] {
             std::vector<Isolation*> all{&conn.erp.isolation};
             for (auto& shop : conn.shops) all.push_back(&shop.isolation);
             for (auto& provider : conn.payment_providers) all.push_back(&provider.isolation);
             for (auto& t : conn.transforms) all.push_back(&t.isolation);
             return all;
         }())
        if (!iso->file.empty()) iso->file = resolve(iso->file.string());
    check_schedule(conn, zone, problems);
    for (auto& found : {check_stock_profiles(conn), check_price_lists(conn)})
        problems.insert(problems.end(), found.begin(), found.end());
    return conn;
}

// A JSON file that may have comments and trailing commas, as the main file may.
std::optional<boost::json::value> parse_config_file(const std::filesystem::path& file, std::vector<SchemaProblem>& problems) {
    std::ifstream in(file);
    if (!in) {
        problems.push_back({"", "cannot read " + file.string()});
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    auto doc = boost::json::parse(text.str(), ec, {}, options);
    if (ec) {
        problems.push_back({"", file.string() + " is not valid JSON: " + ec.message()});
        return std::nullopt;
    }
    return doc;
}

// The schema of one merchant's file: {"connections": [...]}, each as in the main file.
const boost::json::value& merchant_file_schema(const boost::json::value& host_schema) {
    static const boost::json::value schema = [&] {
        boost::json::object o = host_schema.get_object();
        o["required"] = boost::json::array{"connections"};
        o["properties"] = boost::json::object{{"connections", host_schema.at("properties").at("connections")}};
        return boost::json::value(std::move(o));
    }();
    return schema;
}

// Each *.json file of the connections directory is one merchant: its connections join
// the main file's, unless the file has a problem, which skips that merchant alone.
void read_connections_dir(HostConfig& config, const date::time_zone* zone, ConfigLoad& result) {
    std::error_code ec;
    if (!std::filesystem::is_directory(config.connections_dir, ec)) {
        result.problems.push_back({"connections_dir", "not a directory: " + config.connections_dir.string()});
        return;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(config.connections_dir, ec))
        if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        SkippedMerchant merchant{file, {}};
        auto& problems = merchant.problems;
        std::vector<ConnectionConfig> mine;
        if (auto doc = parse_config_file(file, problems)) {
            auto secrets = resolve_secret_references(*doc, file.parent_path());
            problems.insert(problems.end(), secrets.problems.begin(), secrets.problems.end());
            // Scrubbed from the log even when the merchant is skipped.
            config.resolved_secrets.insert(config.resolved_secrets.end(), secrets.values.begin(), secrets.values.end());
            for (auto& p : validate_against_schema(*doc, merchant_file_schema(host_config_schema())))
                problems.push_back({file.filename().string() + "#" + p.path, std::move(p.message)});
            auto resolve = [&](std::string_view p) {
                std::filesystem::path path(std::string{p});
                return path.is_absolute() ? path : file.parent_path() / path;
            };
            auto* list = doc->is_object() ? doc->get_object().if_contains("connections") : nullptr;
            for (std::size_t i = 0; list && list->is_array() && i < list->get_array().size(); ++i) {
                const auto& item = list->get_array()[i];
                const std::string at = file.filename().string() + "#connections[" + std::to_string(i) + "]";
                check_connection_shape(item, at, problems);
                if (!item.is_object()) continue;
                auto conn = read_connection(item.get_object(), at, resolve, zone, problems);
                conn.source = file;
                for (const auto* earlier : [&] {
                         std::vector<const ConnectionConfig*> all;
                         for (const auto& c : config.connections) all.push_back(&c);
                         for (const auto& c : mine) all.push_back(&c);
                         return all;
                     }())
                    if (!conn.name.empty() && earlier->name == conn.name)
                        problems.push_back({at + ".name", "connection name '" + conn.name + "' is already used by " +
                                                              (earlier->source.empty() ? std::string("the main file")
                                                                                       : earlier->source.filename().string())});
                mine.push_back(std::move(conn));
            }
        }
        if (problems.empty())
            for (auto& c : mine) config.connections.push_back(std::move(c));
        else
            result.skipped.push_back(std::move(merchant));
    }
}

}  // namespace

const boost::json::value& host_config_schema() {
    static const boost::json::value schema = boost::json::parse(kHostConfigSchema);
    return schema;
}

ConfigLoad load_host_config(const std::filesystem::path& file) {
    ConfigLoad result;
    auto parsed = parse_config_file(file, result.problems);
    if (!parsed) return result;
    auto& doc = *parsed;
    // References first, so every schema (the host's, each plugin's) sees the resolved strings.
    auto secrets = resolve_secret_references(doc, file.parent_path());
    result.problems.insert(result.problems.end(), secrets.problems.begin(), secrets.problems.end());
    for (auto& p : validate_against_schema(doc, host_config_schema())) result.problems.push_back(std::move(p));
    static const boost::json::object no_object;
    const auto& root = doc.is_object() ? doc.get_object() : no_object;
    auto connections = root.if_contains("connections");
    if (connections && connections->is_array())
        for (std::size_t i = 0; i < connections->get_array().size(); ++i)
            check_connection_shape(connections->get_array()[i], "connections[" + std::to_string(i) + "]", result.problems);
    // Build what can be built even when the structure has problems, so the plugins'
    // own schemas are checked too and the operator sees every problem in one run.
    if (!doc.is_object()) return result;
    HostConfig config;
    config.file = file;
    auto base = file.parent_path();
    auto resolve = [&](std::string_view p) {
        std::filesystem::path path(std::string{p});
        return path.is_absolute() || base.empty() ? path : base / path;
    };
    if (auto* dirs = root.if_contains("plugin_dirs"); dirs && dirs->is_array())
        for (const auto& d : dirs->get_array())
            if (d.is_string()) config.plugin_dirs.push_back(resolve(d.get_string()));
    // A "postgresql://" URL names a database, not a file: it stays as written.
    if (auto* db = root.if_contains("state_db"); db && db->is_string())
        config.state_db = is_postgresql_url(db->get_string()) ? std::filesystem::path(std::string(db->get_string()))
                                                              : resolve(db->get_string());
    const date::time_zone* zone = nullptr;   // UTC for checking the cron fields when the zone is bad
    if (auto* tz = root.if_contains("timezone"); tz && tz->is_string()) config.timezone = std::string(tz->get_string());
    if (auto* r = root.if_contains("retention"); r && r->is_object()) {
        auto days = [&](const char* key, int& out) {
            if (auto* v = r->get_object().if_contains(key); v && v->is_int64()) out = static_cast<int>(v->get_int64());
        };
        days("reports_days", config.retention.reports_days);
        days("events_days", config.retention.events_days);
        days("dead_letters_days", config.retention.dead_letters_days);
        days("order_state_days", config.retention.order_state_days);
    }
    if (auto* w = root.if_contains("workers"); w && w->is_object()) {
        if (auto* lease = w->get_object().if_contains("lease_seconds"); lease && lease->is_number())
            config.workers.lease_ms = static_cast<int64_t>(lease->to_number<double>() * 1000);
        if (auto* poll = w->get_object().if_contains("poll_ms"); poll && poll->is_int64())
            config.workers.poll_ms = poll->get_int64();
    }
    bool any_cron = false;
    if (connections && connections->is_array())
        for (const auto& c : connections->get_array())
            if (auto* sch = c.is_object() ? c.get_object().if_contains("schedule") : nullptr; sch && sch->is_object())
                for (const auto& [entity, when] : sch->get_object()) any_cron = any_cron || when.is_string();
    try {
        zone = find_time_zone(config.timezone);
    } catch (const std::invalid_argument& e) {
        // A named zone must exist; the machine's is needed only when some schedule is cron.
        if (!config.timezone.empty() || any_cron)
            result.problems.push_back({config.timezone.empty() ? "" : "timezone", e.what()});
    }
    const boost::json::array empty;
    const auto& list = connections && connections->is_array() ? connections->get_array() : empty;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_object()) continue;
        auto conn = read_connection(list[i].get_object(), "connections[" + std::to_string(i) + "]", resolve, zone,
                                    result.problems);
        for (const auto& earlier : config.connections)
            if (!conn.name.empty() && earlier.name == conn.name)
                result.problems.push_back({conn.path + ".name", "duplicate connection name '" + conn.name + "'"});
        config.connections.push_back(std::move(conn));
    }
    if (auto* dir = root.if_contains("connections_dir"); dir && dir->is_string()) {
        config.connections_dir = resolve(dir->get_string());
        read_connections_dir(config, zone, result);
    }
    read_http_settings(root, resolve, config.http, result.problems);
    config.resolved_secrets.insert(config.resolved_secrets.begin(), secrets.values.begin(), secrets.values.end());
    result.config = std::move(config);
    return result;
}

namespace {

enum class Declared { yes, no, unknown };

// What a connector's capabilities say of "<entity>.<verb>"; unknown when it lists no
// entities at all (an older plugin), so only a plugin that says what it does is held to it.
Declared declares(const PluginModule& module, const std::string& entity, const std::string& verb) {
    const auto* entities = module.capabilities().if_contains("entities");
    if (!entities || !entities->is_object()) return Declared::unknown;
    const auto* verbs = entities->get_object().if_contains(entity);
    if (!verbs || !verbs->is_array()) return Declared::no;
    for (const auto& v : verbs->get_array())
        if (v.is_string() && v.get_string() == verb) return Declared::yes;
    return Declared::no;
}

}  // namespace

void skip_broken_merchants(HostConfig& config, std::vector<SchemaProblem>& problems, std::vector<SkippedMerchant>& skipped) {
    std::map<std::string, std::filesystem::path> merchant_files;   // "acme.json#" -> its file
    for (const auto& c : config.connections)
        if (!c.source.empty()) merchant_files[c.source.filename().string() + "#"] = c.source;
    std::vector<SchemaProblem> kept;
    for (auto& p : problems) {
        auto it = std::find_if(merchant_files.begin(), merchant_files.end(),
                               [&](const auto& m) { return p.path.rfind(m.first, 0) == 0; });
        if (it == merchant_files.end()) {
            kept.push_back(std::move(p));
            continue;
        }
        auto merchant = std::find_if(skipped.begin(), skipped.end(), [&](const auto& m) { return m.file == it->second; });
        if (merchant == skipped.end()) merchant = skipped.insert(skipped.end(), SkippedMerchant{it->second, {}});
        merchant->problems.push_back(std::move(p));
    }
    problems = std::move(kept);
    std::erase_if(config.connections, [&](const ConnectionConfig& c) {
        return !c.source.empty() && std::any_of(skipped.begin(), skipped.end(), [&](const auto& m) { return m.file == c.source; });
    });
}

PluginModulePtr find_plugin(const std::vector<PluginLoadResult>& plugins, const std::string& name, const Isolation& isolation) {
    for (const auto& p : plugins) {
        if (!p.loaded() || p.module->name() != name) continue;
        if (isolation.file.empty() ? p.module->mapped() : p.file == isolation.file) return p.module;
    }
    return nullptr;
}

std::string plugin_file_refusal(const std::vector<PluginLoadResult>& plugins, const Isolation& isolation) {
    if (isolation.file.empty()) return "";
    for (const auto& p : plugins)
        if (p.file == isolation.file && !p.loaded()) return p.refusal;
    return "";
}

std::vector<PluginLoadResult> load_plugins(const HostConfig& config) {
    auto plugins = PluginLoader::load_directories(config.plugin_dirs);
    std::vector<std::pair<std::string, const Isolation*>> runner_only;
    for (const auto& conn : config.connections) {
        for (const auto& shop : conn.shops) runner_only.emplace_back(shop.plugin, &shop.isolation);
        runner_only.emplace_back(conn.erp.plugin, &conn.erp.isolation);
        for (const auto& provider : conn.payment_providers) runner_only.emplace_back(provider.plugin, &provider.isolation);
        for (const auto& t : conn.transforms) runner_only.emplace_back(t.plugin, &t.isolation);
    }
    for (const auto& [name, iso] : runner_only) {
        if (iso->file.empty()) continue;
        bool known = false;
        for (const auto& p : plugins) known = known || (p.loaded() && p.file == iso->file);
        if (known) continue;
        auto result = PluginLoader::describe_in_runner(iso->file, iso->runner_command);
        if (result.loaded() && result.module->name() != name)
            result = {iso->file, nullptr, "is plugin '" + result.module->name() + "', not '" + name + "'"};
        plugins.push_back(std::move(result));
    }
    return plugins;
}

std::vector<SchemaProblem> check_connectors(const HostConfig& config, const std::vector<PluginLoadResult>& plugins) {
    std::vector<SchemaProblem> problems;
    auto check_one = [&](const ConnectorConfig& c) {
        const PluginModule* module = find_plugin(plugins, c.plugin, c.isolation).get();
        if (c.plugin.empty()) return;   // already reported as a structural problem
        if (auto refusal = plugin_file_refusal(plugins, c.isolation); !refusal.empty()) {
            problems.push_back({c.path + ".file", c.isolation.file.string() + ": " + refusal});
            return;
        }
        if (!module) {
            problems.push_back({c.path + ".plugin", "no loaded plugin named '" + c.plugin + "' in the plugin directories"});
            return;
        }
        if (module->kind() != SKARV_KIND_CONNECTOR) {
            problems.push_back({c.path + ".plugin", "'" + c.plugin + "' is a " + module->kind_name() + ", not a connector"});
            return;
        }
        auto found = validate_against_schema(boost::json::value(c.settings), module->config_schema(), c.path);
        problems.insert(problems.end(), found.begin(), found.end());
    };
    for (const auto& conn : config.connections) {
        std::vector<EntityFlow> plan;
        try {
            plan = plan_for(conn.flow, conn.masters ? &*conn.masters : nullptr);
        } catch (const std::invalid_argument& e) {
            problems.push_back({conn.path + (conn.masters ? ".masters" : ".flow"), e.what()});
        }
        // Each entity the plan moves must be written by the side it goes to, if the side it
        // comes from reads it at all; else the sync would dead-letter every record.
        for (const auto& flow : plan) {
            const bool to_erp = flow.direction == Direction::shop_to_erp;
            std::vector<const ConnectorConfig*> sources, targets;
            for (const auto& shop : conn.shops) (to_erp ? sources : targets).push_back(&shop);
            (to_erp ? targets : sources).push_back(&conn.erp);
            bool someone_reads = false;
            for (const auto* source : sources)
                if (const auto* m = find_plugin(plugins, source->plugin, source->isolation).get();
                    m && m->kind() == SKARV_KIND_CONNECTOR)
                    someone_reads = someone_reads || declares(*m, flow.entity, "read") != Declared::no;
            if (!someone_reads) continue;
            for (const auto* target : targets) {
                const auto* m = find_plugin(plugins, target->plugin, target->isolation).get();
                if (!m || m->kind() != SKARV_KIND_CONNECTOR) continue;   // reported below
                // Orders are looked up before each create (exactly once), so the ERP finds too.
                for (const char* verb : {"write", "find"}) {
                    if (std::string(verb) == "find" && flow.entity != "orders") continue;
                    if (declares(*m, flow.entity, verb) == Declared::no)
                        problems.push_back({target->path + ".plugin",
                                            "'" + target->plugin + "' does not declare " + flow.entity + "." + verb +
                                                ", but the " +
                                                (conn.flow.empty() ? std::string("masters") : "'" + conn.flow + "' flow") +
                                                " sends " + flow.entity + " " + to_string(flow.direction)});
                }
            }
        }
        for (const auto& shop : conn.shops) check_one(shop);
        check_one(conn.erp);
        for (const auto& provider : conn.payment_providers) check_one(provider);
        for (const auto& t : conn.transforms) {
            const PluginModule* module = find_plugin(plugins, t.plugin, t.isolation).get();
            if (auto refusal = plugin_file_refusal(plugins, t.isolation); !refusal.empty()) {
                problems.push_back({t.path + ".file", t.isolation.file.string() + ": " + refusal});
                continue;
            }
            if (!module) {
                problems.push_back({t.path + ".plugin", "no loaded plugin named '" + t.plugin + "' in the plugin directories"});
                continue;
            }
            if (module->kind() != SKARV_KIND_TRANSFORM) {
                problems.push_back({t.path + ".plugin", "'" + t.plugin + "' is a " + module->kind_name() + ", not a transform"});
                continue;
            }
            // A transform runs only at the hooks it declares; at another it would fail or
            // pass through records it does not understand.
            const auto* declared = module->capabilities().if_contains("hooks");
            for (std::size_t h = 0; h < t.hooks.size(); ++h) {
                bool listed = false;
                if (declared && declared->is_array())
                    for (const auto& d : declared->get_array()) listed = listed || (d.is_string() && d.get_string() == t.hooks[h]);
                if (!listed)
                    problems.push_back({t.path + ".hooks[" + std::to_string(h) + "]",
                                        "'" + t.plugin + "' does not declare the hook " + t.hooks[h] +
                                            " (it declares " + (declared ? boost::json::serialize(*declared) : "none") + ")"});
            }
            auto found = validate_against_schema(boost::json::value(t.settings), module->config_schema(), t.path);
            problems.insert(problems.end(), found.begin(), found.end());
        }
    }
    return problems;
}

}  // namespace skarv::host
