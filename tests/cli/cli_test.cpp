// The skarv binary as a user meets it: exit codes, listings, messages.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>

namespace {

struct Run {
    int status;
    std::string output;   // stdout and stderr together
};

Run skarv(const std::string& args) {
    std::string command = std::string(SKARV_BIN) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string write_config(const std::string& name, const std::string& text) {
    auto dir = std::filesystem::temp_directory_path() / ("skarv-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    std::ofstream(path) << text;
    return path.string();
}

const std::string good_dir = SKARV_GOOD_TEST_PLUGIN_DIR;
const std::string refused_dir = SKARV_REFUSED_TEST_PLUGIN_DIR;

}  // namespace

TEST(Cli, VersionAndHelp) {
    auto v = skarv("--version");
    EXPECT_EQ(v.status, 0);
    EXPECT_NE(v.output.find("skarv 0.1.0 (plugin ABI 1.1)"), std::string::npos) << v.output;
    auto h = skarv("--help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.output.find("plugins"), std::string::npos);
    EXPECT_NE(h.output.find("check"), std::string::npos);
    auto ph = skarv("plugins --help");
    EXPECT_EQ(ph.status, 0);
    EXPECT_NE(ph.output.find("--plugin-dir"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(skarv("").status, 2);
    EXPECT_EQ(skarv("frobnicate").status, 2);
    EXPECT_EQ(skarv("plugins --no-such-flag").status, 2);
    EXPECT_EQ(skarv("plugins --plugin-dir /nonexistent/dir").status, 2);
    EXPECT_EQ(skarv("check").status, 2);   // --config is required
}

TEST(Cli, PluginsListsLoadedOnesAndExitsZero) {
    auto r = skarv("plugins --plugin-dir " + good_dir);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("c-connector"), std::string::npos);
    EXPECT_NE(r.output.find("connector"), std::string::npos);
    EXPECT_NE(r.output.find("future-minor"), std::string::npos);
    EXPECT_EQ(r.output.find("refused"), std::string::npos);
}

TEST(Cli, PluginsWithARefusedOneExitsOneAndStillListsTheRest) {
    auto r = skarv("plugins --plugin-dir " + refused_dir + " --plugin-dir " + good_dir + " --json");
    EXPECT_EQ(r.status, 1);
    auto doc = boost::json::parse(r.output);
    int loaded = 0, refused = 0;
    for (const auto& p : doc.at("plugins").as_array()) {
        if (p.at("status") == "loaded") {
            ++loaded;
            EXPECT_TRUE(p.as_object().contains("abi"));
            EXPECT_TRUE(p.as_object().contains("version"));
            EXPECT_TRUE(p.as_object().contains("kind"));
        } else {
            ++refused;
            EXPECT_FALSE(p.at("reason").as_string().empty());
        }
    }
    EXPECT_EQ(loaded, 3);
    EXPECT_EQ(refused, 10);   // one per broken plugin in tests/plugins/CMakeLists.txt, and a text file
}

TEST(Cli, CheckAcceptsAValidConfig) {
    auto file = write_config("valid.json", R"({
      // comments are allowed
      "plugin_dirs": [")" + good_dir + R"("],
      "state_db": "skarv.db",
      "connections": [
        {"name": "main", "flow": "erp",
         "shop": {"plugin": "c-connector", "api_key": "0123456789", "base_url": "http://127.0.0.1:8080"},
         "erp": {"plugin": "c-connector", "api_key": "abcdefghij"},},
      ],
    })");
    auto r = skarv("check --config " + file);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("valid (1 connection(s))"), std::string::npos);
}

TEST(Cli, CheckReportsEveryProblemWithItsPath) {
    auto file = write_config("invalid.json", R"({
      "plugin_dirs": [")" + good_dir + R"("],
      "state_db": "skarv.db",
      "connections": [
        {"name": "main", "flow": "erp",
         "shop": {"plugin": "c-connector", "api_key": "short", "base_url": "ftp://x"},
         "erp": {"plugin": "c-connector"}},
        {"name": "second", "flow": "sideways", "shop": {"plugin": "nonesuch"}, "erp": {"plugin": "throwing"}}
      ]
    })");
    auto r = skarv("check --config " + file);
    EXPECT_EQ(r.status, 1);
    for (const char* expected : {"connections[0].erp.api_key: required",
                                 "connections[0].shop.api_key: shorter than 8 characters",
                                 "connections[0].shop.base_url: does not match ^https?://",
                                 "connections[1].flow: must be one of \"ecom\", \"erp\", \"combo\""})
        EXPECT_NE(r.output.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.output;
    // The secret that was given is never echoed.
    EXPECT_EQ(r.output.find("short\""), std::string::npos);

    auto file2 = write_config("invalid2.json", R"({
      "plugin_dirs": [")" + good_dir + R"("], "state_db": "x.db",
      "connections": [{"name": "second", "shop": {"plugin": "nonesuch"}, "erp": {"plugin": "throwing"}}]})");
    auto r2 = skarv("check --config " + file2 + " --json");
    EXPECT_EQ(r2.status, 1);
    auto doc = boost::json::parse(r2.output);
    EXPECT_EQ(doc.at("valid"), false);
    std::vector<std::string> paths;
    for (const auto& p : doc.at("problems").as_array()) paths.push_back(std::string(p.at("path").as_string()));
    EXPECT_EQ(paths, (std::vector<std::string>{"connections[0].shop.plugin", "connections[0].erp.plugin"}));
}

TEST(Cli, CheckOnMalformedOrMissingFile) {
    auto file = write_config("broken.json", R"({"plugin_dirs": [)");
    auto r = skarv("check --config " + file);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("is not valid JSON"), std::string::npos) << r.output;
    auto missing = skarv("check --config /nonexistent/skarv.json");
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.output.find("cannot read /nonexistent/skarv.json"), std::string::npos);
}

TEST(Cli, CheckConnectCreatesEachConnectorAndReportsItsRefusal) {
    auto file = write_config("connect.json", R"({
      "plugin_dirs": [")" + good_dir + R"("], "state_db": "never-created.db",
      "connections": [{"name": "main",
        "shop": {"plugin": "c-connector", "api_key": "0123456789"},
        "erp": {"plugin": "c-connector", "api_key": "abcdefghij", "op": "refuse"}}]})");
    EXPECT_EQ(skarv("check --config " + file).status, 0);   // the schema is satisfied
    auto r = skarv("check --config " + file + " --connect");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("connections[0].erp: plugin 'c-connector' refused config of 'main/erp': c-connector: config says refuse"),
              std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(file).parent_path() / "never-created.db"));
}

TEST(Cli, CheckRefusesSchedulesThatCannotWorkWithTheirPath) {
    auto file = write_config("schedules.json", R"({
      "plugin_dirs": [")" + good_dir + R"("], "state_db": "skarv.db", "timezone": "Mars/Olympus_Mons",
      "connections": [
        {"name": "main", "flow": "erp",
         "shop": {"plugin": "c-connector", "api_key": "0123456789", "base_url": "http://127.0.0.1:8080"},
         "erp": {"plugin": "c-connector", "api_key": "abcdefghij"},
         "schedule": {"orders": 9223372036854775807, "status": 0, "stock": "0 0 31 2 *", "stocks": 60}}]})");
    auto r = skarv("check --config " + file);
    EXPECT_EQ(r.status, 1);
    for (const char* expected : {"timezone: unknown time zone 'Mars/Olympus_Mons'",
                                 "connections[0].schedule.orders: must be seconds (from 1 to 31622400, 366 days)",
                                 "connections[0].schedule.status: must be seconds",
                                 "connections[0].schedule.stock: cron expression '0 0 31 2 *' never fires",
                                 "connections[0].schedule.stocks: no entity 'stocks'"})
        EXPECT_NE(r.output.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.output;

    auto good = write_config("stockholm.json", R"({
      "plugin_dirs": [")" + good_dir + R"("], "state_db": "skarv.db", "timezone": "Europe/Stockholm",
      "connections": [
        {"name": "main", "flow": "erp",
         "shop": {"plugin": "c-connector", "api_key": "0123456789", "base_url": "http://127.0.0.1:8080"},
         "erp": {"plugin": "c-connector", "api_key": "abcdefghij"},
         "schedule": {"orders": 31622400, "stock": "0 0 29 2 *"}}]})");
    auto ok = skarv("check --config " + good);
    EXPECT_EQ(ok.status, 0) << ok.output;
}

TEST(Cli, TheMachinesZoneIsNeededOnlyByCron) {
    auto text = [](const std::string& schedule) {
        return R"({"plugin_dirs": [")" + good_dir + R"("], "state_db": "skarv.db",
          "connections": [{"name": "main", "flow": "erp",
            "shop": {"plugin": "c-connector", "api_key": "0123456789", "base_url": "http://127.0.0.1:8080"},
            "erp": {"plugin": "c-connector", "api_key": "abcdefghij"}, "schedule": )" + schedule + "}]}";
    };
    auto check_with_tz = [](const std::string& tz, const std::string& file) {
        std::string command = "TZ=" + tz + " " + std::string(SKARV_BIN) + " check --config " + file + " 2>&1";
        FILE* pipe = popen(command.c_str(), "r");
        std::string out;
        std::array<char, 4096> buf{};
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
        int status = pclose(pipe);
        return ::Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
    };
    auto intervals = write_config("intervals.json", text(R"({"orders": 60})"));
    auto cron = write_config("cron.json", text(R"({"stock": "0 3 * * *"})"));
    EXPECT_EQ(check_with_tz("Nowhere/Bogus", intervals).status, 0);
    auto r = check_with_tz("Nowhere/Bogus", cron);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("cannot tell the machine's time zone"), std::string::npos) << r.output;
    EXPECT_EQ(check_with_tz(":Europe/Stockholm", cron).status, 0);
}

TEST(Cli, AStateDatabaseThatCannotBeReachedStopsTheStartNamingTheHostNotThePassword) {
    auto file = write_config("unreachable-state.json", R"({
      "plugin_dirs": [")" + good_dir + R"("],
      "state_db": "postgresql://skarv:Hemligt-L0senord@127.0.0.1:1/skarv_state",
      "connections": []
    })");
    auto r = skarv("sync --config " + file);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("postgresql://skarv@127.0.0.1:1/skarv_state: cannot connect to the state database"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("Hemligt-L0senord"), std::string::npos) << r.output;
}
