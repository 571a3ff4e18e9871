#include "skarv/sandbox/nets_emulator.hpp"

#include <stdexcept>

#include "wire.hpp"

namespace skarv::sandbox {

namespace json = boost::json;

struct NetsEmulator::Impl {
    explicit Impl(Options o) : options(std::move(o)), seed(generate_seed_data(options.seed)), http("nets") {
        PayoutSeedOptions po;
        po.provider = "nets";
        po.today = options.today;
        po.fee_basis_points = 145;
        po.fixed_fee_minor = 100;
        po.fee_vat_basis_points = 0;   // feeTaxAmount "Always 0 (zero) since there is no taxation on the fees"
        po.fee_correction = false;
        payouts = seed_payouts(seed, po);
        add_routes();
        http.set_state_reporter([this] { return state(); });
    }

    // Model-validation errors in the shape Nets Easy's API answers them (guess
    // nets.error-shape): {"errors": {"<parameter>": ["<message>"]}}.
    static HttpReply invalid(const std::string& parameter, const std::string& message) {
        return HttpReply::json(json::object{{"errors", json::object{{parameter, json::array{json::string(message)}}}}}, 400);
    }

    // "Authorization: <secret API key>", the raw key (payments.md §3.1).
    Handler guarded(Handler h) {
        return [this, h = std::move(h)](const HttpRequest& r) {
            if (r.header("authorization") != options.secret_key) return HttpReply::text("", 401);
            return h(r);
        };
    }

    std::optional<HttpReply> paging(const HttpRequest& r, int64_t& number, int64_t& size) const {
        if (!wire::integer_param(r, "pageNumber", 0, number) || number < 0)
            return invalid("pageNumber", "The value '" + r.param("pageNumber") + "' is not valid for pageNumber.");
        if (!wire::integer_param(r, "pageSize", options.max_page_size, size) || size < 1 || size > options.max_page_size)
            return invalid("pageSize", "pageSize must be between 1 and " + std::to_string(options.max_page_size) + ".");
        return std::nullopt;
    }

    static int64_t charged(const SeedPayout& p) { return p.sales(); }

    json::object payout_json(const SeedPayout& p) const {
        int charges = 0;
        for (const auto& r : p.rows) charges += r.kind == "sale";
        // Reporting v1 payout fields (payments.md §3.3), all amounts in minor units.
        return {{"id", p.id},
                {"reference", p.bank_reference},
                {"date", p.date + "T06:00:00"},
                {"bankAccountIban", "SE3550000000054910000003"},
                {"bankAccountBic", "ESSESESS"},
                {"currency", p.currency},
                {"amount", p.total()},
                {"chargedAmount", charged(p)},
                {"refundedAmount", p.returns()},
                {"depositedAmount", 0},
                {"numberOfCharges", charges},
                {"fees", p.fees()},
                {"feeTaxRate", 0},
                {"feeTaxAmount", 0},
                {"transactionTaxDetails", json::array{}}};
    }

    // A payment action; `paymentAction` values are not public ("Charge"/"Refund" is guess
    // nets.payment-action), amounts are magnitudes.
    static json::object action_json(const SeedPayout& p, const SeedPayoutRow& r) {
        return {{"id", r.row_id},
                {"paymentId", r.payment_reference},
                {"paymentAction", r.kind == "sale" ? "Charge" : "Refund"},
                {"paymentMethod", "Visa"},
                {"paymentType", "CARD"},
                {"timestamp", r.date + "T12:00:00"},
                {"reference", r.order_number},
                {"invoiceNumber", ""},
                {"amount", r.amount},
                {"vatAmount", 0},
                {"currency", p.currency},
                {"fee", r.fee},
                {"flexibleFee", r.fee > 0 ? r.fee - 100 : 0},
                {"fixedFee", r.fee > 0 ? 100 : 0},
                {"feeTaxRate", 0},
                {"feeTaxAmount", 0},
                {"transactionTaxDetails", json::array{}},
                {"subscriptionId", nullptr}};
    }

    const SeedPayout* find(const std::string& id) const {
        for (const auto& p : payouts)
            if (p.id == id) return &p;
        return nullptr;
    }

    json::value details(const SeedPayout& p, int64_t number, int64_t size) const {
        auto o = payout_json(p);
        json::array actions;
        const int64_t n = static_cast<int64_t>(p.rows.size());
        for (int64_t i = number * size; i < n && i < (number + 1) * size; ++i)
            actions.push_back(action_json(p, p.rows[static_cast<std::size_t>(i)]));
        o["numberOfPaymentActions"] = n;
        o["paymentActions"] = std::move(actions);
        return o;
    }

    void add_routes() {
        http.route("GET", "/report/v1/payouts", guarded([this](const HttpRequest& r) {
            int64_t number = 0, size = 0;
            if (auto bad = paging(r, number, size)) return *bad;
            const std::string from = r.param("fromDate"), to = r.param("toDate");
            // fromDate and toDate: YYYY-MM-DD (payments.md §3.3); required (guess nets.dates-required).
            if (!wire::iso_date(from)) return invalid("fromDate", "The value '" + from + "' is not valid for fromDate.");
            if (!wire::iso_date(to)) return invalid("toDate", "The value '" + to + "' is not valid for toDate.");
            const std::string currency = r.param("currency");
            std::vector<const SeedPayout*> hit;
            for (const auto& p : payouts)
                if (p.date >= from && p.date <= to && (currency.empty() || currency == p.currency)) hit.push_back(&p);
            json::array page;
            for (int64_t i = number * size; i < static_cast<int64_t>(hit.size()) && i < (number + 1) * size; ++i)
                page.push_back(payout_json(*hit[static_cast<std::size_t>(i)]));
            return HttpReply::json(json::object{{"numberOfPayouts", hit.size()}, {"payouts", std::move(page)}});
        }));
        http.route_prefix("GET", "/report/v1/payouts/", guarded([this](const HttpRequest& r) {
            int64_t number = 0, size = 0;
            if (auto bad = paging(r, number, size)) return *bad;
            const auto* p = find(r.path.substr(std::string("/report/v1/payouts/").size()));
            if (!p) return HttpReply::text("", 404);
            return HttpReply::json(details(*p, number, size));
        }));
    }

    json::value state() const {
        json::array list;
        for (const auto& p : payouts) list.push_back(details(p, 0, 1 << 20));
        return json::object{{"payouts", std::move(list)}};
    }

    Options options;
    SeedData seed;
    std::vector<SeedPayout> payouts;
    HttpEmulator http;
};

NetsEmulator::NetsEmulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
NetsEmulator::~NetsEmulator() { stop(); }
uint16_t NetsEmulator::start(uint16_t port) { return impl_->http.start(port); }
void NetsEmulator::stop() { impl_->http.stop(); }
std::string NetsEmulator::base_url() const { return impl_->http.base_url(); }
HttpEmulator& NetsEmulator::http() { return impl_->http; }
const NetsEmulator::Options& NetsEmulator::options() const { return impl_->options; }
const std::vector<SeedPayout>& NetsEmulator::payouts() const { return impl_->payouts; }
json::value NetsEmulator::payout_details(const std::string& id) const {
    const auto* p = impl_->find(id);
    if (!p) throw std::invalid_argument("no Nets payout " + id);
    return impl_->details(*p, 0, 1 << 20);
}

}  // namespace skarv::sandbox
namespace skarv::sandbox { const SeedData& NetsEmulator::seed() const { return impl_->seed; } }
