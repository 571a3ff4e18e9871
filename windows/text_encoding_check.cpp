// skarv-text-encoding-check.exe: the SDK's text conversion as the Windows build compiles
// it (Windows' own MultiByteToWideChar / WideCharToMultiByte, not Poco's), held to what
// tests/sdk/text_encoding_test.cpp holds the Linux one to. tests/windows runs it under
// Wine; it prints each failed check and exits 1 if there was one.
#include <cstdio>
#include <string>

#include <skarv/text_encoding.hpp>

int main() {
    using namespace skarv::text;
    int failed = 0;
    auto check = [&](bool ok, const char* what) {
        if (!ok) {
            std::printf("failed: %s\n", what);
            ++failed;
        }
    };
    check(utf8_to_windows1252("Åsa Öberg, Malmö, 5 €") == "\xC5sa \xD6" "berg, Malm\xF6, 5 \x80", "Swedish letters and the euro to 1252");
    check(windows1252_to_utf8("\xC5sa \x80\x96\x8A") == "Åsa €–Š", "1252 to UTF-8");
    int replaced = -1;
    check(utf8_to_windows1252("Łukasz 中?", &replaced) == "?ukasz ??", "no best fit: Ł is '?', not 'L'");
    check(replaced == 2, "two characters replaced, the '?' that was there not counted");
    check(windows1252_to_utf8("\x81") == "\xC2\x81", "an undefined byte reads as its C1 control");
    check(utf8_to_latin1("Smörgås 5 €", &replaced) == "Sm\xF6rg\xE5s 5 ?" && replaced == 1, "Latin-1 has no euro");
    check(latin1_to_utf8("Sm\xF6rg\xE5s") == "Smörgås", "Latin-1 to UTF-8");
    check(utf8_length("Åsa") == 3 && utf8_prefix("Ödmjuk", 2) == "Öd", "lengths in characters");
    std::printf(failed ? "%d check(s) failed\n" : "all checks passed\n", failed);
    return failed ? 1 : 0;
}
