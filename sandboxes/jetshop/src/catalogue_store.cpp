#include "catalogue_store.hpp"

#include <cstdio>

#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

const Application* Catalogue::application(int id) const {
    for (const auto& a : applications)
        if (a.id == id) return &a;
    return nullptr;
}

const Application* Catalogue::application_by_key(const std::string& key) const {
    for (const auto& a : applications)
        if (iequals(a.key, key)) return &a;
    return nullptr;
}

bool Catalogue::has_location(const std::string& warehouse, const std::string& location) const {
    for (const auto& w : warehouses)
        if (w.code == warehouse)
            for (const auto& l : w.locations)
                if (l == location) return true;
    return false;
}

namespace {

struct Market {
    const char* culture;
    int sales_area_id;
};

Market market_for(const std::string& currency) {
    if (currency == "NOK") return {"nb-NO", 2};
    if (currency == "DKK") return {"da-DK", 3};
    if (currency == "EUR") return {"fi-FI", 4};
    return {"sv-SE", 1};
}

std::string application_key(int id) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "6b1d7a52-3c1e-4f6a-9d2b-%012d", id);
    return buf;
}

}  // namespace

void seed_catalogue(Catalogue& cat, const SeedData& seed, const JetshopEmulator::Options& options) {
    for (const auto& ch : seed.channels) {
        const Market m = market_for(ch.currency);
        Application app;
        app.id = ch.id;
        app.key = application_key(ch.id);
        app.name = ch.name;
        app.currency = ch.currency;
        app.culture = m.culture;
        app.sales_area_id = m.sales_area_id;
        app.price_list_code = ch.price_list_code.empty() ? "PL" + std::to_string(ch.id) : ch.price_list_code;
        cat.applications.push_back(app);
        PriceList pl;
        pl.code = app.price_list_code;
        pl.application_ids = {app.id};
        pl.fields = {{"Name", ch.name}, {"CurrencyCode", ch.currency}, {"IsPrimary", true},
                     {"IsPublic", true}, {"SalesAreaId", m.sales_area_id}};
        cat.price_lists[pl.code] = std::move(pl);
    }
    for (const auto& w : seed.warehouses) cat.warehouses.push_back({w, {options.default_location_code}});
    if (cat.warehouses.empty()) cat.warehouses.push_back({"LAGER1", {options.default_location_code}});

    auto add_sku = [&](Product& product, const SeedProduct& sp, const std::string& part_no,
                       const std::string& name, const std::string& ean, int64_t price_minor,
                       const std::map<std::string, std::string>& attributes,
                       const std::map<std::string, int>& stock) {
        Sku sku;
        sku.part_no = part_no;
        sku.product_code = product.code;
        sku.manufacturer_part_no = part_no;
        sku.fields = {{"EanCode", ean}, {"Status", 1}, {"Type", 1},
                      {"Cultures", json::array{json::object{{"CultureCode", "sv-SE"}, {"Name", name}}}}};
        json::array params;
        for (const auto& [k, v] : attributes) params.push_back(json::object{{"Code", k}, {"Value", v}});
        sku.variant_fields = {{"ManufacturerPartNo", part_no}, {"VariantParametrics", params}};
        for (const auto& app : cat.applications) {
            sku.vat_bp_by_sales_area[app.sales_area_id] = sp.vat_rate_bp;
            SkuPrice price;
            // The seed prices its orders in other currencies from the SEK price inc VAT;
            // the price lists follow the same rule so seeded orders match them.
            price.amounts["PriceSale"] =
                app.currency == "SEK"
                    ? amount_from_minor(price_minor)
                    : ex_vat_from_inc(amount_from_minor(price_in_currency(add_vat(price_minor, sp.vat_rate_bp),
                                                                          app.currency)),
                                      sp.vat_rate_bp);
            price.fields = {{"IsActive", true}, {"IsPriceDiscountable", true}};
            sku.prices[app.price_list_code] = std::move(price);
        }
        for (const auto& w : cat.warehouses) {
            const auto it = stock.find(w.code);
            sku.onhand[{w.code, options.default_location_code}] =
                json::object{{"OnhandValue", it == stock.end() ? 0 : it->second}, {"IsActive", true}};
        }
        product.part_nos.push_back(part_no);
        cat.skus[part_no] = std::move(sku);
    };

    for (const auto& sp : seed.products) {
        Product product;
        product.code = sp.article_number;
        product.fields = {{"Code", sp.article_number},
                          {"ManufacturerCode", "SKARV"},
                          {"ManufacturerName", "Skarv Demo AB"},
                          {"Cultures", json::array{json::object{{"CultureCode", "sv-SE"},
                                                                {"Name", sp.name},
                                                                {"Description", sp.description_html}}}}};
        if (sp.variants.empty())
            add_sku(product, sp, sp.article_number, sp.name, "", sp.price_ex_vat, {}, {});
        for (const auto& v : sp.variants)
            add_sku(product, sp, v.sku, v.name, v.ean, v.price_ex_vat, v.attributes, v.stock);
        product.updated = now_iso();
        cat.products[product.code] = std::move(product);
    }
}

std::optional<Amount4> sale_price(const Sku& sku, const std::string& price_list_code) {
    const auto it = sku.prices.find(price_list_code);
    if (it == sku.prices.end()) return std::nullopt;
    if (const auto active = bool_field(it->second.fields, "IsActive"); active && !*active) return std::nullopt;
    const auto a = it->second.amounts.find("PriceSale");
    if (a == it->second.amounts.end()) return std::nullopt;
    return a->second;
}

int vat_bp_for(const Sku& sku, int sales_area_id) {
    if (const auto it = sku.vat_bp_by_sales_area.find(sales_area_id); it != sku.vat_bp_by_sales_area.end())
        return it->second;
    if (!sku.vat_bp_by_sales_area.empty()) return sku.vat_bp_by_sales_area.begin()->second;
    return 2500;
}

json::object catalogue_state(const Catalogue& cat) {
    json::array apps;
    for (const auto& a : cat.applications)
        apps.push_back(json::object{{"ApplicationId", a.id}, {"ApplicationKey", a.key}, {"Name", a.name},
                                    {"CurrencyCode", a.currency}, {"CultureCode", a.culture},
                                    {"SalesAreaId", a.sales_area_id}, {"PriceListCode", a.price_list_code}});
    json::array warehouses;
    for (const auto& w : cat.warehouses) {
        json::array locs;
        for (const auto& l : w.locations) locs.push_back(json::value(l));
        warehouses.push_back(json::object{{"Code", w.code}, {"Locations", locs}});
    }
    json::object price_lists;
    for (const auto& [code, pl] : cat.price_lists) {
        json::object o = pl.fields;
        o["Code"] = code;
        json::array ids;
        for (int id : pl.application_ids) ids.push_back(id);
        o["LinkedApplications"] = ids;   // Norce keeps the relation in Admin, not on the list
        price_lists[code] = o;
    }
    json::object products;
    for (const auto& [code, p] : cat.products) {
        json::object o = p.fields;
        o["Code"] = code;
        json::array parts;
        for (const auto& pn : p.part_nos) parts.push_back(json::value(pn));
        o["PartNos"] = parts;
        products[code] = o;
    }
    json::object skus;
    for (const auto& [pn, s] : cat.skus) {
        json::object o = s.fields;
        o["PartNo"] = pn;
        o["ProductCode"] = s.product_code;
        o["ManufacturerPartNo"] = s.manufacturer_part_no;
        o["Variant"] = s.variant_fields;
        json::array vats;
        for (const auto& [area, bp] : s.vat_bp_by_sales_area)
            vats.push_back(json::object{{"SalesAreaId", area}, {"VatRate", vat_rate_to_json(bp)}});
        o["VatRates"] = vats;
        o["VatRate"] = vat_rate_to_json(vat_bp_for(s, 1));
        json::object prices;
        for (const auto& [plc, price] : s.prices) {
            json::object po = price.fields;
            for (const auto& [k, a] : price.amounts) po[k] = amount_to_json(a);
            prices[plc] = po;
        }
        o["Prices"] = prices;
        json::object onhand, by_warehouse;
        for (const auto& [key, row] : s.onhand) {
            json::object ro = row;
            ro["WarehouseCode"] = key.first;
            ro["LocationCode"] = key.second;
            onhand[key.first + "/" + key.second] = ro;
            const auto active = bool_field(row, "IsActive");
            const auto* v = find_ci(row, "OnhandValue");
            if ((!active || *active) && v) {
                const auto q = amount_from_json(*v).value_or(0);
                const auto prev = by_warehouse.contains(key.first)
                                      ? amount_from_json(by_warehouse[key.first]).value_or(0)
                                      : 0;
                by_warehouse[key.first] = amount_to_json(prev + q);
            }
        }
        o["Onhand"] = onhand;
        o["StockByWarehouse"] = by_warehouse;
        skus[pn] = o;
    }
    return {{"applications", apps}, {"warehouses", warehouses}, {"price_lists", price_lists},
            {"products", products}, {"skus", skus}};
}

}  // namespace skarv::sandbox::jetshop
