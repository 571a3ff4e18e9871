#include "csv_report.hpp"

#include <map>

#include <skarv/csv_reader.hpp>

#include "klarna_rows.hpp"

namespace klarna {

using skarv::CsvRow;
using skarv::CsvTable;
using skarv::RecordError;
using skarv::model::Money;
using skarv::model::Settlement;

namespace {
// "Amounts in CSV are decimals (e.g. 100.00)" (payments.md §1.5).
Money amount(const CsvTable& table, const CsvRow& row, const char* column, const std::string& currency, bool required) {
    const std::string& text = required ? table.field(row, column) : table.field_or_empty(row, column);
    if (text.empty()) {
        if (required) throw RecordError(table.at(row, column), "empty");
        return Money::zero(currency);
    }
    try {
        return Money::parse(text, currency);
    } catch (const std::exception& e) {
        throw RecordError(table.at(row, column), e.what());
    }
}
}  // namespace

// Columns by name (Klarna lets merchants add columns, §1.5): the transaction fields, plus
// the summary fields payment_reference, payout_date, merchant_settlement_type and
// total_settlement_amount on every row (guess klarna.csv-layout). CSV says
// posting_currency and tax_amount where JSON says currency_code and vat_amount.
std::vector<Settlement> read_csv_report(const std::string& text, const std::string& file_name) {
    const CsvTable table = skarv::read_csv(text, file_name);
    for (const char* c : {"type", "amount", "posting_currency", "payment_reference", "payout_date", "total_settlement_amount"})
        if (!table.has_column(c)) throw RecordError(file_name + " line 1", "no column '" + std::string(c) + "'");
    if (table.rows().empty()) throw RecordError(file_name, "no transaction rows");
    std::vector<Settlement> payouts;
    std::map<std::string, std::size_t> index;
    for (const auto& row : table.rows()) {
        const std::string ref = table.field(row, "payment_reference");
        if (ref.empty()) throw RecordError(table.at(row, "payment_reference"), "empty");
        const std::string currency = table.field(row, "posting_currency");
        if (currency.size() != 3) throw RecordError(table.at(row, "posting_currency"), "expected a currency code, got '" + currency + "'");
        auto [it, fresh] = index.emplace(ref, payouts.size());
        if (fresh) {
            Settlement s;
            s.provider = "klarna";
            s.settlement_id = s.bank_reference = ref;
            s.currency = currency;
            s.payout_date = table.field(row, "payout_date").substr(0, 10);
            const std::string type = table.field_or_empty(row, "merchant_settlement_type");
            if (type.empty() || type == "NET") s.settlement_type = "net";
            else if (type == "GROSS" || type == "GROSS_FEE") s.settlement_type = "gross";
            else throw RecordError(table.at(row, "merchant_settlement_type"), "expected NET, GROSS or GROSS_FEE, got '" + type + "'");
            s.stated_payout = amount(table, row, "total_settlement_amount", currency, true);
            payouts.push_back(std::move(s));
        }
        Settlement& s = payouts[it->second];
        if (currency != s.currency)
            throw RecordError(table.at(row, "posting_currency"), "'" + currency + "' differs from payout " + ref + "'s " + s.currency);
        if (amount(table, row, "total_settlement_amount", currency, true) != *s.stated_payout)
            throw RecordError(table.at(row, "total_settlement_amount"), "differs from the payout's first row");
        KlarnaRow r{table.field(row, "type"),
                    table.field_or_empty(row, "detailed_type"),
                    amount(table, row, "amount", currency, true),
                    amount(table, row, "tax_amount", currency, false),
                    table.field_or_empty(row, "capture_id"),
                    table.field_or_empty(row, "refund_id"),
                    table.field_or_empty(row, "order_id"),
                    table.field_or_empty(row, "merchant_reference1"),
                    table.field_or_empty(row, "merchant_capture_reference"),
                    table.field_or_empty(row, "capture_date"),
                    table.field_or_empty(row, "sale_date")};
        s.transactions.push_back(to_transaction(r, file_name + " line " + std::to_string(row.line)));
    }
    for (auto& s : payouts) {
        assign_transaction_ids(s);
        s = skarv::model::checked_settlement(s, file_name + " payout " + s.settlement_id);
    }
    return payouts;
}

}  // namespace klarna
