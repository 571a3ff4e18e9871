#include "mapping.hpp"

#include <skarv/json_reader.hpp>

#include "json_text.hpp"
#include "order_totals.hpp"
#include "record_failure.hpp"

namespace skarv::custom::mapping {
namespace {

const char* kind_name(int i) {
    static constexpr const char* kNames[] = {"source", "constant", "lookup", "jq"};
    return kNames[i];
}

void allow_only(const JsonReader& c, std::initializer_list<std::string_view> keys) {
    for (const auto& [key, value] : c.object()) {
        bool known = false;
        for (auto k : keys) known = known || key == k;
        if (!known) throw RecordError(c.at(key), "unknown setting");
    }
}

}  // namespace

MappingSet MappingSet::parse(const boost::json::object& config) {
    for (const auto& [key, value] : config)
        if (key != "mappings") throw RecordError(std::string(key), "unknown setting (the config is {\"mappings\": [...]})");
    auto* list = config.if_contains("mappings");
    if (!list || list->is_null()) throw RecordError("mappings", "required");
    if (!list->is_array()) throw RecordError("mappings", "expected an array of mappings");
    MappingSet set;
    for (std::size_t i = 0; i < list->get_array().size(); ++i) {
        const std::string where = "mappings[" + std::to_string(i) + "]";
        JsonReader c(list->get_array()[i], where);
        allow_only(c, {"target", "source", "constant", "lookup", "jq", "default", "required", "when", "comment"});
        Entry e;
        e.target = Path::parse_writable(c.string("target"), c.at("target"));
        int kinds = 0, kind = -1;
        for (int k = 0; k < 4; ++k)
            if (c.object().contains(kind_name(k))) { ++kinds; kind = k; }
        if (kinds != 1) throw RecordError(where, "give exactly one of source, constant, lookup or jq");
        e.kind = static_cast<Kind>(kind);
        e.label = where + " (" + kind_name(kind) + ")";
        e.when = parse_when(c.object(), where);
        e.required = c.boolean_or("required", false);
        if (c.object().contains("default")) e.fallback = c.object().at("default");
        switch (e.kind) {
            case Kind::source: e.source = Path::parse(c.string("source"), c.at("source")); break;
            case Kind::constant: e.constant = c.object().at("constant"); break;
            case Kind::lookup: {
                JsonReader l = c.child("lookup");
                allow_only(l, {"source", "table", "default"});
                e.source = Path::parse(l.string("source"), l.at("source"));
                const auto& table = l.value("table");
                if (!table.is_object()) throw RecordError(l.at("table"), "expected an object {\"from\": \"to\", ...}");
                e.table = table.get_object();
                if (l.object().contains("default")) e.fallback = l.object().at("default");
                break;
            }
            case Kind::jq: e.jq = std::make_unique<JqProgram>(c.string("jq"), c.at("jq")); break;
        }
        set.entries_.push_back(std::move(e));
    }
    return set;
}

Outcome MappingSet::apply(boost::json::value& record, const boost::json::value& context) {
    bool money_changed = false;
    for (auto& e : entries_) {
        if (e.when && !e.when->holds(Subject{record, context})) continue;
        std::optional<boost::json::value> value;
        try {
            switch (e.kind) {
                case Kind::constant: value = e.constant; break;
                case Kind::source: {
                    auto found = find_in(e.source, Subject{record, context});
                    if (!found.empty() && !found.front()->is_null()) value = *found.front();
                    break;
                }
                case Kind::lookup: {
                    auto found = find_in(e.source, Subject{record, context});
                    if (!found.empty())
                        if (auto key = scalar_text(*found.front()))
                            if (auto* to = e.table.if_contains(*key)) value = *to;
                    break;
                }
                case Kind::jq: value = e.jq->run(record); break;
            }
            if (!value && e.fallback) value = e.fallback;
            if (!value) {
                if (e.required) throw RecordFailure("nothing to map to " + e.target.text());
                continue;
            }
            // Copied before writing: the target may lie inside the value's own tree.
            for (auto* v : e.target.ensure(record)) *v = *value;
            money_changed |= e.target.touches_money();
        } catch (const std::exception& ex) {
            throw RecordFailure(e.label + ": " + ex.what());
        }
    }
    if (money_changed) refresh_order_totals(record);
    return {};
}

}  // namespace skarv::custom::mapping
