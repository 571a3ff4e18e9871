// Replays fuzz inputs through a harness without libFuzzer, so any compiler's build (the
// normal GCC one, the GCC sanitizer one) runs the saved regressions and seeds as a test.
// Arguments: files or folders of files. A harness's own checks abort on a broken
// promise; a crash or an abort fails the test, and the file that caused it is the last
// one printed.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (std::filesystem::is_regular_file(p)) {
            files.push_back(p);
        } else {
            std::cerr << "replay: no such file or folder: " << p << "\n";
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::cerr << "replay: no inputs\n";
        return 2;
    }
    for (const auto& f : files) {
        std::cout << "replay: " << f.string() << std::endl;
        std::ifstream in(f, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    }
    std::cout << "replay: " << files.size() << " input(s), no crash\n";
    return 0;
}
