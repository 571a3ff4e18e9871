// Stock per site: on hand as set in Specter, less what open orders reserve.

#include "api_error.hpp"
#include "store.hpp"

namespace skarv::sandbox {

int SpecterArticle::available(const std::string& site) const {
    auto h = on_hand.find(site);
    auto r = reserved.find(site);
    return (h == on_hand.end() ? 0 : h->second) - (r == reserved.end() ? 0 : r->second);
}

int SpecterArticle::available_total() const {
    int total = 0;
    for (const auto& [site, qty] : on_hand) total += qty;
    for (const auto& [site, qty] : reserved) total -= qty;
    return total;
}

}  // namespace skarv::sandbox

namespace skarv::sandbox::specter {

void Store::set_stock(const std::string& article_no, const std::string& site, int quantity) {
    std::lock_guard lock(mutex_);
    auto it = state_.articles.find(article_no);
    if (it == state_.articles.end())
        throw ApiError(error_code::article_not_found, "Article '" + article_no + "' not found");
    std::string s = site_or_default_locked(site);
    it->second.on_hand[s] = quantity;
    it->second.keeps_stock = true;
    touch_locked(SpecterFeed::stock, article_no);
}

}  // namespace skarv::sandbox::specter
