// Settlements, payment provider -> ERP, each payout booked exactly once:
//  1. read: each provider's payouts since its cursor; a payout already booked is skipped;
//  2. match each transaction to its shop order and ERP invoice (payout_matching.hpp);
//  3. build the payout's voucher (payout_voucher.hpp), or record why not: its figures
//     disagree (refused), or rows wait for their order (waiting, tried again each pass);
//  4. book: the SIE 4I file (written once under its payout's name, never rewritten), then
//     the ERP's vouchers.write carrying the payout's key "<provider>:<settlement_id>",
//     which the connector looks up before it writes, as orders are;
//  5. record the payout as booked, with its matches, in one statement.
// A kill between 4 and 5 leaves the payout not booked in the store: the next pass books
// it again, the file is already there and the ERP finds the key, so nothing is doubled.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <skarv/json_reader.hpp>
#include <skarv/model/settlement.hpp>

#include "skarv/host/reconcile/payout_matching.hpp"
#include "skarv/host/reconcile/payout_voucher.hpp"
#include "skarv/host/reconcile/sie_writer.hpp"
#include "skarv/host/version.hpp"
#include "transfer_support.hpp"

namespace skarv::host {
namespace {

constexpr const char* kEntity = "settlements";

class StoreOrderFacts : public OrderFactsSource {
public:
    StoreOrderFacts(Store& store, const ConnectionRuntime& connection)
        : store_(store), connection_(connection.name()),
          orders_are_invoices_(connection.option_string("orders_as", "order") == "invoice") {}

    std::optional<OrderFacts> by_payment_reference(const std::string& reference) const override {
        auto p = store_.order_by_payment_reference(connection_, reference);
        if (!p) return std::nullopt;
        return facts(p->order_id, p);
    }
    std::optional<OrderFacts> by_order_id(const std::string& order_id) const override {
        auto p = store_.order_payment(connection_, order_id);
        if (p) return facts(order_id, p);
        // An order moved before Skarv kept payment references: its mapping still says
        // where it is in the ERP.
        auto m = store_.mapping(connection_, "orders", order_id);
        if (!m) return std::nullopt;
        return facts(order_id, OrderPaymentRecord{order_id, "", m->target_id, std::nullopt, ""});
    }

private:
    OrderFacts facts(const std::string& order_id, const std::optional<OrderPaymentRecord>& p) const {
        OrderFacts f;
        f.order_id = order_id;
        f.payment_reference = p->payment_reference;
        if (!p->erp_id.empty()) f.erp_id = p->erp_id;
        if (auto inv = store_.order_invoice(connection_, order_id)) {
            f.invoice_no = inv->invoice_no;
            if (inv->amount && !inv->currency.empty()) f.invoiced = model::Money(*inv->amount, inv->currency);
        } else if (orders_are_invoices_ && f.erp_id) {
            // orders_as "invoice": the document the order was written as is the invoice, for
            // the whole order, which the order check held equal to the payment.
            f.invoice_no = f.erp_id;
            if (p->amount && !p->currency.empty()) f.invoiced = model::Money(*p->amount, p->currency);
        }
        return f;
    }

    Store& store_;
    std::string connection_;
    bool orders_are_invoices_;
};

std::string safe_file_part(const std::string& s) {
    std::string out;
    for (char c : s) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
    return out;
}

void fsync_path(const std::filesystem::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(p.string() + ": " + std::strerror(errno));
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw std::runtime_error(p.string() + ": fsync: " + std::strerror(errno));
}

// Written under a temporary name, synced, then renamed: the payout's name exists only
// complete. An existing file is this payout's from an earlier attempt and is kept as it
// is: an ERP's automatic import may already have read it and marked it (#FLAGGA 1), and
// writing it again would have it imported twice.
bool write_sie_once(const std::filesystem::path& file, const std::string& bytes) {
    if (std::filesystem::exists(file)) return false;
    std::filesystem::create_directories(file.parent_path());
    auto temp = file;
    temp += ".part";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error(temp.string() + ": cannot write");
    }
    fsync_path(temp, O_RDONLY);
    std::filesystem::rename(temp, file);
    fsync_path(file.parent_path(), O_RDONLY | O_DIRECTORY);
    return true;
}

std::string iso_today(int64_t now_ms) {
    std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

boost::json::object detail_of(const model::Settlement& s, const PayoutMatch& match, const PayoutVoucher& built) {
    boost::json::array rows;
    for (const auto& m : match.rows) {
        const auto& t = s.transactions[m.index];
        boost::json::object r{{"index", m.index},
                              {"type", t.type},
                              {"transaction_id", t.transaction_id},
                              {"payment_reference", t.payment_reference},
                              {"amount", boost::json::value_from(t.amount)},
                              {"fee", boost::json::value_from(t.fee)},
                              {"state", to_string(m.state)}};
        if (!m.reason.empty()) r["reason"] = m.reason;
        if (!m.order_id.empty()) r["order_id"] = m.order_id;
        if (!m.invoice_no.empty()) r["invoice_no"] = m.invoice_no;
        rows.push_back(std::move(r));
    }
    boost::json::object d{{"record", boost::json::value_from(s)}, {"rows", std::move(rows)}};
    if (built.voucher) d["voucher"] = boost::json::value_from(*built.voucher);
    return d;
}

class PayoutBooker {
public:
    PayoutBooker(ConnectionRuntime& connection, PassContext& pass, ReportBuilder& report)
        : connection_(connection), pass_(pass), report_(report), orders_(pass.store, connection) {
        const auto& r = connection.reconciliation();
        if (auto* d = r.if_contains("sie_dir"); d && d->is_string()) sie_dir_ = std::string(d->get_string());
        if (auto* c = r.if_contains("company"); c && c->is_object()) {
            JsonReader cr(c->get_object(), "reconciliation.company");
            company_.name = cr.string_or("name", "");
            company_.orgnr = cr.string_or("orgnr", "");
        }
        if (auto* b = r.if_contains("book_in_erp"); b && b->is_bool()) book_in_erp_ = b->get_bool();
    }

    void book(const Endpoint& provider, const model::Settlement& s, int64_t first_seen_at) {
        const std::string key = provider.name + ":" + s.settlement_id;
        if (auto known = pass_.store.payout(connection_.name(), provider.name, s.settlement_id); known && known->state == "booked") {
            report_.unchanged();
            return;
        }
        BookingAccounts accounts;
        try {
            const auto& r = connection_.reconciliation();
            if (auto* a = r.if_contains("accounts"); a && a->is_object())
                if (auto* mine = a->get_object().if_contains(provider.name); mine && mine->is_object())
                    accounts = read_booking_accounts(mine->get_object(), "reconciliation.accounts." + provider.name);
        } catch (const RecordError& e) {
            report_.failed(key, std::string("payout ") + key + ": " + e.what());
            return;
        }
        const auto match = match_payout(s, orders_);
        auto built = build_payout_voucher(s, match, accounts);
        if (built.voucher && !book_in_erp_ && sie_dir_.empty())
            built = {std::nullopt, "payout " + key + ": nowhere to book it (no reconciliation.sie_dir and book_in_erp is false)"};
        PayoutRecord rec;
        rec.connection = connection_.name();
        rec.provider = provider.name;
        rec.settlement_id = s.settlement_id;
        rec.payout_date = s.payout_date;
        rec.currency = s.currency;
        rec.payout = s.payout().minor();
        if (auto d = s.difference()) rec.difference = d->minor();
        rec.matched = static_cast<int64_t>(match.count(MatchState::matched));
        rec.unmatched = static_cast<int64_t>(match.count(MatchState::unmatched));
        rec.waiting = static_cast<int64_t>(match.count(MatchState::waiting));
        rec.first_seen_at = first_seen_at;
        rec.updated_at = pass_.clock();
        rec.detail = boost::json::serialize(detail_of(s, match, built));
        if (!built.voucher) {
            rec.state = match.ready() ? "refused" : "waiting";
            rec.reason = built.refusal;
            if (pass_.options.dry_run) {
                if (pass_.plan_out) *pass_.plan_out << "settlements: would not book " << key << ": " << built.refusal << "\n";
                report_.skipped();
                return;
            }
            pass_.store.put_payout(rec);
            if (rec.state == "waiting") report_.skipped(key, built.refusal);
            else report_.failed(key, built.refusal);
            return;
        }
        if (pass_.options.dry_run) {
            if (pass_.plan_out)
                *pass_.plan_out << "settlements: would book " << key << " (" << s.payout().to_string() << ", "
                                << rec.matched << " matched, " << rec.unmatched << " unmatched)\n";
            report_.created();
            return;
        }
        std::vector<std::string> where;
        try {
            if (!sie_dir_.empty()) where.push_back(write_sie(provider, s, *built.voucher));
        } catch (const std::exception& e) {
            fail(rec, key, "writing its SIE file: " + std::string(e.what()));
            return;
        }
        if (book_in_erp_) {
            auto booked = book_in_erp(key, *built.voucher);
            if (!booked.first) {
                if (booked.second.empty() && !sie_dir_.empty()) {
                    where.push_back("ERP: takes no vouchers, import the SIE file");
                } else {
                    fail(rec, key, booked.second.empty() ? "the ERP takes no vouchers and there is no SIE file" : booked.second);
                    return;
                }
            } else {
                where.push_back("ERP voucher " + booked.second);
            }
        }
        rec.state = "booked";
        rec.booked_at = pass_.clock();
        for (std::size_t i = 0; i < where.size(); ++i) rec.booked_in += (i ? "; " : "") + where[i];
        // The booked payout and, in each order it paid, the journey's last step: one commit.
        Store::WriteBatch batch(pass_.store, "recording a booked payout");
        pass_.store.put_payout(rec);
        for (const auto& m : match.rows) {
            if (m.state != MatchState::matched || m.order_id.empty()) continue;
            const auto& t = s.transactions[m.index];
            pass_.store.add_record_event(connection_.name(), "orders", m.order_id, journey_step::settled,
                                         t.type + " " + t.amount.to_string() + " in payout " + key + " of " + s.payout_date +
                                             (m.invoice_no.empty() ? "" : ", invoice " + m.invoice_no) + "; booked: " + rec.booked_in,
                                         pass_.clock());
        }
        batch.commit();
        report_.created();
    }

private:
    void fail(PayoutRecord& rec, const std::string& key, const std::string& why) {
        rec.state = "failed";
        rec.reason = pass_.logger.scrub(why);
        pass_.store.put_payout(rec);
        report_.failed(key, "payout " + key + ": " + rec.reason);
    }

    std::string write_sie(const Endpoint& provider, const model::Settlement& s, const model::Voucher& v) {
        if (company_.name.empty()) throw std::runtime_error("reconciliation.company.name is required for SIE files");
        auto bytes = write_sie4i(company_, iso_today(pass_.clock()), {{v, ""}}, kVersion);
        std::filesystem::path file =
            std::filesystem::path(sie_dir_) / (safe_file_part(provider.name) + "-" + safe_file_part(s.settlement_id) + ".si");
        write_sie_once(file, bytes);
        return "SIE " + file.string();
    }

    // {true, voucher number} when the ERP holds it (now or from an earlier attempt);
    // {false, ""} when the ERP connector offers no vouchers.write; {false, why} on failure.
    std::pair<bool, std::string> book_in_erp(const std::string& key, const model::Voucher& v) {
        auto record = boost::json::value_from(v).as_object();
        record["reference"] = key;
        boost::json::object request{{"op", "vouchers.write"}, {"records", boost::json::array{record}}};
        auto result = detail::call_endpoint(connection_, connection_.erp(), request);
        if (result.status == SKARV_ERR_UNSUPPORTED) return {false, ""};
        if (!result.ok()) return {false, "the ERP refused its voucher: " + result.message()};
        const auto* results = result.document.as_object().if_contains("results");
        if (!results || !results->is_array() || results->get_array().empty() || !results->get_array()[0].is_object())
            return {false, "the ERP gave no result for its voucher"};
        const auto& r = results->get_array()[0].get_object();
        if (auto* o = r.if_contains("outcome"); o && *o == "failed") {
            std::string why = "the ERP refused its voucher";
            if (auto* e = r.if_contains("error"); e && e->is_object())
                if (auto* m = e->get_object().if_contains("message"); m && m->is_string()) why += ": " + std::string(m->get_string());
            return {false, why};
        }
        auto* tid = r.if_contains("target_id");
        return {true, tid && tid->is_string() ? std::string(tid->get_string()) : key};
    }

    ConnectionRuntime& connection_;
    PassContext& pass_;
    ReportBuilder& report_;
    StoreOrderFacts orders_;
    std::string sie_dir_;
    SieCompany company_;
    bool book_in_erp_ = true;
};

// Payouts that could not be booked yet (waiting for orders, or the ERP failed) are
// tried again each pass from what the store kept of them: the provider's cursor has
// moved past them.
void retry_unbooked(ConnectionRuntime& connection, PassContext& pass, ReportBuilder& report, PayoutBooker& booker) {
    for (const auto& p : pass.store.unbooked_payouts(connection.name())) {
        Endpoint* provider = nullptr;
        for (auto& e : connection.providers())
            if (e.name == p.provider) provider = &e;
        if (!provider) continue;
        try {
            auto detail = boost::json::parse(p.detail);
            auto s = model::read_settlement(detail.at("record"), "settlement " + p.provider + ":" + p.settlement_id);
            report.considered();
            booker.book(*provider, s, p.first_seen_at);
        } catch (const std::exception& e) {
            report.failed(p.provider + ":" + p.settlement_id, std::string("payout kept in the store cannot be read: ") + e.what());
        }
    }
}

void read_provider(ConnectionRuntime& connection, Endpoint& provider, PassContext& pass, ReportBuilder& report,
                   PayoutBooker& booker) {
    const std::string cursor_name = std::string(kEntity) + "@" + provider.label;
    auto cursor = detail::load_cursor(pass.store, connection.name(), cursor_name);
    detail::ReadBudget budget(connection, pass.options);
    while (true) {
        if (pass.cancelled && pass.cancelled->load()) return;
        boost::json::object request{{"op", "settlements.read"}, {"cursor", cursor}, {"limit", pass.options.batch_size}};
        auto result = detail::call_endpoint(connection, provider, request);
        if (!result.ok()) {
            report.error(pass.logger.scrub("reading payouts from " + provider.label + ": " + result.message()));
            return;
        }
        const auto& doc = result.document.as_object();
        const auto* records = doc.if_contains("records");
        if (!records || !records->is_array()) {
            report.error("reading payouts from " + provider.label + ": the answer has no \"records\" array");
            return;
        }
        for (std::size_t i = 0; i < records->get_array().size(); ++i) {
            const auto& record = records->get_array()[i];
            report.considered();
            model::Settlement s;
            try {
                s = model::read_settlement(record, "payout from " + provider.label + " (record " + std::to_string(i) + ")");
            } catch (const RecordError& e) {
                // Named by field; nothing of it is booked. The provider's next corrected
                // copy of the payout is read as any other.
                report.failed(provider.name + ":(unreadable)", e.what());
                continue;
            }
            booker.book(provider, s, pass.clock());
        }
        pass.tick(report.current(), doc, report.current().started_at);
        boost::json::value next = doc.contains("cursor") ? doc.at("cursor") : cursor;
        if (!pass.options.dry_run) {
            pass.store.set_cursor(connection.name(), cursor_name, boost::json::serialize(next), pass.clock());
            // A file-drop inbox moves a report to done/ only now, when each of its payouts
            // is booked or recorded with why not.
            if (auto* ack = doc.if_contains("ack"); ack && *ack == true) detail::acknowledge(connection, provider, pass, kEntity, next);
        }
        auto* more = doc.if_contains("more");
        if (!budget.another_page(more && *more == true, records->get_array().size(), report, cursor, next,
                                 "reading payouts from " + provider.label))
            return;
        cursor = next;
    }
}

}  // namespace

TransferReport transfer_settlements(ConnectionRuntime& connection, PassContext& pass) {
    ReportBuilder report(connection.name(), kEntity, pass.clock());
    PayoutBooker booker(connection, pass, report);
    if (!pass.options.dry_run) retry_unbooked(connection, pass, report, booker);
    for (auto& provider : connection.providers()) read_provider(connection, provider, pass, report, booker);
    return report.finish(pass.clock());
}

}  // namespace skarv::host
