#include "field_lists.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

using EnumTable = std::vector<std::pair<int, const char*>>;

// Documented values (research notes §2.1-2.3): product, SKU price list and on-hand
// field enums. Documented: ProductFieldsThatAreSet 0-10 and 19; SkuPriceList 3-13;
// SkuOnhand 3-11.
const EnumTable kProductFields{{0, "ManufacturerCode"}, {1, "ManufacturerName"}, {2, "Alias"},
                               {3, "Code"}, {4, "Variants"}, {5, "Cultures"}, {6, "Categories"},
                               {7, "MainImage"}, {8, "AdditionalImages"}, {9, "Family"},
                               {10, "ProductParametrics"}, {19, "ImagesAndFilesCleanup"}};
const EnumTable kSkuPriceListFields{{3, "PriceSale"}, {4, "CostPurchase"}, {5, "CostUnit"},
                                    {6, "PriceRecommended"}, {7, "PricePrevious"}, {8, "PriceCatalog"},
                                    {9, "IsPriceDiscountable"}, {10, "IsActive"},
                                    {11, "IsPriceDiscountableCreateOnly"}, {12, "PriceRule"},
                                    {13, "FullfileResetInheritance"}};
const EnumTable kSkuOnhandFields{{3, "OnhandValue"}, {4, "IncomingValue"}, {5, "NextDeliveryDate"},
                                 {6, "LeadTimeDayCount"}, {7, "OnOrderValue"}, {8, "MinimumValue"},
                                 {9, "MaximumValue"}, {10, "IsActive"}, {11, "Infos"}};

// The numeric values of the culture, variant and SKU enums are in no public source we
// found; names are always accepted and are what clients should send.
const EnumTable kCultureFields{{0, "Name"}, {1, "Title"}, {2, "Description"}, {3, "DescriptionHeader"},
                               {4, "SubHeader"}, {5, "SubDescription"}, {6, "MetaDescription"},
                               {7, "MetaTags"}, {8, "Synonyms"}, {9, "Tags"}, {10, "UniqueUrlName"}};
const EnumTable kVariantFields{{0, "Cultures"}, {1, "DeliveryMethods"}, {2, "IsDagerousGoods"},
                               {3, "MainImage"}, {4, "AdditionalImages"},
                               {5, "NonParametricVariantDefinitions"}, {6, "VariantParametrics"},
                               {7, "StockDisplayBreakPoint"}};
const EnumTable kSkuFields{{0, "EanCode"}, {1, "IntegrationPartNo"}, {2, "Status"}, {3, "Type"},
                           {4, "StandardPrice"}, {5, "VatRates"}, {6, "Cultures"}, {7, "ActualWeight"},
                           {8, "CommodityCode"}, {9, "DiscountClass"}, {10, "IsBuyable"},
                           {11, "IsDropShipOnly"}, {12, "LogisticDepth"}, {13, "LogisticHeight"},
                           {14, "LogisticWidth"}, {15, "RecommendedSalesQty"},
                           {16, "IsRecommendedSalesQtyFixed"}, {17, "StartDate"}, {18, "StopDate"},
                           {19, "StructureItems"}, {20, "TrackingCode"}, {21, "UnitOfMeasurementCount"},
                           {22, "UnitOfMeasurementType"}, {23, "VolumeWeight"}};
// guess norce.field-enum-numbers, docs/guesses.md (the three tables above).

// Documented: https://docs.norce.io/api-reference/connect/productservice/openapi/schemas/pricelistheader
// (PriceListFieldsThatAreSet 0-22). There is no ApplicationIds: a list is related to the application
// unless DoNotCreateApplicationPriceList is set.
const EnumTable kPriceListFields{{0, "Name"}, {1, "CurrencyCode"}, {2, "StartDate"}, {3, "EndDate"},
                                 {4, "IsPublic"}, {5, "IsPrimary"}, {6, "TypeCode"}, {7, "Warehouses"},
                                 {8, "DefaultPriceRule"}, {9, "Description"}, {10, "IsErpIntegrated"},
                                 {11, "DoNotCreateApplicationPriceList"}, {12, "SalesArea"},
                                 {13, "DefaultMinMarginPercent"}, {14, "LimitToRecPrice"},
                                 {15, "ParentPriceListCode"}, {16, "DefaultSupplementalChargeFixed"},
                                 {17, "DefaultSupplementalChargePercent"}, {18, "PriceRules"},
                                 {19, "PriceRulesCleanup"}, {20, "PriceRulesLimitedUpdate"},
                                 {21, "Population"}, {22, "PopulationCleanup"}};

const std::vector<std::pair<const char*, const EnumTable*>> kLists{
    {"ProductFieldsThatAreSet", &kProductFields},
    {"ProductCultureFieldsThatAreSet", &kCultureFields},
    {"VariantFieldsThatAreSet", &kVariantFields},
    {"VariantCultureFieldsThatAreSet", &kCultureFields},
    {"SkuFieldsThatAreSet", &kSkuFields},
    {"SkuCultureFieldsThatAreSet", &kCultureFields},
    {"SkuPriceListFieldsThatAreSet", &kSkuPriceListFields},
    {"IgnoreSkuPriceListFieldsWhenEmpty", &kSkuPriceListFields},
    {"SkuOnhandFieldsThatAreSet", &kSkuOnhandFields},
    {"PriceListFieldsThatAreSet", &kPriceListFields},
};

std::string resolve(const char* property, const EnumTable& table, const json::value& v) {
    if (v.is_int64() || v.is_uint64()) {
        const long long n = v.is_int64() ? v.get_int64() : static_cast<long long>(v.get_uint64());
        for (const auto& [num, name] : table)
            if (num == n) return name;
        throw std::invalid_argument(std::string(property) + ": unknown value " + std::to_string(n));
    }
    if (v.is_string()) {
        for (const auto& [num, name] : table)
            if (iequals(name, v.get_string())) return name;
        throw std::invalid_argument(std::string(property) + ": unknown value '" +
                                    std::string(v.get_string()) + "'");
    }
    throw std::invalid_argument(std::string(property) + ": values must be enum numbers or names");
}

}  // namespace

// guess norce.absent-field-list, docs/guesses.md
bool FieldList::allows(std::string_view name) const {
    if (!given) return true;
    for (const auto& n : names)
        if (iequals(n, name)) return true;
    return false;
}

const FieldList& ImportHeader::list(const std::string& property) const {
    static const FieldList kAll{};   // immutable: "no list given"
    const auto it = lists.find(property);
    return it == lists.end() ? kAll : it->second;
}

ImportHeader parse_import_header(const std::string& header_text) {
    if (header_text.empty()) throw std::invalid_argument("X-StormConnect-Header is missing");
    if (header_text.find_first_of("\r\n") != std::string::npos)
        throw std::invalid_argument("X-StormConnect-Header must be JSON on a single line");
    boost::system::error_code ec;
    json::value v = json::parse(header_text, ec);
    if (ec || !v.is_object())
        throw std::invalid_argument("X-StormConnect-Header is not a JSON object: " +
                                    (ec ? ec.message() : std::string("wrong type")));
    ImportHeader h;
    h.raw = v.as_object();
    // https://docs.norce.io/api-reference/connect/productservice/x-stormconnect-header-product.md:
    // "AccountId integer Required" (the account of the integration that runs the import).
    const auto* account = find_ci(h.raw, "AccountId");
    if (!account || account->is_null())
        throw std::invalid_argument("X-StormConnect-Header: AccountId is required");
    if (!account->is_int64() && !account->is_uint64())
        throw std::invalid_argument("X-StormConnect-Header: AccountId must be an integer, not " +
                                    json::serialize(*account));
    // Same page: "FullFile … Required".
    const auto* full = find_ci(h.raw, "FullFile");
    if (!full || !full->is_bool())
        throw std::invalid_argument("X-StormConnect-Header: FullFile is required (true or false)");
    h.full_file = full->get_bool();
    if (const auto* st = find_ci(h.raw, "SerializationType")) {
        if ((st->is_int64() && st->get_int64() == 1) || (st->is_string() && iequals(st->get_string(), "Xml")))
            throw std::invalid_argument("SerializationType XML is not supported by this emulator; send JSON (0)");
    }
    for (const auto& [property, table] : kLists) {
        const auto* lv = find_ci(h.raw, property);
        if (!lv || lv->is_null()) continue;
        if (!lv->is_array()) throw std::invalid_argument(std::string(property) + " must be an array");
        FieldList fl;
        fl.given = true;
        for (const auto& e : lv->get_array()) fl.names.insert(resolve(property, *table, e));
        h.lists[property] = std::move(fl);
    }
    return h;
}

}  // namespace skarv::sandbox::jetshop
