#include "order_push.hpp"

#include <sstream>

#include <Poco/Base64Decoder.h>

#include <skarv/records.hpp>

#include "order_mapping.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

// Compares without an early exit, so timing does not tell how much of a guess was right.
bool same_secret(const std::string& given, const std::string& expected) {
    if (expected.empty()) return false;
    std::size_t diff = given.size() ^ expected.size();
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(expected[i % expected.size()]);
    return diff == 0;
}

std::string header(const json::object& request, std::string_view name) {
    const auto* headers = object_at(request, "headers");
    return headers ? text(*headers, name) : "";
}

void check_basic_auth(const json::object& request, const Config& config) {
    if (config.push_user.empty())
        throw skarv::PluginError::auth("order push refused: no push credentials are configured (config.push)");
    const std::string auth = header(request, "authorization");
    if (auth.size() < 6 || !iequals(auth.substr(0, 6), "Basic "))
        throw skarv::PluginError::auth("order push refused: no Basic credentials");
    std::string decoded;
    try {
        std::istringstream in(auth.substr(6));
        Poco::Base64Decoder decoder(in);
        decoded.assign(std::istreambuf_iterator<char>(decoder), {});
    } catch (const std::exception&) {
        throw skarv::PluginError::auth("order push refused: the Basic credentials are not base64");
    }
    const auto colon = decoded.find(':');
    const std::string user = decoded.substr(0, colon);
    const std::string password = colon == std::string::npos ? "" : decoded.substr(colon + 1);
    const bool user_ok = same_secret(user, config.push_user);
    const bool password_ok = same_secret(password, config.push_password);
    // Neither the user nor the password tried is echoed: a mistyped password is often a real one.
    if (!user_ok || !password_ok) throw skarv::PluginError::auth("order push refused: wrong user or password");
}

}  // namespace

std::string payment_ref_key(const std::string& order_id) { return "order/payment_ref/" + order_id; }

std::optional<std::string> remembered_payment_ref(const skarv::HostServices& host, const std::string& order_id) {
    if (auto ref = host.state_get(payment_ref_key(order_id))) return ref;
    return host.state_get("payment_ref/" + order_id);
}

json::object parse_push(const json::object& request, const Config& config, skarv::HostServices host) {
    check_basic_auth(request, config);
    const auto* body = field(request, "body");
    if (!body || !body->is_string()) throw skarv::RecordError("request.body", "the raw pushed body is required");
    const json::value doc = skarv::parse_json(body->get_string(), "order push body");
    json::array records;
    auto add = [&](const json::value& v, const std::string& path) {
        if (!v.is_object()) throw skarv::RecordError(path, "expected an OrderRequest object");
        auto order = order_from_push(v.get_object(), config);
        if (order.payment && !order.payment->reference.empty())
            host.state_set(payment_ref_key(order.order_id), order.payment->reference);
        host.info("order " + order.order_id + " pushed by Norce, " + order.total_inc_vat().to_string());
        records.push_back(json::value_from(order));
    };
    // One OrderRequest per push; an array is accepted too, for batched replays.
    if (doc.is_array()) {
        // Answering OK to a push that holds no order would tell Norce something was taken.
        if (doc.get_array().empty()) throw skarv::RecordError("body", "an empty array holds no OrderRequest");
        for (std::size_t i = 0; i < doc.get_array().size(); ++i) add(doc.get_array()[i], "body[" + std::to_string(i) + "]");
    } else
        add(doc, "body");
    const std::string reply_body = json::serialize(json::object{
        {"HasErpOrderNo", false}, {"StatusCode", "OK"}, {"Description", "received, queued for the ERP"}, {"ErpOrderNo", ""}});
    return {{"records", records},
            {"reply", json::object{{"status", 200}, {"content_type", "application/json"}, {"body", reply_body}}}};
}

}  // namespace jetshop
