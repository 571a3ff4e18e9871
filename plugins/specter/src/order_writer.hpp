#pragma once
// Shop orders into Specter, exactly once: look the order up by the shop's reference
// (externalOrderNo) before every create, answer "unchanged" with Specter's number when it
// is there, and treat Specter's duplicate-externalOrderNo refusal the same way, so a
// repeated batch or an answer lost after the create never makes a second order.

#include <optional>
#include <string>

#include <boost/json.hpp>
#include <skarv/plugin.hpp>
#include <skarv/model/order.hpp>

#include "api_client.hpp"

namespace specter {

struct FoundOrder {
    std::string order_no;
    std::string webshop;
    bool invoiced = false;
    bool cancelled = false;
};

// What the connector remembers of an order it wrote (host state "order/<order_id>"), so
// the invoiced event can carry the capture: Specter's feed shows no amounts and no
// payment reference.
struct RememberedOrder {
    std::string order_no;
    int64_t total_minor = 0;
    std::string currency;
    std::string payment_reference;
    std::string email;
};
std::optional<RememberedOrder> remembered_order(const skarv::HostServices& host, const std::string& order_id);

class OrderWriter {
public:
    OrderWriter(const ApiClient& api, skarv::HostServices host) : api_(api), host_(host) {}

    // orders.write: one result per record.
    boost::json::object write(const boost::json::object& request) const;
    // orders.find: {"found", "target_id"}; searches every configured webshop.
    boost::json::object find(const std::string& order_id) const;

private:
    boost::json::object write_one(const boost::json::value& record, std::size_t index, const std::string& as) const;
    std::optional<FoundOrder> look_up(const std::string& order_id, const std::string& webshop) const;
    std::string create(const skarv::model::Order& order, const std::string& webshop, std::optional<FoundOrder>& duplicate) const;
    void invoice(const std::string& order_id, const std::string& order_no) const;
    void remember(const skarv::model::Order& order, const std::string& order_no) const;

    const ApiClient& api_;
    skarv::HostServices host_;
};

}  // namespace specter
