// Calls across the ABI: a plain-C plugin answers, reports item errors and garbage the
// host shows clearly; a C++ plugin's exceptions become errors, not crashes; an instance
// keeps its library loaded after the loader's results are gone. Every test runs twice:
// in the host's process and in skarv-plugin-runner ("isolation": "process"), which must
// be indistinguishable to the caller, host services included.
#include <gtest/gtest.h>

#include <map>

#include "skarv/host/runtime/memory_plugin_state.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

using namespace skarv::host;

namespace {

using MemoryState = skarv::host::MemoryPluginState;

PluginModulePtr load(const std::string& name) {
    auto r = PluginLoader::load_file(std::string(SKARV_GOOD_TEST_PLUGIN_DIR) + "/" + name + ".so");
    EXPECT_TRUE(r.loaded()) << r.refusal;
    return r.module;
}

struct Fixture : ::testing::TestWithParam<bool> {
    MemoryState state;
    Isolation isolation() const {
        Isolation i;
        i.process = GetParam();
        return i;
    }
    std::vector<std::string> log_lines;
    std::shared_ptr<HostContext> context(const std::string& name) {
        auto c = std::make_shared<HostContext>();
        c->instance_name = name;
        c->log = [this](skarv_log_level, std::string_view source, std::string_view msg) {
            log_lines.push_back(std::string(source) + ": " + std::string(msg));
        };
        c->state = &state;
        return c;
    }
};

}  // namespace

using HostPluginInstance = Fixture;

TEST_P(HostPluginInstance, PlainCPluginAnswersABatchedCall) {
    PluginInstance c(load("c-connector"), "shop-c", boost::json::object{{"api_key", "k"}}, context("shop-c"), isolation());
    auto result = c.call({{"op", "echo"}, {"records", boost::json::array{1, 2, 3}}});
    ASSERT_TRUE(result.ok()) << result.message();
    EXPECT_EQ(result.document.at("records").as_array().size(), 3u);
    ASSERT_FALSE(log_lines.empty());
    EXPECT_EQ(log_lines.back(), "shop-c: c-connector handling a call");
    auto check = c.check();
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(check.document.at("language"), "C");
}

TEST_P(HostPluginInstance, PlainCPluginReportsAnErrorNamingTheItem) {
    PluginInstance c(load("c-connector"), "shop-c", boost::json::object{}, context("shop-c"), isolation());
    auto result = c.call({{"op", "items"}});
    EXPECT_EQ(result.status, SKARV_ERR_ITEMS);
    EXPECT_FALSE(result.retryable());
    EXPECT_EQ(result.message(), "1 of 2 items failed");
    const auto& item = result.document.at("items").as_array().at(0);
    EXPECT_EQ(item.at("id"), "SKU-404");
    EXPECT_EQ(item.at("message"), "article SKU-404 does not exist");
}

TEST_P(HostPluginInstance, GarbageFromAPluginIsAClearError) {
    PluginInstance c(load("c-connector"), "shop-c", boost::json::object{}, context("shop-c"), isolation());
    auto result = c.call({{"op", "garbage"}});
    EXPECT_EQ(result.status, SKARV_ERR_INTERNAL);
    EXPECT_NE(result.message().find("plugin 'c-connector' answered with malformed JSON"), std::string::npos);
}

TEST_P(HostPluginInstance, PluginStateAndClockServicesWork) {
    PluginInstance c(load("c-connector"), "erp-c", boost::json::object{}, context("erp-c"), isolation());
    c.call({{"op", "echo"}});
    auto result = c.call({{"op", "state"}});
    ASSERT_TRUE(result.ok()) << result.message();
    EXPECT_EQ(result.document.at("stored"), 2);
    EXPECT_EQ(result.document.at("now_ms_positive"), true);
    EXPECT_EQ(state.values.at("erp-c/calls"), "2");
}

TEST_P(HostPluginInstance, CreateRefusalCarriesThePluginsMessage) {
    try {
        PluginInstance c(load("c-connector"), "x", boost::json::object{{"op", "refuse"}}, context("x"), isolation());
        FAIL() << "create should have been refused";
    } catch (const PluginCreateError& e) {
        EXPECT_EQ(e.result().status, SKARV_ERR_INVALID);
        EXPECT_NE(std::string(e.what()).find("c-connector: config says refuse"), std::string::npos);
    }
}

TEST_P(HostPluginInstance, CppExceptionsBecomeErrorsNotCrashes) {
    PluginInstance t(load("throwing"), "t", boost::json::object{}, context("t"), isolation());
    auto std_ex = t.call({{"op", "throw_std"}});
    EXPECT_EQ(std_ex.status, SKARV_ERR_INTERNAL);
    EXPECT_EQ(std_ex.message(), "plugin threw: boom in call");
    auto int_ex = t.call({{"op", "throw_int"}});
    EXPECT_EQ(int_ex.status, SKARV_ERR_INTERNAL);
    EXPECT_EQ(int_ex.message(), "plugin threw a non-standard exception");
    auto retry = t.call({{"op", "retry"}});
    EXPECT_EQ(retry.status, SKARV_ERR_RETRYABLE);
    EXPECT_TRUE(retry.retryable());
    auto unsupported = t.call({{"op", "nope"}});
    EXPECT_EQ(unsupported.status, SKARV_ERR_UNSUPPORTED);
    // A bad record inside a request is an invalid-record error naming the field.
    auto bad = t.call({{"op", "read_order"}, {"order", {{"order_id", "7"}, {"lines", boost::json::array{}}}}});
    EXPECT_EQ(bad.status, SKARV_ERR_INVALID);
    EXPECT_EQ(bad.message(), "order.lines: an order needs at least one line");
    // And the plugin still works afterwards.
    EXPECT_EQ(t.call({{"op", "retry"}}).status, SKARV_ERR_RETRYABLE);
}

TEST_P(HostPluginInstance, ExceptionInCreateIsAnError) {
    EXPECT_THROW(PluginInstance(load("throwing"), "t", boost::json::object{{"throw_in_create", true}}, context("t"), isolation()),
                 PluginCreateError);
}

TEST_P(HostPluginInstance, InstanceKeepsItsLibraryLoaded) {
    std::unique_ptr<PluginInstance> instance;
    {
        auto results = PluginLoader::load_directories({SKARV_GOOD_TEST_PLUGIN_DIR});
        for (auto& r : results)
            if (r.loaded() && r.module->name() == "c-connector")
                instance = std::make_unique<PluginInstance>(r.module, "kept", boost::json::object{}, context("kept"), isolation());
    }
    // Every other reference to the module is gone; the instance's code must still be mapped.
    ASSERT_TRUE(instance);
    EXPECT_TRUE(instance->call({{"op", "echo"}}).ok());
}

INSTANTIATE_TEST_SUITE_P(InProcessAndInARunner, HostPluginInstance, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "Runner" : "InProcess"; });
