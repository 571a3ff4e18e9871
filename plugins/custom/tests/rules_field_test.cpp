#include "transform_fixture.hpp"
