// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/secret.hpp"

#include <utility>

namespace aerowatch {

SecretValue SecretValue::plain(std::string text) {
    SecretValue value;
    value.text_ = std::move(text);
    return value;
}

SecretValue SecretValue::secret(std::string text, std::string origin) {
    SecretValue value;
    value.text_ = std::move(text);
    value.origin_ = std::move(origin);
    value.secret_ = true;
    return value;
}

std::string SecretValue::describe() const {
    if (!secret_) {
        return text_;
    }
    return "<secret from " + origin_ + ">";
}

} // namespace aerowatch
