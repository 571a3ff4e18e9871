#include "store.hpp"

namespace skarv::sandbox::specter {

// Specter is master of articles and stock in the erp/combo flows, so it starts with the
// seed's catalogue: each product a main article, each variant its own article linked to
// it (Varianthantering), all of it pending on the stock and article-info feeds of every
// webshop as if never synced. Customers and orders come from the shop, so none are seeded.
void Store::load_seed(const SeedData& seed) {
    auto add = [&](SpecterArticle a) {
        a.id = state_.next_article_id++;
        std::string no = a.article_no;
        bool stock = a.keeps_stock;
        state_.articles[no] = std::move(a);
        touch_locked(SpecterFeed::article_info, no);
        if (stock) touch_locked(SpecterFeed::stock, no);
    };
    for (const auto& p : seed.products) {
        SpecterArticle main;
        main.article_no = p.article_number;
        main.name = p.name;
        main.price_ex_vat = p.price_ex_vat;
        main.buy_price = p.price_ex_vat * 6 / 10;
        main.vat_rate_bp = p.vat_rate_bp;
        main.bar_code = p.variants.empty() ? p.ean : "";
        main.weight_kg = "0.500";
        main.keeps_stock = p.variants.empty();
        if (main.keeps_stock)
            for (const auto& [site, qty] : p.stock) main.on_hand[site] = qty;
        add(std::move(main));
        for (const auto& v : p.variants) {
            SpecterArticle var;
            var.article_no = v.sku;
            var.name = v.name;
            var.main_article_no = p.article_number;
            var.price_ex_vat = v.price_ex_vat;
            var.buy_price = v.price_ex_vat * 6 / 10;
            var.vat_rate_bp = p.vat_rate_bp;
            var.bar_code = v.ean;
            var.weight_kg = "0.500";
            for (const auto& [site, qty] : v.stock) var.on_hand[site] = qty;
            add(std::move(var));
        }
    }
    // guess specter.price-lists, docs/guesses.md: one reseller list for customer group 2, at 80 % of each
    // sellable article's price, pending like the rest.
    SpecterPriceList resellers;
    resellers.price_list_id = "2";
    resellers.name = "Återförsäljare";
    resellers.customer_group_id = "2";
    for (const auto& [no, a] : state_.articles)
        if (a.keeps_stock) resellers.prices[no] = a.price_ex_vat * 8 / 10;
    state_.price_lists[resellers.price_list_id] = resellers;
    touch_locked(SpecterFeed::price_lists, resellers.price_list_id);
}

}  // namespace skarv::sandbox::specter
