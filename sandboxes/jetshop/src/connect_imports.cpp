#include "connect_imports.hpp"

#include <set>
#include <stdexcept>

#include "field_lists.hpp"
#include "job_queue.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

const char* import_name(ImportKind kind) {
    switch (kind) {
        case ImportKind::products: return "ImportProducts";
        case ImportKind::sku_price_lists: return "ImportSkuPriceLists";
        case ImportKind::price_lists: return "ImportPriceLists";
        case ImportKind::onhands: return "ImportOnhands";
    }
    return "Import";
}

namespace {

const std::set<std::string> kPriceAmountFields{"PriceSale", "CostPurchase", "CostUnit",
                                               "PriceRecommended", "PricePrevious", "PriceCatalog"};
const std::set<std::string> kOnhandNumberFields{"OnhandValue", "IncomingValue", "LeadTimeDayCount",
                                                "OnOrderValue", "MinimumValue", "MaximumValue"};

std::string canonical(const std::set<std::string>& names, std::string_view key) {
    for (const auto& n : names)
        if (iequals(n, key)) return n;
    return "";
}

// One item's problems; the label names the item the way a support person would look
// it up (its PartNo or Code), and the row says where it was in the file.
struct ItemErrors {
    std::string label;
    std::vector<std::string> messages;
    void add(const std::string& m) { messages.push_back(label + ": " + m); }
};

bool bad_amount(const json::value& v) {
    if (v.is_null()) return false;
    const auto a = amount_from_json(v);
    return !a || *a < 0;
}

// ---------------- validation ----------------

void validate_product(const Catalogue& cat, const json::object& item, ItemErrors& e) {
    const std::string code = string_field(item, "Code");
    e.label = code.empty() ? e.label : "Product '" + code + "'";
    const auto* variants = find_ci(item, "Variants");
    if (variants && !variants->is_null() && !variants->is_array()) {
        e.add("Variants must be an array");
        return;
    }
    const bool product_known = !code.empty() && cat.products.contains(code);
    const bool has_manufacturer = !string_field(item, "ManufacturerCode").empty() ||
                                  (product_known && !string_field(cat.products.at(code).fields, "ManufacturerCode").empty());
    bool any_sku = false;
    if (variants && variants->is_array()) {
        int n = 0;
        for (const auto& vv : variants->get_array()) {
            ++n;
            const std::string where = "variant " + std::to_string(n);
            if (!vv.is_object()) { e.add(where + " is not an object"); continue; }
            const auto& variant = vv.get_object();
            const auto* skus = find_ci(variant, "Skus");
            if (!skus || !skus->is_array() || skus->get_array().size() != 1) {
                e.add(where + " must have exactly one SKU in Skus");
                continue;
            }
            if (!skus->get_array()[0].is_object()) { e.add(where + " SKU is not an object"); continue; }
            const auto& sku = skus->get_array()[0].get_object();
            const std::string part_no = string_field(sku, "PartNo");
            if (part_no.empty()) { e.add(where + ": SKU PartNo is missing"); continue; }
            any_sku = true;
            const std::string sku_where = where + " (PartNo '" + part_no + "')";
            if (!cat.skus.contains(part_no)) {
                if (!has_manufacturer) e.add(sku_where + ": creating a SKU needs the product's ManufacturerCode");
                if (string_field(variant, "ManufacturerPartNo").empty())
                    e.add(sku_where + ": creating a SKU needs the variant's ManufacturerPartNo");
            }
            if (const auto* sp = find_ci(sku, "StandardPrice"); sp && sp->is_object())
                for (const auto& kv : sp->get_object())
                    if (!canonical(kPriceAmountFields, kv.key()).empty() && bad_amount(kv.value()))
                        e.add(sku_where + ": StandardPrice." + std::string(kv.key()) + " " +
                              json::serialize(kv.value()) + " is not a valid price");
            if (const auto* vr = find_ci(sku, "VatRates"); vr && !vr->is_null()) {
                if (!vr->is_array()) e.add(sku_where + ": VatRates must be an array");
                else
                    for (const auto& r : vr->get_array())
                        if (!r.is_object() || !find_ci(r.get_object(), "VatRate") ||
                            !vat_bp_from_json(*find_ci(r.get_object(), "VatRate")))
                            e.add(sku_where + ": VatRates entry " + json::serialize(r) + " has no valid VatRate");
            }
        }
    }
    if (code.empty() && !any_sku) e.add("neither Code nor a SKU PartNo identifies the product");
}

void validate_sku_price(const Catalogue&, const json::object& item, ItemErrors& e) {
    const std::string part_no = string_field(item, "PartNo"), list = string_field(item, "PriceListCode");
    if (!part_no.empty()) e.label = "PartNo '" + part_no + "'" + (list.empty() ? "" : " in price list '" + list + "'");
    if (part_no.empty()) e.add("PartNo is missing");
    if (list.empty()) e.add("PriceListCode is missing");
    for (const auto& kv : item)
        if (!canonical(kPriceAmountFields, kv.key()).empty() && bad_amount(kv.value()))
            e.add(std::string(kv.key()) + " " + json::serialize(kv.value()) + " is not a valid price");
}

void validate_price_list(const Catalogue&, const json::object& item, ItemErrors& e) {
    const std::string code = string_field(item, "Code");
    if (!code.empty()) e.label = "PriceList '" + code + "'";
    else e.add("Code is missing");
    const std::string currency = string_field(item, "CurrencyCode");
    if (!currency.empty() && currency.size() != 3) e.add("CurrencyCode '" + currency + "' is not ISO 4217");
}

void validate_onhand(const Catalogue& cat, const json::object& item, ItemErrors& e) {
    const std::string part_no = string_field(item, "PartNo"), wh = string_field(item, "WarehouseCode"),
                      loc = string_field(item, "LocationCode");
    if (!part_no.empty()) e.label = "PartNo '" + part_no + "' at " + wh + "/" + loc;
    if (part_no.empty()) e.add("PartNo is missing");
    if (wh.empty()) e.add("WarehouseCode is missing");
    if (loc.empty()) e.add("LocationCode is missing");
    if (!wh.empty() && !loc.empty() && !cat.has_location(wh, loc))
        e.add("no warehouse/location " + wh + "/" + loc);
    for (const auto& kv : item) {
        if (canonical(kOnhandNumberFields, kv.key()).empty() || kv.value().is_null()) continue;
        if (!amount_from_json(kv.value()))
            e.add(std::string(kv.key()) + " " + json::serialize(kv.value()) + " is not a number");
    }
}

// ---------------- applying ----------------

void merge_cultures(json::object& target, const json::value& src, const FieldList& list) {
    if (!src.is_array()) return;
    json::array& out = target["Cultures"].is_array() ? target["Cultures"].as_array()
                                                     : target["Cultures"].emplace_array();
    for (const auto& c : src.get_array()) {
        if (!c.is_object()) continue;
        const std::string code = string_field(c.get_object(), "CultureCode");
        json::object* slot = nullptr;
        for (auto& existing : out)
            if (existing.is_object() && string_field(existing.get_object(), "CultureCode") == code)
                slot = &existing.as_object();
        if (!slot) slot = &out.emplace_back(json::object{{"CultureCode", code}}).as_object();
        for (const auto& kv : c.get_object()) {
            if (iequals(kv.key(), "CultureCode") || kv.value().is_null() || !list.allows(kv.key())) continue;
            (*slot)[kv.key()] = kv.value();
        }
    }
}

// Copies the fields the header says are set; nulls never overwrite (Norce ignores them).
void apply_fields(json::object& target, const json::object& src, const FieldList& list,
                  const FieldList& culture_list, std::initializer_list<std::string_view> handled) {
    for (const auto& kv : src) {
        bool skip = false;
        for (auto h : handled) skip = skip || iequals(kv.key(), h);
        if (skip || kv.value().is_null() || !list.allows(kv.key())) continue;
        if (iequals(kv.key(), "Cultures")) merge_cultures(target, kv.value(), culture_list);
        else target[kv.key()] = kv.value();
    }
}

std::string imported_row(const json::value& item) {
    std::string text = json::serialize(item);
    if (text.size() > kImportedRowMax) text.resize(kImportedRowMax);
    return text;
}

void log(Job& job, int severity, const std::string& row, const std::string& message) {
    job.log.push_back({severity, message, now_iso(), row});
}

void apply_product(Shop& shop, const ImportHeader& h, Job& job, const json::object& item) {
    auto& cat = shop.catalogue;
    std::string code = string_field(item, "Code");
    const json::array* variants = nullptr;
    if (const auto* v = find_ci(item, "Variants"); v && v->is_array()) variants = &v->get_array();
    if (code.empty() && variants)
        for (const auto& v : *variants) {
            const auto& sku = find_ci(v.get_object(), "Skus")->get_array()[0].get_object();
            const auto it = cat.skus.find(string_field(sku, "PartNo"));
            code = it != cat.skus.end() ? it->second.product_code : string_field(sku, "PartNo");
            break;
        }
    const bool is_new = !cat.products.contains(code);
    Product& product = cat.products[code];
    product.code = code;
    product.updated = now_iso();
    apply_fields(product.fields, item, h.list("ProductFieldsThatAreSet"),
                 h.list("ProductCultureFieldsThatAreSet"), {"Variants"});
    product.fields["Code"] = code;
    ++(is_new ? job.inserts : job.updates);
    if (!variants || !h.list("ProductFieldsThatAreSet").allows("Variants")) return;
    for (const auto& vv : *variants) {
        const auto& variant = vv.get_object();
        const auto& src = find_ci(variant, "Skus")->get_array()[0].get_object();
        const std::string part_no = string_field(src, "PartNo");
        const bool sku_new = !cat.skus.contains(part_no);
        Sku& sku = cat.skus[part_no];
        sku.part_no = part_no;
        if (sku_new || sku.product_code != code) {
            if (!sku_new)
                if (auto old = cat.products.find(sku.product_code); old != cat.products.end())
                    std::erase(old->second.part_nos, part_no);
            sku.product_code = code;
            product.part_nos.push_back(part_no);
        }
        if (const std::string mpn = string_field(variant, "ManufacturerPartNo"); !mpn.empty()) {
            sku.manufacturer_part_no = mpn;
            sku.variant_fields["ManufacturerPartNo"] = mpn;
        }
        apply_fields(sku.variant_fields, variant, h.list("VariantFieldsThatAreSet"),
                     h.list("VariantCultureFieldsThatAreSet"), {"Skus", "ManufacturerPartNo"});
        const FieldList& sku_list = h.list("SkuFieldsThatAreSet");
        apply_fields(sku.fields, src, sku_list, h.list("SkuCultureFieldsThatAreSet"), {"PartNo", "VatRates"});
        if (const auto* vr = find_ci(src, "VatRates"); vr && vr->is_array() && sku_list.allows("VatRates"))
            for (const auto& r : vr->get_array()) {
                const auto& ro = r.get_object();
                const int area = static_cast<int>(int_field(ro, "SalesAreaId").value_or(1));
                sku.vat_bp_by_sales_area[area] = *vat_bp_from_json(*find_ci(ro, "VatRate"));
            }
        if (sku_new && !find_ci(sku.fields, "Status")) sku.fields["Status"] = 1;
    }
}

void apply_sku_price(Shop& shop, const ImportHeader& h, Job& job, const json::object& item, const std::string& row,
                     std::map<std::string, std::set<std::string>>& seen) {
    auto& cat = shop.catalogue;
    const std::string part_no = string_field(item, "PartNo"), list = string_field(item, "PriceListCode");
    const auto sku = cat.skus.find(part_no);
    if (sku == cat.skus.end()) {
        ++job.ignored;
        log(job, 2, row, "PartNo '" + part_no + "' is not in the catalogue; price ignored");
        return;
    }
    if (!cat.price_lists.contains(list)) {
        ++job.ignored;
        log(job, 2, row, "PartNo '" + part_no + "': no price list '" + list + "'; price ignored");
        return;
    }
    seen[list].insert(part_no);
    const bool is_new = !sku->second.prices.contains(list);
    SkuPrice& price = sku->second.prices[list];
    const FieldList& fields = h.list("SkuPriceListFieldsThatAreSet");
    const FieldList& ignore_empty = h.list("IgnoreSkuPriceListFieldsWhenEmpty");
    for (const auto& kv : item) {
        if (iequals(kv.key(), "PartNo") || iequals(kv.key(), "PriceListCode") || kv.value().is_null()) continue;
        const std::string amount_name = canonical(kPriceAmountFields, kv.key());
        if (!fields.allows(amount_name.empty() ? std::string(kv.key()) : amount_name)) continue;
        if (!amount_name.empty()) {
            const Amount4 a = *amount_from_json(kv.value());
            if (a == 0 && ignore_empty.given && ignore_empty.allows(amount_name)) continue;
            price.amounts[amount_name] = a;
        } else {
            price.fields[kv.key()] = kv.value();
        }
    }
    if (is_new && !find_ci(price.fields, "IsActive")) price.fields["IsActive"] = true;
    ++(is_new ? job.inserts : job.updates);
}

void apply_price_list(Shop& shop, const ImportHeader& h, Job& job, const json::object& item) {
    auto& cat = shop.catalogue;
    const std::string code = string_field(item, "Code");
    const bool is_new = !cat.price_lists.contains(code);
    PriceList& pl = cat.price_lists[code];
    pl.code = code;
    const FieldList& fields = h.list("PriceListFieldsThatAreSet");
    // The documented PriceList has no ApplicationIds (…/productservice/openapi/schemas/pricelist); an
    // undocumented property is not stored, as a .NET model binder drops what it does not know.
    apply_fields(pl.fields, item, fields, FieldList{}, {"Code", "ApplicationIds"});
    // "DoNotCreateApplicationPriceList (Will not automatically create a relation to the application)"
    // (…/schemas/pricelistheader): by default an import relates the list to the application.
    // guess norce.pricelist-application, docs/guesses.md (which application: same currency)
    if (is_new && !(h.list("PriceListFieldsThatAreSet").given && fields.allows("DoNotCreateApplicationPriceList")))
        for (const auto& app : cat.applications)
            if (app.currency == string_field(pl.fields, "CurrencyCode")) pl.application_ids.push_back(app.id);
    // One primary price list per application: the one its orders are priced from.
    if (const auto primary = bool_field(pl.fields, "IsPrimary"); primary && *primary)
        for (auto& app : cat.applications)
            for (int id : pl.application_ids)
                if (id == app.id) app.price_list_code = code;
    ++(is_new ? job.inserts : job.updates);
}

void apply_onhand(Shop& shop, const ImportHeader& h, Job& job, const json::object& item, const std::string& row,
                  std::map<StockKey, std::set<std::string>>& seen) {
    auto& cat = shop.catalogue;
    const std::string part_no = string_field(item, "PartNo");
    const StockKey key{string_field(item, "WarehouseCode"), string_field(item, "LocationCode")};
    const auto sku = cat.skus.find(part_no);
    if (sku == cat.skus.end()) {
        ++job.ignored;
        log(job, 2, row, "PartNo '" + part_no + "' is not in the catalogue; on-hand ignored");
        return;
    }
    seen[key].insert(part_no);
    const bool is_new = !sku->second.onhand.contains(key);
    json::object& target = sku->second.onhand[key];
    apply_fields(target, item, h.list("SkuOnhandFieldsThatAreSet"), FieldList{},
                 {"PartNo", "WarehouseCode", "LocationCode"});
    if (is_new && !find_ci(target, "IsActive")) target["IsActive"] = true;
    ++(is_new ? job.inserts : job.updates);
}

}  // namespace

HttpReply submit_import(Shop& shop, ImportKind kind, const HttpRequest& req) {
    ImportHeader header;
    try {
        header = parse_import_header(req.header("x-stormconnect-header"));
    } catch (const std::invalid_argument& e) {
        return failure(400, e.what());
    }
    boost::system::error_code ec;
    json::value body = json::parse(req.body, ec);
    if (ec) return failure(400, "body is not JSON: " + ec.message());
    if (!body.is_array()) return failure(400, std::string(import_name(kind)) + " takes a JSON array of items");

    std::lock_guard lock(shop.mu);
    Job job;
    job.id = shop.next_job_id++;
    job.kind = kind;
    job.header = header.raw;
    job.total = static_cast<int>(body.get_array().size());
    job.start = job.last_updated = now_iso();
    job.started_at = Clock::now();
    job.due_at = job.started_at + std::chrono::milliseconds(shop.options.job_delay_ms);
    json::array messages;
    int row = 0;
    for (const auto& v : body.get_array()) {
        ++row;
        ItemErrors e{"item " + std::to_string(row), {}};
        if (!v.is_object()) e.add("is not a JSON object");
        else switch (kind) {
            case ImportKind::products: validate_product(shop.catalogue, v.get_object(), e); break;
            case ImportKind::sku_price_lists: validate_sku_price(shop.catalogue, v.get_object(), e); break;
            case ImportKind::price_lists: validate_price_list(shop.catalogue, v.get_object(), e); break;
            case ImportKind::onhands: validate_onhand(shop.catalogue, v.get_object(), e); break;
        }
        if (e.messages.empty()) {
            job.items.push_back(v);
            continue;
        }
        ++job.fails;
        for (const auto& m : e.messages) {
            job.log.push_back({3, m, job.start, imported_row(v)});
            messages.push_back(json::value(m));
        }
    }
    const int job_id = job.id, fails = job.fails, total = job.total;
    shop.jobs[job.id] = std::move(job);
    job_opened(shop);
    shop.jobs_cv.notify_all();
    return wire_json(json::object{
        // guess norce.job-response-status, docs/guesses.md
        {"StatusCode", "OK"},
        {"Description", std::string(import_name(kind)) + ": job queued"},
        {"JobId", std::to_string(job_id)},
        {"ValidationSummary",
         json::object{{"NrOfItemsInTotal", total}, {"NrOfValidationFailures", fails}, {"Messages", messages}}}});
}

void run_import(Shop& shop, Job& job) {
    const ImportHeader h = parse_import_header(json::serialize(job.header));
    std::map<std::string, std::set<std::string>> prices_seen;
    std::map<StockKey, std::set<std::string>> stock_seen;
    for (size_t i = 0; i < job.items.size(); ++i) {
        const auto& item = job.items[i].get_object();
        const std::string row = imported_row(job.items[i]);
        switch (job.kind) {
            case ImportKind::products: apply_product(shop, h, job, item); break;
            case ImportKind::sku_price_lists: apply_sku_price(shop, h, job, item, row, prices_seen); break;
            case ImportKind::price_lists: apply_price_list(shop, h, job, item); break;
            case ImportKind::onhands: apply_onhand(shop, h, job, item, row, stock_seen); break;
        }
    }
    // FullFile: rows of the price lists / locations in this file that the file left out
    // are deactivated, never deleted, as Norce documents.
    int deactivated = 0;
    if (h.full_file) {
        for (auto& [pn, sku] : shop.catalogue.skus) {
            for (auto& [list, price] : sku.prices)
                if (prices_seen.contains(list) && !prices_seen[list].contains(pn)) {
                    price.fields["IsActive"] = false;
                    ++deactivated;
                }
            for (auto& [key, row] : sku.onhand)
                if (stock_seen.contains(key) && !stock_seen[key].contains(pn)) {
                    row["IsActive"] = false;
                    ++deactivated;
                }
        }
    }
    log(job, 1, "",
        std::string(import_name(job.kind)) + ": " + std::to_string(job.total) + " items, " +
            std::to_string(job.inserts) + " inserted, " + std::to_string(job.updates) + " updated, " +
            std::to_string(job.ignored) + " ignored, " + std::to_string(job.fails) + " failed validation" +
            (h.full_file ? ", " + std::to_string(deactivated) + " deactivated (FullFile)" : ""));
}

}  // namespace skarv::sandbox::jetshop
