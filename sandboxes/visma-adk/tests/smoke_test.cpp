#include <gtest/gtest.h>
TEST(SandboxVismaAdkSmoke, Builds) { SUCCEED(); }
