#include "gdchaos/core/json_value.hpp"

#include <nlohmann/json.hpp>

namespace gdchaos {

JsonValue::JsonValue() : value_(std::make_unique<nlohmann::json>()) {}
JsonValue::JsonValue(const nlohmann::json& value) : value_(std::make_unique<nlohmann::json>(value)) {}
JsonValue::JsonValue(const JsonValue& other) : value_(std::make_unique<nlohmann::json>(*other.value_)) {}
// A moved-from value is null again, not empty: the pointer is never null.
JsonValue::JsonValue(JsonValue&& other) : value_(std::make_unique<nlohmann::json>(std::move(*other.value_))) {}
JsonValue& JsonValue::operator=(const JsonValue& other) {
  *value_ = *other.value_;
  return *this;
}
JsonValue& JsonValue::operator=(JsonValue&& other) {
  *value_ = std::move(*other.value_);
  return *this;
}
JsonValue::~JsonValue() = default;

bool operator==(const JsonValue& a, const JsonValue& b) { return *a.value_ == *b.value_; }

void to_json(nlohmann::json& j, const JsonValue& value) { j = *value; }
void from_json(const nlohmann::json& j, JsonValue& value) { *value = j; }

}  // namespace gdchaos
