// Every public header at once (the list comes from tests/CMakeLists.txt, so a new header is
// checked too): together they pull in only <nlohmann/json_fwd.hpp> of nlohmann-json, and no
// CLI11, so a program using the library compiles neither (JSON values cross the API as
// `nlohmann::json` declarations and `JsonValue`).
#include "public_headers.inc"

#include <type_traits>

#include <gtest/gtest.h>

namespace {

template <class T, class = void>
struct is_complete : std::false_type {};
template <class T>
struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};

static_assert(!is_complete<nlohmann::json>::value, "a public header includes <nlohmann/json.hpp>");
#ifdef CLI11_VERSION
#error "a public header includes CLI11"
#endif

}  // namespace

TEST(PublicHeaders, EveryHeaderCompilesOnItsOwnTerms) {
  // The checks above are made by the compiler; this records that the translation unit holding
  // every public header was built.
  EXPECT_FALSE(is_complete<nlohmann::json>::value);
}
