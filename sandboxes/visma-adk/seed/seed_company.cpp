// Seeds a company through the emulator's own C functions (linked in statically), so the
// data passes the same checks and defaults as a connector's writes.

#include "skarv/sandbox/visma_adk_seed.hpp"

#include "../src/internal.hpp"

#include <cmath>
#include <stdexcept>

namespace skarv::sandbox::visma_adk {

namespace {

using skarv::adk_emu::to_caller;

// Keeps at most `n` characters of UTF-8 text (Visma fields have fixed lengths).
std::string clip(const std::string& utf8, size_t n) {
    size_t chars = 0, i = 0;
    while (i < utf8.size() && chars < n) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        i += b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
        ++chars;
    }
    return utf8.substr(0, std::min(i, utf8.size()));
}

class Record {
public:
    explicit Record(int db) : p_(AdkCreateData(db)) {
        if (!p_) throw std::runtime_error("AdkCreateData failed for table " + std::to_string(db));
    }
    ~Record() { AdkDeleteStruct(p_); }
    Record(const Record&) = delete;
    Record& operator=(const Record&) = delete;

    Record& str(int field, const std::string& utf8, size_t max = 0) {
        check(AdkSetStr(p_, field, to_caller(max ? clip(utf8, max) : utf8).c_str()), "AdkSetStr");
        return *this;
    }
    Record& dbl(int field, double v) {
        check(AdkSetDouble(p_, field, v), "AdkSetDouble");
        return *this;
    }
    Record& flag(int field, bool v) {
        check(AdkSetBool(p_, field, v ? 1 : 0), "AdkSetBool");
        return *this;
    }
    bool find(ADK_SORT_ORDER order) {
        check(AdkSetSortOrder(p_, order), "AdkSetSortOrder");
        const ADK_ERROR e = AdkFindEx(p_, 0);
        if (e.lRc == ADKE_NOT_FOUND) return false;
        check(e, "AdkFind");
        return true;
    }
    void add() { check(AdkAdd(p_), "AdkAdd"); }
    PADK_DATA get() { return p_; }

    static void check(ADK_ERROR e, const char* what) {
        if (e.lRc == ADKE_OK) return;
        char buffer[256];
        char* text = buffer;
        AdkGetErrorText(&e, elRc, &text, sizeof buffer);
        throw std::runtime_error(std::string(what) + ": " + std::to_string(e.lRc) + " " + buffer);
    }

private:
    PADK_DATA p_;
};

std::string accounting_code(int vat_rate_bp) {
    if (vat_rate_bp == 1200) return "2";
    if (vat_rate_bp == 600) return "3";
    if (vat_rate_bp == 0) return "4";
    return "1";
}

double money(int64_t minor) { return static_cast<double>(minor) / 100.0; }

std::string system_folder_for(const std::string& company_path, const CompanySeedOptions& o) {
    if (!o.system_path.empty()) return o.system_path;
    return system_folder_beside(company_path);
}

struct Session {
    explicit Session(const std::string& path, const std::string& system, const CompanySeedOptions& o) {
        Record::check(SkarvAdkEmuCreateSystemFolder(system.c_str()), "SkarvAdkEmuCreateSystemFolder");
        Record::check(SkarvAdkEmuCreateCompany(path.c_str(), to_caller(o.company_name).c_str(), to_caller(o.user).c_str(),
                                               to_caller(o.password).c_str()),
                      "SkarvAdkEmuCreateCompany");
        Record::check(AdkOpen2(system.c_str(), path.c_str(), to_caller(o.user).c_str(), to_caller(o.password).c_str()), "AdkOpen2");
    }
    ~Session() { AdkClose(); }
};

}  // namespace

CompanySeedResult seed_company(const std::string& company_path, const CompanySeedOptions& options) {
    const SeedData data = generate_seed_data(options.data);
    CompanySeedResult result;
    result.system_path = system_folder_for(company_path, options);
    Session session(company_path, result.system_path, options);
    const std::string base_list = data.channels.empty() ? std::string() : data.channels.front().price_list_code;

    // Price lists: one per channel. The first (SEK) holds prices ex VAT like the
    // articles; the others hold the shop's prices inc VAT in their currency.
    for (size_t i = 0; i < data.channels.size(); ++i) {
        const auto& ch = data.channels[i];
        Record pl(ADK_DB_CODE_OF_PRICE_LIST);
        pl.str(ADK_CODE_OF_PRICE_LIST_CODE, ch.price_list_code);
        if (pl.find(eCodeOfPriceList)) continue;
        pl.str(ADK_CODE_OF_PRICE_LIST_TEXT, ch.name, 50)
            .str(ADK_CODE_OF_PRICE_LIST_CURRENCY_CODE, ch.currency)
            .flag(ADK_CODE_OF_PRICE_LIST_INCLUDING_VAT, i != 0);
        pl.add();
        ++result.price_lists;
    }

    struct Item {
        std::string number, name, ean, note;
        int64_t price_ex_vat;
        int vat_rate_bp;
        int stock;
    };
    std::vector<Item> items;
    for (const auto& p : data.products) {
        if (p.variants.empty()) {
            items.push_back({p.article_number, p.name, "", p.description_html, p.price_ex_vat, p.vat_rate_bp, 0});
            continue;
        }
        for (const auto& v : p.variants) {
            int stock = 0;
            for (const auto& [warehouse, n] : v.stock) stock += n;   // Visma keeps one stock figure
            items.push_back({v.sku, v.name, v.ean, p.description_html, v.price_ex_vat, p.vat_rate_bp, stock});
        }
    }
    for (const auto& it : items) {
        Record a(ADK_DB_ARTICLE);
        a.str(ADK_ARTICLE_NUMBER, it.number, 16);
        if (a.find(eArticleNr)) continue;
        a.str(ADK_ARTICLE_NAME, it.name, 60)
            .str(ADK_ARTICLE_ACCOUNTING_CODE, accounting_code(it.vat_rate_bp))
            .str(ADK_ARTICLE_UNIT_CODE, "st")
            .str(ADK_ARTICLE_PRICE_LIST, base_list)
            .dbl(ADK_ARTICLE_PRICE, money(it.price_ex_vat))
            .dbl(ADK_ARTICLE_QUANTITY_IN_STOCK, it.stock)
            .flag(ADK_ARTICLE_STOCK_GOODS, true)
            .flag(ADK_ARTICLE_WEBSHOP, true)
            .str(ADK_ARTICLE_NOTE, it.note, 4000);
        if (!it.ean.empty()) a.str(ADK_ARTICLE_BAR_CODE, it.ean).dbl(ADK_ARTICLE_BAR_CODE_TYPE, 2 /* eEAN_13 */);
        a.add();
        ++result.articles;
        for (size_t i = 0; i < data.channels.size(); ++i) {
            const auto& ch = data.channels[i];
            const int64_t minor = i == 0 ? it.price_ex_vat
                                         : price_in_currency(add_vat(it.price_ex_vat, it.vat_rate_bp), ch.currency);
            Record pr(ADK_DB_PRICE);
            pr.str(ADK_PRICE_PRICE_LIST, ch.price_list_code)
                .str(ADK_PRICE_ARTICLE_NUMBER, it.number, 16)
                .dbl(ADK_PRICE_QUANTITY, 0)
                .dbl(ADK_PRICE_PRICE, money(minor))
                .flag(ADK_PRICE_BASE, i == 0);
            pr.add();
            ++result.prices;
        }
    }

    for (const auto& c : data.customers) {
        Record k(ADK_DB_CUSTOMER);
        k.str(ADK_CUSTOMER_NUMBER, c.customer_number, 16);
        if (k.find(eCustomerNr)) continue;
        const std::string name = c.company ? c.company_name : c.first_name + " " + c.last_name;
        k.str(ADK_CUSTOMER_NAME, name, 50)
            .str(ADK_CUSTOMER_MAILING_ADDRESS, c.billing.street, 50)
            .str(ADK_CUSTOMER_ZIPCODE, c.billing.postal_code, 10)
            .str(ADK_CUSTOMER_CITY, c.billing.city, 35)
            .str(ADK_CUSTOMER_CODE_OF_COUNTRY, c.billing.country, 2)
            .str(ADK_CUSTOMER_DELIVERY_NAME, c.shipping.name, 50)
            .str(ADK_CUSTOMER_DELIVERY_ADDRESS, c.shipping.street, 50)
            .str(ADK_CUSTOMER_DELIVERY_ZIPCODE, c.shipping.postal_code, 10)
            .str(ADK_CUSTOMER_DELIVERY_CITY, c.shipping.city, 35)
            .str(ADK_CUSTOMER_DELIVERY_CODE_OF_COUNTRY, c.shipping.country, 2)
            .str(ADK_CUSTOMER_ORGANISATION_NUMBER, c.org_number, 15)
            .str(ADK_CUSTOMER_EMAIL, c.email, 100)
            .str(ADK_CUSTOMER_TELEPHONE, c.phone, 25)
            .str(ADK_CUSTOMER_PRICE_LIST, base_list)
            .str(ADK_CUSTOMER_CODE_OF_CURRENCY, "SEK")
            .flag(ADK_CUSTOMER_WSCUSTOMER, true);
        if (c.company) k.str(ADK_CUSTOMER_REFERENCE, c.first_name + " " + c.last_name, 50);
        k.add();
        ++result.customers;
    }

    if (options.include_orders) {
        for (const auto& o : data.orders) {
            Record h(ADK_DB_ORDER_HEAD);
            if (AdkSetFilter(h.get(), ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, to_caller(o.order_number).c_str(), 0).lRc == ADKE_OK &&
                AdkFirstEx(h.get(), 0).lRc == ADKE_OK)
                continue;
            AdkClearFilters(h.get());
            const auto& c = data.customers.at(static_cast<size_t>(o.customer_index));
            h.str(ADK_OOI_HEAD_CUSTOMER_NUMBER, c.customer_number, 16)
                .str(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, o.order_number, 20)
                .str(ADK_OOI_HEAD_CURRENCY_CODE, o.currency)
                .flag(ADK_OOI_HEAD_INCLUDING_VAT, true)
                .dbl(ADK_OOI_HEAD_CARGO_AMOUNT, money(o.freight_inc_vat));
            PADK_DATA rows = AdkCreateDataRow(ADK_DB_ORDER_ROW, static_cast<int>(o.lines.size()));
            for (size_t i = 0; i < o.lines.size(); ++i) {
                const auto& l = o.lines[i];
                PADK_DATA r = AdkGetDataRow(rows, static_cast<int>(i));
                AdkSetStr(r, ADK_OOI_ROW_ARTICLE_NUMBER, to_caller(clip(l.sku, 16)).c_str());
                AdkSetStr(r, ADK_OOI_ROW_TEXT, to_caller(clip(l.name, 60)).c_str());
                AdkSetDouble(r, ADK_OOI_ROW_QUANTITY1, l.quantity);
                AdkSetDouble(r, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, money(l.unit_price_inc_vat));
            }
            const ADK_ERROR attached = AdkSetData(h.get(), ADK_OOI_HEAD_ROWS, rows);
            if (attached.lRc != ADKE_OK) AdkDeleteStruct(rows);
            Record::check(attached, "AdkSetData");
            h.add();
            ++result.orders;
        }
    }
    return result;
}

}  // namespace skarv::sandbox::visma_adk
