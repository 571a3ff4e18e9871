#include "order_book.hpp"

#include <algorithm>
#include <stdexcept>

#include "catalogue_store.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

Amount4 Order::captured() const {
    Amount4 sum = 0;
    for (const auto& c : captures)
        if (c.result == "Captured") sum += c.amount;
    return sum;
}

Order* Shop::find_order_by_any_ref(const std::string& ref) {
    if (ref.empty()) return nullptr;
    if (auto it = orders.find(ref); it != orders.end()) return &it->second;
    for (auto& [k, o] : orders)
        if (o.erp_order_no == ref || std::to_string(o.id) == ref) return &o;
    return nullptr;
}

namespace {

// guess norce.emulator-ids, docs/guesses.md. Norce's payment codes are set up per client; these stand in for the three
// PSPs the seed uses.
int payment_code_for(const std::string& method) {
    if (method == "klarna") return 1;
    if (method == "nets") return 2;
    if (method == "svea") return 3;
    return 9;
}

// guess norce.emulator-ids, docs/guesses.md. Query returns CurrencyId, an id from Norce's own table; these stand in.
int currency_id_for(const std::string& currency) {
    if (currency == "SEK") return 1;
    if (currency == "NOK") return 2;
    if (currency == "DKK") return 3;
    if (currency == "EUR") return 4;
    return 0;
}

int seed_status_id(const std::string& status) {
    const std::string s = lower(status);
    if (s == "confirmed") return 2;
    if (s == "shipped" || s == "delivered") return 4;
    if (s == "invoiced" || s == "paid") return 5;
    if (s == "cancelled" || s == "canceled") return 6;
    if (s.find("part") != std::string::npos) return 8;
    return 0;
}

const char* status_name_for_id(int id) {
    switch (id) {
        case 1: return "Allocation";
        case 2: return "Confirmed";
        case 4: return "Delivered";
        case 5: return "Invoiced";
        case 6: return "Cancelled";
        case 8: return "PartlyDelivered";
        default: return "Created";
    }
}

Party party_from_seed(const SeedCustomer& c, const SeedAddress& a) {
    Party p;
    p.company = c.company;
    p.customer_code = c.customer_number;
    p.company_name = c.company_name;
    p.org_no = c.org_number;
    p.first_name = c.first_name;
    p.last_name = c.last_name;
    p.email = c.email;
    p.phone = c.phone;
    p.street = a.street;
    p.postal_code = a.postal_code;
    p.city = a.city;
    p.country = a.country.empty() ? "SE" : a.country;
    return p;
}

OrderLine freight_line(int line_no, Amount4 inc) {
    OrderLine l;
    l.line_no = line_no;
    l.part_no = "FREIGHT";
    l.name = "Frakt";
    l.type = "Freight";
    l.type_group = "Fee";
    l.vat_bp = 2500;
    l.unit_price_ex = ex_vat_from_inc(inc, l.vat_bp);
    l.unit_vat = inc - l.unit_price_ex;
    return l;
}

Amount4 round_to_minor(Amount4 a) {
    const Amount4 r = a % 100;
    return a - r + (2 * (r < 0 ? -r : r) >= 100 ? (a < 0 ? -100 : 100) : 0);
}

json::object client_customer(const Party& p) {
    json::object person{{"FirstName", p.first_name}, {"LastName", p.last_name}, {"Email", p.email},
                        {"CellPhone", p.phone}, {"CustomerCode", p.customer_code},
                        {"Address", json::object{{"Line1", p.street}, {"Line2", ""}, {"ZipCode", p.postal_code},
                                                 {"City", p.city}, {"Country", p.country}}}};
    json::value company = nullptr;
    if (p.company)
        company = json::object{{"Code", p.customer_code}, {"Name", p.company_name}, {"VatNo", p.org_no}};
    return {{"Company", company}, {"Person", person}};
}

}  // namespace

std::optional<int> status_id_for(const std::string& status, int current) {
    // Statuses Query has a number for; the rest are valid but leave statusId alone.
    static const std::vector<std::pair<const char*, int>> kNumbered{
        {"Created", 0}, {"Allocation", 1}, {"Confirmed", 2}, {"ErpConfirmed", 2}, {"Delivered", 4},
        {"PickedUp", 4}, {"Invoiced", 5}, {"Cancelled", 6}, {"PartlyDelivered", 8}};
    static const std::vector<const char*> kOthers{
        "BackOrder", "CreditControl", "Acknowledged", "ReadyForPickup", "NotPickedUp", "OnHold",
        "WaitingForCancel", "WaitingForOnHoldRemoved", "CancelError", "AcknowledgementError",
        "ReadyForReservation", "Reserved"};
    for (const auto& [name, id] : kNumbered)
        if (iequals(name, status)) return id;
    for (const auto* name : kOthers)
        if (iequals(name, status)) return current;
    return std::nullopt;
}

void set_status(Order& order, const std::string& status, int status_id, bool notify, const std::string& source) {
    order.status = status;
    order.status_id = status_id;
    order.updated = now_iso();
    order.history.push_back({status, status_id, order.updated, notify, source});
}

void seed_orders(Shop& shop, const SeedData& seed) {
    const auto& cat = shop.catalogue;
    long highest = 200000;
    for (const auto& so : seed.orders) {
        Order o;
        o.id = shop.next_order_id++;
        o.client_order_ref = so.order_number;
        o.application_id = so.channel;
        o.currency = so.currency;
        o.order_date = o.created = o.updated = so.created_at;
        if (!seed.customers.empty()) {
            const auto& c = seed.customers[static_cast<size_t>(so.customer_index) % seed.customers.size()];
            o.buyer = party_from_seed(c, c.billing);
            o.ship_to = party_from_seed(c, c.shipping);
        }
        const Application* app = cat.application(so.channel);
        int n = 0;
        for (const auto& sl : so.lines) {
            OrderLine l;
            l.line_no = ++n;
            l.part_no = sl.sku;
            l.name = sl.name;
            l.quantity = sl.quantity;
            l.vat_bp = sl.vat_rate_bp;
            const Amount4 inc = amount_from_minor(sl.unit_price_inc_vat);
            l.unit_price_ex = ex_vat_from_inc(inc, l.vat_bp);
            l.unit_vat = inc - l.unit_price_ex;
            l.discount_ex = ex_vat_from_inc(amount_from_minor(sl.discount_inc_vat), l.vat_bp);
            l.price_list = app ? app->price_list_code : "";
            o.lines.push_back(l);
        }
        if (so.freight_inc_vat > 0) o.lines.push_back(freight_line(++n, amount_from_minor(so.freight_inc_vat)));
        o.order_discount_inc = amount_from_minor(so.order_discount_inc_vat);
        o.payment = {payment_code_for(so.payment_method), so.payment_method, so.payment_reference,
                     amount_from_minor(so.total_inc_vat)};
        o.status_id = seed_status_id(so.status);
        o.status = status_name_for_id(o.status_id);
        o.history.push_back({o.status, o.status_id, o.created, false, "seed"});
        // guess norce.push-release, docs/guesses.md
        o.push_wanted = o.status_id == 0 && shop.options.push_seed_orders && !shop.options.erp_push_url.empty();
        highest = std::max(highest, std::strtol(so.order_number.c_str(), nullptr, 10));
        shop.orders[o.client_order_ref] = std::move(o);
    }
    shop.next_client_order_ref = highest + 1;
}

std::string add_order(Shop& shop, const json::object& spec, const std::vector<SeedCustomer>& customers) {
    const auto& cat = shop.catalogue;
    Order o;
    const int app_id = static_cast<int>(int_field(spec, "ApplicationId").value_or(
        cat.applications.empty() ? 1 : cat.applications.front().id));
    const Application* app = cat.application(app_id);
    if (!app) throw std::invalid_argument("no application " + std::to_string(app_id));
    o.application_id = app_id;
    o.currency = app->currency;
    o.client_order_ref = string_field(spec, "ClientOrderRef");
    if (o.client_order_ref.empty()) o.client_order_ref = std::to_string(shop.next_client_order_ref++);
    if (shop.orders.contains(o.client_order_ref))
        throw std::invalid_argument("ClientOrderRef '" + o.client_order_ref + "' already exists");

    const auto* customer = find_ci(spec, "Customer");
    if (customer && customer->is_object()) {
        const auto& c = customer->get_object();
        Party p;
        p.customer_code = string_field(c, "CustomerCode");
        p.company_name = string_field(c, "CompanyName");
        p.company = !p.company_name.empty();
        p.org_no = string_field(c, "OrgNo");
        p.first_name = string_field(c, "FirstName", "Test");
        p.last_name = string_field(c, "LastName", "Kund");
        p.email = string_field(c, "Email", "test.kund@example.se");
        p.phone = string_field(c, "Phone");
        p.street = string_field(c, "Street", "Storgatan 1");
        p.postal_code = string_field(c, "PostalCode", "11122");
        p.city = string_field(c, "City", "Stockholm");
        p.country = string_field(c, "Country", "SE");
        o.buyer = o.ship_to = p;
    } else if (!customers.empty()) {
        const long idx = customer ? int_field(spec, "Customer").value_or(0) : 0;
        const auto& c = customers[static_cast<size_t>(idx < 0 ? 0 : idx) % customers.size()];
        o.buyer = party_from_seed(c, c.billing);
        o.ship_to = party_from_seed(c, c.shipping);
    }

    json::array items;
    if (const auto* it = find_ci(spec, "Items"); it && it->is_array()) items = it->get_array();
    if (items.empty()) {
        for (const auto& [pn, sku] : cat.skus)
            if (sale_price(sku, app->price_list_code)) {
                items.push_back(json::object{{"PartNo", pn}, {"Quantity", 1}});
                break;
            }
        if (items.empty()) throw std::invalid_argument("no SKU has a price in " + app->price_list_code);
    }
    int n = 0;
    Amount4 total = 0;
    for (const auto& iv : items) {
        if (!iv.is_object()) throw std::invalid_argument("Items must be objects");
        const auto& item = iv.get_object();
        OrderLine l;
        l.line_no = ++n;
        l.part_no = string_field(item, "PartNo");
        const auto sku = cat.skus.find(l.part_no);
        if (sku == cat.skus.end()) throw std::invalid_argument("Items: no SKU '" + l.part_no + "'");
        l.quantity = static_cast<int>(int_field(item, "Quantity").value_or(1));
        if (l.quantity <= 0) throw std::invalid_argument("Items: Quantity must be positive");
        std::optional<Amount4> price;
        if (const auto* up = find_ci(item, "UnitPrice")) price = amount_from_json(*up);
        else price = sale_price(sku->second, app->price_list_code);
        if (!price || *price < 0)
            throw std::invalid_argument("Items: no price for '" + l.part_no + "' in " + app->price_list_code);
        l.unit_price_ex = *price;
        l.vat_bp = vat_bp_for(sku->second, app->sales_area_id);
        l.unit_vat = vat_on_ex(l.unit_price_ex, l.vat_bp);
        // guess norce.push-discount, docs/guesses.md
        if (const auto* d = find_ci(item, "Discount")) l.discount_ex = amount_from_json(*d).value_or(0);
        const auto* cultures = find_ci(sku->second.fields, "Cultures");
        l.name = cultures && cultures->is_array() && !cultures->get_array().empty() &&
                         cultures->get_array()[0].is_object()
                     ? string_field(cultures->get_array()[0].get_object(), "Name", l.part_no)
                     : l.part_no;
        l.price_list = app->price_list_code;
        total += l.line_amount_ex() + vat_on_ex(l.line_amount_ex(), l.vat_bp);
        o.lines.push_back(l);
    }
    if (const auto* f = find_ci(spec, "FreightIncVat")) {
        const Amount4 inc = amount_from_json(*f).value_or(0);
        if (inc > 0) {
            o.lines.push_back(freight_line(++n, inc));
            total += inc;
        }
    }
    const std::string method = string_field(spec, "PaymentMethod", "klarna");
    o.payment = {payment_code_for(method), method,
                 string_field(spec, "PaymentRef", method + "-" + o.client_order_ref), round_to_minor(total)};
    o.id = shop.next_order_id++;
    o.order_date = o.created = o.updated = now_iso();
    const std::string status = string_field(spec, "Status", "Created");
    const auto sid = status_id_for(status, 0);
    if (!sid) throw std::invalid_argument("unknown Status '" + status + "'");
    o.status = status;
    o.status_id = *sid;
    o.history.push_back({o.status, o.status_id, o.created, false, "control"});
    o.push_wanted = bool_field(spec, "Push").value_or(true) && !shop.options.erp_push_url.empty();
    const std::string ref = o.client_order_ref;
    shop.orders[ref] = std::move(o);
    return ref;
}

json::object order_request(const Shop& shop, const Order& o) {
    const Application* app = shop.catalogue.application(o.application_id);
    json::array items;
    for (const auto& l : o.lines)
        items.push_back(json::object{{"LineNo", l.line_no},
                                     {"ParentLineNo", nullptr},
                                     {"PartNo", l.part_no},
                                     {"ErpPartNo", nullptr},
                                     {"Description", l.name},
                                     {"Quantity", l.quantity},
                                     {"Type", l.type},
                                     {"TypeGroup", l.type_group},
                                     {"UnitPrice", amount_to_json(l.unit_price_ex)},
                                     {"UnitVat", amount_to_json(l.unit_vat)},
                                     {"UnitPriceOriginal", amount_to_json(l.unit_price_ex)},
                                     {"UnitPriceOriginalVat", amount_to_json(l.unit_vat)},
                                     {"VatRate", vat_rate_to_json(l.vat_bp)},
                                     {"Discount", amount_to_json(l.discount_ex)},
                                     {"PriceListNo", l.price_list}});
    json::array discounts;
    if (o.order_discount_inc > 0)
        discounts.push_back(json::object{{"Amount", amount_to_json(o.order_discount_inc)},
                                         {"Code", "VOUCHER"}, {"Type", "Order"}});
    return {{"Header", json::object{{"ApplicationKey", app ? app->key : ""}}},
            {"ClientOrderRef", o.client_order_ref},
            {"ErpOrderNo", o.erp_order_no},
            {"CurrencyCode", o.currency},
            {"OrderType", 1},
            {"CustomerOrderRef", ""},
            {"CustomerOrderComment", ""},
            {"DoHold", false},
            {"AdditionalInfo", json::array{json::object{{"Code", "ApplicationId"},
                                                        {"Value", std::to_string(o.application_id)}}}},
            {"SellTo", client_customer(o.buyer)},
            {"BillTo", client_customer(o.buyer)},
            {"ShipTo", client_customer(o.ship_to)},
            {"Items", items},
            {"Payments", json::array{json::object{{"PaymentCode", o.payment.payment_code},
                                                  {"PaymentMethodCode", o.payment.method},
                                                  {"PaymentRef", o.payment.ref},
                                                  {"Amount", amount_to_json(o.payment.amount)},
                                                  {"CurrencyCode", o.currency},
                                                  {"PaymentName", o.payment.method}}}},
            {"Fees", json::array{}},
            {"Discounts", discounts},
            {"ShippingAdvice", json::object{{"DeliveryMethodCode", o.delivery_method},
                                            {"DoSMSNotify", false},
                                            {"IsComplete", true},
                                            {"IsFeeChargedOnce", true}}}};
}

json::object query_party(const Party& p) {
    return {{"CustomerCode", p.customer_code}, {"CompanyCode", p.company ? json::value(p.customer_code) : nullptr},
            {"CompanyName", p.company_name},   {"FirstName", p.first_name},
            {"LastName", p.last_name},         {"EmailAddress", p.email},
            {"CellPhone", p.phone},            {"Line1", p.street},
            {"ZipCode", p.postal_code},        {"City", p.city},
            {"CountryCode", p.country}};
}

json::array query_items(const Order& o) {
    json::array items;
    for (const auto& l : o.lines) {
        const Amount4 line = l.line_amount_ex();
        items.push_back(json::object{{"Id", o.id * 100 + l.line_no},
                                     {"OrderId", o.id},
                                     {"LineNumber", l.line_no},
                                     {"ParentLineNumber", nullptr},
                                     {"StatusId", o.status_id},
                                     {"PartNo", l.part_no},
                                     {"ProductName", l.name},
                                     {"QtyOrdered", l.quantity},
                                     {"CurrencyId", currency_id_for(o.currency)},
                                     {"VatRate", vat_rate_to_json(l.vat_bp)},
                                     {"PriceStandard", amount_to_json(l.unit_price_ex)},
                                     {"PriceSale", amount_to_json(l.quantity ? line / l.quantity : 0)},
                                     {"DiscountAmount", amount_to_json(l.discount_ex)},
                                     {"LineAmount", amount_to_json(line)}});
    }
    return items;
}

json::object query_order(const Shop& shop, const Order& o) {
    Amount4 freight = 0, line_discount = 0;
    for (const auto& l : o.lines) {
        if (l.type_group == "Fee") freight += l.line_amount_ex();
        line_discount += l.discount_ex;
    }
    char* end = nullptr;
    const long quotation = std::strtol(o.client_order_ref.c_str(), &end, 10);
    json::object row{{"Id", o.id},
            {"ClientId", shop.options.norce_client_id},
            {"ApplicationId", o.application_id},
            {"QuotationId", *end == '\0' && !o.client_order_ref.empty() ? json::value(quotation) : json::value(o.id)},
            {"OrderNo", o.order_no()},
            {"OrderDate", o.order_date},
            {"StatusId", o.status_id},
            {"Source", "WEB"},
            {"OrderTypeId", 1},
            {"CurrencyId", currency_id_for(o.currency)},
            {"CurrencyCode", o.currency},
            {"BuyerCustomerCode", o.buyer.customer_code},
            {"BuyerCompanyCode", o.buyer.company ? json::value(o.buyer.customer_code) : nullptr},
            {"DeliveryMode", o.delivery_method},
            {"DeliveryCountryCode", o.ship_to.country},
            {"DeliveryZipCode", o.ship_to.postal_code},
            {"FreightCost", amount_to_json(freight)},
            {"OrderFee", 0},
            {"CashDiscount", amount_to_json(ex_vat_from_inc(o.order_discount_inc, 2500))},
            {"LineDiscount", amount_to_json(line_discount)},
            {"PaymentMethodId", o.payment.payment_code},
            {"VatRate", 0},
            {"Created", o.created},
            {"Updated", o.updated},
            {"IsForgotten", false}};
    // guess norce.query-order-currency, docs/guesses.md
    if (shop.options.contradict_guesses) row.erase("CurrencyCode");
    return row;
}

json::object order_state(const Order& o) {
    json::array lines, history, deliveries, invoices, captures, attempts;
    for (const auto& l : o.lines)
        lines.push_back(json::object{{"LineNo", l.line_no}, {"PartNo", l.part_no}, {"Quantity", l.quantity},
                                     {"Delivered", l.delivered}, {"UnitPrice", amount_to_json(l.unit_price_ex)},
                                     {"VatRate", vat_rate_to_json(l.vat_bp)}});
    for (const auto& h : o.history)
        history.push_back(json::object{{"Status", h.status}, {"StatusId", h.status_id}, {"At", h.at},
                                       {"NotifyCustomer", h.notify_customer}, {"Source", h.source}});
    for (const auto& d : o.deliveries) {
        json::array tracking;
        for (const auto& t : d.tracking_numbers) tracking.push_back(json::value(t));
        deliveries.push_back(json::object{{"NoteNo", d.note_no}, {"DeliveryDate", d.delivery_date},
                                          {"DeliveryMode", d.delivery_mode}, {"Carrier", d.carrier},
                                          {"TrackingNumbers", tracking}, {"Items", d.items},
                                          {"Partial", d.partial}, {"NotifyCustomer", d.notify_customer},
                                          {"At", d.at}});
    }
    for (const auto& i : o.invoices)
        invoices.push_back(json::object{{"InvoiceNo", i.invoice_no}, {"InvoiceDate", i.invoice_date},
                                        {"CurrencyCode", i.currency}, {"TotalAmount", amount_to_json(i.total)},
                                        {"Vat", amount_to_json(i.vat)}, {"IsLastInvoiceForOrder", i.last},
                                        {"NotifyCustomer", i.notify_customer}, {"At", i.at}});
    for (const auto& c : o.captures)
        captures.push_back(json::object{{"InvoiceNo", c.invoice_no}, {"PaymentRef", c.payment_ref},
                                        {"PaymentMethod", c.payment_method}, {"CurrencyCode", c.currency},
                                        {"Amount", amount_to_json(c.amount)}, {"Result", c.result},
                                        {"Reason", c.reason}, {"At", c.at}});
    for (const auto& a : o.push_attempts)
        attempts.push_back(json::object{{"Attempt", a.number}, {"At", a.at}, {"HttpStatus", a.http_status},
                                        {"StatusCode", a.status_code}, {"Description", a.description},
                                        {"Error", a.error}});
    json::value cancellation = nullptr;
    if (o.cancellation) {
        json::array refs;
        for (const auto& r : o.cancellation->voided_payment_refs) refs.push_back(json::value(r));
        cancellation = json::object{{"At", o.cancellation->at}, {"VoidedPaymentRefs", refs},
                                    {"NotifyCustomer", o.cancellation->notify_customer}};
    }
    return {{"Id", o.id},
            {"ClientOrderRef", o.client_order_ref},
            {"OrderNo", o.order_no()},
            {"ErpOrderNo", o.erp_order_no},
            {"ApplicationId", o.application_id},
            {"CurrencyCode", o.currency},
            {"StatusId", o.status_id},
            {"Status", o.status},
            {"Created", o.created},
            {"Updated", o.updated},
            {"CustomerCode", o.buyer.customer_code},
            {"Email", o.buyer.email},
            {"PaymentMethod", o.payment.method},
            {"PaymentRef", o.payment.ref},
            {"TotalIncVat", amount_to_json(o.payment.amount)},
            {"Captured", amount_to_json(o.captured())},
            {"Lines", lines},
            {"StatusHistory", history},
            {"Deliveries", deliveries},
            {"Invoices", invoices},
            {"Captures", captures},
            {"Cancellation", cancellation},
            {"Push", json::object{{"Wanted", o.push_wanted}, {"Delivered", o.push_delivered},
                                  {"GivenUp", o.push_given_up}, {"Attempts", attempts}}}};
}

}  // namespace skarv::sandbox::jetshop
