#include <gtest/gtest.h>
#include "skarv/sandbox/jetshop_emulator.hpp"
TEST(SandboxJetshopSmoke, Starts) {
    skarv::sandbox::JetshopEmulator emu({});
    EXPECT_GT(emu.start(), 0);
}
