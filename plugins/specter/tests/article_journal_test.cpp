// Issue #14: the article journal keeps each reader's queue one state entry an article
// (articles/<reader>/q/<seq>, with an index articles/<reader>/at/<articleNo>), so what a
// page costs does not depend on how long the queue is. Through specter.so, against the
// Specter emulator; assertions are on what the host's state and the emulator hold.
#include <cstdio>
#include <map>
#include <set>

#include "plugin_fixture.hpp"

using namespace specter_plugin_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;

namespace {

const std::string kInstance = "specter-erp/";

std::string padded(int64_t seq) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%016lld", static_cast<long long>(seq));
    return digits;
}

// Counts what the plugin asks of its state: entries read (a get, or a row a scan
// returned) and commits (a set, or a whole set_many).
struct CountingState : skarv::host::MemoryPluginState {
    std::size_t reads = 0;
    std::size_t bytes_read = 0;
    std::size_t commits = 0;
    std::size_t entries_written = 0;

    std::optional<std::string> get(const std::string& instance, const std::string& key) override {
        ++reads;
        auto v = MemoryPluginState::get(instance, key);
        if (v) bytes_read += v->size();
        return v;
    }
    std::vector<std::pair<std::string, std::string>> scan(const std::string& instance, const std::string& prefix,
                                                          const std::string& after, std::size_t limit) override {
        auto rows = MemoryPluginState::scan(instance, prefix, after, limit);
        reads += rows.size();
        for (const auto& [k, v] : rows) bytes_read += v.size();
        return rows;
    }
    void set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) override {
        ++commits;
        ++entries_written;
        MemoryPluginState::set(instance, key, value);
    }
    void set_many(const std::string& instance, const std::vector<StateWrite>& writes) override {
        ++commits;
        entries_written += writes.size();
        for (const auto& [key, value] : writes) MemoryPluginState::set(instance, key, value);
    }
    void reset() { reads = bytes_read = commits = entries_written = 0; }
};

struct SpecterArticleJournal : SpecterPluginFixture {
    // The keys of `reader`'s queue in `s`, in order, without the instance.
    static std::vector<std::string> queue(const skarv::host::MemoryPluginState& s, const std::string& reader) {
        const std::string prefix = kInstance + "articles/" + reader + "/q/";
        std::vector<std::string> out;
        for (auto it = s.values.lower_bound(prefix); it != s.values.end() && it->first.starts_with(prefix); ++it)
            out.push_back(it->first.substr(kInstance.size()));
        return out;
    }
    std::vector<std::string> queue(const std::string& reader) const { return queue(state, reader); }
    std::optional<std::string> held(const std::string& key) const {
        auto it = state.values.find(kInstance + key);
        return it == state.values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }

    // One prices page, not acknowledged: sku -> öre, in the order given.
    std::vector<std::pair<std::string, int64_t>> prices_page(PluginInstance& p, int64_t limit, boost::json::value* cursor = nullptr) {
        auto r = p.call({{"op", "prices.read"}, {"cursor", nullptr}, {"limit", limit}});
        EXPECT_TRUE(r.ok()) << r.message();
        std::vector<std::pair<std::string, int64_t>> out;
        if (!r.ok()) return out;
        for (const auto& rec : r.document.at("records").as_array()) {
            auto price = skarv::model::read_price(rec);
            out.emplace_back(price.sku, price.price_ex_vat.minor());
        }
        if (cursor) *cursor = r.document.at("cursor");
        return out;
    }
    void ack(PluginInstance& p, const char* entity, const boost::json::value& cursor) {
        auto r = p.call({{"op", std::string(entity) + ".ack"}, {"cursor", cursor}});
        ASSERT_TRUE(r.ok()) << r.message();
    }
    // Both readers paged and acknowledged to the end: Specter and both queues empty.
    void drain_everything(PluginInstance& p) {
        for (const char* entity : {"products", "prices"})
            for (int page = 0; page < 100; ++page) {
                auto r = p.call({{"op", std::string(entity) + ".read"}, {"cursor", nullptr}, {"limit", 100}});
                ASSERT_TRUE(r.ok()) << r.message();
                ack(p, entity, r.document.at("cursor"));
                if (r.document.at("more") != true) break;
            }
        ASSERT_EQ(emu.pending(SpecterFeed::article_info, "1"), 0u);
        ASSERT_TRUE(queue("products").empty());
        ASSERT_TRUE(queue("prices").empty());
    }
    std::string a_variant() const {
        for (const auto& a : emu.articles())
            if (!a.main_article_no.empty()) return a.article_no;
        return "";
    }
};

}  // namespace

TEST_F(SpecterArticleJournal, EachReaderQueuesOneEntryAnArticleInFeedOrder) {
    const auto articles = emu.articles();
    boost::json::value cursor;
    auto page = prices_page(*plugin, 3, &cursor);

    for (const char* reader : {"products", "prices"}) {
        auto keys = queue(reader);
        ASSERT_EQ(keys.size(), articles.size()) << reader;
        std::set<int64_t> seqs;
        for (const auto& a : articles) {
            // The index names the article's one entry, and that entry is this article.
            auto at = held(std::string("articles/") + reader + "/at/" + a.article_no);
            ASSERT_TRUE(at) << reader << " " << a.article_no;
            seqs.insert(std::stoll(*at));
            auto entry = held(std::string("articles/") + reader + "/q/" + padded(std::stoll(*at)));
            ASSERT_TRUE(entry) << a.article_no;
            EXPECT_EQ(boost::json::parse(*entry).at("no"), a.article_no.c_str());
        }
        EXPECT_EQ(seqs.size(), articles.size());
        EXPECT_EQ(*seqs.begin(), 1);
        EXPECT_EQ(*seqs.rbegin(), static_cast<int64_t>(articles.size()));
    }
    EXPECT_EQ(held("articles/seq"), std::to_string(articles.size()));
    EXPECT_FALSE(held("articles/products"));   // no whole-queue document
    EXPECT_FALSE(held("articles/prices"));

    // The page is the queue's three oldest entries: the cursor names the third, and the
    // prices given (main articles with variants have none) come in queue order.
    EXPECT_EQ(cursor.at("upto"), 3);
    int64_t last = 0;
    for (const auto& [sku, minor] : page) {
        auto seq = std::stoll(*held("articles/prices/at/" + sku));
        EXPECT_LE(seq, 3) << sku;
        EXPECT_GT(seq, last) << sku;
        last = seq;
        EXPECT_EQ(minor, emu.article(sku)->price_ex_vat) << sku;
    }
}

TEST_F(SpecterArticleJournal, TheNewestChangeOfAnArticleReplacesItsQueuedOne) {
    drain_everything(*plugin);
    const auto variant = a_variant();
    emu.set_article_price(variant, 11100);
    auto first = prices_page(*plugin, 10);   // not acknowledged: the host lost it
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0], std::make_pair(variant, int64_t{11100}));
    const auto first_seq = std::stoll(*held("articles/prices/at/" + variant));

    emu.set_article_price(variant, 22200);
    auto second = prices_page(*plugin, 10);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0], std::make_pair(variant, int64_t{22200}));
    ASSERT_EQ(queue("prices").size(), 1u);
    const auto second_seq = std::stoll(*held("articles/prices/at/" + variant));
    EXPECT_GT(second_seq, first_seq);
    EXPECT_EQ(queue("prices")[0], "articles/prices/q/" + padded(second_seq));
    EXPECT_EQ(queue("products").size(), 1u);
}

TEST_F(SpecterArticleJournal, AcknowledgeDropsTheEntriesUpToTheCursorAndTheirIndexOnly) {
    const auto total = emu.articles().size();
    boost::json::value cursor;
    prices_page(*plugin, 4, &cursor);
    ASSERT_EQ(cursor.at("upto"), 4);
    std::vector<std::string> first_four;
    for (const auto& a : emu.articles())
        if (std::stoll(*held("articles/prices/at/" + a.article_no)) <= 4) first_four.push_back(a.article_no);
    ASSERT_EQ(first_four.size(), 4u);

    ack(*plugin, "prices", cursor);
    auto keys = queue("prices");
    ASSERT_EQ(keys.size(), total - 4);
    EXPECT_EQ(keys.front(), "articles/prices/q/" + padded(5));
    for (const auto& no : first_four) EXPECT_FALSE(held("articles/prices/at/" + no)) << no;
    EXPECT_EQ(queue("products").size(), total);   // the other reader's queue is its own

    // The next page starts after the acknowledged ones.
    prices_page(*plugin, 100, &cursor);
    EXPECT_EQ(cursor.at("upto"), static_cast<int64_t>(total));
}

TEST_F(SpecterArticleJournal, ACrashBetweenStoringABatchAndAcknowledgingSpecterDeliversEachArticleOnce) {
    // The batch is fetched and stored, then the acknowledge to Specter fails: the
    // connector stopped between its state commit and Specter's acknowledge.
    FaultRule f;
    f.kind = FaultKind::server_error;
    f.path = "/getInfo.asp";
    f.skip = 1;
    f.times = 1;
    emu.http().faults().add(f);
    auto failed = call({{"op", "prices.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_FALSE(failed.ok()) << all_text(failed);
    ASSERT_TRUE(emu.open_batch(SpecterFeed::article_info, "1"));
    const auto stored = queue("prices").size();
    ASSERT_GT(stored, 0u);

    // Specter delivers the open batch again; merged, each article is queued once.
    std::map<std::string, int64_t> prices;
    for (int page = 0; page < 20; ++page) {
        boost::json::value cursor;
        for (const auto& [sku, minor] : prices_page(*plugin, 3, &cursor)) {
            EXPECT_EQ(prices.count(sku), 0u) << sku << " twice";
            prices[sku] = minor;
        }
        if (page == 0) {
            EXPECT_EQ(queue("prices").size(), stored);
        }
        ack(*plugin, "prices", cursor);
        if (queue("prices").empty() && emu.pending(SpecterFeed::article_info, "1") == 0) break;
    }
    EXPECT_FALSE(emu.open_batch(SpecterFeed::article_info, "1"));
    for (const auto& a : emu.articles()) {
        bool main_with_variants = false;
        for (const auto& b : emu.articles()) main_with_variants = main_with_variants || b.main_article_no == a.article_no;
        if (main_with_variants) continue;
        ASSERT_EQ(prices.count(a.article_no), 1u) << a.article_no;
        EXPECT_EQ(prices.at(a.article_no), a.price_ex_vat) << a.article_no;
    }
}

TEST_F(SpecterArticleJournal, AQueueInTheOldWholeDocumentFormatIsCarriedOverOnFirstUse) {
    drain_everything(*plugin);
    // What a release before issue #14 left: each reader's queue one JSON object.
    auto entry = [](const char* price, int64_t seq) {
        return boost::json::object{{"main", ""}, {"name", "Gammal"}, {"price", price}, {"vat", "25.00"},
                                   {"ean", ""}, {"weight", ""}, {"seq", seq}};
    };
    const boost::json::object old{{"OLD-2", entry("200.00", 41)}, {"OLD-1", entry("100.50", 40)}};
    state.values[kInstance + "articles/prices"] = boost::json::serialize(old);
    state.values[kInstance + "articles/products"] = boost::json::serialize(old);
    state.values[kInstance + "articles/seq"] = "41";
    plugin = make(config());   // an upgraded connector, started on that state

    boost::json::value cursor;
    auto page = prices_page(*plugin, 10, &cursor);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0], std::make_pair(std::string("OLD-1"), int64_t{10050}));
    EXPECT_EQ(page[1], std::make_pair(std::string("OLD-2"), int64_t{20000}));
    EXPECT_FALSE(held("articles/prices"));
    EXPECT_FALSE(held("articles/products"));
    EXPECT_EQ(queue("prices"), (std::vector<std::string>{"articles/prices/q/" + padded(40), "articles/prices/q/" + padded(41)}));
    EXPECT_EQ(queue("products").size(), 2u);
    EXPECT_EQ(held("articles/prices/at/OLD-1"), "40");

    // Changes after the upgrade queue behind the carried ones.
    ack(*plugin, "prices", cursor);
    const auto variant = a_variant();
    emu.set_article_price(variant, 33300);
    page = prices_page(*plugin, 10, &cursor);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0], std::make_pair(variant, int64_t{33300}));
    EXPECT_EQ(cursor.at("upto"), 42);
}

TEST_F(SpecterArticleJournal, AnUnreadableOldQueueIsLeftInPlaceAndSaidSo) {
    drain_everything(*plugin);
    state.values[kInstance + "articles/products"] = "{\"B1\": {\"main\"";
    plugin = make(config());
    auto r = call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(held("articles/products"), "{\"B1\": {\"main\"");
    bool said = false;
    for (const auto& line : log_lines) said = said || line.find("state articles/products") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST_F(SpecterArticleJournal, APageReadsAsMuchStateWhateverTheQueueLength) {
    drain_everything(*plugin);   // Specter has nothing pending for the instances below
    const int64_t limit = 50;
    struct Cost {
        std::size_t reads, bytes_read, page_commits, ack_commits, ack_entries, drain_commits, drain_reads;
    };
    auto measure = [&](int queued, int64_t price) {
        CountingState counted;
        for (int i = 1; i <= queued; ++i) {
            char no[16];
            std::snprintf(no, sizeof no, "ART%06d", i);
            counted.values[kInstance + "articles/prices/q/" + padded(i)] = boost::json::serialize(boost::json::object{
                {"no", no}, {"main", ""}, {"name", "Vara"}, {"price", "10.00"}, {"vat", "25.00"}, {"ean", ""}, {"weight", ""}});
            counted.values[kInstance + "articles/prices/at/" + no] = std::to_string(i);
        }
        counted.values[kInstance + "articles/seq"] = std::to_string(queued);
        auto p = make(config(), "specter-erp", &counted);
        counted.reset();
        auto r = p->call({{"op", "prices.read"}, {"cursor", nullptr}, {"limit", limit}});
        EXPECT_TRUE(r.ok()) << r.message();
        EXPECT_EQ(r.document.at("records").as_array().size(), static_cast<std::size_t>(limit));
        EXPECT_EQ(r.document.at("more"), true);
        Cost c{counted.reads, counted.bytes_read, counted.commits, 0, 0, 0, 0};
        counted.reset();
        EXPECT_TRUE(p->call({{"op", "prices.ack"}, {"cursor", r.document.at("cursor")}}).ok());
        c.ack_commits = counted.commits;
        c.ack_entries = counted.entries_written;
        EXPECT_EQ(queue(counted, "prices").size(), static_cast<std::size_t>(queued - limit));
        // One change in Specter: draining it is one commit, whatever is queued.
        emu.set_article_price(a_variant(), price);
        counted.reset();
        EXPECT_TRUE(p->call({{"op", "prices.read"}, {"cursor", nullptr}, {"limit", 1}}).ok());
        c.drain_commits = counted.commits;
        c.drain_reads = counted.reads;
        return c;
    };
    const auto small = measure(100, 10000);
    const auto large = measure(5000, 10100);

    EXPECT_EQ(small.reads, large.reads);
    EXPECT_EQ(small.bytes_read, large.bytes_read);
    EXPECT_LE(large.reads, static_cast<std::size_t>(3 * limit + 10));   // a page and its price checks, not the queue
    EXPECT_EQ(large.page_commits, 0u);
    EXPECT_EQ(large.ack_commits, 1u);
    EXPECT_EQ(large.ack_entries, static_cast<std::size_t>(2 * limit));   // each entry and its index
    EXPECT_EQ(large.drain_commits, 1u);
    EXPECT_EQ(small.drain_reads, large.drain_reads);
}

TEST_F(SpecterArticleJournal, AnUnreadableSequenceGoesOnAfterTheHighestQueuedEntry) {
    const auto total = static_cast<int64_t>(emu.articles().size());
    prices_page(*plugin, 1);   // everything queued, nothing acknowledged
    state.values[kInstance + "articles/seq"] = "x!";
    const auto variant = a_variant();
    emu.set_article_price(variant, 44400);
    prices_page(*plugin, 1);
    EXPECT_EQ(held("articles/prices/at/" + variant), std::to_string(total + 1));
    EXPECT_EQ(held("articles/seq"), std::to_string(total + 1));
    EXPECT_EQ(queue("prices").size(), static_cast<std::size_t>(total));   // the variant's older entry replaced
    bool said = false;
    for (const auto& line : log_lines) said = said || line.find("state articles/seq") != std::string::npos;
    EXPECT_TRUE(said);
}

// A products page: the drained Specter batch is one commit, the page's product cache
// (product/<main>, one key a main article) another, however many products it holds.
TEST_F(SpecterArticleJournal, AProductsPageIsOneCommitForTheBatchAndOneForItsProducts) {
    CountingState counted;
    auto p = make(config(), "specter-erp", &counted);
    auto r = p->call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    std::size_t mains = 0;
    for (const auto& a : emu.articles())
        if (a.main_article_no.empty()) {
            ++mains;
            EXPECT_TRUE(counted.values.contains(kInstance + "product/" + a.article_no)) << a.article_no;
        }
    ASSERT_GT(mains, 1u);
    EXPECT_EQ(r.document.at("records").as_array().size(), mains);
    EXPECT_EQ(counted.commits, 2u);
}

TEST_F(SpecterArticleJournal, AnAcknowledgeOfThePageJustReadReadsNoStateAgain) {
    // The acknowledge that follows its page deletes what that page handed out, from
    // memory: reading the queue a second time cost as much as the page itself.
    CountingState counted;
    auto p = make(config(), "specter-erp", &counted);
    const auto total = emu.articles().size();
    boost::json::value cursor;
    prices_page(*p, 4, &cursor);
    std::vector<std::string> first_four;
    for (const auto& a : emu.articles())
        if (std::stoll(counted.values.at(kInstance + "articles/prices/at/" + a.article_no)) <= 4) first_four.push_back(a.article_no);
    ASSERT_EQ(first_four.size(), 4u);

    counted.reset();
    ack(*p, "prices", cursor);
    EXPECT_EQ(counted.reads, 0u);
    EXPECT_EQ(counted.commits, 1u);
    EXPECT_EQ(counted.entries_written, 8u);   // four entries and their index
    auto keys = queue(counted, "prices");
    ASSERT_EQ(keys.size(), total - 4);
    EXPECT_EQ(keys.front(), "articles/prices/q/" + padded(5));
    for (const auto& no : first_four) EXPECT_FALSE(counted.values.count(kInstance + "articles/prices/at/" + no)) << no;
    EXPECT_EQ(queue(counted, "products").size(), total);
}

TEST_F(SpecterArticleJournal, AnAcknowledgeAfterAnotherDrainKeepsTheNewerEntryOfAnArticle) {
    // Between a prices page and its acknowledge, a products page drained a newer change
    // of an article on that prices page: the newer entry replaced the paged one, and the
    // acknowledge must not take the newer one's index with it.
    drain_everything(*plugin);
    const auto variant = a_variant();
    emu.set_article_price(variant, 11100);
    boost::json::value cursor;
    auto page = prices_page(*plugin, 10, &cursor);
    ASSERT_EQ(page.size(), 1u);
    const auto paged_seq = std::stoll(*held("articles/prices/at/" + variant));
    ASSERT_EQ(cursor.at("upto"), paged_seq);

    emu.set_article_price(variant, 22200);
    auto r = plugin->call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto newer_seq = std::stoll(*held("articles/prices/at/" + variant));
    ASSERT_GT(newer_seq, paged_seq);

    ack(*plugin, "prices", cursor);
    EXPECT_EQ(queue("prices"), std::vector<std::string>{"articles/prices/q/" + padded(newer_seq)});
    EXPECT_EQ(held("articles/prices/at/" + variant), std::to_string(newer_seq));
    auto again = prices_page(*plugin, 10);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0], std::make_pair(variant, int64_t{22200}));
}

TEST_F(SpecterArticleJournal, DrainingIntoAnEmptyQueueReadsNoIndexEntryAnArticle) {
    // An index found empty is known whole in memory from then on: a first sync does not
    // ask the state whether each of its articles is already queued (issue #14's CPU).
    CountingState counted;
    auto p = make(config(), "specter-erp", &counted);
    const auto total = emu.articles().size();
    ASSERT_GT(total, 10u);
    auto r = p->call({{"op", "prices.read"}, {"cursor", nullptr}, {"limit", 1}});
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(queue(counted, "prices").size(), total);
    // What is read: the page and the main-article marks of the variants, not an index
    // entry an article and reader.
    std::size_t mains = 0;
    for (const auto& a : emu.articles()) mains += a.main_article_no.empty() ? 0 : 1;
    EXPECT_LE(counted.reads, mains + 2);

    // And the newest change still replaces a queued one, from what memory knows.
    const auto variant = a_variant();
    const auto before = std::stoll(counted.values.at(kInstance + "articles/prices/at/" + variant));
    emu.set_article_price(variant, 33300);
    ASSERT_TRUE(p->call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 1}}).ok());
    const auto after = std::stoll(counted.values.at(kInstance + "articles/prices/at/" + variant));
    EXPECT_GT(after, before);
    EXPECT_FALSE(counted.values.count(kInstance + "articles/prices/q/" + padded(before)));
    EXPECT_EQ(queue(counted, "prices").size(), total);
}

TEST_F(SpecterArticleJournal, AFirstProductsPageReadsNothingButItsOwnQueueEntries) {
    // On a first sync no product cache (product/<main>) and no main-article mark exists
    // yet; the connector knows it from one look at each prefix and asks for none of them
    // a record (issue #14's CPU). What it reads is the page itself.
    CountingState counted;
    auto p = make(config(), "specter-erp", &counted);
    const auto total = emu.articles().size();
    ASSERT_LT(total, 100u);
    auto r = p->call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    // Besides the page: the sequence and the two old-format queues, once an instance.
    EXPECT_LE(counted.reads, total + 3);

    // The next page of a changed variant finds its product's cache, which it just wrote.
    ack(*p, "products", r.document.at("cursor"));
    const auto variant = a_variant();
    emu.set_article_price(variant, 12300);
    counted.reset();
    auto again = p->call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_TRUE(again.ok()) << again.message();
    const auto& records = again.document.at("records").as_array();
    ASSERT_EQ(records.size(), 1u);
    const auto product = skarv::model::read_product(records[0]);
    std::size_t siblings = 0;
    std::string main;
    for (const auto& a : emu.articles())
        if (a.article_no == variant) main = a.main_article_no;
    for (const auto& a : emu.articles()) siblings += a.main_article_no == main ? 1 : 0;
    EXPECT_EQ(product.article_number, main);
    EXPECT_EQ(product.variants.size(), siblings);   // the whole product, from the cache
    EXPECT_GE(counted.reads, 2u);                    // its queue entry and its cache
}
