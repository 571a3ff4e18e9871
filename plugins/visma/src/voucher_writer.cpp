#include "voucher_writer.hpp"

#include <cmath>

#include <skarv/json_reader.hpp>
#include <skarv/model/settlement.hpp>
#include <skarv/protocol.hpp>

namespace visma {

std::string voucher_info(const std::string& text, const std::string& key, int length) {
    const std::string both = text + " (" + key + ")";
    // Lengths are in the ADK's single-byte characters: one a UTF-8 code point.
    auto chars = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
        return n;
    };
    return length <= 0 || chars(both) <= static_cast<std::size_t>(length) ? both : key;
}

namespace {

std::optional<std::string> find_voucher(const Context& ctx, const std::string& info, const std::string& label) {
    Record h(ctx.adk, adk::db::verification_head, label);
    if (!h.first_equal(adk::verification_head::info, info)) return std::nullopt;
    return h.str(adk::verification_head::ver_serie) +
           std::to_string(static_cast<long long>(std::llround(h.dbl(adk::verification_head::ver_nr))));
}

boost::json::object write_one(const Context& ctx, const skarv::model::Voucher& v, const std::string& key, std::size_t index) {
    const std::string label = "voucher " + key;
    boost::json::object result{{"index", index}, {"id", key}};
    Record head(ctx.adk, adk::db::verification_head, label);
    const auto info = voucher_info(v.text, key, head.length(adk::verification_head::info));
    if (auto existing = find_voucher(ctx, info, label)) {
        ctx.host.info(label + " is already in Visma as verification " + *existing);
        result["target_id"] = *existing;
        result["outcome"] = skarv::protocol::kUnchanged;
        return result;
    }
    const int digits = skarv::model::minor_digits(v.rows.front().amount.currency());
    auto date = ctx.adk.date_to_long(v.date);
    if (!date) throw skarv::RecordError(label + ".date", "not a date Visma takes: '" + v.date + "'");
    head.set_str(adk::verification_head::info, info, "voucher text");
    head.set_date(adk::verification_head::date1, *date);
    if (!v.series.empty()) head.set_str(adk::verification_head::ver_serie, v.series, "voucher series");
    auto rows = Record::rows(ctx.adk, adk::db::verification_row, static_cast<int>(v.rows.size()), label + " rows");
    for (std::size_t i = 0; i < v.rows.size(); ++i) {
        auto row = rows.row(static_cast<int>(i));
        row.set_str(adk::verification_row::account, v.rows[i].account, "account");
        row.set_dbl(adk::verification_row::amount, to_adk_amount(v.rows[i].amount.minor(), digits));
        row.set_text(adk::verification_row::info, v.rows[i].text);
    }
    head.set_dbl(adk::verification_head::nrows, static_cast<double>(v.rows.size()));
    head.attach_rows(adk::verification_head::rows, std::move(rows));
    head.add();
    const auto number = head.str(adk::verification_head::ver_serie) +
                        std::to_string(static_cast<long long>(std::llround(head.dbl(adk::verification_head::ver_nr))));
    ctx.host.info(label + " booked in Visma as verification " + number);
    result["target_id"] = number;
    result["outcome"] = skarv::protocol::kCreated;
    return result;
}

}  // namespace

boost::json::value VoucherWriter::write(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    const auto& records = r.value("records");
    if (!records.is_array()) throw skarv::RecordError(r.at("records"), "expected an array");
    boost::json::array results;
    auto session = ctx_.open();
    for (std::size_t i = 0; i < records.get_array().size(); ++i) {
        const auto path = r.at("records") + "[" + std::to_string(i) + "]";
        std::string key;
        try {
            const auto& record = records.get_array()[i];
            key = skarv::JsonReader(record, path).string("reference");
            if (key.empty()) throw skarv::RecordError(path + ".reference", "must not be empty: it keeps the voucher from being booked twice");
            const auto voucher = skarv::model::read_voucher(record, path);
            results.push_back(write_one(ctx_, voucher, key, i));
        } catch (const skarv::RecordError& e) {
            ctx_.host.warn(e.what());
            results.push_back({{"index", i}, {"id", key}, {"outcome", skarv::protocol::kFailed},
                               {"error", {{"code", "invalid_record"}, {"message", e.what()}, {"retryable", false}}}});
        } catch (const skarv::PluginError& e) {
            if (e.status() == SKARV_ERR_AUTH || e.status() == SKARV_ERR_RETRYABLE) throw;
            results.push_back({{"index", i}, {"id", key}, {"outcome", skarv::protocol::kFailed},
                               {"error", {{"code", e.code()}, {"message", e.what()}, {"retryable", false}}}});
        }
    }
    return boost::json::object{{"results", std::move(results)}};
}

}  // namespace visma
