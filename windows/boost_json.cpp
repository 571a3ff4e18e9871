// Boost.JSON's implementation, once, for the Windows build: Debian's MinGW compiler has
// no compiled Boost, and Boost.JSON builds header-only from this one include.
#include <boost/json/src.hpp>
