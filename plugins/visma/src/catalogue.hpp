#pragma once
// Articles, prices, price lists and stock. Visma has no variants (research B.6): each
// canonical variant is an article of its own, numbered by the configured rule, and an
// article reads back as a product without variants.

#include <boost/json.hpp>

#include "context.hpp"

namespace visma {

class Catalogue {
public:
    explicit Catalogue(const Context& ctx) : ctx_(ctx) {}
    boost::json::value write_products(const boost::json::object& request);
    boost::json::value read_products(const boost::json::object& request);
    boost::json::value write_prices(const boost::json::object& request);
    boost::json::value read_prices(const boost::json::object& request);
    boost::json::value write_price_lists(const boost::json::object& request);
    boost::json::value read_price_lists(const boost::json::object& request);
    boost::json::value write_stock(const boost::json::object& request);
    boost::json::value read_stock(const boost::json::object& request);

private:
    const Context& ctx_;
};

}  // namespace visma
