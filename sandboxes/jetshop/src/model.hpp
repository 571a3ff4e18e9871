#pragma once
// What the emulated Norce client holds. One Shop per emulator, guarded by one mutex:
// imports, order actions and the push all touch catalogue and orders together, and a
// single lock keeps them coherent without lock-ordering rules.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/jetshop_emulator.hpp"

namespace skarv::sandbox::jetshop {

using Clock = std::chrono::steady_clock;
// Money in ten-thousandths of the currency unit: Norce keeps ex-VAT prices to four
// decimals, and an exact integer keeps 99.99 inc VAT / 1.25 from drifting.
using Amount4 = int64_t;

struct Application {
    int id = 0;
    std::string key;                // GUID, as in OrderRequest.Header.ApplicationKey
    std::string name;
    std::string currency;
    std::string culture;
    int sales_area_id = 1;          // VAT region (1 Sweden, 2 Norway, 4 Finland)
    std::string price_list_code;    // the application's primary price list
};

struct Warehouse {
    std::string code;
    std::vector<std::string> locations;
};

struct PriceList {
    std::string code;
    std::vector<int> application_ids;
    boost::json::object fields;     // Name, CurrencyCode, IsPrimary ... as imported
};

struct SkuPrice {
    std::map<std::string, Amount4> amounts;   // PriceSale, CostUnit ... (ex VAT)
    boost::json::object fields;               // IsActive, IsPriceDiscountable, PriceRule ...
};

using StockKey = std::pair<std::string, std::string>;   // warehouse, location

struct Sku {
    std::string part_no;
    std::string product_code;
    std::string manufacturer_part_no;          // the variant it is the single SKU of
    std::map<int, int> vat_bp_by_sales_area;   // 2500 = 25 %
    boost::json::object fields;                // EanCode, Status, Cultures ...
    boost::json::object variant_fields;        // the owning variant's own fields
    std::map<std::string, SkuPrice> prices;    // by price list code
    std::map<StockKey, boost::json::object> onhand;   // OnhandValue, IncomingValue ...
};

struct Product {
    std::string code;
    boost::json::object fields;                // ManufacturerCode, Cultures ...
    std::vector<std::string> part_nos;         // one SKU per variant, in import order
    std::string updated;                       // last import that touched it (Query's Updated)
};

struct Catalogue {
    std::vector<Application> applications;
    std::vector<Warehouse> warehouses;
    std::map<std::string, PriceList> price_lists;
    std::map<std::string, Product> products;
    std::map<std::string, Sku> skus;

    const Application* application(int id) const;
    const Application* application_by_key(const std::string& key) const;
    bool has_location(const std::string& warehouse, const std::string& location) const;
};

// ---- jobs ----

// guess norce.importedrow-format, docs/guesses.md (the record as compact JSON, and where it is cut)
inline constexpr size_t kImportedRowMax = 1000;

struct JobLogLine {
    int severity = 1;               // 1 Info, 2 Warning, 3 Error
    std::string message;
    std::string timestamp;
    // The record the line is about, as text, cut at kImportedRowMax characters: Norce
    // "sometimes … contains the record that could not be imported, though it may be
    // truncated" (https://docs.norce.io/solution-portal/functional-change-job-logs).
    // Empty for lines about the whole job.
    std::string imported_row;
};

enum class ImportKind { products, sku_price_lists, price_lists, onhands };

// JobDto.StatusId: "1 = Initialized, 2 = Succeeded, 3 = Failed, 4 = Validation failed"
// (https://docs.norce.io/api-reference/schemas/connectjob); JobCompletedEvent adds
// "5=Validating, 6=Queued" (https://docs.norce.io/api-reference/event/webhooks/openapi/system).
// Which of them a job passes through, and in what order, is guess norce.job-states, docs/guesses.md.
namespace job_status {
inline constexpr int initialized = 1, succeeded = 2, failed = 3, validation_failed = 4, queued = 6;
}

struct Job {
    int id = 0;
    ImportKind kind = ImportKind::products;
    int status_id = job_status::queued;
    std::vector<int> status_history{job_status::queued};   // every StatusId it has had, for tests
    // Shop-wide event numbers of when it began and stopped running: an order between jobs
    // that needs no clock (0 = not yet).
    uint64_t ran_from = 0, ran_to = 0;
    boost::json::object header;     // the X-StormConnect-Header as sent
    boost::json::array items;       // the valid items, applied when the job runs
    int total = 0, inserts = 0, updates = 0, fails = 0, ignored = 0;
    std::vector<JobLogLine> log;
    std::string start, stop, last_updated;
    Clock::time_point started_at, due_at, stopped_at;
    bool finished = false;
};

// ---- orders ----

struct OrderLine {
    int line_no = 0;
    std::string part_no;
    std::string name;
    int quantity = 1;
    Amount4 unit_price_ex = 0;      // one item, ex VAT, before discount
    Amount4 unit_vat = 0;
    int vat_bp = 2500;
    Amount4 discount_ex = 0;        // whole line
    std::string type = "ErpStandard";
    std::string type_group = "Physical";
    std::string price_list;
    int delivered = 0;
    Amount4 line_amount_ex() const { return unit_price_ex * quantity - discount_ex; }
};

struct Party {
    bool company = false;
    std::string customer_code, company_name, org_no;
    std::string first_name, last_name, email, phone;
    std::string street, postal_code, city, country = "SE";
};

struct Payment {
    int payment_code = 1;
    std::string method;             // "klarna", "nets", "svea"
    std::string ref;                // the PSP's reference
    Amount4 amount = 0;             // inc VAT
};

struct StatusEvent {
    std::string status;
    int status_id = 0;
    std::string at;
    bool notify_customer = false;
    std::string source;             // which call made it
};

struct Delivery {
    std::string note_no, delivery_date, delivery_mode, carrier;
    std::vector<std::string> tracking_numbers;
    boost::json::array items;       // {RowNumber/ItemNo, Qty}
    bool partial = false;
    bool notify_customer = false;
    std::string at;
};

struct Invoice {
    std::string invoice_no, invoice_date, currency;
    Amount4 total = 0, vat = 0;
    bool last = true;
    bool notify_customer = false;
    std::string at;
};

struct Capture {
    std::string invoice_no, payment_ref, payment_method, currency;
    Amount4 amount = 0;
    std::string result;             // "Captured", "Suppressed", "Rejected"
    std::string reason;
    std::string at;
};

struct Cancellation {
    std::vector<std::string> voided_payment_refs;
    bool notify_customer = false;
    std::string at;
};

struct PushAttempt {
    int number = 0;
    std::string at;
    int http_status = 0;            // 0 = no answer
    std::string status_code;        // OrderResponse.StatusCode
    std::string description;
    std::string error;              // transport error or unreadable answer
};

struct Order {
    int id = 0;                     // Query Id
    int application_id = 1;
    std::string client_order_ref;   // basket id = web order number
    std::string erp_order_no;
    std::string currency;
    std::string order_date, created, updated;
    int status_id = 0;
    std::string status = "Created";
    Party buyer, ship_to;
    std::vector<OrderLine> lines;
    Amount4 order_discount_inc = 0;
    Payment payment;
    std::string delivery_method = "POSTNORD";
    std::vector<StatusEvent> history;
    std::vector<Delivery> deliveries;
    std::vector<Invoice> invoices;
    std::vector<Capture> captures;
    std::optional<Cancellation> cancellation;

    bool push_wanted = false;
    bool push_delivered = false;
    bool push_given_up = false;
    std::vector<PushAttempt> push_attempts;
    Clock::time_point next_push_at{};

    std::string order_no() const { return erp_order_no.empty() ? client_order_ref : erp_order_no; }
    Amount4 captured() const;
};

struct Shop {
    explicit Shop(JetshopEmulator::Options o) : options(std::move(o)) {}

    const JetshopEmulator::Options options;
    mutable std::mutex mu;
    std::condition_variable jobs_cv;
    std::condition_variable push_cv;
    bool stopping = false;

    Catalogue catalogue;
    std::map<int, Job> jobs;
    int next_job_id = 1001;
    // What the job workers did, so a test can tell jobs overlapped without timing them.
    int jobs_open = 0, jobs_running = 0;   // open: posted and not finished (queued or running)
    int max_jobs_open = 0, max_jobs_running = 0;
    uint64_t job_events = 0;
    std::map<std::string, Order> orders;   // by ClientOrderRef
    int next_order_id = 5001;
    long next_client_order_ref = 0;        // after the seed's highest order number

    Order* find_order_by_any_ref(const std::string& ref);
};

}  // namespace skarv::sandbox::jetshop
