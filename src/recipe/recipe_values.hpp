#pragma once
// Reading a recipe's values (recipe.cpp): a JSON number or the flag's string, strictly, naming the
// key in every refusal. Shared by the factorization and network recipes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gdchaos/sample/slice.hpp"

namespace gdchaos::detail {

double number(const nlohmann::json& v, const std::string& key);
std::vector<double> numbers(const nlohmann::json& v, const std::string& key);
long long integer(const nlohmann::json& v, const std::string& key, long long lo, long long hi);
std::uint64_t unsigned_integer(const nlohmann::json& v, const std::string& key);
std::vector<long long> integers(const nlohmann::json& v, const std::string& key, long long lo, long long hi);
/// res, window, center/width into `grid` (each over the grid's value so far), then checks the window.
void read_grid(const nlohmann::json& r, Grid& grid);

}  // namespace gdchaos::detail
