#include <benchmark/benchmark.h>

#include <skarv/records.hpp>

// VAT breakdown of a 50-line order: the arithmetic every order transfer does.
static void BM_OrderVatBreakdown(benchmark::State& state) {
    skarv::model::Order o;
    o.order_id = "1";
    const int rates[] = {2500, 1200, 600};
    for (int i = 0; i < 50; ++i)
        o.lines.push_back({"SKU" + std::to_string(i), "", 1 + i % 3, skarv::model::Money(1990 + i * 7, "SEK"), rates[i % 3],
                           skarv::model::Money(0, "SEK")});
    for (auto _ : state) benchmark::DoNotOptimize(o.total_inc_vat());
}
BENCHMARK(BM_OrderVatBreakdown);

// Reading an order from JSON, with every check.
static void BM_ReadOrderJson(benchmark::State& state) {
    skarv::model::Order o;
    o.order_id = "1";
    for (int i = 0; i < 20; ++i)
        o.lines.push_back({"SKU" + std::to_string(i), "Vara", 2, skarv::model::Money(19900, "SEK"), 2500, skarv::model::Money(0, "SEK")});
    auto text = boost::json::serialize(boost::json::value_from(o));
    for (auto _ : state) benchmark::DoNotOptimize(skarv::model::read_order(boost::json::parse(text)));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadOrderJson);
