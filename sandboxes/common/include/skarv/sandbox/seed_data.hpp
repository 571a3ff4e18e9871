#pragma once
// A deterministic, Swedish-looking data set that fills any emulator: the same options
// always give the same products, customers and orders, byte for byte. Money is in minor
// units (öre / cent) as int64; VAT rates in basis points (2500 = 25 %).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace skarv::sandbox {

struct SeedOptions {
    uint64_t seed = 1;
    int products = 20;
    int variants_per_product = 3;   // 0 = products without variants
    int orders = 10;
    int channels = 2;               // shops / applications / webshops
};

struct SeedChannel {
    int id = 0;                     // 1..channels
    std::string name;               // "Butiken SE", "Butiken NO" ...
    std::string currency;           // first channel SEK, others EUR or NOK
    std::string price_list_code;    // price list of the channel
};

struct SeedVariant {
    std::string sku;                // "<article>-<n>", unique
    std::string name;               // product name plus attribute values
    std::map<std::string, std::string> attributes;   // "Färg" -> "Blå", "Storlek" -> "M"
    std::string ean;                // 13 digits, valid check digit
    int64_t price_ex_vat = 0;       // in the first channel's currency (SEK), minor units
    std::map<std::string, int> stock;                // warehouse code -> on hand
};

struct SeedProduct {
    std::string article_number;     // main article, e.g. "A1001"
    std::string name;
    std::string description_html;   // with a little HTML, for strip-HTML rules
    int vat_rate_bp = 2500;         // 2500, 1200 or 600
    int64_t price_ex_vat = 0;       // SEK minor units; variants may differ
    std::vector<SeedVariant> variants;   // empty when variants_per_product == 0
    std::string category;           // "Kläder", "Hem", "Livsmedel", "Böcker" ...
    std::string ean;                // the product's own EAN (used when it has no variants)
    std::map<std::string, int> stock;                // warehouse -> on hand (sum of variants when it has them)
};

struct SeedAddress {
    std::string name, street, postal_code, city, country = "SE";
};

struct SeedCustomer {
    std::string customer_number;    // shop's number, e.g. "C20001"
    bool company = false;
    std::string first_name, last_name, company_name;
    std::string org_number;         // "556xxx-xxxx" for companies, personal number style for persons
    std::string email, phone;
    SeedAddress billing, shipping;
};

struct SeedOrderLine {
    std::string sku;
    std::string name;
    int quantity = 1;
    int64_t unit_price_inc_vat = 0; // minor units in the order currency
    int vat_rate_bp = 2500;
    int64_t discount_inc_vat = 0;   // line discount, total for the line
};

struct SeedOrder {
    std::string order_number;       // shop's reference, e.g. "100001"
    int channel = 1;
    std::string currency;           // the channel's
    std::string created_at;         // ISO 8601 UTC, deterministic
    std::string status;             // "New", "Confirmed", "Shipped", ...
    int customer_index = 0;         // into SeedData::customers
    std::vector<SeedOrderLine> lines;
    int64_t freight_inc_vat = 0;    // freight at 25 % VAT
    int64_t order_discount_inc_vat = 0;   // e.g. a voucher, at the lines' main VAT rate
    std::string payment_method;     // "klarna", "nets" or "svea"
    std::string payment_reference;  // PSP reference (Klarna order id, Nets payment id ...)
    int64_t total_inc_vat = 0;      // lines - discounts + freight
};

struct SeedData {
    SeedOptions options;
    std::vector<SeedChannel> channels;
    std::vector<std::string> warehouses;   // stock locations / stock profiles, e.g. "LAGER1"
    std::vector<SeedProduct> products;
    std::vector<SeedCustomer> customers;
    std::vector<SeedOrder> orders;
};

SeedData generate_seed_data(const SeedOptions& options);

// Helpers the generator uses, for emulators that derive more figures from the seed.
// ex VAT -> inc VAT, rounded half up to the minor unit.
int64_t add_vat(int64_t ex_vat_minor, int vat_rate_bp);
// A SEK amount (minor units, inc VAT) as the generator prices it in another channel
// currency: "SEK" unchanged, "NOK" about 1:1 rounded to whole kronor, "EUR" about
// SEK/11.5 rounded to 10 cents. Throws std::invalid_argument for other currencies.
int64_t price_in_currency(int64_t sek_minor_inc_vat, const std::string& currency);
// The 13th digit of an EAN-13 given its first 12 digits.
char ean13_check_digit(const std::string& first12);
bool ean13_valid(const std::string& ean);

}  // namespace skarv::sandbox
