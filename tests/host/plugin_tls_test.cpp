// Why no plugin of ours has thread-local storage, and why the sanitizer build loads libjq at
// start: GCC 12's LeakSanitizer misreads dynamic TLS blocks (docs/decisions.md, "Modules are
// never unloaded"). Static TLS it reads right; a dlopen'd library's TLS is dynamic.
#include <gtest/gtest.h>

#include <elf.h>
#include <link.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

// The program headers of a 64-bit ELF file; empty if it is not one.
std::vector<Elf64_Phdr> program_headers(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    Elf64_Ehdr header{};
    if (!in.read(reinterpret_cast<char*>(&header), sizeof header)) return {};
    if (std::string(reinterpret_cast<const char*>(header.e_ident), 4) != ELFMAG || header.e_ident[EI_CLASS] != ELFCLASS64)
        return {};
    std::vector<Elf64_Phdr> headers(header.e_phnum);
    in.seekg(static_cast<std::streamoff>(header.e_phoff));
    for (auto& h : headers)
        if (!in.read(reinterpret_cast<char*>(&h), sizeof h)) return {};
    return headers;
}

}  // namespace

TEST(PluginTls, NoPluginWeBuildHasThreadLocalStorage) {
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(SKARV_PLUGIN_DIR)) {
        if (entry.path().extension() != ".so") continue;
        auto headers = program_headers(entry.path());
        ASSERT_FALSE(headers.empty()) << entry.path() << " is not a 64-bit ELF file";
        for (const auto& h : headers)
            EXPECT_NE(h.p_type, static_cast<Elf64_Word>(PT_TLS))
                << entry.path().filename() << " has a TLS segment of " << h.p_memsz
                << " bytes: a thread_local in a plugin is dynamic TLS, which the sanitizer build cannot scan safely";
        seen.insert(entry.path().stem().string());
    }
    // The connectors that include the SDK's HTTP client, which once kept a thread_local.
    for (const char* plugin : {"jetshop", "specter", "klarna", "nets", "svea", "mapping"})
        EXPECT_TRUE(seen.count(plugin)) << plugin << ".so was not built into " << SKARV_PLUGIN_DIR;
}

#ifdef SKARV_SANITIZE_BUILD
TEST(PluginTls, TheSanitizerBuildLoadsLibjqAtStartSoItsTlsIsStatic) {
    bool loaded = false;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* found) {
            if (std::string(info->dlpi_name).find("libjq.so") != std::string::npos) *static_cast<bool*>(found) = true;
            return 0;
        },
        &loaded);
    EXPECT_TRUE(loaded) << "libjq is not among the libraries this test loaded at start";
}
#endif
