// skarv/text_encoding.hpp: the ADK speaks Windows-1252 and Specter ISO-8859-1; Skarv's
// records are UTF-8. The same checks run in the 32-bit Windows build's conversion
// through tests/windows (the Visma connector under Wine).

#include <gtest/gtest.h>

#include <skarv/text_encoding.hpp>

using namespace skarv::text;

TEST(SdkTextEncoding, SwedishLettersRoundTripThroughWindows1252) {
    const std::string utf8 = "Åsa Öberg, Malmö, Ärlig";
    const std::string cp = utf8_to_windows1252(utf8);
    EXPECT_EQ(cp, "\xC5sa \xD6" "berg, Malm\xF6, \xC4rlig");
    EXPECT_EQ(windows1252_to_utf8(cp), utf8);
}

TEST(SdkTextEncoding, Windows1252HighBytesAndWhatCannotBeKept) {
    EXPECT_EQ(utf8_to_windows1252("5 €"), "5 \x80");
    EXPECT_EQ(windows1252_to_utf8("\x80\x96\x8A"), "€–Š");
    int replaced = -1;
    EXPECT_EQ(utf8_to_windows1252("Łukasz 中?", &replaced), "?ukasz ??");
    EXPECT_EQ(replaced, 2) << "the '?' that was there is not counted";
    EXPECT_EQ(utf8_to_windows1252("plain", &replaced), "plain");
    EXPECT_EQ(replaced, 0);
    // The five bytes the code page leaves undefined read as C1 controls, as Windows does.
    EXPECT_EQ(windows1252_to_utf8("\x81"), "\xC2\x81");
}

TEST(SdkTextEncoding, Latin1HasNoEuroSign) {
    int replaced = -1;
    EXPECT_EQ(utf8_to_latin1("Smörgås 5 €", &replaced), "Sm\xF6rg\xE5s 5 ?");
    EXPECT_EQ(replaced, 1);
    EXPECT_EQ(latin1_to_utf8("Sm\xF6rg\xE5s \x80"), "Smörgås \xC2\x80");
}

TEST(SdkTextEncoding, LengthsAndPrefixesCountCharactersNotBytes) {
    EXPECT_EQ(utf8_length("Åsa"), 3u);
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_prefix("Ödmjuk", 2), "Öd");
    EXPECT_EQ(utf8_prefix("Öd", 1), "Ö");
    EXPECT_EQ(utf8_prefix("Åsa", 0), "");
    EXPECT_EQ(utf8_prefix("Åsa", 10), "Åsa");
}
