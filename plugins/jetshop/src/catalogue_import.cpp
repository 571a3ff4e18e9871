#include "catalogue_import.hpp"

#include <map>
#include <optional>
#include <set>

#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

#include "field_fingerprints.hpp"
#include "import_jobs.hpp"
#include "wire_amounts.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

// One Norce import item and what it changes.
struct Item {
    std::size_t record = 0;         // the canonical record it came from
    std::string state_key;          // where its last written snapshot lives
    json::object body;              // the Norce item
    json::object snapshot;          // "List|key|Field" -> value
    bool is_new = true;
    std::map<std::string, std::set<std::string>> changed;   // header list -> fields
    std::optional<std::string> error;
    // How the error reads in the result: a job that failed as a whole (5xx, timeout)
    // passes its code and retryability on; what Norce's log says about the item is final.
    std::string error_code = "rejected_by_norce";
    bool retryable = false;
    std::optional<int64_t> retry_after_ms;
    bool sent = false;
};

// What each import endpoint calls its field lists, outermost first.
struct Endpoint {
    const char* path;
    std::vector<const char*> lists;
};
const Endpoint kProducts{"/Product/ImportProducts",
                         {"ProductFieldsThatAreSet", "ProductCultureFieldsThatAreSet", "VariantFieldsThatAreSet",
                          "VariantCultureFieldsThatAreSet", "SkuFieldsThatAreSet", "SkuCultureFieldsThatAreSet"}};
const Endpoint kSkuPrices{"/Product/ImportSkuPriceLists", {"SkuPriceListFieldsThatAreSet"}};
const Endpoint kPriceLists{"/Product/ImportPriceLists", {"PriceListFieldsThatAreSet"}};
const Endpoint kOnhands{"/Product/ImportOnhands", {"SkuOnhandFieldsThatAreSet"}};

void put(json::object& snap, const char* list, const std::string& key, const char* field, json::value v) {
    snap[std::string(list) + "|" + key + "|" + field] = std::move(v);
}

// Fills item.changed from the snapshot against the one last written.
void diff(Item& item, const std::optional<std::string>& previous_text) {
    FieldFingerprints previous;
    if (previous_text)
        if (auto read = read_fingerprints(*previous_text)) {
            previous = std::move(*read);
            item.is_new = false;
        }
    for (const auto& [k, v] : item.snapshot) {
        auto old = previous.find(fingerprint_of_name(k));
        if (old != previous.end() && old->second == fingerprint_of_value(v)) continue;
        const std::string key(k);
        const auto a = key.find('|'), b = key.rfind('|');
        item.changed[key.substr(0, a)].insert(key.substr(b + 1));
    }
}

// Norce descends into a level only when its parent's list names it.
void propagate_product_lists(Item& item) {
    auto& c = item.changed;
    auto any = [&](const char* list) { return c.contains(list) && !c[list].empty(); };
    if (any("SkuCultureFieldsThatAreSet")) c["SkuFieldsThatAreSet"].insert("Cultures");
    if (any("VariantCultureFieldsThatAreSet")) c["VariantFieldsThatAreSet"].insert("Cultures");
    if (any("ProductCultureFieldsThatAreSet")) c["ProductFieldsThatAreSet"].insert("Cultures");
    if (any("VariantFieldsThatAreSet") || any("SkuFieldsThatAreSet")) c["ProductFieldsThatAreSet"].insert("Variants");
}

std::string signature(const Item& item, const Endpoint& ep) {
    std::string s;
    for (const char* list : ep.lists) {
        s += std::string(list) + ":";
        if (auto it = item.changed.find(list); it != item.changed.end())
            for (const auto& f : it->second) s += f + ",";
        s += ";";
    }
    return s;
}

// A GetLog line's ImportedRow is text: "sometimes … the record that could not be imported,
// though it may be truncated" (https://docs.norce.io/solution-portal/functional-change-job-logs).
// The item is found by the fields that key it in its import; a truncated record is searched
// for those fields as they serialize. Null when no single item matches.
Item* item_of_log_line(const std::vector<Item*>& batch, const std::string& imported_row) {
    if (imported_row.empty()) return nullptr;
    static const char* kKeys[] = {"PartNo", "Code", "PriceListCode", "WarehouseCode", "LocationCode"};
    boost::system::error_code ec;
    const json::value parsed = json::parse(imported_row, ec);
    if (!ec)
        for (Item* it : batch)
            if (parsed == json::value(it->body)) return it;   // the whole record, as sent
    Item* found = nullptr;
    for (Item* it : batch) {
        bool all = true, any = false;
        for (const char* k : kKeys) {
            const auto* mine = it->body.if_contains(k);
            if (!mine) continue;
            any = true;
            if (!ec && parsed.is_object()) {
                const auto* theirs = parsed.get_object().if_contains(k);
                all = all && theirs && *theirs == *mine;
            } else {
                all = all && imported_row.find("\"" + std::string(k) + "\":" + json::serialize(*mine)) != std::string::npos;
            }
        }
        if (any && all) {
            if (found) return nullptr;   // ambiguous: a truncated record can match several
            found = it;
        }
    }
    return found;
}

std::string item_label(const json::object& body) {
    for (const char* k : {"PartNo", "Code"})
        if (auto t = text(body, k); !t.empty()) return t;
    return "?";
}

// What Norce's log says about one finished job's items.
void apply_job_log(const JobResult& job, const std::vector<Item*>& batch, const std::string& what, skarv::HostServices host,
                   SentSnapshots& sent) {
    std::string unplaced;   // warnings and errors no item of the batch could be matched to
    for (const auto& line : job.log) {
        if (line.severity < 2) continue;
        if (Item* it = item_of_log_line(batch, line.imported_row))
            it->error = it->error ? *it->error + "; " + line.message : line.message;
        else
            unplaced += (unplaced.empty() ? "" : "; ") + line.message;
    }
    // StatusId 3 Failed and 4 Validation failed (https://docs.norce.io/api-reference/schemas/connectjob)
    // are failures. A line Skarv cannot place could be about any item, so none is counted as
    // written: they are sent again next time rather than recorded as landed.
    const bool job_failed = job.status_id == 3 || job.status_id == 4;
    // One commit for the job's fingerprints: a commit each would be an fsync a record.
    std::vector<skarv::HostServices::StateWrite> landed;
    for (Item* it : batch) {
        it->sent = true;
        if (!it->error && (job.status_id == 3 || !unplaced.empty()))
            it->error = "job " + job.job_id + (job_failed ? " ended with status " + std::to_string(job.status_id) : "") +
                        (unplaced.empty() ? "" : ": " + unplaced);
        if (!it->error) landed.emplace_back(it->state_key, stored_fingerprints(it->snapshot));
    }
    try {
        host.state_write_many(landed);
    } catch (...) {
        sent.forget();   // whether they landed is unknown: ask the state again
        throw;
    }
    sent.wrote(landed);
    host.info(what + ": job " + job.job_id + " finished with status " + std::to_string(job.status_id));
}

// Sends the changed items to one endpoint, grouped by field set and batched, with up to
// jobs_in_flight jobs at once, and marks each item's error from its own job. When every
// job failed retryably nothing landed: the call fails as a whole, as the remote being
// down does, so the host retries the batch.
void run_imports(NorceClient& client, const Endpoint& ep, std::vector<Item*> items, skarv::HostServices host,
                 SentSnapshots& sent) {
    const Config& config = client.config();
    std::map<std::string, std::vector<Item*>> groups;
    for (Item* it : items)
        if (!it->changed.empty() && !it->error) groups[signature(*it, ep)].push_back(it);
    std::vector<ImportJob> jobs;
    std::vector<std::vector<Item*>> batches;
    for (auto& [sig, group] : groups) {
        for (std::size_t start = 0; start < group.size(); start += static_cast<std::size_t>(config.batch_size)) {
            const std::size_t end = std::min(group.size(), start + static_cast<std::size_t>(config.batch_size));
            // AccountId and FullFile are Required (https://docs.norce.io/api-reference/connect/
            // productservice/x-stormconnect-header-product.md).
            json::object header{{"AccountId", config.account_id}, {"FullFile", false}, {"SerializationType", 0}};
            for (const char* list : ep.lists) {
                // Every list is given, empty or not: an absent list would mean "all fields".
                json::array fields;
                if (auto f = group[start]->changed.find(list); f != group[start]->changed.end())
                    for (const auto& name : f->second) fields.push_back(json::value(name));
                header[list] = fields;
            }
            ImportJob job;
            // The items' JSON array, written straight from each item: copying every item
            // into a json::array first cost as much as serialising it.
            std::string names;
            job.body = "[";
            for (std::size_t i = start; i < end; ++i) {
                if (i > start) job.body += ',';
                job.body += json::serialize(group[i]->body);
                job.keys.push_back(group[i]->state_key);
                if (i - start < 5) names += (names.empty() ? "" : ", ") + item_label(group[i]->body);
            }
            job.body += ']';
            if (end - start > 5) names += ", ...";
            job.path = ep.path;
            job.header = json::serialize(header);
            job.what = std::string(ep.path).substr(std::string(ep.path).rfind('/') + 1) + " (" + names + ")";
            jobs.push_back(std::move(job));
            batches.emplace_back(group.begin() + static_cast<std::ptrdiff_t>(start),
                                 group.begin() + static_cast<std::ptrdiff_t>(end));
        }
    }
    std::size_t landed = 0;
    std::optional<JobFailure> whole;   // the first failure, while every job failed retryably
    run_import_jobs(
        client, jobs,
        [&](std::size_t j, const ImportOutcome& outcome) {
            if (outcome.result) {
                ++landed;
                apply_job_log(*outcome.result, batches[j], jobs[j].what, host, sent);
                return;
            }
            const JobFailure& f = *outcome.failure;
            if (f.retryable && !whole && landed == 0) whole = f;
            if (!f.retryable) ++landed;   // a final answer, even if a refusal
            for (Item* it : batches[j]) {
                it->error = f.message;
                it->error_code = f.code;
                it->retryable = f.retryable;
                it->retry_after_ms = f.retry_after_ms;
            }
            host.warn(jobs[j].what + (outcome.job_id.empty() ? "" : ", job " + outcome.job_id) + ": " + f.message);
        },
        host);
    if (whole && landed == 0) {
        if (whole->retry_after_ms) throw skarv::PluginError::retry_after(whole->code, whole->message, *whole->retry_after_ms);
        throw skarv::PluginError::retryable(whole->code, whole->message);
    }
}

std::string culture_of(const Config& c) { return c.primary().culture; }

json::array vat_rates(const Config& c, skarv::model::VatRateBp bp) {
    std::set<int> areas;
    json::array out;
    for (const auto& a : c.applications)
        if (areas.insert(a.sales_area_id).second)
            out.push_back(json::object{{"SalesAreaId", a.sales_area_id}, {"VatRate", vat_rate_to_json(bp)}});
    return out;
}

Item product_item(const skarv::model::Product& p, std::size_t index, const Config& config) {
    Item it;
    it.record = index;
    it.state_key = "sent/products/" + p.article_number;
    const std::string culture = culture_of(config);
    json::object product{{"Code", p.article_number}, {"ManufacturerCode", config.manufacturer_code}};
    put(it.snapshot, "ProductFieldsThatAreSet", "", "ManufacturerCode", json::value(config.manufacturer_code));
    if (!config.manufacturer_name.empty()) {
        product["ManufacturerName"] = config.manufacturer_name;
        put(it.snapshot, "ProductFieldsThatAreSet", "", "ManufacturerName", json::value(config.manufacturer_name));
    }
    product["Cultures"] = json::array{json::object{{"CultureCode", culture}, {"Name", p.name}, {"Description", p.description}}};
    put(it.snapshot, "ProductCultureFieldsThatAreSet", culture, "Name", json::value(p.name));
    put(it.snapshot, "ProductCultureFieldsThatAreSet", culture, "Description", json::value(p.description));

    // A product without variants is one SKU of its own.
    std::vector<skarv::model::Variant> only_sku;
    if (p.variants.empty()) {
        skarv::model::Variant& only = only_sku.emplace_back();
        only.sku = p.article_number;
        only.name = p.name;
        only.active = p.active;
    }
    const auto& variants = p.variants.empty() ? only_sku : p.variants;
    json::array out;
    out.reserve(variants.size());
    for (const auto& v : variants) {
        json::array params;
        for (const auto& [k, val] : v.attributes) params.push_back(json::object{{"Code", k}, {"Value", val}});
        const std::string name = v.name.empty() ? p.name : v.name;
        json::object sku{{"PartNo", v.sku},
                         {"Status", v.active && p.active ? 1 : 5},   // 1 Active, 5 Inactive
                         // guess norce.vat-rates, docs/guesses.md
                         {"VatRates", vat_rates(config, p.vat_rate_bp)},
                         {"Cultures", json::array{json::object{{"CultureCode", culture}, {"Name", name}}}}};
        put(it.snapshot, "SkuFieldsThatAreSet", v.sku, "Status", sku["Status"]);
        put(it.snapshot, "SkuFieldsThatAreSet", v.sku, "VatRates", sku["VatRates"]);
        put(it.snapshot, "SkuCultureFieldsThatAreSet", v.sku + "/" + culture, "Name", json::value(name));
        if (v.ean) {
            sku["EanCode"] = *v.ean;
            put(it.snapshot, "SkuFieldsThatAreSet", v.sku, "EanCode", json::value(*v.ean));
        }
        const auto price = v.price_ex_vat ? v.price_ex_vat : p.price_ex_vat;
        if (price) {
            sku["StandardPrice"] = json::object{{"PriceSale", money_to_json(*price)}, {"CurrencyCode", price->currency()}};
            put(it.snapshot, "SkuFieldsThatAreSet", v.sku, "StandardPrice", sku["StandardPrice"]);
        }
        put(it.snapshot, "VariantFieldsThatAreSet", v.sku, "VariantParametrics", json::value(params));
        put(it.snapshot, "VariantCultureFieldsThatAreSet", v.sku + "/" + culture, "Name", json::value(name));
        // Moved, not copied, into place: an initializer list would copy each.
        json::array skus;
        skus.push_back(std::move(sku));
        json::object variant{{"ManufacturerPartNo", v.sku},
                             {"Cultures", json::array{json::object{{"CultureCode", culture}, {"Name", name}}}}};
        // guess norce.variant-parametrics, docs/guesses.md
        variant["VariantParametrics"] = std::move(params);
        variant["Skus"] = std::move(skus);
        out.push_back(std::move(variant));
    }
    product["Variants"] = std::move(out);
    it.body = std::move(product);
    return it;
}

std::string channel_price_list(const json::object& request, const Config& config) {
    const Application* app = nullptr;
    if (auto ch = integer(request, "channel")) app = config.by_channel(static_cast<int>(*ch));
    if (!app) app = &config.primary();
    return app->price_list;
}

Item price_item(const skarv::model::Price& p, const std::string& list, std::size_t index) {
    Item it;
    it.record = index;
    it.state_key = "sent/prices/" + list + "/" + p.sku;
    json::object body{{"PartNo", p.sku}, {"PriceListCode", list}, {"CurrencyCode", p.price_ex_vat.currency()},
                      {"PriceSale", money_to_json(p.price_ex_vat)}, {"IsActive", true}};
    // A removed "was" price is written as 0, which Norce stores (it is not in
    // IgnoreSkuPriceListFieldsWhenEmpty).
    body["PricePrevious"] = p.compare_at_ex_vat ? money_to_json(*p.compare_at_ex_vat) : json::value(0);
    if (p.min_quantity > 1) body["QuantityBreak"] = p.min_quantity;
    const std::string key = list + "/" + p.sku;
    put(it.snapshot, "SkuPriceListFieldsThatAreSet", key, "PriceSale", body["PriceSale"]);
    put(it.snapshot, "SkuPriceListFieldsThatAreSet", key, "PricePrevious", body["PricePrevious"]);
    put(it.snapshot, "SkuPriceListFieldsThatAreSet", key, "IsActive", true);
    it.body = std::move(body);
    return it;
}

json::object result_for(std::size_t index, const std::string& id, const std::vector<const Item*>& items) {
    std::string errors, code;
    bool any_sent = false, all_new = true, retryable = true;
    std::optional<int64_t> retry_after_ms;
    for (const Item* it : items) {
        if (it->error) {
            errors += (errors.empty() ? "" : "; ") + *it->error;
            if (code.empty()) code = it->error_code;
            // Sending it again helps only if every part of the record failed for a passing reason.
            retryable = retryable && it->retryable;
            if (it->retry_after_ms) retry_after_ms = std::max(retry_after_ms.value_or(0), *it->retry_after_ms);
        }
        if (it->sent) any_sent = true;
        if (!it->is_new) all_new = false;
    }
    if (!errors.empty()) {
        json::object error{{"code", code}, {"message", id + ": " + errors}, {"retryable", retryable}};
        if (retryable && retry_after_ms) error["retry_after_ms"] = *retry_after_ms;
        return {{"index", index}, {"id", id}, {"outcome", skarv::protocol::kFailed}, {"error", error}};
    }
    const char* outcome = !any_sent ? skarv::protocol::kUnchanged : all_new ? skarv::protocol::kCreated : skarv::protocol::kUpdated;
    return {{"index", index}, {"id", id}, {"target_id", id}, {"outcome", outcome}};
}

json::object invalid_result(std::size_t index, const std::string& id, const std::string& message) {
    return {{"index", index}, {"id", id}, {"outcome", skarv::protocol::kFailed},
            {"error", json::object{{"code", "invalid_record"}, {"message", message}, {"retryable", false}}}};
}

template <class Record, class Reader>
std::vector<std::optional<Record>> read_all(const json::array& records, Reader read, std::vector<std::string>& errors) {
    std::vector<std::optional<Record>> out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        try {
            out.push_back(read(records[i], "records[" + std::to_string(i) + "]"));
            errors.emplace_back();
        } catch (const skarv::RecordError& e) {
            out.push_back(std::nullopt);
            errors.emplace_back(e.what());
        }
    }
    return out;
}

std::string raw_id(const json::value& v, const char* key) {
    return v.is_object() ? text(v.get_object(), key) : "";
}

}  // namespace

skarv::KeysWrittenUnder* SentSnapshots::under(const std::string& key) {
    for (auto& p : prefixes_)
        if (key.starts_with(p.prefix())) return &p;
    return nullptr;
}

std::optional<std::string> SentSnapshots::stored(const skarv::HostServices& host, const std::string& key) {
    if (auto* p = under(key); p && !p->may_exist(host, key)) return std::nullopt;
    return host.state_get(key);
}

void SentSnapshots::wrote(const std::vector<skarv::HostServices::StateWrite>& writes) {
    for (const auto& [key, value] : writes)
        if (auto* p = under(key)) p->wrote(key, value.has_value());
}

void SentSnapshots::forget() {
    for (auto& p : prefixes_) p.forget();
}

json::object write_catalogue(const std::string& entity, const json::object& request, NorceClient& client,
                             skarv::HostServices host, SentSnapshots& sent) {
    const Config& config = client.config();
    static const json::array kNone;
    const auto* arr = array_at(request, "records");
    const json::array& records = arr ? *arr : kNone;
    std::vector<std::string> errors;
    json::array results;

    if (entity == "products") {
        auto products = read_all<skarv::model::Product>(
            records, [](const json::value& v, const std::string& p) { return skarv::model::read_product(v, p); }, errors);
        std::vector<Item> items;
        for (std::size_t i = 0; i < products.size(); ++i)
            if (products[i]) {
                items.push_back(product_item(*products[i], i, config));
                diff(items.back(), sent.stored(host, items.back().state_key));
                propagate_product_lists(items.back());
            }
        std::vector<Item*> ptrs;
        for (auto& it : items) ptrs.push_back(&it);
        run_imports(client, kProducts, ptrs, host, sent);
        std::size_t k = 0;
        for (std::size_t i = 0; i < products.size(); ++i) {
            if (!products[i]) { results.push_back(invalid_result(i, raw_id(records[i], "article_number"), errors[i])); continue; }
            results.push_back(result_for(i, products[i]->article_number, {&items[k++]}));
        }
    } else if (entity == "prices") {
        auto prices = read_all<skarv::model::Price>(
            records, [](const json::value& v, const std::string& p) { return skarv::model::read_price(v, p); }, errors);
        const std::string fallback_list = channel_price_list(request, config);
        std::vector<Item> items;
        for (std::size_t i = 0; i < prices.size(); ++i) {
            if (!prices[i]) continue;
            const std::string list = prices[i]->price_list.empty() ? fallback_list : prices[i]->price_list;
            if (list.empty()) {
                errors[i] = "price of " + prices[i]->sku + ": no price list, and the channel's application has none configured";
                prices[i].reset();
                continue;
            }
            items.push_back(price_item(*prices[i], list, i));
            diff(items.back(), sent.stored(host, items.back().state_key));
        }
        std::vector<Item*> ptrs;
        for (auto& it : items) ptrs.push_back(&it);
        run_imports(client, kSkuPrices, ptrs, host, sent);
        std::size_t k = 0;
        for (std::size_t i = 0; i < prices.size(); ++i) {
            if (!prices[i]) { results.push_back(invalid_result(i, raw_id(records[i], "sku"), errors[i])); continue; }
            results.push_back(result_for(i, prices[i]->sku, {&items[k++]}));
        }
    } else if (entity == "pricelists") {
        auto lists = read_all<skarv::model::PriceList>(
            records, [](const json::value& v, const std::string& p) { return skarv::model::read_price_list(v, p); }, errors);
        std::vector<Item> heads;
        std::vector<Item> prices;
        for (std::size_t i = 0; i < lists.size(); ++i) {
            if (!lists[i]) continue;
            const auto& l = *lists[i];
            Item it;
            it.record = i;
            it.state_key = "sent/pricelists/" + l.code;
            json::object body{{"Code", l.code}, {"Name", l.name}, {"CurrencyCode", l.currency}};
            put(it.snapshot, "PriceListFieldsThatAreSet", l.code, "Name", json::value(l.name));
            put(it.snapshot, "PriceListFieldsThatAreSet", l.code, "CurrencyCode", json::value(l.currency));
            // The list belongs to the channel's application (its assortment in Norce).
            const Application* app = l.channel ? config.by_channel(*l.channel) : nullptr;
            if (l.channel && !app) {
                errors[i] = "price list " + l.code + ": channel " + std::to_string(*l.channel) + " has no application configured";
                lists[i].reset();
                continue;
            }
            // A Connect PriceList has no application field: an import relates the list to the
            // application itself unless told not to (PriceListHeader DoNotCreateApplicationPriceList,
            // https://docs.norce.io/api-reference/connect/productservice/openapi/schemas/pricelistheader).
            // guess norce.pricelist-application, docs/guesses.md
            // Norce ties lists to customers through the companies (their PriceLists), not
            // the list; the group is named in the list's Description for whoever assigns it.
            if (l.customer_group) {
                body["Description"] = "customer group " + *l.customer_group;
                put(it.snapshot, "PriceListFieldsThatAreSet", l.code, "Description", body["Description"]);
            }
            it.body = std::move(body);
            diff(it, sent.stored(host, it.state_key));
            heads.push_back(std::move(it));
            for (const auto& p : l.prices) {
                prices.push_back(price_item(p, l.code, i));
                diff(prices.back(), sent.stored(host, prices.back().state_key));
            }
        }
        std::vector<Item*> head_ptrs, price_ptrs;
        for (auto& it : heads) head_ptrs.push_back(&it);
        run_imports(client, kPriceLists, head_ptrs, host, sent);
        // Prices of a list Norce did not take would only be ignored: hold them back.
        for (auto& p : prices) {
            for (const auto& h : heads)
                if (h.record == p.record && h.error) p.error = "not sent: the price list was refused";
            price_ptrs.push_back(&p);
        }
        run_imports(client, kSkuPrices, price_ptrs, host, sent);
        for (std::size_t i = 0; i < lists.size(); ++i) {
            if (!lists[i]) { results.push_back(invalid_result(i, raw_id(records[i], "code"), errors[i])); continue; }
            std::vector<const Item*> mine;
            for (const auto& h : heads)
                if (h.record == i) mine.push_back(&h);
            for (const auto& p : prices)
                if (p.record == i) mine.push_back(&p);
            results.push_back(result_for(i, lists[i]->code, mine));
        }
    } else if (entity == "stock") {
        auto levels = read_all<skarv::model::StockLevel>(
            records, [](const json::value& v, const std::string& p) { return skarv::model::read_stock_level(v, p); }, errors);
        std::vector<Item> items;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            if (!levels[i]) continue;
            const auto& s = *levels[i];
            // "LAGER1" is a warehouse (stock goes to its configured location);
            // "LAGER1/HYLLA3" names the location too.
            const auto slash = s.warehouse.find('/');
            const std::string wh = s.warehouse.substr(0, slash);
            const std::string loc = slash == std::string::npos ? config.default_location : s.warehouse.substr(slash + 1);
            Item it;
            it.record = i;
            it.state_key = "sent/stock/" + wh + "/" + loc + "/" + s.sku;
            // What can be sold is what the shop should show: available, not on hand.
            it.body = {{"PartNo", s.sku}, {"WarehouseCode", wh}, {"LocationCode", loc},
                       // guess norce.onhand-available, docs/guesses.md
                       {"OnhandValue", s.available}, {"IsActive", true}};
            const std::string key = wh + "/" + loc + "/" + s.sku;
            put(it.snapshot, "SkuOnhandFieldsThatAreSet", key, "OnhandValue", s.available);
            put(it.snapshot, "SkuOnhandFieldsThatAreSet", key, "IsActive", true);
            diff(it, sent.stored(host, it.state_key));
            items.push_back(std::move(it));
        }
        std::vector<Item*> ptrs;
        for (auto& it : items) ptrs.push_back(&it);
        run_imports(client, kOnhands, ptrs, host, sent);
        std::size_t k = 0;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            if (!levels[i]) {
                results.push_back(invalid_result(i, raw_id(records[i], "sku") + "@" + raw_id(records[i], "warehouse"), errors[i]));
                continue;
            }
            results.push_back(result_for(i, levels[i]->sku + "@" + levels[i]->warehouse, {&items[k++]}));
        }
    } else {
        throw skarv::PluginError::unsupported(entity + ".write");
    }
    return {{"results", results}};
}

}  // namespace jetshop
