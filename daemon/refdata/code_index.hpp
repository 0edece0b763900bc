// SPDX-License-Identifier: GPL-3.0-or-later
// Private to refdata/: a compact case-insensitive map from short codes (2-4 characters) to
// indices. A sorted vector of packed keys costs 8 bytes an entry, a tenth of a hash map node.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace aerowatch::refdata {

class CodeIndex {
  public:
    /// Codes are added in order of preference: for a code added twice, the first one wins.
    void add(std::string_view code, std::uint32_t index) {
        if (auto key = pack(code)) {
            entries_.emplace_back(*key, index);
        }
    }

    /// Sorts and drops the less preferred duplicates; call once after the last add().
    void finish() {
        std::stable_sort(entries_.begin(), entries_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        entries_.erase(std::unique(entries_.begin(), entries_.end(),
                                   [](const auto& a, const auto& b) { return a.first == b.first; }),
                       entries_.end());
        entries_.shrink_to_fit();
    }

    std::optional<std::uint32_t> find(std::string_view code) const {
        const auto key = pack(code);
        if (!key) {
            return std::nullopt;
        }
        auto it =
            std::lower_bound(entries_.begin(), entries_.end(), *key,
                             [](const auto& entry, std::uint32_t k) { return entry.first < k; });
        if (it == entries_.end() || it->first != *key) {
            return std::nullopt;
        }
        return it->second;
    }

    std::size_t size() const { return entries_.size(); }

  private:
    /// Upper-cased bytes, first byte highest; distinct lengths stay distinct because no code
    /// holds a NUL byte.
    static std::optional<std::uint32_t> pack(std::string_view code) {
        if (code.empty() || code.size() > 4) {
            return std::nullopt;
        }
        std::uint32_t key = 0;
        for (char c : code) {
            if (c == '\0') {
                return std::nullopt;
            }
            if (c >= 'a' && c <= 'z') {
                c = static_cast<char>(c - 'a' + 'A');
            }
            key = (key << 8) | static_cast<unsigned char>(c);
        }
        return key;
    }

    std::vector<std::pair<std::uint32_t, std::uint32_t>> entries_;
};

} // namespace aerowatch::refdata
