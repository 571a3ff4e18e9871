// Transforms at speed: a chain of five rules and a four-entry field mapping, each loaded
// from its .so and called across the C ABI exactly as the host calls it, against the
// same mapping written as one whole-record jq program run by libjq in-process and by the
// jq command line. Prints the mapping-to-jq ratios at the end.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

extern "C" {
#include <jq.h>
}

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

namespace {

using namespace skarv::host;

boost::json::value make_order(int i) {
    auto o = boost::json::parse(R"({
      "order_id": "", "order_number": "", "channel": 1, "currency": "SEK", "status": "released",
      "customer": {"customer_number": "C-17", "type": "person", "first_name": "Åsa", "last_name": "Berg", "email": "asa@example.se"},
      "billing_address": {"name": "Åsa Berg", "street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "country": "SE"},
      "shipping_address": {"name": "Åsa Berg", "street": "Lillgatan 2", "postal_code": "22233", "city": "Lund", "country": "SE"},
      "lines": [
        {"sku": "A1001-BLUE-M", "name": "T-shirt", "quantity": 2, "unit_price_inc_vat": {"minor": 19900, "currency": "SEK"}, "vat_rate_bp": 2500},
        {"sku": "A1002-RED-L", "name": "Hoodie", "quantity": 1, "unit_price_inc_vat": {"minor": 49900, "currency": "SEK"}, "vat_rate_bp": 2500},
        {"sku": "FOOD-7", "name": "Kaffe", "quantity": 1, "unit_price_inc_vat": {"minor": 8950, "currency": "SEK"}, "vat_rate_bp": 1200}],
      "shipping": {"method": "ombud", "carrier": "", "price_inc_vat": {"minor": 4900, "currency": "SEK"}, "vat_rate_bp": 2500},
      "payment": {"method": "klarna_checkout", "reference": "psp-1", "amount": {"minor": 103550, "currency": "SEK"}},
      "note": "", "total_inc_vat": {"minor": 103550, "currency": "SEK"}})");
    o.as_object()["order_id"] = std::to_string(100000 + i);
    o.as_object()["order_number"] = std::to_string(100000 + i);
    if (i % 3 == 0) {
        auto& c = o.as_object()["customer"].as_object();
        c["type"] = "company";
        c["company_name"] = "Acme AB";
    }
    return o;
}

boost::json::array make_orders(int n) {
    boost::json::array a;
    for (int i = 0; i < n; ++i) a.push_back(make_order(i));
    return a;
}

std::shared_ptr<HostContext> quiet(const std::string& name) {
    auto c = std::make_shared<HostContext>();
    c->instance_name = name;
    c->log = [](skarv_log_level, std::string_view, std::string_view) {};
    return c;
}

PluginModulePtr load(const char* name) {
    auto r = PluginLoader::load_file(std::string(SKARV_PLUGIN_DIR) + "/" + name + ".so");
    if (!r.loaded()) throw std::runtime_error(r.refusal);
    return r.module;
}

constexpr const char* kFiveRules = R"([
  {"rule": "set_payment_method", "map": {"klarna_checkout": "klarna"}},
  {"rule": "carrier_map", "source": "shipping.method", "table": {"ombud": "PostNord", "express": "DHL"}},
  {"rule": "search_replace", "field": "lines[*].sku", "pattern": "^A(\\d+)-", "replace": "ART$1/"},
  {"rule": "price_adjust", "field": "lines[*].unit_price_inc_vat", "percent": -10, "rounding": "ore",
   "when": {"all": [{"channel": 1}, {"field": "customer.type", "equals": "person"}]}},
  {"rule": "default_value", "field": "note", "value": "Webborder"}])";

constexpr const char* kMappings = R"([
  {"target": "note", "source": "customer.email"},
  {"target": "order_number", "constant": "X"},
  {"target": "shipping.carrier", "lookup": {"source": "shipping.method", "table": {"ombud": "PostNord"}, "default": "DHL"}},
  {"target": "customer.customer_group", "jq": "if .customer.type == \"company\" then \"B2B\" else \"B2C\" end"}])";

// The same four mappings as one jq program over the whole record.
constexpr const char* kWholeRecordJq =
    R"(.note = .customer.email | .order_number = "X")"
    R"( | .shipping.carrier = ({"ombud": "PostNord"}[.shipping.method] // "DHL"))"
    R"( | .customer.customer_group = (if .customer.type == "company" then "B2B" else "B2C" end))";

void run_transform(benchmark::State& state, const char* plugin, const boost::json::value& config) {
    PluginInstance instance(load(plugin), plugin, config, quiet(plugin));
    boost::json::object request{{"op", "transform"}, {"hook", "order.before_write"},
                                {"records", make_orders(static_cast<int>(state.range(0)))},
                                {"context", {{"connection", "main"}, {"channel", 1}}}};
    for (auto _ : state) {
        auto result = instance.call(request);
        if (!result.ok()) state.SkipWithError(result.message().c_str());
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

// The floor: the ABI round trip and the per-record driver with nothing to do.
void BM_RulesEmptyChain(benchmark::State& state) {
    run_transform(state, "rules", boost::json::object{{"rules", boost::json::array{}}});
}
BENCHMARK(BM_RulesEmptyChain)->Arg(1000)->UseRealTime();

void BM_RulesChainFiveRules(benchmark::State& state) {
    run_transform(state, "rules", boost::json::object{{"rules", boost::json::parse(kFiveRules)}});
}
BENCHMARK(BM_RulesChainFiveRules)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

void BM_MappingPlugin(benchmark::State& state) {
    run_transform(state, "mapping", boost::json::object{{"mappings", boost::json::parse(kMappings)}});
}
BENCHMARK(BM_MappingPlugin)->Arg(100)->Arg(1000)->UseRealTime();

// libjq in-process: JSON text of each record in, JSON text out, one compiled program.
void BM_LibjqWholeRecord(benchmark::State& state) {
    jq_state* jq = jq_init();
    if (!jq || !jq_compile(jq, kWholeRecordJq)) {
        state.SkipWithError("jq program does not compile");
        return;
    }
    std::vector<std::string> texts;
    for (const auto& r : make_orders(static_cast<int>(state.range(0)))) texts.push_back(boost::json::serialize(r));
    for (auto _ : state) {
        for (const auto& text : texts) {
            jq_start(jq, jv_parse_sized(text.data(), static_cast<int>(text.size())), 0);
            jv out = jq_next(jq);
            jv dumped = jv_dump_string(out, 0);
            benchmark::DoNotOptimize(jv_string_value(dumped));
            jv_free(dumped);
        }
    }
    jq_teardown(&jq);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LibjqWholeRecord)->Arg(100)->Arg(1000)->UseRealTime();

// The jq command line over a file of records, one process per batch, as a shell
// integration would run it.
void BM_JqCliWholeRecord(benchmark::State& state) {
    const std::string jq_program = SKARV_JQ_PROGRAM;
    if (jq_program.empty() || jq_program.ends_with("NOTFOUND")) {
        state.SkipWithError("jq is not installed (apt-get install jq)");
        return;
    }
    const std::string input = "/tmp/skarv-transform-bench-" + std::to_string(state.range(0)) + ".jsonl";
    {
        std::ofstream out(input);
        for (const auto& r : make_orders(static_cast<int>(state.range(0)))) out << boost::json::serialize(r) << "\n";
    }
    const std::string command = jq_program + " -c '" + kWholeRecordJq + "' " + input + " > /dev/null";
    for (auto _ : state) {
        if (std::system(command.c_str()) != 0) state.SkipWithError("jq failed");
    }
    std::remove(input.c_str());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
// Real time: the work happens in a child process, which the CPU clock does not see.
BENCHMARK(BM_JqCliWholeRecord)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Benchmarks with UseRealTime() carry "/real_time" in their names; the ratios use the plain names.
std::string plain(std::string name) {
    auto at = name.find("/real_time");
    return at == std::string::npos ? name : name.erase(at);
}

// Prints as usual and remembers each benchmark's records per second for the ratios.
class RateReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            auto it = run.counters.find("items_per_second");
            if (run.run_type == Run::RT_Iteration && !run.error_occurred && it != run.counters.end())
                rates[plain(run.benchmark_name())] = it->second.value;
        }
    }
    std::map<std::string, double> rates;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RateReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    auto ratio = [&](const char* a, const char* b) {
        auto ia = reporter.rates.find(a), ib = reporter.rates.find(b);
        if (ia == reporter.rates.end() || ib == reporter.rates.end()) return;
        std::printf("%-28s / %-28s = %.2f  (%.0f vs %.0f records/s)\n", a, b, ia->second / ib->second, ia->second, ib->second);
    };
    std::printf("\nRatios (records per second):\n");
    ratio("BM_MappingPlugin/1000", "BM_LibjqWholeRecord/1000");
    ratio("BM_MappingPlugin/1000", "BM_JqCliWholeRecord/1000");
    ratio("BM_RulesChainFiveRules/1000", "BM_MappingPlugin/1000");
    ratio("BM_RulesChainFiveRules/1000", "BM_RulesEmptyChain/1000");
    return 0;
}
