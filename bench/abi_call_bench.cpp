#include <benchmark/benchmark.h>

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

// The cost of one batched call across the C ABI (serialise, call, parse the reply),
// for batches of 1 to 1000 records, into the plain-C test plugin: in the host's process
// (second argument 0) and in skarv-plugin-runner over its pipe (1), so the price of
// "isolation": "process" per call is measured, not guessed (docs/benchmarks.md).
static void BM_AbiEchoCall(benchmark::State& state) {
    auto loaded = skarv::host::PluginLoader::load_file(std::string(SKARV_GOOD_TEST_PLUGIN_DIR) + "/c-connector.so");
    if (!loaded.loaded()) {
        state.SkipWithError(loaded.refusal.c_str());
        return;
    }
    auto context = std::make_shared<skarv::host::HostContext>();
    context->instance_name = "bench";
    skarv::host::Isolation isolation;
    isolation.process = state.range(1) != 0;
    skarv::host::PluginInstance instance(loaded.module, "bench", boost::json::object{}, context, isolation);
    boost::json::array records;
    for (int64_t i = 0; i < state.range(0); ++i)
        records.push_back({{"sku", "SKU-" + std::to_string(i)}, {"warehouse", "LAGER1"}, {"on_hand", i}});
    boost::json::value request = {{"op", "echo"}, {"records", records}};
    for (auto _ : state) benchmark::DoNotOptimize(instance.call(request));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AbiEchoCall)->ArgNames({"records", "runner"})->ArgsProduct({{1, 100, 1000}, {0, 1}});
