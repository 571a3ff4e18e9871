#include "order_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "wire_amounts.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;
using skarv::RecordError;
using skarv::model::Money;
using skarv::model::VatRateBp;

namespace {

// One Norce line on its way to canonical form: VAT-inclusive amounts still at four
// decimals, so rounding happens once.
struct WireLine {
    std::string sku, name;
    int64_t quantity = 1;
    VatRateBp rate = 2500;
    Amount4 unit_inc = 0;        // one item, before discount
    Amount4 discount_inc = 0;    // the whole line
    Amount4 charged_inc = 0;     // what Norce counts for the line
    bool freight = false;
};

struct WireDiscount {
    std::string code, description;
    Amount4 amount_inc = 0;
    std::optional<VatRateBp> rate;   // unknown: the goods' main rate
};

Amount4 required_amount(const json::object& o, std::string_view key, const std::string& path) {
    const auto* v = field(o, key);
    if (!v || v->is_null()) throw RecordError(path + "." + std::string(key), "required");
    auto a = amount4_from_json(*v);
    if (!a) throw RecordError(path + "." + std::string(key), "not an amount: " + json::serialize(*v));
    return *a;
}
Amount4 amount_or_zero(const json::object& o, std::string_view key, const std::string& path) {
    const auto* v = field(o, key);
    if (!v || v->is_null()) return 0;
    return required_amount(o, key, path);
}
VatRateBp rate_of(const json::object& o, const std::string& path) {
    const auto* v = field(o, "VatRate");
    if (!v || v->is_null()) throw RecordError(path + ".VatRate", "required");
    auto bp = vat_bp_from_json(*v);
    if (!bp) throw RecordError(path + ".VatRate", "not a VAT rate: " + json::serialize(*v));
    return *bp;
}
int64_t quantity_of(const json::object& o, std::string_view key, const std::string& path) {
    auto q = integer(o, key);
    if (!q || *q <= 0) throw RecordError(path + "." + std::string(key), "expected a positive whole quantity");
    return *q;
}

// Each wire amount is bounded (amount4_from_json), but a quantity times a price or a
// sum of lines can still leave 64 bits: such an order is refused naming where, never
// wrapped around.
Amount4 checked4(__int128 v, const std::string& path) {
    if (v > INT64_MAX || v < INT64_MIN) throw RecordError(path, "amount out of range");
    return static_cast<Amount4>(v);
}

bool is_freight(const Config& c, const std::string& part_no, const std::string& type) {
    if (iequals(type, "Freight")) return true;
    for (const auto& f : c.freight_part_nos)
        if (iequals(f, part_no)) return true;
    return false;
}

// "SE556677889901" is an EU VAT number; the organisation number is inside it.
void set_org_and_vat(skarv::model::Customer& c, const std::string& vat_no) {
    if (vat_no.empty()) return;
    const bool eu = vat_no.size() > 2 && std::isalpha(static_cast<unsigned char>(vat_no[0])) &&
                    std::isalpha(static_cast<unsigned char>(vat_no[1]));
    if (!eu) {
        c.org_number = vat_no;
        return;
    }
    c.vat_number = vat_no;
    if (vat_no.rfind("SE", 0) == 0 && vat_no.size() == 14)
        c.org_number = vat_no.substr(2, 6) + "-" + vat_no.substr(8, 4);
}

skarv::model::Address address_from_person(const json::object* person, const std::string& name) {
    skarv::model::Address a;
    a.name = name;
    if (!person) return a;
    if (const auto* ad = object_at(*person, "Address")) {
        a.street = text(*ad, "Line1");
        a.street2 = text(*ad, "Line2");
        if (a.street2.empty()) a.street2 = text(*ad, "Box");
        a.attention = text(*ad, "CareOf");
        a.postal_code = text(*ad, "ZipCode");
        a.city = text(*ad, "City");
        if (auto country = text(*ad, "Country"); !country.empty()) a.country = country;
    }
    a.phone = text(*person, "CellPhone");
    if (a.phone.empty()) a.phone = text(*person, "PrivatePhone");
    if (a.phone.empty()) a.phone = text(*person, "WorkPhone");
    return a;
}

std::string joined(const std::string& a, const std::string& b) { return a.empty() ? b : b.empty() ? a : a + " " + b; }

// ClientCustomer {Company, Person}: a company when Company is there.
skarv::model::Customer customer_from_push(const json::object* party) {
    skarv::model::Customer c;
    if (!party) return c;
    const auto* company = object_at(*party, "Company");
    const auto* person = object_at(*party, "Person");
    if (person) {
        c.first_name = text(*person, "FirstName");
        c.last_name = text(*person, "LastName");
        c.email = text(*person, "Email");
        c.customer_number = text(*person, "CustomerCode");
        if (auto ssn = text(*person, "SSN"); !ssn.empty()) c.org_number = ssn;
    }
    if (company) {
        c.is_company = true;
        c.company_name = text(*company, "Name");
        if (auto code = text(*company, "Code"); !code.empty()) c.customer_number = code;
        c.org_number.reset();
        // guess norce.company-vatno, docs/guesses.md
        set_org_and_vat(c, text(*company, "VatNo"));
        if (c.company_name.empty()) c.company_name = joined(c.first_name, c.last_name);
    }
    c.billing = address_from_person(person, c.is_company ? c.company_name : joined(c.first_name, c.last_name));
    if (c.is_company && !c.first_name.empty() && c.billing.attention.empty())
        c.billing.attention = joined(c.first_name, c.last_name);
    c.phone = c.billing.phone;
    c.shipping = c.billing;
    return c;
}

skarv::model::Customer customer_from_query(const json::object* party) {
    skarv::model::Customer c;
    if (!party) return c;
    c.first_name = text(*party, "FirstName");
    c.last_name = text(*party, "LastName");
    c.email = text(*party, "EmailAddress");
    c.phone = text(*party, "CellPhone");
    c.customer_number = text(*party, "CustomerCode");
    const std::string company_code = text(*party, "CompanyCode");
    c.company_name = text(*party, "CompanyName");
    c.is_company = !company_code.empty() || !c.company_name.empty();
    if (c.is_company && c.company_name.empty()) c.company_name = joined(c.first_name, c.last_name);
    if (!company_code.empty()) c.customer_number = company_code;
    auto& a = c.billing;
    a.name = c.is_company ? c.company_name : joined(c.first_name, c.last_name);
    if (c.is_company && !c.first_name.empty()) a.attention = joined(c.first_name, c.last_name);
    a.street = text(*party, "Line1");
    a.street2 = text(*party, "Line2");
    a.postal_code = text(*party, "ZipCode");
    a.city = text(*party, "City");
    if (auto country = text(*party, "CountryCode"); !country.empty()) a.country = country;
    a.phone = c.phone;
    c.shipping = c.billing;
    return c;
}

// The goods' main VAT rate: the rate with the largest VAT-inclusive amount. An order
// discount without a rate of its own is taken off at it.
VatRateBp main_rate(const std::vector<WireLine>& lines) {
    std::map<VatRateBp, __int128> by_rate;   // partial sums of any sign: no overflow
    for (const auto& l : lines)
        if (!l.freight) by_rate[l.rate] += l.charged_inc;
    VatRateBp best = 2500;
    __int128 most = -1;
    for (const auto& [rate, sum] : by_rate)
        if (sum > most) { most = sum; best = rate; }
    return best;
}

// Builds lines, freight and discounts onto `o`, then makes its total equal `charged`.
// Money's own overflow checks throw std::overflow_error; here that becomes the
// order's error (a function-try-block, so every sum below is covered).
void assemble(skarv::model::Order& o, const std::vector<WireLine>& lines, const std::vector<WireDiscount>& discounts,
              const std::string& shipping_method, std::optional<Money> charged) try {
    const std::string& cur = o.currency;
    const std::string label = "order " + o.order_id;
    Amount4 charged4 = 0;
    for (const auto& l : lines) {
        if (l.freight) {
            if (!o.shipping) o.shipping = skarv::model::Shipping{shipping_method, "", Money::zero(cur), l.rate};
            o.shipping->price_inc_vat += money_from_amount4(l.charged_inc, cur);
            continue;
        }
        skarv::model::OrderLine ol;
        ol.sku = l.sku;
        ol.name = l.name;
        ol.quantity = l.quantity;
        ol.vat_rate_bp = l.rate;
        ol.unit_price_inc_vat = money_from_amount4(l.unit_inc, cur);
        // The line costs what Norce counts for it, rounded once: the discount carries
        // both the real discount and the öre a rounded unit price times the quantity
        // would add (3 x 12.505 is 37.52, not 3 x 12.51).
        ol.discount_inc_vat = ol.unit_price_inc_vat.times(l.quantity) - money_from_amount4(l.charged_inc, cur);
        o.lines.push_back(ol);
        charged4 = checked4(static_cast<__int128>(charged4) + l.charged_inc, label);
    }
    if (o.lines.empty()) throw RecordError(label + ".Items", "the order has no goods lines");
    const VatRateBp main = main_rate(lines);
    Money discount_total = Money::zero(cur);
    for (const auto& d : discounts) {
        skarv::model::Discount cd{d.code, d.description, money_from_amount4(d.amount_inc, cur), d.rate.value_or(main)};
        discount_total += cd.amount_inc_vat;
        o.discounts.push_back(cd);
    }
    for (const auto& l : lines)
        if (l.freight) charged4 = checked4(static_cast<__int128>(charged4) + l.charged_inc, label);
    const Money target = charged ? *charged : money_from_amount4(charged4, cur) - discount_total;
    const Money diff = target - o.total_inc_vat();
    if (diff.is_zero()) return;
    // Each line and discount was rounded once (at most half an öre each): more than
    // that is a real gap, not rounding. The order is kept as Norce sent it, not forced to
    // add up: the host parks an order whose lines miss its payment as a dead letter that
    // shows both figures, so a wrong reading of UnitPrice/Discount is seen, never booked.
    // guess norce.push-discount, docs/guesses.md
    const int64_t tolerance = static_cast<int64_t>(lines.size() + discounts.size()) + 1;
    if (diff.minor() > tolerance || -diff.minor() > tolerance) return;
    auto largest = std::max_element(o.lines.begin(), o.lines.end(), [](const auto& a, const auto& b) {
        return a.total_inc_vat() < b.total_inc_vat();
    });
    largest->discount_inc_vat -= diff;
} catch (const std::overflow_error&) {
    throw RecordError("order " + o.order_id, "amount out of range");
}

}  // namespace

std::string norce_status_name(int status_id) {
    switch (status_id) {
        case 0: return "Created";
        case 1: return "Allocation";
        case 2: return "Confirmed";
        case 4: return "Delivered";
        case 5: return "Invoiced";
        case 6: return "Cancelled";
        case 8: return "PartlyDelivered";
        default: return "Status" + std::to_string(status_id);
    }
}

skarv::model::Order order_from_push(const json::object& req, const Config& config) {
    skarv::model::Order o;
    o.order_id = text(req, "ClientOrderRef");
    if (o.order_id.empty()) throw RecordError("OrderRequest.ClientOrderRef", "required");
    const std::string path = "order " + o.order_id;
    o.order_number = o.order_id;
    o.status = "Created";
    o.currency = text(req, "CurrencyCode");
    if (o.currency.size() != 3) throw RecordError(path + ".CurrencyCode", "expected an ISO 4217 code");

    // Which market: Header.ApplicationKey, else an ApplicationId the request names.
    const Application* app = nullptr;
    if (const auto* h = object_at(req, "Header")) app = config.by_application_key(text(*h, "ApplicationKey"));
    if (!app)
        if (const auto* infos = array_at(req, "AdditionalInfo"))
            for (const auto& i : *infos)
                if (i.is_object() && iequals(text(i.get_object(), "Code"), "ApplicationId"))
                    if (auto id = integer(i.get_object(), "Value")) app = config.by_application_id(static_cast<int>(*id));
    if (!app) throw RecordError(path + ".Header.ApplicationKey", "matches no configured application");
    o.channel = app->channel;

    const auto* bill = object_at(req, "BillTo");
    if (!bill) bill = object_at(req, "SellTo");
    o.customer = customer_from_push(bill);
    o.billing_address = o.customer.billing;
    if (const auto* ship = object_at(req, "ShipTo")) {
        auto ship_customer = customer_from_push(ship);
        o.shipping_address = ship_customer.billing;
        o.customer.shipping = o.shipping_address;
    } else {
        o.shipping_address = o.customer.shipping;
    }
    o.note = text(req, "CustomerOrderComment");

    std::vector<WireLine> lines;
    const auto* items = array_at(req, "Items");
    if (!items || items->empty()) throw RecordError(path + ".Items", "an order needs at least one line");
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string ip = path + ".Items[" + std::to_string(i) + "]";
        if (!(*items)[i].is_object()) throw RecordError(ip, "expected an object");
        const auto& it = (*items)[i].get_object();
        WireLine l;
        l.sku = text(it, "PartNo");
        if (l.sku.empty()) throw RecordError(ip + ".PartNo", "required");
        l.name = text(it, "Description");
        l.quantity = quantity_of(it, "Quantity", ip);
        l.rate = rate_of(it, ip);
        const Amount4 unit_ex = required_amount(it, "UnitPrice", ip);
        const auto* uv = field(it, "UnitVat");
        const Amount4 unit_vat = uv && !uv->is_null() ? required_amount(it, "UnitVat", ip) : vat4_of_exclusive(unit_ex, l.rate);
        const Amount4 discount_ex = amount_or_zero(it, "Discount", ip);
        l.unit_inc = checked4(static_cast<__int128>(unit_ex) + unit_vat, ip + ".UnitPrice");
        l.discount_inc = inclusive4_of_exclusive(discount_ex, l.rate);
        l.charged_inc = checked4(static_cast<__int128>(l.unit_inc) * l.quantity - l.discount_inc, ip + ".Quantity");
        l.freight = is_freight(config, l.sku, text(it, "Type"));
        lines.push_back(l);
    }
    // Fees of type 0 are shipping. guess norce.push-amount-units, docs/guesses.md
    if (const auto* fees = array_at(req, "Fees"))
        for (std::size_t i = 0; i < fees->size(); ++i) {
            if (!(*fees)[i].is_object()) continue;
            const auto& f = (*fees)[i].get_object();
            const std::string fp = path + ".Fees[" + std::to_string(i) + "]";
            WireLine l;
            l.freight = integer(f, "Type").value_or(0) == 0;
            l.sku = "FEE";
            l.name = text(f, "Description");
            l.rate = field(f, "VatRate") ? rate_of(f, fp) : 2500;
            l.unit_inc = inclusive4_of_exclusive(required_amount(f, "Amount", fp), l.rate);
            l.charged_inc = l.unit_inc;
            lines.push_back(l);
        }
    std::vector<WireDiscount> discounts;
    if (const auto* ds = array_at(req, "Discounts"))
        for (std::size_t i = 0; i < ds->size(); ++i) {
            if (!(*ds)[i].is_object()) continue;
            const auto& d = (*ds)[i].get_object();
            // guess norce.push-amount-units, docs/guesses.md
            WireDiscount wd{text(d, "Code"), text(d, "Type"),
                            required_amount(d, "Amount", path + ".Discounts[" + std::to_string(i) + "]"), std::nullopt};
            if (wd.amount_inc < 0) wd.amount_inc = -wd.amount_inc;
            discounts.push_back(wd);
        }

    std::optional<Money> charged;
    if (const auto* pays = array_at(req, "Payments"); pays && !pays->empty()) {
        Money sum = Money::zero(o.currency);
        for (std::size_t i = 0; i < pays->size(); ++i) {
            const std::string pp = path + ".Payments[" + std::to_string(i) + "]";
            if (!(*pays)[i].is_object()) throw RecordError(pp, "expected an object");
            const auto& p = (*pays)[i].get_object();
            const std::string cur = text(p, "CurrencyCode");
            if (!cur.empty() && cur != o.currency)
                throw RecordError(pp + ".CurrencyCode", "payment in " + cur + ", order in " + o.currency);
            const Money amount = money_from_amount4(required_amount(p, "Amount", pp), o.currency);
            sum += amount;
            if (!o.payment) {
                std::string method = text(p, "PaymentMethodCode");
                if (method.empty()) method = text(p, "PaymentName");
                if (method.empty()) method = "code-" + text(p, "PaymentCode");
                o.payment = skarv::model::Payment{method, text(p, "PaymentRef"), amount};
            }
        }
        if (o.payment) o.payment->amount = sum;
        charged = sum;
    }
    std::string method;
    if (const auto* sa = object_at(req, "ShippingAdvice")) method = text(*sa, "DeliveryMethodCode");
    assemble(o, lines, discounts, method, charged);
    return o;
}

skarv::model::Order order_from_query(const json::object& row, const Config& config,
                                     const std::string& payment_reference) {
    skarv::model::Order o;
    const std::string id = text(row, "Id");
    // guess norce.quotation-id, docs/guesses.md
    o.order_id = text(row, "QuotationId");
    if (o.order_id.empty() || o.order_id == "0") o.order_id = id;
    if (o.order_id.empty()) throw RecordError("Orders[?]", "has neither QuotationId nor Id");
    const std::string path = "order " + o.order_id;
    o.order_number = text(row, "OrderNo");
    if (o.order_number.empty()) o.order_number = o.order_id;
    o.created_at = text(row, "OrderDate");
    if (o.created_at.empty()) o.created_at = text(row, "Created");
    o.status = norce_status_name(static_cast<int>(integer(row, "StatusId").value_or(0)));
    const auto app_id = integer(row, "ApplicationId");
    const Application* app = app_id ? config.by_application_id(static_cast<int>(*app_id)) : nullptr;
    if (!app) throw RecordError(path + ".ApplicationId", "matches no configured application");
    o.channel = app->channel;
    o.currency = text(row, "CurrencyCode");
    if (o.currency.size() != 3) o.currency = app->currency;

    o.customer = customer_from_query(object_at(row, "Buyer"));
    o.billing_address = o.customer.billing;
    if (const auto* ship = object_at(row, "ShipTo")) {
        o.shipping_address = customer_from_query(ship).billing;
        o.customer.shipping = o.shipping_address;
    } else {
        o.shipping_address = o.customer.shipping;
    }

    const auto* items = array_at(row, "Items");
    if (!items || items->empty()) throw RecordError(path + ".Items", "an order needs at least one line");
    std::vector<WireLine> lines;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string ip = path + ".Items[" + std::to_string(i) + "]";
        if (!(*items)[i].is_object()) throw RecordError(ip, "expected an object");
        const auto& it = (*items)[i].get_object();
        WireLine l;
        l.sku = text(it, "PartNo");
        if (l.sku.empty()) throw RecordError(ip + ".PartNo", "required");
        l.name = text(it, "ProductName");
        l.quantity = quantity_of(it, "QtyOrdered", ip);
        l.rate = rate_of(it, ip);
        // PriceStandard is the unit before discount; without it, the line's own figures.
        const Amount4 line_ex = required_amount(it, "LineAmount", ip);
        const Amount4 discount_ex = amount_or_zero(it, "DiscountAmount", ip);
        const auto* ps = field(it, "PriceStandard");
        const Amount4 unit_ex = ps && !ps->is_null() ? required_amount(it, "PriceStandard", ip)
                                                     : skarv::model::round_div(line_ex + discount_ex, l.quantity);
        l.unit_inc = inclusive4_of_exclusive(unit_ex, l.rate);
        l.discount_inc = inclusive4_of_exclusive(discount_ex, l.rate);
        l.charged_inc = inclusive4_of_exclusive(line_ex, l.rate);
        l.freight = is_freight(config, l.sku, "");
        lines.push_back(l);
    }
    std::vector<WireDiscount> discounts;
    // guess norce.query-cash-discount, docs/guesses.md
    // CashDiscount is ex VAT and Query does not say at which rate; Norce's standard rate
    // (25 %) is assumed, and the canonical discount carries that rate.
    if (const Amount4 cash = amount_or_zero(row, "CashDiscount", path); cash != 0)
        discounts.push_back({"CashDiscount", "order discount", inclusive4_of_exclusive(cash < 0 ? -cash : cash, 2500), 2500});
    std::string method = text(row, "DeliveryMode");
    assemble(o, lines, discounts, method, std::nullopt);

    const auto pm = integer(row, "PaymentMethodId");
    std::string payment_method = "unknown";
    if (pm) {
        auto it = config.payment_methods.find(static_cast<int>(*pm));
        payment_method = it != config.payment_methods.end() ? it->second : "norce-" + std::to_string(*pm);
    }
    o.payment = skarv::model::Payment{payment_method, payment_reference, o.total_inc_vat()};
    return o;
}

}  // namespace jetshop
