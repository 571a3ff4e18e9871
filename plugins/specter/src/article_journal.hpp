#pragma once
// Specter has one article-info feed, but two readers want it: products.read and
// prices.read. Whoever acknowledged a Specter batch would take the changes from the
// other, so the connector drains the feed itself into one durable queue per reader in
// the host's state (keyed by article, the newest change wins), acknowledges Specter only
// after that hand-off, and each reader pages and acknowledges its own queue.
// Re-fetching an open batch after a crash merges the same changes again: harmless.
//
// The queue grows with the catalogue (50k articles on a first sync), so it is one state
// entry an article, never one document read and rewritten whole:
//   articles/<reader>/q/<seq, 16 digits>   the change (JSON), in queue order
//   articles/<reader>/at/<articleNo>       the seq of that article's queued change
//   articles/seq                           the last seq handed out
// A drained batch is one state_write_many; a page is one state_scan of `limit` + 1
// entries; an acknowledge deletes its entries in one state_write_many. What a page costs
// therefore does not depend on how long the queue is.

#include <cstdint>
#include <mutex>
#include <map>
#include <optional>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <skarv/plugin.hpp>
#include <skarv/state_presence.hpp>

#include "feed_batches.hpp"

namespace specter {

// One article as the article-info feed describes it (strings as Specter sent them).
struct ArticleInfo {
    std::string article_no;
    std::string main_article_no;   // set on a variant
    std::string name;
    std::string price_ex_vat;      // "123.45"
    std::string vat_percent;       // "25.00"
    std::string bar_code;
    std::string weight_kg;
    int64_t seq = 0;               // position in the reader's queue
};

class ArticleJournal {
public:
    ArticleJournal(const ApiClient& api, skarv::HostServices host)
        : api_(api), host_(host), feed_(api, host, Feed::article_info) {}

    // Drains what Specter has pending into every reader's queue (at most
    // kDrainBatchesPerPage batches), then returns up to `limit` of `reader`'s oldest
    // entries. `more` is set when entries or Specter batches are left. An entry whose
    // stored form is unreadable comes with an empty article_no (warned about): skip it,
    // but count its seq so the acknowledge removes it.
    std::vector<ArticleInfo> page(const std::string& reader, int64_t limit, bool& more) const;
    // Drops `reader`'s entries up to `seq` (those the host has recorded).
    void acknowledge(const std::string& reader, int64_t seq) const;

    // Whether `article_no` is a main article with variants (huvudartikel), as far as this
    // connector has seen: a variant in the feed named it, or products.write linked
    // variants to it. Such an article is no SKU of its own in a shop.
    bool has_variants(const std::string& article_no) const;
    void note_variants(const std::string& main_article_no) const;

    // Specter batches drained per page at most, and the size asked of each.
    static constexpr int kDrainBatchesPerPage = 10;
    static constexpr int64_t kDrainBatch = 100;

private:
    // Before one entry an article, each reader's queue was one JSON object under
    // articles/<reader>; carried over once, on first use.
    void migrate_whole_queues() const;
    int64_t last_seq() const;
    bool drain_once(int64_t limit) const;

    // The entries the last page() handed out, so that its acknowledge deletes them (and
    // their index entries) without reading the queue again: that second read cost as
    // much as the page itself. Valid only while nothing changed the queues since (the
    // generation counts this journal's own writes; the host's state lock keeps other
    // processes out, and only this journal writes these keys).
    struct HandedOut {
        std::string reader;
        uint64_t generation = 0;
        std::vector<std::pair<int64_t, std::string>> entries;   // seq, article no ("" if unreadable)
    };
    void changed() const;

    // Where `article_no` sits in `reader`'s queue, if it is queued.
    std::optional<int64_t> indexed_seq(const std::string& reader, const std::string& article_no) const;
    // A reader's index found empty is known whole from then on, in memory: only this
    // journal writes it. On a first sync that saves a state read an article and reader.
    void learn_empty_index(const std::string& reader) const;
    void forget_indexes() const;

    const ApiClient& api_;
    skarv::HostServices host_;
    FeedBatches feed_;
    mutable bool migrated_ = false;
    mutable std::mutex memo_mutex_;
    mutable uint64_t generation_ = 0;                  // guarded by memo_mutex_
    mutable std::optional<HandedOut> handed_out_;      // guarded by memo_mutex_
    // reader -> its whole index (article no -> seq), for the readers known whole;
    // guarded by memo_mutex_. At most one entry an article, as the index itself.
    mutable std::map<std::string, std::unordered_map<std::string, int64_t>> known_index_;
    // main_article/<no> marks: on a catalogue without variants none exist, and prices.read
    // need not ask for each article.
    mutable skarv::KeysWrittenUnder main_marks_{"main_article/"};
};

}  // namespace specter
