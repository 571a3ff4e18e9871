#pragma once
// Shop orders into Specter, exactly once, on documented behaviour only: what this
// connector remembers of each order it wrote (host state, in the host's store), and
// Specter's control of externalOrderNo, which refuses a second order with the same shop
// order number (Prestaworks' ignoreExternalOrderNoControl switches it off). Specter has
// no public look-up by the shop's order number, so an order whose answer was lost is
// known to exist but not by its Specter number (docs/flows.md).

#include <optional>
#include <string>

#include <boost/json.hpp>
#include <skarv/plugin.hpp>
#include <skarv/model/order.hpp>

#include "api_client.hpp"

namespace specter {

// What the connector remembers of an order it wrote (host state "order/<order_id>"), so
// the invoiced event can carry the capture: Specter's feed shows no amounts and no
// payment reference.
struct RememberedOrder {
    std::string order_no;   // empty: refused as a duplicate, number not learned
    bool invoiced = false;  // invoiced by this connector (as: invoice) or by the callback
    int64_t total_minor = 0;
    std::string currency;
    std::string payment_reference;
    std::string email;
};
std::optional<RememberedOrder> remembered_order(const skarv::HostServices& host, const std::string& order_id);
// The reverse: the shop's order id of a Specter order number this connector wrote.
std::optional<std::string> shop_order_id(const skarv::HostServices& host, const std::string& order_no);
void mark_invoiced(const skarv::HostServices& host, const std::string& order_id);

class OrderWriter {
public:
    OrderWriter(const ApiClient& api, skarv::HostServices host) : api_(api), host_(host) {}

    // orders.write: one result per record.
    boost::json::object write(const boost::json::object& request) const;
    // orders.find: {"found", "target_id"} from what this connector remembers.
    boost::json::object find(const std::string& order_id) const;

private:
    boost::json::object write_one(const boost::json::value& record, std::size_t index, const std::string& as) const;
    // The new Specter order number, or nullopt when Specter refused it as a duplicate.
    std::optional<std::string> create(const skarv::model::Order& order, const std::string& webshop) const;
    void invoice(const std::string& order_id, const std::string& order_no) const;
    void remember(const skarv::model::Order& order, const std::string& order_no, bool invoiced) const;

    const ApiClient& api_;
    skarv::HostServices host_;
};

}  // namespace specter
