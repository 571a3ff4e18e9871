#include <gtest/gtest.h>

#include <sstream>

#include "skarv/host/runtime/logger.hpp"

TEST(HostLogger, NeverWritesARegisteredSecret) {
    std::ostringstream out;
    skarv::host::Logger logger(out, SKARV_LOG_INFO);
    logger.add_secret("s3cr3t-api-key");
    logger.log(SKARV_LOG_ERROR, "jetshop", "401 from https://api/token?client_secret=s3cr3t-api-key&x=s3cr3t-api-key");
    logger.log(SKARV_LOG_DEBUG, "jetshop", "below threshold");
    auto text = out.str();
    EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
    EXPECT_NE(text.find("client_secret=***&x=***"), std::string::npos) << text;
    EXPECT_EQ(text.find("below threshold"), std::string::npos);
    EXPECT_NE(text.find(R"("level":"error")"), std::string::npos);
    EXPECT_NE(text.find(R"("source":"jetshop")"), std::string::npos);
}
