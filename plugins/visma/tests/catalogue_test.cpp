#include "plugin_fixture.hpp"
