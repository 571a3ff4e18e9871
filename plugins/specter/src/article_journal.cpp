#include "article_journal.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace specter {

namespace {
constexpr const char* kReaders[] = {"products", "prices"};
// Most entries one acknowledge reads per scan: an acknowledge covers one page, so one
// scan is the usual case.
constexpr std::size_t kAckScan = 500;

std::string queue_prefix(const std::string& reader) { return "articles/" + reader + "/q/"; }

// Zero-padded so that byte order is queue order.
std::string queue_key(const std::string& reader, int64_t seq) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%016lld", static_cast<long long>(seq));
    return queue_prefix(reader) + digits;
}

std::string index_key(const std::string& reader, const std::string& article_no) {
    return "articles/" + reader + "/at/" + article_no;
}

std::optional<int64_t> parse_seq(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string entry_json(const ArticleInfo& a) {
    return boost::json::serialize(boost::json::object{{"no", a.article_no}, {"main", a.main_article_no},
                                                      {"name", a.name}, {"price", a.price_ex_vat},
                                                      {"vat", a.vat_percent}, {"ean", a.bar_code},
                                                      {"weight", a.weight_kg}});
}

// The article number is the key in the old format and a field in the new one.
std::optional<ArticleInfo> from_json(const boost::json::value& v, const std::string& no, int64_t seq) {
    const auto* o = v.if_object();
    if (!o) return std::nullopt;
    auto s = [&](const char* k) -> std::optional<std::string> {
        auto* f = o->if_contains(k);
        if (!f || !f->is_string()) return std::nullopt;
        return std::string(f->get_string());
    };
    auto article = no.empty() ? s("no") : std::optional<std::string>(no);
    auto main = s("main"), name = s("name"), price = s("price"), vat = s("vat"), ean = s("ean"), weight = s("weight");
    if (!article || article->empty() || !main || !name || !price || !vat || !ean || !weight) return std::nullopt;
    return ArticleInfo{*article, *main, *name, *price, *vat, *ean, *weight, seq};
}

std::optional<ArticleInfo> read_entry(const std::string& reader, const std::string& key, const std::string& text) {
    auto seq = parse_seq(std::string_view(key).substr(queue_prefix(reader).size()));
    if (!seq) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) return std::nullopt;
    return from_json(v, "", *seq);
}
}  // namespace

int64_t ArticleJournal::last_seq() const {
    auto text = host_.state_get("articles/seq");
    if (!text) return 0;
    if (auto seq = parse_seq(*text)) return *seq;
    // Starting at 0 again could put new changes behind old ones still queued: go on
    // after the highest queued instead. Reads both queues whole, but only on this path.
    int64_t highest = 0;
    for (const char* reader : kReaders) {
        const std::string prefix = queue_prefix(reader);
        std::string after;
        for (;;) {
            auto rows = host_.state_scan(prefix, after, kAckScan);
            for (const auto& [key, value] : rows)
                highest = std::max(highest, parse_seq(std::string_view(key).substr(prefix.size())).value_or(0));
            if (rows.size() < kAckScan) break;
            after = rows.back().first;
        }
    }
    host_.warn("the sequence of Specter article changes (state articles/seq) was unreadable; going on after the highest queued, " +
               std::to_string(highest));
    return highest;
}

void ArticleJournal::changed() const {
    std::lock_guard lock(memo_mutex_);
    ++generation_;
    handed_out_.reset();
}

std::optional<int64_t> ArticleJournal::indexed_seq(const std::string& reader, const std::string& article_no) const {
    {
        std::lock_guard lock(memo_mutex_);
        if (auto known = known_index_.find(reader); known != known_index_.end()) {
            auto at = known->second.find(article_no);
            if (at == known->second.end()) return std::nullopt;
            return at->second;
        }
    }
    auto text = host_.state_get(index_key(reader, article_no));
    return text ? parse_seq(*text) : std::nullopt;
}

void ArticleJournal::learn_empty_index(const std::string& reader) const {
    uint64_t generation = 0;
    {
        std::lock_guard lock(memo_mutex_);
        if (known_index_.count(reader)) return;
        generation = generation_;
    }
    if (!host_.state_scan("articles/" + reader + "/at/", "", 1).empty()) return;
    std::lock_guard lock(memo_mutex_);
    if (generation == generation_) known_index_.try_emplace(reader);
}

void ArticleJournal::forget_indexes() const {
    std::lock_guard lock(memo_mutex_);
    known_index_.clear();
}

void ArticleJournal::migrate_whole_queues() const {
    if (migrated_) return;
    forget_indexes();
    std::vector<skarv::HostServices::StateWrite> writes;
    for (const char* reader : kReaders) {
        const std::string old_key = std::string("articles/") + reader;
        auto text = host_.state_get(old_key);
        if (!text) continue;
        boost::system::error_code ec;
        auto v = boost::json::parse(*text, ec);
        if (ec || !v.is_object()) {
            // Left where it is for an operator to look at, and said on every start.
            host_.warn("the " + std::string(reader) + " queue of Specter article changes in the old format (state " + old_key +
                       ") is unreadable and was not carried over; the articles in it come again only when they change in Specter");
            continue;
        }
        std::size_t carried = 0;
        for (const auto& [no, entry] : v.get_object()) {
            const auto* e = entry.if_object();
            const auto* seq = e ? e->if_contains("seq") : nullptr;
            auto info = seq && seq->is_int64() ? from_json(entry, std::string(no), seq->get_int64()) : std::nullopt;
            if (!info) {
                host_.warn("article " + std::string(no) + " in the old " + reader +
                           " queue of Specter article changes is unreadable and was not carried over");
                continue;
            }
            // A change drained after the old format was last written is newer.
            auto current = host_.state_get(index_key(reader, info->article_no));
            if (current && parse_seq(*current).value_or(0) >= info->seq) continue;
            writes.emplace_back(queue_key(reader, info->seq), entry_json(*info));
            writes.emplace_back(index_key(reader, info->article_no), std::to_string(info->seq));
            ++carried;
        }
        writes.emplace_back(old_key, std::nullopt);
        changed();
        host_.info("carried " + std::to_string(carried) + " queued Specter article changes for " + reader +
                   " over to one state entry each");
    }
    host_.state_write_many(writes);
    migrated_ = true;
}

bool ArticleJournal::drain_once(int64_t limit) const {
    auto webshop = api_.config().catalogue_webshop();
    // An open batch is always delivered again: merging it twice changes nothing.
    auto batch = feed_.fetch(webshop, std::nullopt, limit);
    std::vector<ArticleInfo> infos;
    std::size_t items = 0;
    if (auto* articles = batch.answer.payload("articles"))
        for (auto* a : children(articles, "article")) {
            ++items;
            // [SEEN] articleNo, name, priceExclVat, barCode, productWeight (Prestaworks);
            // guess specter.main-article-no and specter.article-vat, docs/guesses.md.
            ArticleInfo info{child_text(a, "articleNo"), child_text(a, "mainArticleNo"), child_text(a, "name"),
                             a->getAttribute("priceExclVat"), a->getAttribute("vatPercent"),
                             a->getAttribute("barCode"), a->getAttribute("productWeight"), 0};
            if (info.article_no.empty()) continue;
            infos.push_back(std::move(info));
        }
    // One article twice in a batch: the later one is the newer change.
    {
        std::set<std::string> seen;
        std::vector<ArticleInfo> newest;
        for (auto it = infos.rbegin(); it != infos.rend(); ++it)
            if (seen.insert(it->article_no).second) newest.push_back(std::move(*it));
        infos.assign(std::make_move_iterator(newest.rbegin()), std::make_move_iterator(newest.rend()));
    }
    if (!infos.empty()) {
        // The whole batch -- both readers' entries, the variant links and the sequence --
        // is one commit, made before Specter is acknowledged.
        const int64_t seq = last_seq();
        std::vector<skarv::HostServices::StateWrite> writes;
        for (const char* reader : kReaders) {
            learn_empty_index(reader);
            int64_t s = seq;
            for (const auto& info : infos) {
                // Newest wins: the article's older entry, if still queued, goes.
                if (auto old_seq = indexed_seq(reader, info.article_no))
                    writes.emplace_back(queue_key(reader, *old_seq), std::nullopt);
                writes.emplace_back(queue_key(reader, ++s), entry_json(info));
                writes.emplace_back(index_key(reader, info.article_no), std::to_string(s));
            }
        }
        std::set<std::string> mains;
        for (const auto& info : infos)
            if (!info.main_article_no.empty() && mains.insert(info.main_article_no).second && !has_variants(info.main_article_no))
                writes.emplace_back("main_article/" + info.main_article_no, "1");
        writes.emplace_back("articles/seq", std::to_string(seq + static_cast<int64_t>(infos.size())));
        changed();
        try {
            host_.state_write_many(writes);
        } catch (...) {
            forget_indexes();   // whether it landed is unknown: ask the state again
            main_marks_.forget();
            throw;
        }
        for (const auto& [key, value] : writes)
            if (key.starts_with("main_article/")) main_marks_.wrote(key, value.has_value());
        std::lock_guard lock(memo_mutex_);
        for (auto& [reader, index] : known_index_) {
            int64_t s = seq;
            for (const auto& info : infos) index[info.article_no] = ++s;
        }
    }
    feed_.acknowledge(webshop, batch.batch_no);
    // [SEEN] this feed has no moreInfoToFetch: a full batch (responseMaxLimit) means more.
    auto max = child_text(batch.answer.xml ? batch.answer.xml->documentElement() : nullptr, "responseMaxLimit");
    int64_t full = max.empty() ? limit : std::atoll(max.c_str());
    return batch.more || (full > 0 && static_cast<int64_t>(items) >= full);
}

std::vector<ArticleInfo> ArticleJournal::page(const std::string& reader, int64_t limit, bool& more) const {
    if (limit <= 0) limit = 100;
    migrate_whole_queues();
    bool specter_more = true;
    // Everything Specter has pending, not just enough for a page: a main article and its
    // variants may come in different batches, and prices.read must know a main article
    // has variants before it pages it (see has_variants). Each batch costs state writes
    // in proportion to its size whatever the queue holds, so a large backlog is drained
    // in linear time over the pages; the bound keeps one read from running away.
    for (int i = 0; i < kDrainBatchesPerPage && specter_more && !host_.cancelled(); ++i)
        specter_more = drain_once(kDrainBatch);
    uint64_t generation = 0;
    {
        std::lock_guard lock(memo_mutex_);
        generation = generation_;
    }
    // One more than a page says whether the queue goes on, without counting it.
    auto rows = host_.state_scan(queue_prefix(reader), "", static_cast<std::size_t>(limit) + 1);
    more = specter_more || static_cast<int64_t>(rows.size()) > limit;
    if (static_cast<int64_t>(rows.size()) > limit) rows.resize(static_cast<std::size_t>(limit));
    std::vector<ArticleInfo> out;
    out.reserve(rows.size());
    for (const auto& [key, text] : rows) {
        auto info = read_entry(reader, key, text);
        if (!info) {
            // Its position still counts: the page's acknowledge removes it, once.
            host_.warn("the queued Specter article change in state " + key + " is unreadable and was skipped");
            auto seq = parse_seq(std::string_view(key).substr(queue_prefix(reader).size()));
            out.push_back(ArticleInfo{"", "", "", "", "", "", "", seq.value_or(0)});
            continue;
        }
        out.push_back(std::move(*info));
    }
    HandedOut handed{reader, generation, {}};
    handed.entries.reserve(out.size());
    for (const auto& a : out) handed.entries.emplace_back(a.seq, a.article_no);
    std::lock_guard lock(memo_mutex_);
    handed_out_ = std::move(handed);
    return out;
}

void ArticleJournal::acknowledge(const std::string& reader, int64_t seq) const {
    migrate_whole_queues();
    std::vector<skarv::HostServices::StateWrite> deletes;
    {
        // The usual case: the host acknowledges exactly the page it was just given, and
        // that page was the head of the queue, so it is all there is up to `seq`.
        std::unique_lock lock(memo_mutex_);
        if (handed_out_ && handed_out_->reader == reader && handed_out_->generation == generation_ &&
            !handed_out_->entries.empty() && handed_out_->entries.back().first == seq) {
            for (const auto& [entry_seq, article_no] : handed_out_->entries) {
                deletes.emplace_back(queue_key(reader, entry_seq), std::nullopt);
                if (!article_no.empty()) deletes.emplace_back(index_key(reader, article_no), std::nullopt);
            }
            ++generation_;
            auto handed = std::move(*handed_out_);
            handed_out_.reset();
            lock.unlock();
            host_.state_write_many(deletes);
            lock.lock();
            if (auto known = known_index_.find(reader); known != known_index_.end())
                for (const auto& [entry_seq, article_no] : handed.entries) known->second.erase(article_no);
            return;
        }
    }
    std::vector<std::string> unindexed;
    const std::string prefix = queue_prefix(reader);
    std::string after;
    for (bool done = false; !done;) {
        auto rows = host_.state_scan(prefix, after, kAckScan);
        done = rows.size() < kAckScan;
        for (const auto& [key, text] : rows) {
            auto entry_seq = parse_seq(std::string_view(key).substr(prefix.size()));
            if (entry_seq && *entry_seq > seq) {
                done = true;
                break;
            }
            deletes.emplace_back(key, std::nullopt);
            // Every queued entry is its article's newest (older ones go as newer come),
            // so its index points at it.
            if (auto info = read_entry(reader, key, text)) {
                deletes.emplace_back(index_key(reader, info->article_no), std::nullopt);
                unindexed.push_back(info->article_no);
            }
            after = key;
        }
    }
    changed();
    host_.state_write_many(deletes);
    std::lock_guard lock(memo_mutex_);
    if (auto known = known_index_.find(reader); known != known_index_.end())
        for (const auto& no : unindexed) known->second.erase(no);
}

bool ArticleJournal::has_variants(const std::string& article_no) const {
    const std::string key = "main_article/" + article_no;
    return main_marks_.may_exist(host_, key) && host_.state_get(key).has_value();
}

void ArticleJournal::note_variants(const std::string& main_article_no) const {
    if (has_variants(main_article_no)) return;
    const std::string key = "main_article/" + main_article_no;
    try {
        host_.state_set(key, "1");
    } catch (...) {
        main_marks_.forget();
        throw;
    }
    main_marks_.wrote(key, true);
}

}  // namespace specter
