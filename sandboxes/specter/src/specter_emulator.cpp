#include "skarv/sandbox/specter_emulator.hpp"

#include "api_dispatch.hpp"
#include "api_error.hpp"
#include "api_key.hpp"
#include "callbacks.hpp"
#include "control_endpoints.hpp"
#include "state_report.hpp"
#include "store.hpp"

namespace skarv::sandbox {

using specter::ApiError;

struct SpecterEmulator::Impl {
    explicit Impl(Options o) : options(std::move(o)), store(options), http("specter") {}
    Options options;
    specter::CallbackSender callbacks;
    specter::Store store;
    HttpEmulator http;
};

namespace {

// Store errors as the C++ helpers promise them: unknown things are invalid arguments,
// an order that cannot take the change is a logic error.
template <typename F>
auto translate(F f) -> decltype(f()) {
    try {
        return f();
    } catch (const ApiError& e) {
        if (specter::control_status(e.code) == 409) throw std::logic_error(e.what());
        throw std::invalid_argument(e.what());
    }
}

}  // namespace

SpecterEmulator::SpecterEmulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    Handler api = [impl](const HttpRequest& req) {
        return specter::handle_api_request(req, impl->store, impl->http.base_url());
    };
    // The real clients spell the pages both ways (getPDFLink goes to "getinfo.asp").
    for (const char* path : {"/getInfo.asp", "/getinfo.asp", "/putInfo.asp", "/putinfo.asp"}) {
        impl->http.route("GET", path, api);
        impl->http.route("POST", path, api);
    }
    // Where getPDFLink points: a stand-in PDF, so a client that follows the link gets one.
    impl->http.route_prefix("GET", "/pdf/invoice/", [](const HttpRequest& req) {
        std::string no = req.path.substr(std::string("/pdf/invoice/").size());
        return HttpReply::text("%PDF-1.4\n% Specter emulator invoice " + no + "\n%%EOF\n", 200, "application/pdf");
    });
    specter::add_control_routes(impl->http, impl->store);
    impl->store.set_callback_sink([impl](std::string url) { impl->callbacks.send(std::move(url)); });
    impl->http.set_state_reporter([this] { return state(); });
}

SpecterEmulator::~SpecterEmulator() { impl_->http.stop(); }

uint16_t SpecterEmulator::start(uint16_t port) { return impl_->http.start(port); }
void SpecterEmulator::stop() { impl_->http.stop(); }
std::string SpecterEmulator::base_url() const { return impl_->http.base_url(); }
HttpEmulator& SpecterEmulator::http() { return impl_->http; }
const SpecterEmulator::Options& SpecterEmulator::options() const { return impl_->options; }

std::string SpecterEmulator::key_for(const std::string& call_value) const {
    const auto& o = impl_->options;
    return specter::compute_key({o.sbm_id, o.api_user_id, o.api_user_key, o.integration_key}, call_value);
}

boost::json::value SpecterEmulator::state() const {
    auto root = specter::state_json(impl_->store.snapshot(), impl_->options);
    boost::json::array sent;
    for (const auto& c : impl_->callbacks.log())
        sent.push_back({{"url", c.url}, {"status", c.status}, {"error", c.error}});
    root.as_object()["callbacksSent"] = std::move(sent);
    return root;
}

std::vector<SpecterCallback> SpecterEmulator::callbacks_sent(int wait_ms) const {
    if (wait_ms > 0) impl_->callbacks.flush(wait_ms);
    std::vector<SpecterCallback> out;
    for (const auto& c : impl_->callbacks.log()) out.push_back({c.url, c.status, c.error});
    return out;
}

std::vector<SpecterCustomer> SpecterEmulator::customers() const {
    std::vector<SpecterCustomer> out;
    for (auto& [id, c] : impl_->store.snapshot().customers) out.push_back(c);
    return out;
}

std::vector<SpecterOrder> SpecterEmulator::orders() const {
    std::vector<SpecterOrder> out;
    for (auto& [no, o] : impl_->store.snapshot().orders) out.push_back(o);
    return out;
}

std::optional<SpecterOrder> SpecterEmulator::order(const std::string& order_no) const {
    auto s = impl_->store.snapshot();
    auto it = s.orders.find(order_no);
    if (it == s.orders.end()) return std::nullopt;
    return it->second;
}

std::optional<SpecterOrder> SpecterEmulator::order_by_external_no(const std::string& external_order_no,
                                                                  const std::string& webshop_id) const {
    return translate([&] {
        return impl_->store.order_by_external_no(impl_->store.resolve_webshop(webshop_id), external_order_no);
    });
}

std::vector<SpecterArticle> SpecterEmulator::articles() const {
    std::vector<SpecterArticle> out;
    for (auto& [no, a] : impl_->store.snapshot().articles) out.push_back(a);
    return out;
}

std::optional<SpecterArticle> SpecterEmulator::article(const std::string& article_no) const {
    auto s = impl_->store.snapshot();
    auto it = s.articles.find(article_no);
    if (it == s.articles.end()) return std::nullopt;
    return it->second;
}

std::vector<SpecterDelivery> SpecterEmulator::deliveries() const {
    std::vector<SpecterDelivery> out;
    for (auto& [no, o] : impl_->store.snapshot().orders)
        for (auto& d : o.deliveries) out.push_back(d);
    return out;
}

std::vector<SpecterInvoice> SpecterEmulator::invoices() const { return impl_->store.snapshot().invoices; }

std::vector<SpecterCancellation> SpecterEmulator::cancellations() const {
    return impl_->store.snapshot().cancellations;
}

std::optional<std::string> SpecterEmulator::open_batch(SpecterFeed feed, const std::string& webshop_id) const {
    std::string w = translate([&] { return impl_->store.resolve_webshop(webshop_id); });
    auto s = impl_->store.snapshot();
    const auto& q = s.feeds[w][static_cast<std::size_t>(feed)];
    if (!q.open) return std::nullopt;
    return q.open->batch_no;
}

std::size_t SpecterEmulator::pending(SpecterFeed feed, const std::string& webshop_id) const {
    std::string w = translate([&] { return impl_->store.resolve_webshop(webshop_id); });
    auto s = impl_->store.snapshot();
    return s.feeds[w][static_cast<std::size_t>(feed)].pending.size();
}

std::string SpecterEmulator::deliver(const std::string& order_no, const std::string& tracking_no,
                                     const std::vector<std::pair<std::string, int>>& rows) {
    return translate([&] { return impl_->store.deliver({order_no, "", tracking_no, rows}).delivery_no; });
}

std::string SpecterEmulator::invoice(const std::string& order_no) {
    return translate([&] { return impl_->store.invoice(order_no, "S").invoice_no; });
}

void SpecterEmulator::cancel(const std::string& order_no, const std::string& reason) {
    translate([&] { impl_->store.cancel(order_no, reason); });
}

void SpecterEmulator::set_stock(const std::string& article_no, const std::string& site, int quantity) {
    translate([&] { impl_->store.set_stock(article_no, site, quantity); });
}

void SpecterEmulator::set_article_price(const std::string& article_no, int64_t price_ex_vat) {
    translate([&] {
        if (!article(article_no)) throw ApiError(specter::error_code::article_not_found, "Article '" + article_no + "' not found");
        specter::ArticleInput in;
        in.article_no = article_no;
        in.price_ex_vat = price_ex_vat;
        impl_->store.submit_articles({in}, true, true);
    });
}

std::vector<SpecterPriceList> SpecterEmulator::price_lists() const {
    std::vector<SpecterPriceList> out;
    for (auto& [id, l] : impl_->store.snapshot().price_lists) out.push_back(l);
    return out;
}

std::optional<SpecterPriceList> SpecterEmulator::price_list(const std::string& price_list_id) const {
    auto s = impl_->store.snapshot();
    auto it = s.price_lists.find(price_list_id);
    if (it == s.price_lists.end()) return std::nullopt;
    return it->second;
}

void SpecterEmulator::set_list_price(const std::string& price_list_id, const std::string& article_no,
                                     int64_t price_ex_vat) {
    translate([&] {
        if (!price_list(price_list_id))
            throw ApiError(specter::error_code::invalid_value, "Price list '" + price_list_id + "' not found");
        impl_->store.submit_price_list({price_list_id, std::nullopt, std::nullopt, std::nullopt, {{article_no, price_ex_vat}}},
                                       true);
    });
}

}  // namespace skarv::sandbox
