#pragma once
// The slice of OData v4 $filter that integrations send Query: comparisons (eq ne gt ge
// lt le, in) on top-level properties, joined with and/or/not and parentheses.

#include <memory>
#include <string>

#include <boost/json.hpp>

namespace skarv::sandbox::jetshop {

class ODataFilter {
public:
    // Throws std::invalid_argument with the position and what was expected.
    static ODataFilter parse(const std::string& text);
    bool matches(const boost::json::object& entity) const;

    struct Node;
    ODataFilter(ODataFilter&&) noexcept;
    ODataFilter& operator=(ODataFilter&&) noexcept;
    ~ODataFilter();

private:
    explicit ODataFilter(std::unique_ptr<Node> root);
    std::unique_ptr<Node> root_;
};

}  // namespace skarv::sandbox::jetshop
