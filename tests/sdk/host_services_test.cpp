// The SDK's HostServices against hosts of ABI 1.0 and 1.1: a plugin built for 1.1 still
// works in a 1.0 host (writes one by one), and says so plainly where it cannot (scan).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <skarv/plugin.hpp>

namespace {

struct FakeHost {
    std::map<std::string, std::string> values;
    int single_writes = 0, batch_writes = 0;
};

FakeHost& host_of(void* h) { return *static_cast<FakeHost*>(h); }

int state_set(void* h, const char* k, size_t ks, const char* v, size_t vs) {
    ++host_of(h).single_writes;
    if (v) host_of(h).values[std::string(k, ks)] = std::string(v, vs);
    else host_of(h).values.erase(std::string(k, ks));
    return 0;
}

int state_write_many(void* h, const skarv_state_write* w, size_t n) {
    ++host_of(h).batch_writes;
    for (size_t i = 0; i < n; ++i) {
        if (w[i].value) host_of(h).values[std::string(w[i].key, w[i].key_size)] = std::string(w[i].value, w[i].value_size);
        else host_of(h).values.erase(std::string(w[i].key, w[i].key_size));
    }
    return 0;
}

int state_scan(void* h, const char* p, size_t ps, const char* a, size_t as, size_t limit, const skarv_sink* out) {
    const std::string prefix(p, ps), after(a, as);
    boost::json::array rows;
    for (const auto& [k, v] : host_of(h).values)
        if (k.rfind(prefix, 0) == 0 && k > after && rows.size() < limit) rows.push_back(boost::json::array{k.c_str(), v.c_str()});
    auto text = boost::json::serialize(rows);
    out->write(out->ctx, text.data(), text.size());
    return static_cast<int>(rows.size());
}

skarv_host_services services(FakeHost& host, bool abi_1_0) {
    skarv_host_services s{};
    s.struct_size = abi_1_0 ? SKARV_HOST_SERVICES_V1_0_SIZE : sizeof(skarv_host_services);
    s.abi_major = 1;
    s.abi_minor = abi_1_0 ? 0 : 1;
    s.host = &host;
    s.state_set = &state_set;
    // A 1.0 host's table ends before these; what lies beyond its struct_size is never read.
    s.state_write_many = &state_write_many;
    s.state_scan = &state_scan;
    return s;
}

}  // namespace

TEST(HostServices, WritesManyInOneCallToAHostOfAbi11) {
    FakeHost host;
    auto table = services(host, false);
    skarv::HostServices h(&table);
    h.state_write_many({{"q/1", "a"}, {"q/2", "b"}, {"old", std::nullopt}});
    EXPECT_EQ(host.batch_writes, 1);
    EXPECT_EQ(host.single_writes, 0);
    EXPECT_EQ(host.values.size(), 2u);
    auto page = h.state_scan("q/", "q/1", 10);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].second, "b");
}

TEST(HostServices, WritesOneByOneToAHostOfAbi10AndRefusesToScan) {
    FakeHost host;
    auto table = services(host, true);
    skarv::HostServices h(&table);
    h.state_write_many({{"q/1", "a"}, {"q/2", "b"}});
    EXPECT_EQ(host.batch_writes, 0);
    EXPECT_EQ(host.single_writes, 2);
    EXPECT_EQ(host.values.at("q/2"), "b");
    try {
        h.state_scan("q/", "", 10);
        FAIL() << "a 1.0 host cannot list keys";
    } catch (const skarv::PluginError& e) {
        EXPECT_EQ(e.code(), "host_too_old");
    }
}
