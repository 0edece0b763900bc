// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"
#include "lib/sqlite/database.hpp"
#include "lib/sqlite/statement.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aerowatch {

/// What one ingest did to one hazard.
struct HazardChange {
    enum class Type { added, changed, unchanged, replaced, cancelled, withdrawn, expired };
    Type type = Type::unchanged;
    std::string key;
    std::string id;
    HazardStatus status = HazardStatus::active;
    Severity severity = Severity::info;
    std::optional<Severity> previous_severity; // for changed: the severity before
};

const char* to_string(HazardChange::Type type);

/// A hazard as stored, with its bookkeeping.
struct StoredHazard {
    Hazard hazard;
    std::int64_t id = 0; // the row
    std::string source;
    std::string replaced_by;
    int version = 1;
    UtcTime first_seen{};
    UtcTime last_seen{};
    UtcTime last_changed{};
};

struct HazardQuery {
    bool active_only = false;
    std::string fir;     // only hazards naming this FIR
    std::string airport; // only hazards naming this airport
    std::size_t limit = 1000;
};

/// Hazards and their lifecycle, in the daemon's database.
///
/// Identity is the issuer-qualified key, so the same NOTAM delivered by two feeds (the FAA
/// API and AIXM) is one hazard. A NOTAMR replaces its target, a NOTAMC cancels it (and is
/// remembered when it arrives first), the end of validity expires a hazard (an estimated end
/// after a day's grace, since an EST NOTAM must still be replaced or cancelled), a withdrawn
/// bulletin is withdrawn. Re-ingesting identical content changes nothing but last_seen; a change
/// of content adds a version to the history. Cancelled and replaced are final.
class HazardStore {
  public:
    explicit HazardStore(sqlite::Database& db);

    /// Applies one parsed payload from `source` in one transaction; returns what changed.
    std::vector<HazardChange> ingest(const std::string& source, const HazardBatch& batch,
                                     UtcTime now);
    /// Marks hazards whose validity ended before `now` as expired.
    std::vector<HazardChange> expire(UtcTime now);

    std::optional<StoredHazard> find(const std::string& key);
    std::vector<StoredHazard> query(const HazardQuery& query);
    /// The recorded versions of a hazard, oldest first, as JSON text.
    std::vector<std::string> history(const std::string& key);

  private:
    HazardChange apply(const std::string& source, const Hazard& hazard, UtcTime now);
    void apply_cancel(const std::string& source, const Hazard& cancel, UtcTime now,
                      std::vector<HazardChange>& changes);
    /// The stored records a NOTAMC or NOTAMR naming `key` acts on: the record itself and the
    /// parts of a multi-part NOTAM (part_key_marker).
    std::vector<StoredHazard> targets_of(const std::string& key);
    /// Gives `target` a final status (cancelled, replaced) and records that version, whose
    /// content is `content` (the NOTAMC's own for a cancellation).
    void finish(const StoredHazard& target, HazardStatus status, const std::string& source,
                UtcTime now, const std::string& content, const std::string& replaced_by = {});
    void mark_replaced(const std::string& target, const std::string& by, const std::string& source,
                       UtcTime now, std::vector<HazardChange>& changes);
    std::vector<HazardChange> withdraw_unlisted(const std::string& source,
                                                const std::vector<std::string>& listed,
                                                UtcTime now);
    void set_status(std::int64_t id, HazardStatus status, const std::string& source, UtcTime now,
                    const std::string& replaced_by = {});
    void record_version(std::int64_t id, int version, const std::string& source, UtcTime now,
                        const Hazard& hazard, const std::string& content);

    sqlite::Database& db_;
    sqlite::Statement select_by_key_;
    sqlite::Statement insert_;
    sqlite::Statement update_;
    sqlite::Statement touch_;
    sqlite::Statement update_status_;
    sqlite::Statement insert_version_;
    sqlite::Statement select_parts_;
    sqlite::Statement select_pending_;
    sqlite::Statement insert_pending_;
    sqlite::Statement delete_pending_;
    sqlite::Statement select_active_by_source_;
    sqlite::Statement select_expired_;
    sqlite::Statement select_history_;
};

} // namespace aerowatch
