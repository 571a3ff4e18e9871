// The emulated Adk.dll of the 32-bit Windows build exports each ADK function under the
// name Visma's Adk.dll does: __stdcall, decorated _Name@<bytes of arguments>. The names
// and prototypes are Visma's Adk.h as quoted in shared/research/erp.md (B.1: `_AdkOpen@8`,
// `_AdkCreateData@4`; B.4: the prototypes), the byte counts worked out from them by hand
// (4 a pointer, int or long; 8 a double) so that the compiler's own count is checked.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "windows_test_support.hpp"

namespace windows_test {
namespace {

std::set<std::string> exported_names(const std::filesystem::path& dll) {
    const auto r = run({SKARV_OBJDUMP, "-p", dll.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> names;
    std::istringstream in(r.out);
    std::string line;
    bool in_table = false;
    while (std::getline(in, line)) {
        if (line.find("[Ordinal/Name Pointer] Table") != std::string::npos) { in_table = true; continue; }
        if (!in_table) continue;
        if (line.empty()) break;
        const auto close = line.find("] ");
        if (close != std::string::npos) names.insert(line.substr(close + 2));
    }
    return names;
}

std::string file_format(const std::filesystem::path& file) {
    const auto r = run({SKARV_OBJDUMP, "-f", file.string()});
    const auto at = r.out.find("file format ");
    if (at == std::string::npos) return "";
    return r.out.substr(at + 12, r.out.find('\n', at) - at - 12);
}

}  // namespace

TEST(WindowsAdkDll, ExportsVismasDecoratedStdcallNames) {
    if (auto why = build_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    const auto names = exported_names(windows_build_file("Adk.dll"));
    ASSERT_FALSE(names.empty()) << "objdump found no export table";

    // Quoted verbatim in research B.1 (a .NET DllImport EntryPoint and the text).
    EXPECT_TRUE(names.count("_AdkOpen@8"));
    EXPECT_TRUE(names.count("_AdkCreateData@4"));
    // Research B.4's prototypes, decorated.
    const char* from_adk_h[] = {
        "_AdkCreateData@4", "_AdkCreateDataRow@8", "_AdkGetDataRow@8", "_AdkDeleteStruct@4", "_AdkResetStruct@4",
        "_AdkGetStr@16", "_AdkGetBool@12", "_AdkGetDouble@12", "_AdkGetDate@12", "_AdkGetData@16",
        "_AdkSetStr@12", "_AdkSetBool@12", "_AdkSetDouble@16", "_AdkSetDate@12", "_AdkSetData@12",
        "_AdkLongToDate@12", "_AdkDateToLong@8", "_AdkGetType@12", "_AdkGetLength@12", "_AdkGetDecimals@12",
        "_AdkIsReadWrite@8", "_AdkGetFieldName@16",
        "_AdkAdd@4", "_AdkUpdate@4", "_AdkFind@4", "_AdkNext@4", "_AdkPrevious@4", "_AdkFirst@4", "_AdkLast@4",
        "_AdkDelete@4", "_AdkDeleteRow@8", "_AdkSetSortOrder@8",
        "_AdkOpen@8", "_AdkOpenEx@12", "_AdkClose@0", "_AdkSetWarningFunction@4", "_AdkGetErrorText@16"};
    for (const char* name : from_adk_h) EXPECT_TRUE(names.count(name)) << name << " is not exported";

    // Nothing else leaks out: every export is decorated as Visma's are (no plain
    // `AdkOpen`, no MinGW `AdkOpen@8`), and nothing but the ADK (and the emulator's own
    // SkarvAdkEmu* helpers) is exported (not SQLite, not the C++ runtime).
    for (const auto& name : names) {
        EXPECT_TRUE(name.rfind("_Adk", 0) == 0 || name.rfind("_SkarvAdkEmu", 0) == 0) << name;
        EXPECT_NE(name.find('@'), std::string::npos) << name << " is not __stdcall-decorated";
    }
}

TEST(WindowsAdkDll, ConnectorEmulatorAndToolsAre32BitWindowsImages) {
    if (auto why = build_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    for (const char* f : {"Adk.dll", "visma.dll", "skarv-abi-call.exe"})
        EXPECT_EQ(file_format(windows_build_file(f)), "pei-i386") << f;
    if (std::filesystem::exists(windows_build_file("skarv-plugin-runner.exe"))) {
        EXPECT_EQ(file_format(windows_build_file("skarv-plugin-runner.exe")), "pei-i386");
    }
    // The connector exports the one ABI entry point, undecorated (the ABI is cdecl).
    const auto visma = exported_names(windows_build_file("visma.dll"));
    EXPECT_EQ(visma, std::set<std::string>{"skarv_plugin_entry_v1"});
}

}  // namespace windows_test
