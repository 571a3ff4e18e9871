#include "skarv/host/store/store_json.hpp"

namespace skarv::host {

boost::json::object to_json(const TransferReport& r) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(r.errors_json, ec);
    return {{"id", r.id}, {"connection", r.connection}, {"entity", r.entity}, {"started_at", r.started_at},
            {"ended_at", r.ended_at ? boost::json::value(*r.ended_at) : boost::json::value(nullptr)},
            {"considered", r.considered}, {"created", r.created}, {"updated", r.updated}, {"unchanged", r.unchanged},
            {"skipped", r.skipped}, {"failed", r.failed}, {"read_failures", r.read_failures}, {"errors", ec ? boost::json::value(boost::json::array{}) : errors}};
}

boost::json::object to_json(const DeadLetter& d, bool with_payload) {
    boost::json::object o{{"id", d.id}, {"connection", d.connection}, {"entity", d.entity}, {"record", d.record_key},
                          {"error", d.error}, {"attempts", d.attempts}, {"created_at", d.created_at},
                          {"replayed_at", d.replayed_at ? boost::json::value(*d.replayed_at) : boost::json::value(nullptr)}};
    if (with_payload) {
        boost::system::error_code ec;
        auto payload = boost::json::parse(d.payload, ec);
        o["payload"] = ec ? boost::json::value(d.payload) : payload;
    }
    return o;
}

boost::json::object to_json(const PayoutRecord& p, bool with_rows) {
    auto money = [&](int64_t minor) { return boost::json::object{{"minor", minor}, {"currency", p.currency}}; };
    boost::json::object o{{"connection", p.connection}, {"provider", p.provider}, {"settlement_id", p.settlement_id},
                          {"state", p.state}, {"payout_date", p.payout_date}, {"payout", money(p.payout)},
                          {"difference", p.difference ? boost::json::value(money(*p.difference)) : boost::json::value(nullptr)},
                          {"matched", p.matched}, {"unmatched", p.unmatched}, {"waiting", p.waiting},
                          {"reason", p.reason}, {"booked_in", p.booked_in}, {"first_seen_at", p.first_seen_at},
                          {"updated_at", p.updated_at},
                          {"booked_at", p.booked_at ? boost::json::value(*p.booked_at) : boost::json::value(nullptr)}};
    if (with_rows) {
        boost::system::error_code ec;
        auto detail = boost::json::parse(p.detail, ec);
        const boost::json::value* rows = !ec && detail.is_object() ? detail.get_object().if_contains("rows") : nullptr;
        o["rows"] = rows ? *rows : boost::json::value(boost::json::array{});
        const boost::json::value* voucher = !ec && detail.is_object() ? detail.get_object().if_contains("voucher") : nullptr;
        if (voucher) o["voucher"] = *voucher;
    }
    return o;
}

boost::json::object to_json(const Journey& j) {
    boost::json::array events;
    for (const auto& e : j.events)
        events.push_back({{"at", e.at}, {"step", e.step}, {"detail", e.detail}, {"connection", e.connection},
                          {"entity", e.entity}, {"record", e.record_key}});
    boost::json::object o{{"subject", j.subject.kind}, {"id", j.subject.id}, {"events", std::move(events)}};
    o["pruned_before"] = j.pruned_before ? boost::json::value(*j.pruned_before) : boost::json::value(nullptr);
    return o;
}

boost::json::object to_json(const RecordMatch& m) {
    return {{"subject", m.subject.kind}, {"id", m.subject.id}, {"connection", m.connection}, {"matched_by", m.matched_by}};
}

}  // namespace skarv::host
