#include "control_endpoints.hpp"

#include "api_error.hpp"
#include "decimal.hpp"

namespace skarv::sandbox::specter {

int control_status(int code) {
    switch (code) {
        case error_code::customer_not_found:
        case error_code::article_not_found:
        case error_code::order_not_found:
        case error_code::invoice_not_found:
        case error_code::unknown_webshop:
        case error_code::unknown_stock_site: return 404;
        case error_code::missing_parameter:
        case error_code::invalid_value: return 400;
        default: return 409;
    }
}

namespace {

struct BadRequest : std::runtime_error {
    using std::runtime_error::runtime_error;
};

HttpReply error(int status, const std::string& message) {
    return HttpReply::json(boost::json::object{{"error", message}}, status);
}

boost::json::object body_object(const HttpRequest& req) {
    boost::system::error_code ec;
    auto v = boost::json::parse(req.body.empty() ? std::string("{}") : req.body, ec);
    if (ec || !v.is_object()) throw BadRequest("body must be a JSON object");
    return v.as_object();
}

std::string str(const boost::json::object& o, const char* name, bool needed = false) {
    auto it = o.find(name);
    if (it == o.end() || it->value().is_null()) {
        if (needed) throw BadRequest(std::string("missing ") + name);
        return "";
    }
    if (it->value().is_string()) return std::string(it->value().as_string());
    if (it->value().is_int64()) return std::to_string(it->value().as_int64());
    throw BadRequest(std::string(name) + " must be a string");
}

std::optional<int64_t> integer(const boost::json::object& o, const char* name) {
    auto it = o.find(name);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (it->value().is_int64()) return it->value().as_int64();
    if (it->value().is_uint64()) return static_cast<int64_t>(it->value().as_uint64());
    throw BadRequest(std::string(name) + " must be an integer");
}

// Runs a control action with the error mapping all of them share.
template <typename F>
Handler control(Store& store, F f) {
    return [&store, f](const HttpRequest& req) -> HttpReply {
        try {
            return HttpReply::json(f(store, body_object(req)));
        } catch (const BadRequest& e) {
            return error(400, e.what());
        } catch (const ApiError& e) {
            return error(control_status(e.code), e.what());
        }
    };
}

boost::json::value deliver(Store& store, const boost::json::object& b) {
    DeliveryInput in;
    in.order_no = str(b, "orderNo", true);
    in.tracking_no = str(b, "trackingNo");
    in.date = str(b, "deliveryDate");
    if (auto it = b.find("rows"); it != b.end() && it->value().is_array())
        for (const auto& r : it->value().as_array()) {
            if (!r.is_object()) throw BadRequest("rows must hold objects");
            auto qty = integer(r.as_object(), "quantity");
            if (!qty) throw BadRequest("a row needs a quantity");
            in.rows.emplace_back(str(r.as_object(), "articleNo", true), static_cast<int>(*qty));
        }
    auto d = store.deliver(in);
    return {{"deliveryNo", d.delivery_no}, {"orderNo", d.order_no}, {"trackingNo", d.tracking_no}, {"date", d.date}};
}

boost::json::value invoice(Store& store, const boost::json::object& b) {
    auto inv = store.invoice(str(b, "orderNo", true), str(b, "typeInvoice"));
    return {{"invoiceNo", inv.invoice_no}, {"orderNo", inv.order_no}, {"totalIncVat", inv.total_inc_vat}};
}

boost::json::value cancel(Store& store, const boost::json::object& b) {
    auto c = store.cancel(str(b, "orderNo", true), str(b, "reason"));
    return {{"orderNo", c.order_no}, {"statusId", 5}, {"date", c.date}};
}

boost::json::value stock(Store& store, const boost::json::object& b) {
    std::string article = str(b, "article");
    if (article.empty()) article = str(b, "articleNo", true);
    auto qty = integer(b, "qty");
    if (!qty) qty = integer(b, "quantity");
    if (!qty) throw BadRequest("missing qty");
    store.set_stock(article, str(b, "site"), static_cast<int>(*qty));
    return {{"article", article}, {"site", str(b, "site")}, {"qty", *qty}};
}

boost::json::value article(Store& store, const boost::json::object& b) {
    ArticleInput in;
    in.article_no = str(b, "articleNo", true);
    auto text = [&](const char* name) -> std::optional<std::string> {
        if (!b.contains(name)) return std::nullopt;
        return str(b, name);
    };
    in.name = text("name");
    in.price_ex_vat = integer(b, "priceExVat");
    in.buy_price = integer(b, "buyPrice");
    if (auto v = text("vatPercent")) {
        auto bp = parse_decimal(*v, 2);
        if (!bp) throw BadRequest("vatPercent must be a number");
        in.vat_rate_bp = static_cast<int>(*bp);
    }
    in.bar_code = text("barCode");
    in.weight_kg = text("productWeight");
    in.main_article_no = text("mainArticleNo");
    auto out = store.submit_articles({in}, true, true);
    return {{"articleNo", in.article_no}, {"created", out.created == 1}};
}

boost::json::value price_list(Store& store, const boost::json::object& b) {
    PriceListInput in;
    in.price_list_id = str(b, "priceListId", true);
    if (b.contains("name")) in.name = str(b, "name");
    if (b.contains("currency")) in.currency = str(b, "currency");
    if (b.contains("customerGroupId")) in.customer_group_id = str(b, "customerGroupId");
    if (auto it = b.find("prices"); it != b.end()) {
        if (!it->value().is_object()) throw BadRequest("prices must map article numbers to öre");
        for (const auto& [article, v] : it->value().as_object()) {
            if (!v.is_int64()) throw BadRequest("the price of " + std::string(article) + " must be an integer (öre)");
            in.prices.emplace_back(std::string(article), v.as_int64());
        }
    }
    auto out = store.submit_price_list(in, true);
    return {{"priceListId", in.price_list_id}, {"created", out.list_created}};
}

}  // namespace

void add_control_routes(HttpEmulator& http, Store& store) {
    // The frame answers every /_control/ path itself for now (state, faults, log), so
    // the same endpoints are also under /_specter/control/ until it hands unknown
    // control paths to the emulator's routes. Only the alias is subject to faults.
    for (const char* prefix : {"/_control/", "/_specter/control/"}) {
        std::string p = prefix;
        http.route("POST", p + "deliver", control(store, deliver));
        http.route("POST", p + "invoice", control(store, invoice));
        http.route("POST", p + "cancel", control(store, cancel));
        http.route("POST", p + "stock", control(store, stock));
        http.route("POST", p + "article", control(store, article));
        http.route("POST", p + "pricelist", control(store, price_list));
    }
}

}  // namespace skarv::sandbox::specter
