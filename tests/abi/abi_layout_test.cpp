// ABI 1.0 is frozen: these offsets and sizes may never change within major 1. A minor
// version may only make the structs longer. (LP64 layout; a 32-bit build checks its own.)
#include <gtest/gtest.h>

#include <cstddef>

#include <skarv/abi.h>

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
static_assert(offsetof(skarv_plugin_descriptor, struct_size) == 0);
static_assert(offsetof(skarv_plugin_descriptor, abi_major) == 4);
static_assert(offsetof(skarv_plugin_descriptor, abi_minor) == 6);
static_assert(offsetof(skarv_plugin_descriptor, name) == 8);
static_assert(offsetof(skarv_plugin_descriptor, version) == 16);
static_assert(offsetof(skarv_plugin_descriptor, kind) == 24);
static_assert(offsetof(skarv_plugin_descriptor, capabilities_json) == 32);
static_assert(offsetof(skarv_plugin_descriptor, create) == 40);
static_assert(offsetof(skarv_plugin_descriptor, destroy) == 48);
static_assert(offsetof(skarv_plugin_descriptor, check) == 56);
static_assert(offsetof(skarv_plugin_descriptor, call) == 64);
static_assert(SKARV_DESCRIPTOR_V1_0_SIZE == 72);

static_assert(offsetof(skarv_host_services, struct_size) == 0);
static_assert(offsetof(skarv_host_services, abi_major) == 4);
static_assert(offsetof(skarv_host_services, abi_minor) == 6);
static_assert(offsetof(skarv_host_services, host) == 8);
static_assert(offsetof(skarv_host_services, log) == 16);
static_assert(offsetof(skarv_host_services, now_ms) == 24);
static_assert(offsetof(skarv_host_services, is_cancelled) == 32);
static_assert(offsetof(skarv_host_services, state_get) == 40);
static_assert(offsetof(skarv_host_services, state_set) == 48);
static_assert(SKARV_HOST_SERVICES_V1_0_SIZE == 56);
// 1.1 appended these, after everything of 1.0.
static_assert(offsetof(skarv_host_services, state_write_many) == 56);
static_assert(offsetof(skarv_host_services, state_scan) == 64);
static_assert(offsetof(skarv_state_write, key) == 0);
static_assert(offsetof(skarv_state_write, key_size) == 8);
static_assert(offsetof(skarv_state_write, value) == 16);
static_assert(offsetof(skarv_state_write, value_size) == 24);

static_assert(offsetof(skarv_sink, ctx) == 0);
static_assert(offsetof(skarv_sink, write) == 8);
#endif

TEST(Abi, VersionAndStatusValuesAreFrozen) {
    EXPECT_EQ(SKARV_ABI_MAJOR, 1);
    EXPECT_STREQ(SKARV_PLUGIN_ENTRY_NAME, "skarv_plugin_entry_v1");
    EXPECT_EQ(SKARV_OK, 0);
    EXPECT_EQ(SKARV_ERR_RETRYABLE, 1);
    EXPECT_EQ(SKARV_ERR_ITEMS, 2);
    EXPECT_EQ(SKARV_ERR_INVALID, 3);
    EXPECT_EQ(SKARV_ERR_AUTH, 4);
    EXPECT_EQ(SKARV_ERR_UNSUPPORTED, 5);
    EXPECT_EQ(SKARV_ERR_INTERNAL, 6);
    EXPECT_EQ(SKARV_KIND_CONNECTOR, 1);
    EXPECT_EQ(SKARV_KIND_TRANSFORM, 2);
}
