#include "transform_driver.hpp"

#include <skarv/protocol.hpp>

#include "record_failure.hpp"

namespace skarv::custom {
namespace {

std::string text_of(const boost::json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_number()) return boost::json::serialize(*v);
    return {};
}

boost::json::value build_context(const boost::json::object& request, const std::string& hook) {
    boost::json::object context;
    if (auto* c = request.if_contains("context"); c && c->is_object()) context = c->get_object();
    for (const char* key : {"connection", "channel"})
        if (!context.contains(key))
            if (auto* v = request.if_contains(key)) context[key] = *v;
    context["hook"] = hook;
    return context;
}

const char* action_name(Action a) {
    switch (a) {
        case Action::keep: return protocol::kKeep;
        case Action::drop: return protocol::kDrop;
        case Action::fail: return protocol::kFail;
    }
    return protocol::kFail;
}

}  // namespace

std::string record_name(const boost::json::value& record, std::size_t index, std::string_view hook) {
    if (record.is_object()) {
        const auto& o = record.get_object();
        // The hook says what kind of record it is where the keys alone are ambiguous
        // (a status event and an order both carry order_id).
        const std::string entity(hook.substr(0, hook.find('.')));
        if (auto id = text_of(o, "order_id"); !id.empty())
            return (entity == "status" ? "status event of order " : "order ") + id;
        if (auto id = text_of(o, "article_number"); !id.empty()) return "product " + id;
        if (auto id = text_of(o, "sku"); !id.empty()) {
            if (auto w = text_of(o, "warehouse"); !w.empty()) return "stock " + id + "@" + w;
            return (entity == "price" || entity == "prices" ? "price " : entity == "stock" ? "stock " : "record ") + id;
        }
        if (auto id = text_of(o, "code"); !id.empty() && o.contains("prices")) return "price list " + id;
        if (auto id = text_of(o, "customer_number"); !id.empty()) return "customer " + id;
    }
    return "record " + std::to_string(index);
}

boost::json::value run_transform(const std::string& op, const boost::json::object& request, const HostServices& host,
                                 const RecordTransform& transform) {
    if (op != protocol::kTransform) throw PluginError::unsupported(op);
    auto* records = request.if_contains("records");
    if (!records || !records->is_array())
        throw PluginError::invalid("invalid_request", "transform request: records: expected an array");
    std::string hook;
    if (auto* h = request.if_contains("hook"); h && h->is_string()) hook = std::string(h->get_string());
    const boost::json::value context = build_context(request, hook);

    boost::json::array results;
    const auto& input = records->get_array();
    results.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        boost::json::object result{{"index", i}};
        const std::string name = record_name(input[i], i, hook);
        Outcome outcome;
        boost::json::value record = input[i];
        // Poll between records: when the host gives up on the call, what is left fails
        // with a reason that says so, instead of the plugin running on unheard.
        if (host.cancelled()) {
            outcome = {Action::fail, name + ": not transformed, the host cancelled the call (timeout or shutdown)"};
        } else if (!record.is_object()) {
            outcome = {Action::fail, name + ": expected a JSON object"};
        } else {
            try {
                outcome = transform(record, context);
                if (outcome.action == Action::fail) outcome.reason = name + ": " + outcome.reason;
            } catch (const RecordFailure& e) {
                outcome = {Action::fail, name + ": " + e.what()};
            } catch (const RecordError& e) {
                outcome = {Action::fail, name + ": " + e.what()};
            } catch (const std::exception& e) {
                outcome = {Action::fail, name + ": the transform failed: " + e.what()};
            } catch (...) {
                outcome = {Action::fail, name + ": the transform failed with a non-standard exception"};
            }
        }
        result["action"] = action_name(outcome.action);
        if (outcome.action == Action::keep) result["record"] = std::move(record);
        else result["reason"] = outcome.reason;
        results.push_back(std::move(result));
    }
    return boost::json::object{{"results", std::move(results)}};
}

}  // namespace skarv::custom
