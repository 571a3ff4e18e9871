// Orders: newOrderSubmit with numbered rows (freight, gift wrap and discounts are rows
// too), and the duplicate control of externalOrderNo.

#include "api_actions.hpp"
#include "api_error.hpp"
#include "decimal.hpp"

namespace skarv::sandbox::specter {

namespace {

// [SEEN] Prestaworks: freight is a row with the configured SPECTER_SHIPPING_REF,
// gift wrap "giftwrapp", discounts "discount" or "discount_<id>" at a negative price.
SpecterRowKind row_kind(const std::string& article_no, const std::string& freight_article_no) {
    if (article_no == freight_article_no) return SpecterRowKind::freight;
    if (article_no == "giftwrapp") return SpecterRowKind::gift_wrap;
    if (article_no == "discount" || article_no.rfind("discount_", 0) == 0) return SpecterRowKind::discount;
    return SpecterRowKind::article;
}

// guess specter.row-rounding, docs/guesses.md: Specter's rounding is not public; each row is rounded to the öre, ex VAT first
// and its VAT from that, and the order sums the rows.
void price_row(SpecterOrderRow& row) {
    int64_t total_e4 = 0;
    int64_t vat_e4 = 0;
    if (__builtin_mul_overflow(row.unit_price_ex_vat_e4, static_cast<int64_t>(row.quantity), &total_e4) ||
        __builtin_mul_overflow(total_e4 / 100, static_cast<int64_t>(row.vat_rate_bp), &vat_e4))
        throw ApiError(error_code::invalid_value, "Row " + std::to_string(row.row_no) + " is too large");
    row.total_ex_vat = round_div(total_e4, 100);
    row.vat = round_div(row.total_ex_vat * row.vat_rate_bp, 10000);
    row.total_inc_vat = row.total_ex_vat + row.vat;
}

}  // namespace

std::string Store::submit_order(const OrderInput& in) {
    std::lock_guard lock(mutex_);
    if (in.customer_id.empty())
        throw ApiError(error_code::missing_parameter, "Missing customerId");
    if (!state_.customers.count(in.customer_id))
        throw ApiError(error_code::customer_not_found, "Customer '" + in.customer_id + "' not found");
    if (!in.external_order_no.empty() && !in.ignore_external_order_no_control) {
        for (const auto& [no, o] : state_.orders)
            if (o.webshop_id == in.webshop_id && o.external_order_no == in.external_order_no)
                // [SEEN] the control itself: Prestaworks sends ignoreExternalOrderNoControl=1
                // only to switch it off. guess specter.duplicate-refusal, docs/guesses.md:
                // its code and message (which does not name the existing order).
                throw ApiError(error_code::duplicate_external_order_no,
                               "externalOrderNo '" + in.external_order_no + "' already exists");
    }
    if (in.rows.empty()) throw ApiError(error_code::missing_parameter, "Order has no rows (articleNo_1)");
    std::string site = site_or_default_locked(in.stock_site);

    SpecterOrder order;
    order.webshop_id = in.webshop_id;
    order.customer_id = in.customer_id;
    order.external_order_no = in.external_order_no;
    order.currency = in.currency.empty() ? "SEK" : in.currency;
    order.stock_site = site;
    order.created_date = today();
    order.fields = in.fields;
    for (const auto& r : in.rows) {
        SpecterOrderRow row;
        row.row_no = r.row_no;
        row.article_no = r.article_no;
        row.comment = r.comment;
        row.kind = row_kind(r.article_no, options_.freight_article_no);
        row.unit_price_ex_vat_e4 = r.unit_price_ex_vat_e4;
        row.quantity = r.quantity;
        row.vat_rate_bp = r.vat_rate_bp;
        row.name = r.name;
        if (row.kind == SpecterRowKind::article) {
            auto it = state_.articles.find(r.article_no);
            if (it == state_.articles.end()) {
                // [SEEN] Vendre: articles must exist in Specter before the order.
                if (options_.require_existing_articles)
                    throw ApiError(error_code::article_not_found,
                                   "Article '" + r.article_no + "' on row " + std::to_string(r.row_no) +
                                       " does not exist");
            } else {
                if (row.name.empty()) row.name = it->second.name;
                if (row.vat_rate_bp < 0) row.vat_rate_bp = it->second.vat_rate_bp;
            }
        }
        // guess specter.row-vat-default, docs/guesses.md: a row without vatPercent takes its article's rate, else 25 %.
        if (row.vat_rate_bp < 0) row.vat_rate_bp = 2500;
        price_row(row);
        order.total_ex_vat += row.total_ex_vat;
        order.vat += row.vat;
        if (row.kind == SpecterRowKind::freight) order.freight_ex_vat += row.total_ex_vat;
        if (row.kind == SpecterRowKind::discount) order.discount_ex_vat += row.total_ex_vat;
        order.rows.push_back(std::move(row));
    }
    order.total_inc_vat = order.total_ex_vat + order.vat;

    // Ordered items are reserved at the order's stock site, which lowers what the stock
    // feed reports as available.
    for (const auto& row : order.rows) {
        if (row.kind != SpecterRowKind::article) continue;
        auto it = state_.articles.find(row.article_no);
        if (it == state_.articles.end() || !it->second.keeps_stock) continue;
        it->second.reserved[site] += row.quantity;
        touch_locked(SpecterFeed::stock, row.article_no);
    }
    order.order_no = std::to_string(state_.next_order++);
    std::string no = order.order_no;
    state_.orders.emplace(no, std::move(order));
    return no;
}

std::optional<SpecterOrder> Store::order_by_external_no(const std::string& webshop,
                                                        const std::string& external_order_no) const {
    std::lock_guard lock(mutex_);
    for (const auto& [no, o] : state_.orders)
        if (o.webshop_id == webshop && o.external_order_no == external_order_no) return o;
    return std::nullopt;
}

Answer new_order_submit(const Call& call) {
    const Params& p = call.params;
    OrderInput in;
    in.webshop_id = call.store.resolve_webshop(p.text("webshopId"));
    in.customer_id = p.text("customerId");
    in.external_order_no = p.text("externalOrderNo");
    in.ignore_external_order_no_control = p.flag("ignoreExternalOrderNoControl");
    in.currency = p.text("currency");
    in.stock_site = p.text("stocksiteid");
    for (int n = 1; p.has("articleNo_" + std::to_string(n)); ++n) {
        std::string s = "_" + std::to_string(n);
        OrderRowInput row;
        row.row_no = n;
        row.article_no = p.text("articleNo" + s);
        row.name = p.text("articleName" + s);
        row.comment = p.text("articleComment" + s);
        std::string price = required(p, "priceExclVAT" + s);
        auto unit = parse_decimal(price, 4);
        if (!unit) throw ApiError(error_code::invalid_value, "priceExclVAT" + s + " '" + price + "' is not a number");
        row.unit_price_ex_vat_e4 = *unit;
        row.quantity = parse_int("noOfItems" + s, required(p, "noOfItems" + s));
        if (row.quantity <= 0)
            throw ApiError(error_code::invalid_value, "noOfItems" + s + " must be at least 1");
        if (p.has("vatPercent" + s)) {
            std::string vat = p.text("vatPercent" + s);
            auto bp = parse_decimal(vat, 2);
            if (!bp || *bp < 0 || *bp > 10000)
                throw ApiError(error_code::invalid_value, "vatPercent" + s + " '" + vat + "' is not a rate");
            row.vat_rate_bp = static_cast<int>(*bp);
        }
        in.rows.push_back(std::move(row));
    }
    for (const auto& [name, value] : p.all_text()) {
        std::string l = lower(name);
        bool row_field = name.find('_') != std::string::npos &&
                         (l.rfind("articleno_", 0) == 0 || l.rfind("articlename_", 0) == 0 ||
                          l.rfind("articlecomment_", 0) == 0 || l.rfind("priceexclvat_", 0) == 0 ||
                          l.rfind("noofitems_", 0) == 0 || l.rfind("vatpercent_", 0) == 0);
        static const char* const not_fields[] = {"action", "sbmid", "apiuserid", "key", "usexml",
                                                 "customerid", "externalorderno", "currency",
                                                 "stocksiteid", "webshopid", "ignoreexternalordernocontrol"};
        bool skip = row_field;
        for (const char* n : not_fields) skip = skip || l == n;
        if (!skip) in.fields[name] = value;
    }
    return Answer::success(call.store.submit_order(in), "Order created");
}

std::string order_xml(const SpecterOrder& o, bool deliveries_updated) {
    // [SEEN] spectercron.php reads orderNo, <orderstatus deliveryStatus statusId>,
    // <deliveries updated> and <delivery trackingNo>: nothing that names the shop's
    // order, and no invoices (those come by the actionNewInvoice callback).
    std::string x = "<order" + xml_attr("orderNo", o.order_no) + ">";
    x += "<orderstatus" + xml_attr("deliveryStatus", o.delivery_status) +
         xml_attr("statusId", std::to_string(o.status_id)) + "/>";
    x += "<deliveries" + xml_attr("updated", deliveries_updated ? "1" : "0") + ">";
    for (const auto& d : o.deliveries)
        x += "<delivery" + xml_attr("deliveryNo", d.delivery_no) + xml_attr("trackingNo", d.tracking_no) +
             xml_attr("deliveryDate", d.date) + "/>";
    x += "</deliveries></order>";
    return x;
}

}  // namespace skarv::sandbox::specter
