// sdk/include/skarv/csv_reader.hpp: RFC 4180 quoting, BOM, `;` or `,`, and errors that
// name the line.

#include <gtest/gtest.h>

#include <skarv/csv_reader.hpp>

namespace {
std::string refusal(const std::string& text) {
    try {
        skarv::read_csv(text, "r.csv");
    } catch (const skarv::RecordError& e) {
        return e.what();
    }
    return "accepted";
}
}  // namespace

TEST(CsvReader, ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
    auto t = skarv::read_csv("\xEF\xBB\xBFname;note;amount\r\n\"Bo; AB\";\"sa \"\"hej\"\"\nrad två\";1.50\r\n;\"\";2\r\n\r\n", "r.csv");
    EXPECT_EQ(t.separator(), ';');
    ASSERT_EQ(t.rows().size(), 2u);
    EXPECT_EQ(t.header().front(), "name") << "the BOM is not part of the first name";
    EXPECT_EQ(t.field(t.rows()[0], "name"), "Bo; AB");
    EXPECT_EQ(t.field(t.rows()[0], "note"), "sa \"hej\"\nrad två");
    EXPECT_EQ(t.rows()[1].line, 4u) << "the second record starts after the quoted line break";
    EXPECT_EQ(t.field(t.rows()[1], "name"), "");
    EXPECT_EQ(t.field(t.rows()[1], "note"), "");
    EXPECT_EQ(t.field_or_empty(t.rows()[1], "absent"), "");
    EXPECT_EQ(t.at(t.rows()[1], "amount"), "r.csv line 4, amount");
}

TEST(CsvReader, DetectsCommaSeparatorsAndTrailingLinesWithoutNewline) {
    auto t = skarv::read_csv("a,b\n1,\"x;y\"", "r.csv");
    EXPECT_EQ(t.separator(), ',');
    ASSERT_EQ(t.rows().size(), 1u);
    EXPECT_EQ(t.field(t.rows()[0], "b"), "x;y");
}

TEST(CsvReader, RefusesBrokenFilesNamingTheLine) {
    EXPECT_EQ(refusal("a;b\n1;\"open\n2;3\n"), "r.csv line 2: a quoted field is never closed");
    EXPECT_EQ(refusal("a;b\n1;2;3\n"), "r.csv line 2: 3 fields, the header has 2");
    EXPECT_EQ(refusal("a;b\n1;x\"y\n"), "r.csv line 2: a quote inside an unquoted field");
    EXPECT_EQ(refusal("a;b\n\"1\"x;2\n"), "r.csv line 2: text after a closing quote");
    EXPECT_EQ(refusal(""), "r.csv: empty: no header line");
}
