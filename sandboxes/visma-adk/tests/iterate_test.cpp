// AdkFirst / AdkNext / AdkPrevious / AdkLast with sort orders and filters, and the
// TIMESTAMP change marker a connector uses to read what changed since its last pass.

#include "adk_fixture.hpp"

#include <vector>

namespace adk_test {

class SandboxVismaAdkIterate : public AdkTest {
protected:
    void SetUp() override {
        AdkTest::SetUp();
        add_price_list("PL-SE");
        add_customer("C3", "Bo");
        add_customer("C1", "\xD6sten");   // "Östen"
        add_customer("C2", "Anna");
    }
    std::vector<std::string> scan(PADK_DATA p) {
        std::vector<std::string> numbers;
        for (ADK_ERROR e = a.AdkFirst(p); e.lRc == ADKE_OK; e = a.AdkNext(p))
            numbers.push_back(str(p, ADK_CUSTOMER_NUMBER));
        return numbers;
    }
};

TEST_F(SandboxVismaAdkIterate, SortOrdersDecideTheWalk) {
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerNr)), ADKE_OK);
    EXPECT_EQ(scan(p), (std::vector<std::string>{"C1", "C2", "C3"}));
    EXPECT_EQ(rc(a.AdkNext(p)), ADKE_EOF);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eCustomerName)), ADKE_OK);
    EXPECT_EQ(scan(p), (std::vector<std::string>{"C2", "C3", "C1"}));
    ASSERT_EQ(rc(a.AdkLast(p)), ADKE_OK);
    EXPECT_EQ(str(p, ADK_CUSTOMER_NUMBER), "C1");
    ASSERT_EQ(rc(a.AdkPrevious(p)), ADKE_OK);
    EXPECT_EQ(str(p, ADK_CUSTOMER_NUMBER), "C3");
    ASSERT_EQ(rc(a.AdkPrevious(p)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkPrevious(p)), ADKE_BOF);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkIterate, FiltersNarrowTheWalk) {
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NAME, "*N*", 0)), ADKE_OK);   // wildcard, any case
    EXPECT_EQ(scan(p), (std::vector<std::string>{"C1", "C2"}));
    ASSERT_EQ(rc(a.AdkSetFilter(p, ADK_CUSTOMER_NUMBER, ">=C2", 0)), ADKE_OK);   // both filters apply
    EXPECT_EQ(scan(p), (std::vector<std::string>{"C2"}));
    ASSERT_EQ(rc(a.AdkClearFilters(p)), ADKE_OK);
    EXPECT_EQ(scan(p).size(), 3u);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkIterate, DeletingWhileWalkingVisitsEveryRecord) {
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    int seen = 0;
    for (ADK_ERROR e = a.AdkFirst(p); e.lRc == ADKE_OK; e = a.AdkNext(p)) {
        ++seen;
        ASSERT_EQ(rc(a.AdkDeleteRecord(p)), ADKE_OK);
    }
    EXPECT_EQ(seen, 3);
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_EOF);
    a.AdkDeleteStruct(p);
}

TEST_F(SandboxVismaAdkIterate, TimestampFindsWhatChangedSinceAPass) {
    PADK_DATA p = a.AdkCreateData(ADK_DB_CUSTOMER);
    int ts_field = -1;
    ASSERT_EQ(rc(a.AdkGetTimestampField(p, &ts_field)), ADKE_OK);
    EXPECT_EQ(ts_field, ADK_CUSTOMER_TIMESTAMP);
    ADK_FIELD_TYPE type = eUnused;
    ASSERT_EQ(rc(a.AdkGetType(p, ts_field, &type)), ADKE_OK);
    EXPECT_EQ(type, eDate);

    // A pass remembers the highest TIMESTAMP it saw.
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eTimeStamp)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkLast(p)), ADKE_OK);
    const long cursor = date(p, ts_field);
    char text[32];
    char* out = text;
    ASSERT_EQ(rc(a.AdkLongToDateTime(cursor + 3600, &out, sizeof text)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ts_field, (std::string(">") + text).c_str(), 0)), ADKE_OK);
    EXPECT_EQ(rc(a.AdkFirst(p)), ADKE_EOF);   // nothing changed after that

    ASSERT_EQ(rc(a.AdkLongToDateTime(cursor, &out, sizeof text)), ADKE_OK);
    ASSERT_EQ(rc(a.AdkSetFilter(p, ts_field, (std::string(">=") + text).c_str(), 0)), ADKE_OK);
    EXPECT_GE(scan(p).size(), 1u);   // the next pass re-reads the last second; hashes skip repeats
    a.AdkDeleteStruct(p);
}

}  // namespace adk_test
