// skarv-adk-emulator-seed COMPANY_DIR [--seed N] [--products N] [--variants N]
//                         [--orders N] [--channels N] [--user U --password P]
//                         [--system-path DIR]
// Creates and fills an emulated Visma Administration company for the demo, and the
// system folder ("Gemensamma filer", default: beside COMPANY_DIR) that AdkOpen needs.

#include "skarv/sandbox/visma_adk_seed.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::cerr << "usage: skarv-adk-emulator-seed COMPANY_DIR [--seed N] [--products N] [--variants N]"
                     " [--orders N] [--channels N] [--user U --password P] [--system-path DIR]\n";
        return 2;
    }
    skarv::sandbox::visma_adk::CompanySeedOptions options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--seed") options.data.seed = std::strtoull(value, nullptr, 10);
        else if (flag == "--products") options.data.products = std::atoi(value);
        else if (flag == "--variants") options.data.variants_per_product = std::atoi(value);
        else if (flag == "--orders") options.data.orders = std::atoi(value), options.include_orders = options.data.orders > 0;
        else if (flag == "--channels") options.data.channels = std::atoi(value);
        else if (flag == "--user") options.user = value;
        else if (flag == "--password") options.password = value;
        else if (flag == "--system-path") options.system_path = value;
        else {
            std::cerr << "unknown option " << flag << "\n";
            return 2;
        }
    }
    try {
        const auto r = skarv::sandbox::visma_adk::seed_company(argv[1], options);
        std::cout << "price lists " << r.price_lists << ", articles " << r.articles << ", prices " << r.prices
                  << ", customers " << r.customers << ", orders " << r.orders << "\n"
                  << "system path " << r.system_path << "\n";
    } catch (const std::exception& e) {
        std::cerr << "seeding failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
