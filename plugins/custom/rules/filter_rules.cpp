// Rules that decide whether a record goes on: drop it (counted as skipped, with the
// reason in the transfer report) or fail it (a dead letter a person must look at).
#include "json_text.hpp"
#include "record_failure.hpp"
#include "rule.hpp"
#include "rule_config.hpp"
#include "safe_regex.hpp"

namespace skarv::custom::rules {
namespace {

// Dropping or failing every record is never what anyone meant; make them say when.
void require_when(const JsonReader& c) {
    if (!c.has("when")) throw RecordError(c.at("when"), "required (the condition under which the rule acts)");
}

class Ignore : public Rule {
public:
    explicit Ignore(const JsonReader& c) : reason_(c.string_or("reason", "ignored by a rule")) {
        require_when(c);
        allow_only(c, {"reason"});
    }
    Outcome apply(boost::json::value&, const Subject&, Effects&) const override { return {Action::drop, reason_}; }

private:
    std::string reason_;
};

class FailWhen : public Rule {
public:
    explicit FailWhen(const JsonReader& c) : reason_(c.string("reason")) {
        require_when(c);
        allow_only(c, {"reason"});
    }
    Outcome apply(boost::json::value&, const Subject&, Effects&) const override { return {Action::fail, reason_}; }

private:
    std::string reason_;
};

class IgnoreByPattern : public Rule {
public:
    explicit IgnoreByPattern(const JsonReader& c)
        : regex_(c.string("pattern"), c.at("pattern"), c.boolean_or("ignore_case", false)),
          reason_(c.optional_string("reason")) {
        allow_only(c, {"pattern", "field", "ignore_case", "reason"});
        if (c.has("field")) field_ = read_path(c, "field");
    }
    Outcome apply(boost::json::value& record, const Subject& subject, Effects&) const override {
        Path field = field_ ? *field_ : default_field(record);
        for (const auto* v : find_in(field, subject)) {
            auto text = scalar_text(*v);
            if (text && regex_.search(*text))
                return {Action::drop, reason_ ? *reason_
                                              : "SKU " + *text + " matches ignore pattern " + regex_.pattern()};
        }
        return {};
    }

private:
    // The record's own key: an order by its lines' SKUs, a product by its article
    // number, prices and stock by SKU.
    static Path default_field(const boost::json::value& record) {
        const auto& o = record.get_object();
        const char* path = o.contains("lines") ? "lines[*].sku" : o.contains("article_number") ? "article_number" : "sku";
        return Path::parse(path, "ignore_by_pattern");
    }
    SafeRegex regex_;
    std::optional<std::string> reason_;
    std::optional<Path> field_;
};

}  // namespace

RuleFamily filter_rules() {
    return {
        {"ignore", [](const JsonReader& c) { return std::make_unique<Ignore>(c); }},
        {"fail_when", [](const JsonReader& c) { return std::make_unique<FailWhen>(c); }},
        {"ignore_by_pattern", [](const JsonReader& c) { return std::make_unique<IgnoreByPattern>(c); }},
    };
}

}  // namespace skarv::custom::rules
