#include "skarv/sandbox/seed_data.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace skarv::sandbox {

namespace {

// ---------------------------------------------------------------- randomness
// splitmix64, seeded explicitly; ranges mapped by hand so every platform and standard
// library gives the same numbers. Each entity (product i, customer i, order i) draws
// from its own stream, so adding orders never changes the products.

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    Rng(uint64_t seed, uint64_t salt, uint64_t index) {
        uint64_t s = seed;
        uint64_t a = splitmix64(s);
        s = a ^ (salt * 0xD1B54A32D192ED03ULL);
        uint64_t b = splitmix64(s);
        state_ = b ^ (index * 0xA24BAED4963EE407ULL + 0x632BE59BD9B4E019ULL);
        splitmix64(state_);
    }
    uint64_t next() { return splitmix64(state_); }
    // Inclusive range [lo, hi].
    int64_t range(int64_t lo, int64_t hi) {
        if (hi <= lo) return lo;
        uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
        return lo + static_cast<int64_t>(next() % span);
    }
    bool chance(int percent) { return range(0, 99) < percent; }
    template <class T, std::size_t N>
    const T& pick(const T (&arr)[N]) {
        return arr[static_cast<std::size_t>(range(0, static_cast<int64_t>(N) - 1))];
    }

private:
    uint64_t state_ = 0;
};

enum Salt : uint64_t { salt_product = 1, salt_customer = 2, salt_order = 3 };

int64_t round_div(int64_t a, int64_t b) {   // half away from zero, b > 0
    return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

std::string pad(int64_t n, int width) {
    std::string s = std::to_string(n);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

// Luhn check digit of a digit string (Swedish personal and organisation numbers).
char luhn_digit(const std::string& digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digits[i] - '0';
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string hex(uint64_t v, int digits) {
    static const char* const h = "0123456789abcdef";
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = h[v & 0xF];
        v >>= 4;
    }
    return s;
}

// Days since 1970-01-01 (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string iso8601(int64_t epoch_s) {
    int64_t z = epoch_s / 86400;
    int64_t secs = epoch_s % 86400;
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[96];   // room for any int64 year: GCC checks the worst case
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(secs / 3600), static_cast<long long>((secs / 60) % 60),
                  static_cast<long long>(secs % 60));
    return buf;
}

// å ä ö é -> a a o e, lower case, for e-mail addresses.
std::string ascii_slug(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            unsigned char n = static_cast<unsigned char>(s[i + 1]);
            ++i;
            switch (n) {
                case 0xA5: case 0xA4: case 0x85: case 0x84: out += 'a'; break;   // å ä Å Ä
                case 0xB6: case 0x96: out += 'o'; break;                          // ö Ö
                case 0xA9: case 0x89: out += 'e'; break;                          // é É
                default: break;
            }
            continue;
        }
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
        else if (c == ' ' || c == '-') out += '-';
    }
    return out;
}

// ---------------------------------------------------------------- vocabulary

const char* const first_names[] = {"Åsa", "Björn", "Märta", "Göran", "Örjan", "Linnéa", "Anna", "Erik",
                                   "Lars", "Karin", "Sofia", "Johan", "Maja", "Oskar", "Elin", "Håkan",
                                   "Ingrid", "Agnes", "Sven", "Ebba", "Jöns", "Stina", "Måns", "Tove"};
const char* const last_names[] = {"Andersson", "Johansson", "Karlsson", "Nilsson",  "Eriksson",  "Larsson",
                                  "Olsson",    "Persson",   "Svensson", "Gustafsson", "Lindström", "Åberg",
                                  "Öberg",     "Bäckström", "Sjögren",  "Ström",     "Hägg",      "Nordén",
                                  "Lövgren",   "Ågren"};
const char* const streets[] = {"Storgatan", "Drottninggatan", "Kungsgatan", "Östra Hamngatan", "Västra vägen",
                               "Järnvägsgatan", "Skolgatan", "Åsgatan", "Hälsovägen", "Sjövägen",
                               "Björkvägen", "Ängsvägen"};
struct City {
    const char* name;
    int postal_base;   // first three digits
};
const City cities[] = {{"Stockholm", 114}, {"Göteborg", 411}, {"Malmö", 211},   {"Uppsala", 753},
                       {"Västerås", 722},  {"Örebro", 702},   {"Linköping", 582}, {"Jönköping", 553},
                       {"Umeå", 903},      {"Luleå", 972},    {"Gävle", 802},   {"Växjö", 352}};
const char* const company_first[] = {"Nordisk", "Svensk", "Ängsbacka", "Björkö", "Öresunds", "Fjäll",
                                     "Sjöbo", "Gröna", "Västkust", "Älvdalens"};
const char* const company_second[] = {"Trädgård", "Handel", "Bygg", "Kontorsvaror", "Möbler", "Sport",
                                      "Café", "Teknik", "Hälsa", "Skog"};

struct Category {
    const char* name;
    int vat_bp;
};
const Category cat_clothes{"Kläder", 2500};
const Category cat_home{"Hem", 2500};
const Category cat_food{"Livsmedel", 1200};
const Category cat_books{"Böcker", 600};

const char* const clothes_adj[] = {"Mysig", "Klassisk", "Lätt", "Varm", "Robust", "Mjuk"};
const char* const clothes_noun[] = {"tröja", "jacka", "mössa", "halsduk", "t-shirt", "skjorta", "fleecejacka",
                                    "regnjacka"};
const char* const clothes_material[] = {"i ull", "i bomull", "i linne", "i återvunnen polyester", "i merinoull"};
const char* const home_adj[] = {"Rustik", "Handgjord", "Skandinavisk", "Enkel", "Stor", "Liten"};
const char* const home_noun[] = {"kaffekopp", "skärbräda", "ljusstake", "kudde", "pläd", "vas", "brödkorg",
                                 "tekanna"};
const char* const food_noun[] = {"Kaffe mörkrost", "Lingonsylt", "Knäckebröd", "Kanelbullar", "Mjölkchoklad",
                                 "Smörgåsgurka", "Hjortronsylt", "Kavring"};
const char* const food_origin[] = {"från Norrland", "från Skåne", "från Gotland", "från Småland", "från Jämtland"};
const char* const book_kind[] = {"Kokbok", "Roman", "Guide", "Diktsamling"};
const char* const book_title[] = {"Fjällens tystnad", "Sommar på Öland", "Hösten i Värmland", "Åter till Göteborg",
                                  "Björnens år", "Mörkt vatten", "Ljus över Höga kusten"};

const char* const colours[] = {"Svart", "Vit", "Grå", "Blå", "Grön", "Röd", "Gul", "Beige"};
const char* const sizes[] = {"XS", "S", "M", "L", "XL", "XXL"};
const char* const weights[] = {"250 g", "500 g", "1 kg", "2 kg"};
const int weight_factor_pct[] = {100, 180, 340, 650};
const char* const formats[] = {"Inbunden", "Pocket", "E-bok", "Ljudbok"};

// ex VAT from a nice inc-VAT price such that add_vat(ex) gives the same inc back;
// nudges the price up a krona at a time until it does.
int64_t ex_vat_for(int64_t& inc_vat, int vat_bp) {
    for (;;) {
        int64_t ex = round_div(inc_vat * 10000, 10000 + vat_bp);
        if (add_vat(ex, vat_bp) == inc_vat) return ex;
        inc_vat += 100;
    }
}

std::string ean_for(int64_t serial) { std::string d = "7350" + pad(serial % 100000000, 8); return d + ean13_check_digit(d); }

SeedAddress make_address(Rng& rng, const std::string& name) {
    SeedAddress a;
    a.name = name;
    a.street = std::string(rng.pick(streets)) + " " + std::to_string(rng.range(1, 120));
    if (rng.chance(15)) a.street += " lgh " + std::to_string(rng.range(1001, 1404));
    const City& c = rng.pick(cities);
    a.postal_code = std::to_string(c.postal_base) + " " + pad(rng.range(10, 99), 2);
    a.city = c.name;
    a.country = "SE";
    return a;
}

SeedProduct make_product(const SeedOptions& o, int i, const std::vector<std::string>& warehouses) {
    Rng rng(o.seed, salt_product, static_cast<uint64_t>(i));
    SeedProduct p;
    p.article_number = "A" + std::to_string(1001 + i);
    int roll = static_cast<int>(rng.range(0, 99));
    const Category& cat = roll < 55 ? cat_clothes : roll < 70 ? cat_home : roll < 88 ? cat_food : cat_books;
    p.category = cat.name;
    p.vat_rate_bp = cat.vat_bp;
    int64_t inc = 0;
    if (&cat == &cat_clothes) {
        p.name = std::string(rng.pick(clothes_adj)) + " " + rng.pick(clothes_noun) + " " + rng.pick(clothes_material);
        inc = (rng.range(4, 40) * 50 - 1) * 100;
    } else if (&cat == &cat_home) {
        p.name = std::string(rng.pick(home_adj)) + " " + rng.pick(home_noun);
        inc = (rng.range(2, 16) * 50 - 1) * 100;
    } else if (&cat == &cat_food) {
        p.name = std::string(rng.pick(food_noun)) + " " + rng.pick(food_origin);
        inc = (rng.range(3, 20) * 10 - 1) * 100;
    } else {
        p.name = std::string(rng.pick(book_kind)) + ": " + rng.pick(book_title);
        inc = (rng.range(10, 40) * 10 - 1) * 100;
    }
    p.price_ex_vat = ex_vat_for(inc, p.vat_rate_bp);
    p.description_html = "<p><strong>" + p.name + "</strong> från vårt eget sortiment.</p><ul><li>Kategori: " +
                         p.category + "</li><li>Artikel: " + p.article_number +
                         "</li></ul><p>Fri frakt över 799&nbsp;kr &amp; 30 dagars öppet köp.</p>";

    const int64_t serial_base = static_cast<int64_t>(i) * (o.variants_per_product + 1);
    p.ean = ean_for(serial_base);
    for (const auto& w : warehouses) p.stock[w] = 0;

    const int nvar = std::max(0, o.variants_per_product);
    int colour0 = static_cast<int>(rng.range(0, 7));
    int size0 = static_cast<int>(rng.range(0, 2));
    for (int n = 0; n < nvar; ++n) {
        SeedVariant v;
        v.sku = p.article_number + "-" + std::to_string(n + 1);
        int combos = 1;
        int64_t vinc = inc;
        if (&cat == &cat_clothes) {
            combos = 8 * 6;
            int k = n % combos;
            std::string size = sizes[(size0 + k) % 6];
            v.attributes["Storlek"] = size;
            v.attributes["Färg"] = colours[(colour0 + (size0 + k) / 6) % 8];
            if (size == "XXL") vinc += 5000;
        } else if (&cat == &cat_home) {
            combos = 8;
            v.attributes["Färg"] = colours[(colour0 + n) % 8];
        } else if (&cat == &cat_food) {
            combos = 4;
            int k = n % 4;
            v.attributes["Vikt"] = weights[k];
            vinc = round_div(inc * weight_factor_pct[k], 10000) * 100;
        } else {
            combos = 4;
            int k = n % 4;
            v.attributes["Format"] = formats[k];
            if (k == 1) vinc = std::max<int64_t>(4900, inc - 10000);
        }
        if (n >= combos) v.attributes["Utgåva"] = std::to_string(n / combos + 1);
        v.name = p.name;
        std::string sep = " - ";
        for (const auto& [k, val] : v.attributes) {
            v.name += sep + val;
            sep = ", ";
        }
        v.ean = ean_for(serial_base + n + 1);
        v.price_ex_vat = ex_vat_for(vinc, p.vat_rate_bp);
        for (const auto& w : warehouses) {
            int on_hand = rng.chance(15) ? 0 : static_cast<int>(rng.range(1, 40));
            v.stock[w] = on_hand;
            p.stock[w] += on_hand;
        }
        p.variants.push_back(std::move(v));
    }
    if (nvar == 0) {
        for (const auto& w : warehouses) p.stock[w] = rng.chance(15) ? 0 : static_cast<int>(rng.range(1, 60));
    }
    return p;
}

SeedCustomer make_customer(const SeedOptions& o, int i, std::set<std::string>& emails) {
    Rng rng(o.seed, salt_customer, static_cast<uint64_t>(i));
    SeedCustomer c;
    c.customer_number = "C" + std::to_string(20001 + i);
    c.company = rng.chance(30);
    c.first_name = rng.pick(first_names);
    c.last_name = rng.pick(last_names);
    std::string full = c.first_name + " " + c.last_name;
    std::string email_local;
    std::string domain = "example.se";
    if (c.company) {
        c.company_name = std::string(rng.pick(company_first)) + " " + rng.pick(company_second) + " AB";
        std::string nine = "556" + pad(rng.range(0, 999999), 6);
        std::string ten = nine + luhn_digit(nine);
        c.org_number = ten.substr(0, 6) + "-" + ten.substr(6);
        email_local = ascii_slug(c.first_name);
        domain = ascii_slug(c.company_name.substr(0, c.company_name.size() - 3)) + ".example.se";
    } else {
        int64_t year = rng.range(1950, 2004);
        int64_t month = rng.range(1, 12);
        int64_t day = rng.range(1, 28);
        std::string nine = pad(year % 100, 2) + pad(month, 2) + pad(day, 2) + pad(rng.range(0, 999), 3);
        std::string ten = nine + luhn_digit(nine);
        c.org_number = ten.substr(0, 6) + "-" + ten.substr(6);
        email_local = ascii_slug(c.first_name) + "." + ascii_slug(c.last_name);
    }
    std::string email = email_local + "@" + domain;
    for (int n = 2; emails.count(email); ++n) email = email_local + std::to_string(n) + "@" + domain;
    emails.insert(email);
    c.email = email;
    c.phone = "07" + std::to_string(rng.range(0, 6)) + "-" + pad(rng.range(0, 999), 3) + " " +
              pad(rng.range(0, 99), 2) + " " + pad(rng.range(0, 99), 2);
    c.billing = make_address(rng, c.company ? c.company_name : full);
    if (rng.chance(20)) {
        c.shipping = make_address(rng, full);
    } else {
        c.shipping = c.billing;
        if (c.company) c.shipping.name = c.company_name + " / " + full;
    }
    return c;
}

int64_t freight_fee(const std::string& currency) { return currency == "EUR" ? 590 : 4900; }
int64_t free_freight_from(const std::string& currency) { return currency == "EUR" ? 7000 : 79900; }
int64_t voucher(const std::string& currency) { return currency == "EUR" ? 500 : 5000; }

SeedOrder make_order(const SeedData& d, int i) {
    const SeedOptions& o = d.options;
    Rng rng(o.seed, salt_order, static_cast<uint64_t>(i));
    SeedOrder ord;
    ord.order_number = std::to_string(100001 + i);
    int nch = static_cast<int>(d.channels.size());
    ord.channel = (nch <= 1 || rng.chance(60)) ? 1 : static_cast<int>(rng.range(2, nch));
    ord.currency = d.channels[static_cast<std::size_t>(ord.channel - 1)].currency;
    const int64_t base = days_from_civil(2026, 1, 5) * 86400 + 8 * 3600;
    ord.created_at = iso8601(base + static_cast<int64_t>(i) * 3 * 3600 + rng.range(0, 170) * 60 + rng.range(0, 59));
    int roll = static_cast<int>(rng.range(0, 99));
    ord.status = roll < 50 ? "New" : roll < 70 ? "Confirmed" : roll < 90 ? "Shipped" : "Cancelled";
    ord.customer_index = static_cast<int>(rng.range(0, static_cast<int64_t>(d.customers.size()) - 1));

    int nlines = static_cast<int>(rng.range(1, 4));
    std::set<std::string> used;
    int64_t lines_sum = 0;
    for (int l = 0; l < nlines; ++l) {
        const SeedProduct& p = d.products[static_cast<std::size_t>(rng.range(0, static_cast<int64_t>(d.products.size()) - 1))];
        SeedOrderLine line;
        int64_t ex = p.price_ex_vat;
        if (p.variants.empty()) {
            line.sku = p.article_number;
            line.name = p.name;
        } else {
            const SeedVariant& v = p.variants[static_cast<std::size_t>(rng.range(0, static_cast<int64_t>(p.variants.size()) - 1))];
            line.sku = v.sku;
            line.name = v.name;
            ex = v.price_ex_vat;
        }
        int qroll = static_cast<int>(rng.range(0, 9));
        line.quantity = qroll < 7 ? 1 : qroll < 9 ? 2 : 3;
        bool discounted = rng.chance(15);
        if (!used.insert(line.sku).second) continue;   // one line per SKU
        line.vat_rate_bp = p.vat_rate_bp;
        line.unit_price_inc_vat = price_in_currency(add_vat(ex, p.vat_rate_bp), ord.currency);
        int64_t gross = line.unit_price_inc_vat * line.quantity;
        if (discounted) {
            line.discount_inc_vat = std::max<int64_t>(100, gross / 10 / 100 * 100);
            if (line.discount_inc_vat >= gross) line.discount_inc_vat = 0;
        }
        lines_sum += gross - line.discount_inc_vat;
        ord.lines.push_back(std::move(line));
    }
    if (rng.chance(15) && lines_sum > 2 * voucher(ord.currency)) ord.order_discount_inc_vat = voucher(ord.currency);
    int64_t after_discount = lines_sum - ord.order_discount_inc_vat;
    ord.freight_inc_vat = after_discount >= free_freight_from(ord.currency) ? 0 : freight_fee(ord.currency);
    ord.total_inc_vat = after_discount + ord.freight_inc_vat;

    int proll = static_cast<int>(rng.range(0, 9));
    if (proll < 5) {
        ord.payment_method = "klarna";
        uint64_t a = rng.next(), b = rng.next();
        std::string h = hex(a, 16) + hex(b, 16);
        h[12] = '4';
        h[16] = "89ab"[b & 3];
        ord.payment_reference = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                                h.substr(16, 4) + "-" + h.substr(20, 12);
    } else if (proll < 8) {
        ord.payment_method = "nets";
        ord.payment_reference = hex(rng.next(), 16) + hex(rng.next(), 16);
    } else {
        ord.payment_method = "svea";
        ord.payment_reference = std::to_string(rng.range(8000000, 8999999));
    }
    return ord;
}

struct ChannelSpec {
    const char* name;
    const char* currency;
    const char* price_list;
};
const ChannelSpec channel_specs[] = {{"Butiken SE", "SEK", "PL-SE"},
                                     {"Butiken NO", "NOK", "PL-NO"},
                                     {"Butiken FI", "EUR", "PL-FI"},
                                     {"Butiken DE", "EUR", "PL-DE"},
                                     {"Butiken NL", "EUR", "PL-NL"}};

}  // namespace

int64_t add_vat(int64_t ex_vat_minor, int vat_rate_bp) {
    return round_div(ex_vat_minor * (10000 + vat_rate_bp), 10000);
}

int64_t price_in_currency(int64_t sek, const std::string& currency) {
    if (currency == "SEK") return sek;
    if (currency == "NOK") return round_div(sek * 105, 10000) * 100;
    if (currency == "EUR") return round_div(sek, 115) * 10;
    throw std::invalid_argument("price_in_currency: unsupported currency '" + currency + "'");
}

char ean13_check_digit(const std::string& first12) {
    if (first12.size() != 12) throw std::invalid_argument("ean13_check_digit needs 12 digits");
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        char c = first12[i];
        if (c < '0' || c > '9') throw std::invalid_argument("ean13_check_digit: not a digit");
        sum += (c - '0') * (i % 2 == 0 ? 1 : 3);
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool ean13_valid(const std::string& ean) {
    if (ean.size() != 13) return false;
    if (!std::all_of(ean.begin(), ean.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    return ean13_check_digit(ean.substr(0, 12)) == ean[12];
}

SeedData generate_seed_data(const SeedOptions& options) {
    SeedData d;
    d.options = options;
    d.options.products = std::max(0, options.products);
    d.options.variants_per_product = std::clamp(options.variants_per_product, 0, 99);
    d.options.orders = std::max(0, options.orders);
    d.options.channels = std::max(1, options.channels);
    const SeedOptions& o = d.options;

    for (int c = 0; c < o.channels; ++c) {
        SeedChannel ch;
        ch.id = c + 1;
        if (c < static_cast<int>(std::size(channel_specs))) {
            ch.name = channel_specs[c].name;
            ch.currency = channel_specs[c].currency;
            ch.price_list_code = channel_specs[c].price_list;
        } else {
            ch.name = "Butiken EU" + std::to_string(c + 1);
            ch.currency = (c % 2 == 1) ? "NOK" : "EUR";
            ch.price_list_code = "PL-EU" + std::to_string(c + 1);
        }
        d.channels.push_back(std::move(ch));
    }
    d.warehouses = {"LAGER1", "LAGER2"};

    for (int i = 0; i < o.products; ++i) d.products.push_back(make_product(o, i, d.warehouses));

    const int ncustomers = std::max(5, o.orders / 2 + 3);
    std::set<std::string> emails;
    for (int i = 0; i < ncustomers; ++i) d.customers.push_back(make_customer(o, i, emails));

    if (!d.products.empty()) {
        for (int i = 0; i < o.orders; ++i) d.orders.push_back(make_order(d, i));
    }
    return d;
}

}  // namespace skarv::sandbox
