#include "state_report.hpp"

#include "decimal.hpp"

namespace skarv::sandbox::specter {

namespace {

boost::json::object string_map(const std::map<std::string, std::string>& m) {
    boost::json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
}

boost::json::object delivery_json(const SpecterDelivery& d) {
    boost::json::object o;
    o["deliveryNo"] = d.delivery_no;
    o["orderNo"] = d.order_no;
    o["date"] = d.date;
    o["trackingNo"] = d.tracking_no;
    boost::json::array rows;
    for (const auto& [article, qty] : d.rows) rows.push_back({{"articleNo", article}, {"quantity", qty}});
    o["rows"] = std::move(rows);
    return o;
}

boost::json::object order_json(const SpecterOrder& ord) {
    boost::json::object o;
    o["orderNo"] = ord.order_no;
    o["webshopId"] = ord.webshop_id;
    o["customerId"] = ord.customer_id;
    o["externalOrderNo"] = ord.external_order_no;
    o["currency"] = ord.currency;
    o["stockSite"] = ord.stock_site;
    o["createdDate"] = ord.created_date;
    o["statusId"] = ord.status_id;
    o["cancelled"] = ord.cancelled();
    o["deliveryStatus"] = ord.delivery_status;
    boost::json::array rows;
    for (const auto& r : ord.rows) {
        boost::json::object row;
        row["rowNo"] = r.row_no;
        row["articleNo"] = r.article_no;
        row["name"] = r.name;
        if (!r.comment.empty()) row["comment"] = r.comment;
        row["kind"] = specter_row_kind_name(r.kind);
        row["unitPriceExVat"] = format_decimal(r.unit_price_ex_vat_e4, 4);
        row["quantity"] = r.quantity;
        row["vatRateBp"] = r.vat_rate_bp;
        row["delivered"] = r.delivered;
        row["totalExVat"] = r.total_ex_vat;
        row["vat"] = r.vat;
        row["totalIncVat"] = r.total_inc_vat;
        rows.push_back(std::move(row));
    }
    o["rows"] = std::move(rows);
    o["totals"] = {{"exVat", ord.total_ex_vat},
                   {"vat", ord.vat},
                   {"incVat", ord.total_inc_vat},
                   {"freightExVat", ord.freight_ex_vat},
                   {"discountExVat", ord.discount_ex_vat}};
    boost::json::array deliveries;
    for (const auto& d : ord.deliveries) deliveries.push_back(delivery_json(d));
    o["deliveries"] = std::move(deliveries);
    boost::json::array invoices;
    for (const auto& no : ord.invoice_nos) invoices.push_back(boost::json::string(no));
    o["invoiceNos"] = std::move(invoices);
    o["fields"] = string_map(ord.fields);
    return o;
}

boost::json::object article_json(const SpecterArticle& a, const State& state) {
    boost::json::object o;
    o["id"] = a.id;
    o["articleNo"] = a.article_no;
    o["name"] = a.name;
    o["mainArticleNo"] = a.main_article_no;
    boost::json::array variants;
    for (const auto& [no, other] : state.articles)
        if (other.main_article_no == a.article_no) variants.push_back(boost::json::string(no));
    o["variants"] = std::move(variants);
    o["priceExVat"] = a.price_ex_vat;
    o["buyPrice"] = a.buy_price;
    o["vatRateBp"] = a.vat_rate_bp;
    o["barCode"] = a.bar_code;
    o["productWeight"] = a.weight_kg;
    o["keepsStock"] = a.keeps_stock;
    boost::json::object stock;
    if (a.keeps_stock)
        for (const auto& site : state.sites) {
            auto h = a.on_hand.find(site);
            auto r = a.reserved.find(site);
            stock[site] = {{"onHand", h == a.on_hand.end() ? 0 : h->second},
                           {"reserved", r == a.reserved.end() ? 0 : r->second},
                           {"available", a.available(site)}};
        }
    o["stock"] = std::move(stock);
    return o;
}

}  // namespace

boost::json::value state_json(const State& state, const SpecterEmulator::Options& options) {
    boost::json::object root;
    root["name"] = "specter";
    root["sbmId"] = options.sbm_id;
    boost::json::array webshops, sites;
    for (const auto& w : state.webshops) webshops.push_back(boost::json::string(w));
    for (const auto& s : state.sites) sites.push_back(boost::json::string(s));
    root["webshops"] = std::move(webshops);
    root["stockSites"] = std::move(sites);

    boost::json::array customers;
    for (const auto& [id, c] : state.customers)
        customers.push_back({{"customerId", c.customer_id},
                             {"organizationalForm", c.organizational_form},
                             {"name", c.name},
                             {"email", c.email},
                             {"orgNo", c.org_no},
                             {"fields", string_map(c.fields)}});
    root["customers"] = std::move(customers);

    boost::json::array orders, deliveries;
    for (const auto& [no, ord] : state.orders) {
        orders.push_back(order_json(ord));
        for (const auto& d : ord.deliveries) deliveries.push_back(delivery_json(d));
    }
    root["orders"] = std::move(orders);
    root["deliveries"] = std::move(deliveries);

    boost::json::array articles;
    for (const auto& [no, a] : state.articles) articles.push_back(article_json(a, state));
    root["articles"] = std::move(articles);

    boost::json::array price_lists;
    for (const auto& [id, l] : state.price_lists) {
        boost::json::object prices;
        for (const auto& [article, price] : l.prices) prices[article] = price;
        price_lists.push_back({{"priceListId", l.price_list_id},
                               {"name", l.name},
                               {"currency", l.currency},
                               {"customerGroupId", l.customer_group_id},
                               {"prices", std::move(prices)}});
    }
    root["priceLists"] = std::move(price_lists);

    boost::json::array invoices;
    for (const auto& inv : state.invoices)
        invoices.push_back({{"invoiceNo", inv.invoice_no},
                            {"orderNo", inv.order_no},
                            {"type", inv.type},
                            {"date", inv.date},
                            {"totalExVat", inv.total_ex_vat},
                            {"vat", inv.vat},
                            {"totalIncVat", inv.total_inc_vat}});
    root["invoices"] = std::move(invoices);

    boost::json::array cancellations;
    for (const auto& c : state.cancellations)
        cancellations.push_back({{"orderNo", c.order_no}, {"date", c.date}, {"reason", c.reason}});
    root["cancellations"] = std::move(cancellations);

    boost::json::array open_batches;
    boost::json::object pending;
    for (const auto& [webshop, queues] : state.feeds) {
        boost::json::object per_feed;
        for (std::size_t i = 0; i < feed_count; ++i) {
            auto feed = specter_feed_name(static_cast<SpecterFeed>(i));
            per_feed[feed] = queues[i].pending.size();
            if (!queues[i].open) continue;
            boost::json::array items;
            for (const auto& item : queues[i].open->items) items.push_back(boost::json::string(item.key));
            open_batches.push_back({{"webshopId", webshop},
                                    {"feed", feed},
                                    {"batchNo", queues[i].open->batch_no},
                                    {"items", std::move(items)}});
        }
        pending[webshop] = std::move(per_feed);
    }
    root["openBatches"] = std::move(open_batches);
    root["pending"] = std::move(pending);

    boost::json::object callbacks;
    for (const auto& [webshop, urls] : state.callbacks) callbacks[webshop] = string_map(urls);
    root["callbacks"] = std::move(callbacks);
    return root;
}

}  // namespace skarv::sandbox::specter
