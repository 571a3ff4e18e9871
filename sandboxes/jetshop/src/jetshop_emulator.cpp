#include "skarv/sandbox/jetshop_emulator.hpp"

#include <stdexcept>

#include "catalogue_store.hpp"
#include "connect_imports.hpp"
#include "job_queue.hpp"
#include "model.hpp"
#include "odata_orders.hpp"
#include "odata_products.hpp"
#include "order_actions.hpp"
#include "order_book.hpp"
#include "order_push.hpp"
#include "token_service.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox {

namespace json = boost::json;
using namespace jetshop;

struct JetshopEmulator::Impl {
    explicit Impl(Options o)
        : shop(std::move(o)),
          seed(generate_seed_data(shop.options.seed)),
          tokens(shop.options.client_id, shop.options.client_secret, shop.options.token_ttl_s,
                 shop.options.token_rate_limit),
          jobs(shop),
          pusher(shop),
          http("jetshop") {
        if (shop.options.job_workers < 1)
            throw std::invalid_argument("JetshopEmulator: job_workers must be at least 1, not " +
                                        std::to_string(shop.options.job_workers));
        if (shop.options.job_item_ms < 0 || shop.options.job_delay_ms < 0)
            throw std::invalid_argument("JetshopEmulator: job_item_ms and job_delay_ms must not be negative");
        seed_catalogue(shop.catalogue, seed, shop.options);
        seed_orders(shop, seed);
        add_routes();
        http.set_state_reporter([this] { return state(); });
    }

    // Every business endpoint needs a live bearer token; only the token endpoint and
    // the control endpoints do not.
    Handler guarded(Handler h) {
        return [this, h = std::move(h)](const HttpRequest& req) {
            if (const std::string why = tokens.rejection(req); !why.empty()) return TokenService::unauthorized(why);
            return h(req);
        };
    }

    void add_routes() {
        const std::string connect = JetshopPaths::connect, query = JetshopPaths::query;
        http.route("POST", JetshopPaths::token, [this](const HttpRequest& r) { return tokens.issue(r); });
        const std::pair<const char*, ImportKind> imports[] = {
            {"/Product/ImportProducts", ImportKind::products},
            {"/Product/ImportSkuPriceLists", ImportKind::sku_price_lists},
            {"/Product/ImportPriceLists", ImportKind::price_lists},
            {"/Product/ImportOnhands", ImportKind::onhands}};
        for (const auto& [path, kind] : imports)
            http.route("POST", connect + path,
                       guarded([this, kind = kind](const HttpRequest& r) { return submit_import(shop, kind, r); }));
        // guess norce.job-path, docs/guesses.md
        const std::string jobs_path = connect + (shop.options.contradict_guesses ? "/Job" : "/api/Job");
        http.route("GET", jobs_path + "/Get", guarded([this](const HttpRequest& r) { return job_get(shop, r); }));
        http.route("GET", jobs_path + "/GetLog",
                   guarded([this](const HttpRequest& r) { return job_get_log(shop, r); }));
        http.route("POST", connect + "/Order/SendOrderStatus",
                   guarded([this](const HttpRequest& r) { return send_order_status(shop, r); }));
        http.route("POST", connect + "/Order/CreateDeliveryNote",
                   guarded([this](const HttpRequest& r) { return create_delivery_note(shop, r); }));
        http.route("POST", connect + "/Order/CreateInvoice",
                   guarded([this](const HttpRequest& r) { return create_invoice(shop, r); }));
        http.route("POST", connect + "/Order/CancelOrder",
                   guarded([this](const HttpRequest& r) { return cancel_order(shop, r); }));
        http.route("GET", query + "/Orders/Orders",
                   guarded([this](const HttpRequest& r) { return query_orders(shop, r, http.base_url()); }));
        http.route("GET", query + "/Products/Products",
                   guarded([this](const HttpRequest& r) { return query_products(shop, r, http.base_url()); }));
        http.route("GET", query + "/Products/Variants",
                   guarded([this](const HttpRequest& r) { return query_variants(shop, r, http.base_url()); }));
        http.route("GET", query + "/Products/ProductSkuPriceLists",
                   guarded([this](const HttpRequest& r) { return query_sku_price_lists(shop, r, http.base_url()); }));
        http.route("GET", query + "/Application/ApplicationPriceLists", guarded([this](const HttpRequest& r) {
                       return query_application_price_lists(shop, r, http.base_url());
                   }));
        http.route("POST", "/_control/orders", [this](const HttpRequest& r) { return control_add_order(r); });
    }

    HttpReply control_add_order(const HttpRequest& req) {
        json::object spec;
        if (!req.body.empty()) {
            boost::system::error_code ec;
            json::value v = json::parse(req.body, ec);
            if (ec || !v.is_object()) return failure(400, "order spec must be a JSON object");
            spec = v.get_object();
        }
        try {
            const std::string ref = create(spec);
            std::lock_guard lock(shop.mu);
            return wire_json(order_state(shop.orders.at(ref)), 201);
        } catch (const std::invalid_argument& e) {
            return failure(400, e.what());
        }
    }

    std::string create(const json::object& spec) {
        std::string ref;
        {
            std::lock_guard lock(shop.mu);
            ref = add_order(shop, spec, seed.customers);
        }
        shop.push_cv.notify_all();
        return ref;
    }

    json::value state() const {
        std::lock_guard lock(shop.mu);
        json::object out = catalogue_state(shop.catalogue);
        json::object orders, jobs_out;
        int delivered = 0, pending = 0, given_up = 0, attempts = 0;
        for (const auto& [ref, o] : shop.orders) {
            orders[ref] = order_state(o);
            attempts += static_cast<int>(o.push_attempts.size());
            if (o.push_delivered) ++delivered;
            else if (o.push_given_up) ++given_up;
            else if (o.push_wanted) ++pending;
        }
        for (const auto& [id, job] : shop.jobs) {
            json::object j = job_state(job);
            json::array log;
            for (const auto& l : job.log)
                log.push_back(json::object{{"SeverityId", l.severity}, {"Message", l.message},
                                           {"ImportedRow", l.imported_row}});
            j["Log"] = log;
            j["StatusHistory"] = json::value_from(job.status_history);
            j["RanFrom"] = static_cast<int64_t>(job.ran_from);
            j["RanTo"] = static_cast<int64_t>(job.ran_to);
            jobs_out[std::to_string(id)] = j;
        }
        out["emulator"] = "jetshop";
        out["client_id"] = shop.options.norce_client_id;
        out["orders"] = orders;
        out["jobs"] = jobs_out;
        out["job_runner"] = job_runner_state(shop);
        out["push"] = json::object{{"url", shop.options.erp_push_url}, {"delivered", delivered},
                                   {"pending", pending}, {"given_up", given_up}, {"attempts", attempts}};
        out["tokens"] = tokens.state();
        return out;
    }

    Shop shop;
    SeedData seed;
    TokenService tokens;
    JobRunner jobs;
    OrderPusher pusher;
    HttpEmulator http;
    bool running = false;
};

JetshopEmulator::JetshopEmulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

JetshopEmulator::~JetshopEmulator() { stop(); }

uint16_t JetshopEmulator::start(uint16_t port) {
    if (impl_->running) throw std::logic_error("JetshopEmulator already started");
    const uint16_t p = impl_->http.start(port);
    {
        std::lock_guard lock(impl_->shop.mu);
        impl_->shop.stopping = false;
    }
    impl_->jobs.start();
    impl_->pusher.start();
    impl_->running = true;
    return p;
}

void JetshopEmulator::stop() {
    if (!impl_->running) return;
    {
        std::lock_guard lock(impl_->shop.mu);
        impl_->shop.stopping = true;
    }
    impl_->jobs.stop();
    impl_->pusher.stop();
    impl_->http.stop();
    impl_->running = false;
}

std::string JetshopEmulator::base_url() const { return impl_->http.base_url(); }
HttpEmulator& JetshopEmulator::http() { return impl_->http; }
json::value JetshopEmulator::state() const { return impl_->state(); }
std::string JetshopEmulator::create_order(const json::object& spec) { return impl_->create(spec); }

int JetshopEmulator::push_attempts(const std::string& ref) const {
    std::lock_guard lock(impl_->shop.mu);
    const auto it = impl_->shop.orders.find(ref);
    return it == impl_->shop.orders.end() ? 0 : static_cast<int>(it->second.push_attempts.size());
}

bool JetshopEmulator::push_delivered(const std::string& ref) const {
    std::lock_guard lock(impl_->shop.mu);
    const auto it = impl_->shop.orders.find(ref);
    return it != impl_->shop.orders.end() && it->second.push_delivered;
}

}  // namespace skarv::sandbox
