#include "article_journal.hpp"

#include <algorithm>

namespace specter {

namespace {
constexpr const char* kReaders[] = {"products", "prices"};

boost::json::object to_json(const ArticleInfo& a, int64_t seq) {
    return {{"main", a.main_article_no}, {"name", a.name}, {"price", a.price_ex_vat}, {"vat", a.vat_percent},
            {"ean", a.bar_code}, {"weight", a.weight_kg}, {"seq", seq}};
}

ArticleInfo from_json(const std::string& no, const boost::json::value& v) {
    const auto& o = v.as_object();
    auto s = [&](const char* k) { return std::string(o.at(k).as_string()); };
    return {no, s("main"), s("name"), s("price"), s("vat"), s("ean"), s("weight"), o.at("seq").as_int64()};
}
}  // namespace

boost::json::object ArticleJournal::load(const std::string& reader) const {
    auto text = host_.state_get("articles/" + reader);
    if (!text) return {};
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    if (ec || !v.is_object()) {
        host_.warn("the " + reader + " queue of Specter article changes was unreadable; starting it afresh");
        return {};
    }
    return v.get_object();
}

void ArticleJournal::save(const std::string& reader, const boost::json::object& queue) const {
    host_.state_set("articles/" + reader, boost::json::serialize(queue));
}

bool ArticleJournal::drain_once(int64_t limit) const {
    auto webshop = api_.config().catalogue_webshop();
    // An open batch is always delivered again: merging it twice changes nothing.
    auto batch = feed_.fetch(webshop, std::nullopt, limit);
    std::vector<ArticleInfo> infos;
    if (auto* articles = batch.answer.payload("articles"))
        for (auto* a : children(articles, "article")) {
            // [SEEN] articleNo, name, priceExclVat, barCode, productWeight (Prestaworks);
            // guess specter.main-article-no and specter.article-vat, docs/guesses.md.
            ArticleInfo info{child_text(a, "articleNo"), child_text(a, "mainArticleNo"), child_text(a, "name"),
                             a->getAttribute("priceExclVat"), a->getAttribute("vatPercent"),
                             a->getAttribute("barCode"), a->getAttribute("productWeight"), 0};
            if (info.article_no.empty()) continue;
            if (!info.main_article_no.empty()) note_variants(info.main_article_no);
            infos.push_back(std::move(info));
        }
    if (!infos.empty()) {
        auto seq_text = host_.state_get("articles/seq");
        int64_t seq = 0;
        if (seq_text) {
            try {
                seq = std::stoll(*seq_text);
            } catch (const std::exception&) {
                host_.warn("the sequence of Specter article changes was unreadable; starting it afresh");
            }
        }
        for (const char* reader : kReaders) {
            auto queue = load(reader);
            int64_t s = seq;
            for (const auto& info : infos) queue[info.article_no] = to_json(info, ++s);
            save(reader, queue);
        }
        host_.state_set("articles/seq", std::to_string(seq + static_cast<int64_t>(infos.size())));
    }
    feed_.acknowledge(webshop, batch.batch_no);
    // [SEEN] this feed has no moreInfoToFetch: a full batch (responseMaxLimit) means more.
    auto max = child_text(batch.answer.xml ? batch.answer.xml->documentElement() : nullptr, "responseMaxLimit");
    int64_t full = max.empty() ? limit : std::atoll(max.c_str());
    return batch.more || (full > 0 && static_cast<int64_t>(infos.size()) >= full);
}

std::vector<ArticleInfo> ArticleJournal::page(const std::string& reader, int64_t limit, bool& more) const {
    if (limit <= 0) limit = 100;
    bool specter_more = true;
    // Everything Specter has pending, not just enough for a page: a main article and its
    // variants may come in different batches, and prices.read must know a main article
    // has variants before it pages it (see has_variants). Bounded so one read never runs
    // away.
    for (int i = 0; i < 10 && specter_more; ++i) specter_more = drain_once(100);
    auto queue = load(reader);
    std::vector<ArticleInfo> all;
    for (const auto& [no, v] : queue) all.push_back(from_json(std::string(no), v));
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    more = specter_more || static_cast<int64_t>(all.size()) > limit;
    if (static_cast<int64_t>(all.size()) > limit) all.resize(static_cast<std::size_t>(limit));
    return all;
}

void ArticleJournal::acknowledge(const std::string& reader, int64_t seq) const {
    auto queue = load(reader);
    boost::json::object kept;
    for (const auto& [no, v] : queue)
        if (v.at("seq").as_int64() > seq) kept[no] = v;
    save(reader, kept);
}

bool ArticleJournal::has_variants(const std::string& article_no) const {
    return host_.state_get("main_article/" + article_no).has_value();
}

void ArticleJournal::note_variants(const std::string& main_article_no) const {
    if (!has_variants(main_article_no)) host_.state_set("main_article/" + main_article_no, "1");
}

}  // namespace specter
