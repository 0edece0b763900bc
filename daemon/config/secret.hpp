// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace aerowatch {

/// A configuration value that may be secret. Its text is reachable only through reveal(), and
/// describe() names where it came from ("env AEROAPI_KEY", "file aeroapi.key") without the text,
/// so that logs and --check-config output can mention a secret without leaking it.
class SecretValue {
  public:
    SecretValue() = default;
    /// A plain value written inline in the config: not secret, shown as is.
    static SecretValue plain(std::string text);
    /// A value read from an environment variable or a credential file.
    static SecretValue secret(std::string text, std::string origin);

    const std::string& reveal() const noexcept { return text_; }
    bool is_secret() const noexcept { return secret_; }
    bool empty() const noexcept { return text_.empty(); }
    /// The text itself for plain values; "<secret from ORIGIN>" for secrets.
    std::string describe() const;

  private:
    std::string text_;
    std::string origin_;
    bool secret_ = false;
};

} // namespace aerowatch
