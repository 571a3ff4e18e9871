// `skarv init`: asks for (on a terminal) or takes as flags the shop, the ERP, the flow
// and where credentials come from, and writes a commented configuration. Secrets never
// go into the file: it names environment variables or files ({"$env"}, {"$file"}).

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/runtime/install_layout.hpp"

namespace skarv::cli {
namespace {

std::string json_text(const std::string& s) { return boost::json::serialize(boost::json::value(s)); }

// Reads a choice from the terminal, or takes the given or default value when there is none.
class Answers {
public:
    explicit Answers(bool interactive) : interactive_(interactive) {}

    std::string choose(const std::string& given, const std::string& question, const std::vector<std::string>& choices,
                       const std::string& flag) {
        auto allowed = [&](const std::string& v) {
            for (const auto& c : choices)
                if (c == v) return true;
            return false;
        };
        auto list = [&] {
            std::string out;
            for (const auto& c : choices) out += (out.empty() ? "" : "|") + c;
            return out;
        };
        if (!given.empty()) {
            if (!allowed(given)) throw std::invalid_argument(flag + " must be one of " + list() + " (got '" + given + "')");
            return given;
        }
        if (!interactive_) {
            if (choices.size() == 1) return choices[0];
            throw std::invalid_argument(flag + " " + list() + " is needed when skarv init does not run on a terminal");
        }
        for (;;) {
            auto answer = ask(question + " (" + list() + ")", choices[0]);
            if (allowed(answer)) return answer;
            std::cout << "  please answer one of " << list() << "\n";
        }
    }

    // A setting of the remote system: asked on a terminal, else the given value or the placeholder.
    std::string value(const std::string& given, const std::string& question, const std::string& placeholder) {
        if (!given.empty() || !interactive_) return given.empty() ? placeholder : given;
        return ask(question, placeholder);
    }

private:
    std::string ask(const std::string& question, const std::string& fallback) {
        std::cout << question << " [" << fallback << "]: " << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) throw std::runtime_error("no answer (end of input)");
        return line.empty() ? fallback : line;
    }
    bool interactive_;
};

// Where each secret comes from: a variable or a file, named after the setting.
struct Secrets {
    std::string source, dir;
    std::vector<std::string> needed;   // what the operator must provide, for the closing note

    std::string reference(const std::string& env_name, const std::string& file_name) {
        if (source == "env") {
            needed.push_back("environment variable " + env_name);
            return "{\"$env\": " + json_text(env_name) + "}";
        }
        auto path = (std::filesystem::path(dir) / file_name).string();
        needed.push_back("file " + path);
        return "{\"$file\": " + json_text(path) + "}";
    }
};

bool numeric(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string norce_block(Answers& a, const InitOptions& o, Secrets& secrets) {
    const auto url = a.value(o.norce_url, "Norce API base URL", "https://YOUR-CLIENT.api-se.norce.tech");
    const auto client_id = a.value(o.norce_client_id, "Norce OAuth client id", "skarv-integration");
    const auto account = a.value(o.norce_account_id, "Norce AccountId (Admin > Settings)", "1");
    const auto application = a.value(o.norce_application_id, "Norce application id of channel 1", "0");
    if (!numeric(account) || account == "0") throw std::invalid_argument("the Norce AccountId must be a number from 1");
    if (!numeric(application)) throw std::invalid_argument("the Norce application id must be a number");
    std::ostringstream s;
    s << "      // Norce Commerce (plugin jetshop): plugins/jetshop/README.md lists every setting.\n"
         "      \"shop\": {\n"
         "        \"plugin\": \"jetshop\",\n"
         "        \"base_url\": " << json_text(url) << ",\n"
         "        \"client_id\": " << json_text(client_id) << ",\n"
         "        \"client_secret\": " << secrets.reference("NORCE_CLIENT_SECRET", "norce-client-secret") << ",\n"
         "        \"scope\": \"prod\",   // playground, stage or prod\n"
         "        \"account_id\": " << account << ",\n"
         "        // One entry per Norce application (market); each is a Skarv channel.\n"
         "        \"applications\": [\n"
         "          {\"channel\": 1, \"application_id\": " << application << ", \"currency\": \"SEK\", \"culture\": \"sv-SE\"}\n"
         "        ],\n"
         "        // What Norce sends on the order push (Admin > Client settings > ERP integration).\n"
         "        \"push\": {\"user\": \"norce\", \"password\": " << secrets.reference("NORCE_PUSH_PASSWORD", "norce-push-password")
      << "}\n"
         "      },\n";
    return s.str();
}

std::string specter_block(Answers& a, const InitOptions& o, Secrets& secrets) {
    const auto sbm = a.value(o.specter_sbm_id, "Specter sbmId", "YOUR-SBM-ID");
    const auto user = a.value(o.specter_api_user_id, "Specter apiUserId", "YOUR-API-USER-ID");
    std::ostringstream s;
    s << "      // Specter (plugin specter): plugins/specter/README.md lists every setting.\n"
         "      \"erp\": {\n"
         "        \"plugin\": \"specter\",\n"
         "        \"sbm_id\": " << json_text(sbm) << ",\n"
         "        \"api_user_id\": " << json_text(user) << ",\n"
         "        \"api_user_key\": " << secrets.reference("SPECTER_API_USER_KEY", "specter-api-user-key") << ",\n"
         "        \"integration_key\": " << secrets.reference("SPECTER_INTEGRATION_KEY", "specter-integration-key") << "\n"
         "        // \"orders_as\": \"invoice\",   // shop orders become invoices instead of orders\n"
         "      },\n";
    return s.str();
}

std::string visma_block(Answers& a, const InitOptions& o, Secrets& secrets) {
    const auto library = a.value(o.visma_adk_library, "Path of Visma's Adk.dll",
                                 "C:/Program Files (x86)/SPCS/SPCS Administration/Gemensamma filer/Adk.dll");
    const auto system = a.value(o.visma_system_path, "Visma's 'Gemensamma filer' folder",
                                "C:/ProgramData/SPCS/SPCS Administration/Gemensamma filer");
    const auto company = a.value(o.visma_company_path, "The company folder", "C:/ProgramData/SPCS/SPCS Administration/Företag/FTG1");
    // Only a company with login activated needs the password: the reference stays a comment.
    const auto password = secrets.reference("VISMA_PASSWORD", "visma-password");
    secrets.needed.pop_back();
    std::ostringstream s;
    s << "      // Visma Administration through its ADK (plugin visma): docs/visma-on-windows.md tells\n"
         "      // how it runs under Wine on Linux, plugins/visma/README.md lists every setting.\n"
         "      \"erp\": {\n"
         "        \"plugin\": \"visma\",\n"
         "        \"adk_library\": " << json_text(library) << ",\n"
         "        \"system_path\": " << json_text(system) << ",\n"
         "        \"company_path\": " << json_text(company) << "\n"
         "        // When the company has login activated:\n"
         "        // , \"user\": \"skarv\", \"password\": " << password << "\n"
         "      },\n";
    return s.str();
}

}  // namespace

int run_init(const InitOptions& options) {
    const std::filesystem::path output(options.output);
    if (std::filesystem::exists(output) && !options.force) {
        std::cerr << "skarv init: " << output.string() << " exists; pass --force to overwrite it\n";
        return 1;
    }
    Answers a(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
    std::string shop, erp, flow, credentials;
    try {
        shop = a.choose(options.shop, "Web shop", {"norce"}, "--shop");
        erp = a.choose(options.erp, "ERP", {"specter", "visma"}, "--erp");
        flow = a.choose(options.flow, "Flow: erp (the ERP leads products, prices, stock), ecom (the shop leads products), "
                                      "combo (the shop leads products, the ERP prices and stock)",
                        {"erp", "ecom", "combo"}, "--flow");
        credentials = a.choose(options.credentials, "Credentials from", {"env", "file"}, "--credentials");
    } catch (const std::invalid_argument& e) {
        std::cerr << "skarv init: " << e.what() << "\n";
        return 2;
    }
    const auto plugin_dir = options.plugin_dir.empty() ? host::default_plugin_dir().string() : options.plugin_dir;
    Secrets secrets{credentials, options.secrets_dir.empty() ? "/etc/skarv/secrets" : options.secrets_dir, {}};

    std::ostringstream c;
    try {
        c << "// Skarv configuration written by `skarv init` (" << shop << " + " << erp << ", flow " << flow << ").\n"
             "// `skarv check --config " << output.filename().string() << "` validates it; docs/config.md describes every key.\n"
             "// Relative paths are relative to this file's folder. Secrets are not in this file: each\n"
             "// is read from " << (credentials == "env" ? "an environment variable" : "a file readable by skarv alone")
          << " ({\"$" << credentials << "\": ...}).\n"
             "{\n"
             "  \"plugin_dirs\": [" << json_text(plugin_dir) << "],\n"
             "  // Everything Skarv must not forget: cursors, id mappings, queue, reports, usage.\n"
             "  \"state_db\": " << json_text(options.state_db) << ",\n"
             "  // The dashboard and admin API need a token: `skarv token new` prints one and the line to add here:\n"
             "  // \"admin\": {\"tokens\": [{\"name\": \"ops\", \"sha256\": \"...\"}]},\n"
             "  \"connections\": [\n"
             "    {\n"
             "      \"name\": " << json_text(options.name) << ",\n"
             "      // erp: the ERP leads products, prices and stock; ecom: the shop leads products;\n"
             "      // combo: the shop leads products, the ERP prices and stock. Orders go to the ERP and\n"
             "      // their status back to the shop in all three (docs/config.md#flow-presets).\n"
             "      \"flow\": " << json_text(flow) << ",\n";
        c << norce_block(a, options, secrets);
        c << (erp == "specter" ? specter_block(a, options, secrets) : visma_block(a, options, secrets));
        c << "      // Seconds between passes, or a cron expression: {\"orders\": 60, \"stock\": \"*/5 * * * *\"}.\n"
             "      // Health calls an entity late after 3 intervals without a successful pass.\n"
             "      \"schedule\": {\"orders\": 60, \"status\": 300}\n"
             "    }\n"
             "  ]\n"
             "}\n";
    } catch (const std::exception& e) {
        std::cerr << "skarv init: " << e.what() << "\n";
        return 2;
    }

    if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path());
    auto temporary = output;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << c.str();
        if (!out.flush()) {
            std::cerr << "skarv init: cannot write " << temporary.string() << "\n";
            return 1;
        }
    }
    std::filesystem::rename(temporary, output);
    std::cout << "Wrote " << output.string() << ".\nBefore `skarv check --config " << output.string()
              << "` accepts it, provide:\n";
    for (const auto& n : secrets.needed) std::cout << "  - " << n << "\n";
    std::cout << "and replace the placeholder values (YOUR-...) with your own. docs/operating.md#quick-start-from-install-to-the-first-order goes on from here.\n";
    return 0;
}

}  // namespace skarv::cli
