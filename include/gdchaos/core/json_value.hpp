#pragma once
// A JSON value held by pointer, so that a public struct can carry one (a recipe, a meta.json) while
// its header includes only <nlohmann/json_fwd.hpp>; the library's .cpp files and the front ends
// that read the value include <nlohmann/json.hpp>. A value type: copies are deep, the default is null.
#include <memory>

#include <nlohmann/json_fwd.hpp>

namespace gdchaos {

class JsonValue {
 public:
  JsonValue();
  JsonValue(const nlohmann::json& value);  // NOLINT: implicit, as assigning a json is
  JsonValue(const JsonValue& other);
  JsonValue(JsonValue&& other);
  JsonValue& operator=(const JsonValue& other);
  JsonValue& operator=(JsonValue&& other);
  ~JsonValue();

  const nlohmann::json& operator*() const { return *value_; }
  nlohmann::json& operator*() { return *value_; }
  const nlohmann::json* operator->() const { return value_.get(); }
  nlohmann::json* operator->() { return value_.get(); }

  friend bool operator==(const JsonValue& a, const JsonValue& b);

 private:
  std::unique_ptr<nlohmann::json> value_;  // never null
};

/// nlohmann's conversions: a JsonValue converts to json (e.g. inside a json initializer list).
void to_json(nlohmann::json& j, const JsonValue& value);
void from_json(const nlohmann::json& j, JsonValue& value);

}  // namespace gdchaos
