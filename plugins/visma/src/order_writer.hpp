#pragma once
// orders.write and orders.find: shop orders become Visma orders (or invoices), each
// exactly once, keyed by CUSTOMER_ORDER_NUMBER = the shop's order_id.

#include <optional>
#include <string>

#include <boost/json.hpp>
#include <skarv/model/order.hpp>

#include "context.hpp"

namespace visma {

// "order:17" / "invoice:5": which register and which document number.
std::string target_id(DocumentKind kind, double document_number);

// The document an order_id already has, looked up in the order register and then the
// invoice register (an order may have been written as an invoice by an earlier config).
std::optional<std::string> find_document(const Context& ctx, const std::string& order_id);

// The Visma article number of a shop SKU: the SKU itself, or what products.write
// recorded when the article-number rule made another number of it.
std::string article_for_sku(const Context& ctx, const std::string& sku);

class OrderWriter {
public:
    explicit OrderWriter(const Context& ctx) : ctx_(ctx) {}
    boost::json::value write(const boost::json::object& request);
    boost::json::value find(const boost::json::object& request);

private:
    boost::json::object write_one(const skarv::model::Order& order, DocumentKind kind, std::size_t index);
    const Context& ctx_;
};

}  // namespace visma
