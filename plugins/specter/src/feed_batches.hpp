#pragma once
// Specter's batch change feeds (stock, article info, orders): fetch a batch under a
// batch number of our choosing, hand its items on, acknowledge it. Only one batch per
// feed and webshop may be open; fetching another answers code 99 quoting the open one.
// This is where that is recovered from, never failed on:
//  - the open batch is the one the host recorded (its cursor names it): the host died
//    between recording and acknowledging, so acknowledge it now and fetch a new one;
//  - any other open batch was never recorded: deliver it again.

#include <optional>
#include <string>

#include <boost/json.hpp>
#include <skarv/plugin.hpp>

#include "api_client.hpp"

namespace specter {

enum class Feed { stock, article_info, orders, price_lists };

struct FeedBatch {
    std::string webshop;    // "" = the account's first webshop
    std::string batch_no;
    Answer answer;          // its XML holds the payload (<orders>, <articles>, <stockChanges>)
    bool more = false;      // Specter says more is waiting
    bool redelivered = false;
};

class FeedBatches {
public:
    FeedBatches(const ApiClient& api, skarv::HostServices host, Feed feed) : api_(api), host_(host), feed_(feed) {}

    // `recorded`: the batch number the host's cursor names for this webshop, if any.
    FeedBatch fetch(const std::string& webshop, const std::optional<std::string>& recorded, int64_t limit,
                    const Fields& extra = {}) const;
    // Acknowledging a batch that is no longer open succeeds (Specter answers "nothing
    // to acknowledge"); one that another open batch blocks is left alone with a warning,
    // because that other batch was never recorded.
    void acknowledge(const std::string& webshop, const std::string& batch_no) const;

    const char* fetch_action() const;
    const char* ack_action() const;

private:
    Answer fetch_once(const std::string& webshop, const std::string& batch_no, int64_t limit, const Fields& extra) const;
    std::string fresh_batch_no() const;
    const ApiClient& api_;
    skarv::HostServices host_;
    Feed feed_;
};

// The batch number quoted in an open-batch (99) message: "Batch 'b1' is still open ...".
std::optional<std::string> quoted_batch(const std::string& message);

// Cursors of the feed reads: {"batches": {"<webshop>": "<batchNo>", ...}}.
std::optional<std::string> recorded_batch(const boost::json::value& cursor, const std::string& webshop);
boost::json::object batches_cursor(const std::vector<FeedBatch>& batches);
// Acknowledges every batch a cursor names; the host calls this after recording the page.
void acknowledge_cursor(const FeedBatches& feed, const boost::json::value& cursor);

}  // namespace specter
