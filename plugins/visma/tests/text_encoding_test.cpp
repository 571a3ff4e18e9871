// The ADK speaks Windows-1252; Skarv's records are UTF-8.

#include <gtest/gtest.h>

#include "text_encoding.hpp"

TEST(VismaPluginTextEncoding, SwedishLettersRoundTrip) {
    const std::string utf8 = "Åsa Öberg, Malmö, Ärlig";
    const std::string cp = visma::utf8_to_cp1252(utf8);
    EXPECT_EQ(cp, "\xC5sa \xD6" "berg, Malm\xF6, \xC4rlig");
    EXPECT_EQ(visma::cp1252_to_utf8(cp), utf8);
}

TEST(VismaPluginTextEncoding, TheHighTableAndWhatCannotBeKept) {
    EXPECT_EQ(visma::utf8_to_cp1252("5 €"), "5 \x80");
    EXPECT_EQ(visma::cp1252_to_utf8("\x80\x96"), "€–");
    int replaced = 0;
    EXPECT_EQ(visma::utf8_to_cp1252("Łukasz 中", &replaced), "?ukasz ?");
    EXPECT_EQ(replaced, 2);
    EXPECT_EQ(visma::utf8_length("Åsa"), 3u);
    EXPECT_EQ(visma::utf8_prefix("Ödmjuk", 2), "Öd");
}
