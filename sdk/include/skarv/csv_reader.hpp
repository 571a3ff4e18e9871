#pragma once
// Reading the CSV reports payment providers hand out (Klarna's settlement report, files
// a person downloads from a portal): RFC 4180 quoting ("a ""b""", separators and line
// breaks inside quotes), an optional UTF-8 byte order mark, `;` or `,` as separator
// (Klarna does not state its delimiter; merchants' guides split on `;`, shared research
// payments.md §1.5), CRLF or LF. Columns are found by their header name, never by
// position, because Klarna lets each merchant add columns ("Report Configurator").
// Every problem names the physical line, so a refused file says where to look.
//
// Hand-written rather than libcsv (Debian libcsv3): libcsv is a callback parser that
// knows neither BOM nor separator detection and does not report where a record starts;
// adding those around it is about as long as this, and every plugin would link it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skarv/json_reader.hpp"

namespace skarv {

struct CsvRow {
    std::size_t line = 0;              // 1-based line the record starts on
    std::vector<std::string> fields;
};

class CsvTable {
public:
    CsvTable(std::string what, std::vector<std::string> header, std::vector<CsvRow> rows, char separator)
        : what_(std::move(what)), header_(std::move(header)), rows_(std::move(rows)), separator_(separator) {}

    const std::vector<std::string>& header() const { return header_; }
    const std::vector<CsvRow>& rows() const { return rows_; }
    char separator() const { return separator_; }

    std::optional<std::size_t> column(std::string_view name) const {
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == name) return i;
        return std::nullopt;
    }
    bool has_column(std::string_view name) const { return column(name).has_value(); }
    // The field of `row` under `name`; the column must exist.
    const std::string& field(const CsvRow& row, std::string_view name) const {
        auto c = column(name);
        if (!c) throw RecordError(what_, "no column '" + std::string(name) + "' in the header");
        return row.fields[*c];
    }
    // "" when the column is absent (an optional column the merchant did not configure).
    std::string field_or_empty(const CsvRow& row, std::string_view name) const {
        auto c = column(name);
        return c ? row.fields[*c] : std::string();
    }
    // Where a field is, for errors: "report.csv line 4, amount".
    std::string at(const CsvRow& row, std::string_view name) const {
        return what_ + " line " + std::to_string(row.line) + ", " + std::string(name);
    }
    const std::string& what() const { return what_; }

private:
    std::string what_;
    std::vector<std::string> header_;
    std::vector<CsvRow> rows_;
    char separator_;
};

namespace csv_detail {
// The separator of the header line: whichever of ';' and ',' occurs more outside quotes.
inline char detect_separator(std::string_view text) {
    int semicolons = 0, commas = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
    }
    return semicolons >= commas && semicolons > 0 ? ';' : ',';
}
}  // namespace csv_detail

// Parses `text` whose first record is the header. `what` names the file in errors.
inline CsvTable read_csv(std::string_view text, const std::string& what) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const char sep = csv_detail::detect_separator(text);
    std::vector<CsvRow> records;
    CsvRow current;
    std::string field;
    std::size_t line = 1;
    std::size_t i = 0;
    bool record_open = false;
    auto end_field = [&] {
        current.fields.push_back(std::move(field));
        field.clear();
    };
    auto end_record = [&] {
        end_field();
        // A blank line is no record.
        if (!(current.fields.size() == 1 && current.fields[0].empty())) records.push_back(std::move(current));
        current = CsvRow{};
        record_open = false;
    };
    while (i < text.size()) {
        if (!record_open) {
            current.line = line;
            record_open = true;
        }
        char c = text[i];
        if (c == '"' && field.empty()) {
            // A quoted field: runs to the closing quote; "" inside is one quote.
            const std::size_t opened_on = line;
            ++i;
            for (;;) {
                if (i >= text.size())
                    throw RecordError(what + " line " + std::to_string(opened_on), "a quoted field is never closed");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n') ++line;
                field.push_back(text[i++]);
            }
            if (i < text.size() && text[i] != sep && text[i] != '\r' && text[i] != '\n')
                throw RecordError(what + " line " + std::to_string(line), "text after a closing quote");
            if (i < text.size() && text[i] == sep) {
                end_field();
                ++i;
            }
            continue;
        }
        if (c == sep) {
            end_field();
            ++i;
        } else if (c == '\r' || c == '\n') {
            end_record();
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++i;
            ++line;
        } else {
            if (c == '"') throw RecordError(what + " line " + std::to_string(line), "a quote inside an unquoted field");
            field.push_back(c);
            ++i;
        }
    }
    if (record_open) end_record();
    if (records.empty()) throw RecordError(what, "empty: no header line");
    std::vector<std::string> header = std::move(records.front().fields);
    for (auto& h : header) {
        // Trim spaces around names: portal exports pad them.
        while (!h.empty() && h.back() == ' ') h.pop_back();
        while (!h.empty() && h.front() == ' ') h.erase(h.begin());
    }
    records.erase(records.begin());
    for (const auto& r : records)
        if (r.fields.size() != header.size())
            throw RecordError(what + " line " + std::to_string(r.line),
                              std::to_string(r.fields.size()) + " fields, the header has " + std::to_string(header.size()));
    return CsvTable(what, std::move(header), std::move(records), sep);
}

}  // namespace skarv
