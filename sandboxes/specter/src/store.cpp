#include "store.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "api_error.hpp"

namespace skarv::sandbox {

std::string specter_feed_name(SpecterFeed feed) {
    switch (feed) {
        case SpecterFeed::stock: return "stock";
        case SpecterFeed::article_info: return "article_info";
        case SpecterFeed::orders: return "orders";
        case SpecterFeed::price_lists: return "price_lists";
    }
    return "unknown";
}

std::string specter_row_kind_name(SpecterRowKind kind) {
    switch (kind) {
        case SpecterRowKind::article: return "article";
        case SpecterRowKind::freight: return "freight";
        case SpecterRowKind::discount: return "discount";
        case SpecterRowKind::gift_wrap: return "gift_wrap";
    }
    return "unknown";
}

}  // namespace skarv::sandbox

namespace skarv::sandbox::specter {

Store::Store(const SpecterEmulator::Options& options) : options_(options) {
    state_.next_customer = options_.first_customer_id;
    state_.next_order = options_.first_order_no;
    state_.next_invoice = options_.first_invoice_no;
    state_.next_delivery = options_.first_delivery_no;

    SeedData seed;
    if (options_.load_seed) seed = generate_seed_data(options_.seed);

    state_.webshops = options_.webshop_ids;
    if (state_.webshops.empty()) {
        int channels = options_.load_seed ? static_cast<int>(seed.channels.size()) : 1;
        for (int i = 1; i <= std::max(channels, 1); ++i) state_.webshops.push_back(std::to_string(i));
    }
    state_.sites = options_.stock_sites;
    if (state_.sites.empty()) state_.sites = seed.warehouses;
    if (state_.sites.empty()) state_.sites.push_back("1");
    for (const auto& w : state_.webshops) state_.feeds[w];

    if (options_.load_seed) load_seed(seed);
}

std::string Store::today() const {
    if (!options_.today.empty()) return options_.today;
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string Store::resolve_webshop(const std::string& requested) const {
    // The webshop list never changes after construction, so no lock is needed.
    if (requested.empty()) return state_.webshops.front();
    for (const auto& w : state_.webshops)
        if (w == requested) return w;
    throw ApiError(error_code::unknown_webshop, "Unknown webshopId '" + requested + "'");
}

void Store::touch_locked(SpecterFeed feed, const std::string& key, const std::string& webshop) {
    uint64_t seq = state_.next_seq++;
    auto index = static_cast<std::size_t>(feed);
    if (!webshop.empty()) {
        state_.feeds[webshop][index].pending[key] = seq;
    } else {
        for (auto& [w, queues] : state_.feeds) queues[index].pending[key] = seq;
    }
    // [SEEN] the callbacks are triggers to pull the matching feed (research A.3).
    // guess specter.article-placeholder, docs/guesses.md: $articleNo; only the order and invoice placeholders are public.
    switch (feed) {
        case SpecterFeed::stock: callback_locked(webshop, "actionStockChange", {{"$articleNo", key}}); break;
        case SpecterFeed::article_info: callback_locked(webshop, "actionArticleChange", {{"$articleNo", key}}); break;
        case SpecterFeed::orders:
            callback_locked(webshop, "actionOrderChange", {{"$orderId", key}, {"$orderNo", key}});
            break;
        case SpecterFeed::price_lists: break;   // no callback is known for price lists
    }
}

void Store::callback_locked(const std::string& webshop, const std::string& name,
                            const std::map<std::string, std::string>& vars) {
    if (!callback_sink_) return;
    for (const auto& [w, urls] : state_.callbacks) {
        if (!webshop.empty() && w != webshop) continue;
        auto it = urls.find(name);
        if (it == urls.end() || it->second.empty()) continue;
        std::string url = it->second;
        for (const auto& [placeholder, value] : vars)
            for (auto pos = url.find(placeholder); pos != std::string::npos;
                 pos = url.find(placeholder, pos + value.size()))
                url.replace(pos, placeholder.size(), value);
        callback_sink_(std::move(url));
    }
}

void Store::set_callback_sink(std::function<void(std::string url)> sink) {
    std::lock_guard lock(mutex_);
    callback_sink_ = std::move(sink);
}

SpecterOrder& Store::order_locked(const std::string& order_no) {
    auto it = state_.orders.find(order_no);
    if (it == state_.orders.end())
        throw ApiError(error_code::order_not_found, "Order '" + order_no + "' not found");
    return it->second;
}

std::string Store::site_or_default_locked(const std::string& site) const {
    if (site.empty()) return state_.sites.front();
    for (const auto& s : state_.sites)
        if (s == site) return s;
    throw ApiError(error_code::unknown_stock_site, "Unknown stock site '" + site + "'");
}

void Store::register_callbacks(const std::string& webshop, std::map<std::string, std::string> urls,
                               bool keep_unsent) {
    std::lock_guard lock(mutex_);
    auto& held = state_.callbacks[webshop];
    if (!keep_unsent) held.clear();
    for (auto& [name, url] : urls) held[name] = std::move(url);
}

State Store::snapshot() const {
    std::lock_guard lock(mutex_);
    return state_;
}

}  // namespace skarv::sandbox::specter
