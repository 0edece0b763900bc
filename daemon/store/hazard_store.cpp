// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/hazard_store.hpp"

#include "store/hazard_json.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <set>

namespace aerowatch {

namespace {

using nlohmann::json;

// Column list shared by every SELECT that builds a StoredHazard (see read_row).
constexpr const char* columns =
    "id, key, source, kind, display_id, issuer, action, ref_key, status, severity, categories, "
    "firs, airports, countries, geometry, lower_ft, upper_ft, lower_text, upper_text, issued, "
    "valid_from, valid_to, valid_to_estimated, permanent, schedule, qcode, title, body, link, "
    "replaced_by, version, first_seen, last_seen, last_changed";

// An estimated end ("EST") is a forecast: the NOTAM must still be replaced or cancelled, so it
// expires on its own only this long after the estimate.
constexpr std::chrono::hours estimated_end_grace{24};

std::string dump(const json& j) {
    // Parsers hand over valid UTF-8; replacing rather than throwing keeps one bad byte from
    // losing a whole batch if one ever slips through.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

std::optional<std::int64_t> to_unix(const std::optional<UtcTime>& t) {
    return t ? std::optional<std::int64_t>(t->time_since_epoch().count()) : std::nullopt;
}

std::optional<UtcTime> from_unix(const std::optional<std::int64_t>& s) {
    return s ? std::optional<UtcTime>(UtcTime{std::chrono::seconds{*s}}) : std::nullopt;
}

std::vector<std::string> list_from_json(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& item : json::parse(text)) {
        out.push_back(item.get<std::string>());
    }
    return out;
}

bool is_final(HazardStatus s) {
    return s == HazardStatus::cancelled || s == HazardStatus::replaced;
}

/// The status a record should have from its own content at `now`.
HazardStatus natural_status(const Hazard& h, UtcTime now) {
    if (h.status == HazardStatus::withdrawn) {
        return HazardStatus::withdrawn;
    }
    if (h.valid_to) {
        const auto end = h.valid_to_estimated
                             ? *h.valid_to + std::chrono::duration_cast<std::chrono::seconds>(
                                                 estimated_end_grace)
                             : *h.valid_to;
        if (end < now) {
            return HazardStatus::expired;
        }
    }
    return HazardStatus::active;
}

/// Fills the fields a supplementary record (EASA RSS) knows into the full one.
Hazard merge_partial(Hazard base, const Hazard& extra) {
    if (!extra.id.empty()) {
        base.id = extra.id;
    }
    if (!extra.link.empty()) {
        base.link = extra.link;
    }
    if (base.title.empty()) {
        base.title = extra.title;
    }
    if (base.text.empty()) {
        base.text = extra.text;
    }
    if (!base.issued) {
        base.issued = extra.issued;
    }
    for (const auto& fir : extra.firs) {
        if (std::find(base.firs.begin(), base.firs.end(), fir) == base.firs.end()) {
            base.firs.push_back(fir);
        }
    }
    return base;
}

/// The content that decides "changed": everything but bookkeeping, raw bytes and status.
std::string content_of(const Hazard& h) {
    auto j = hazard_to_json(h);
    j.erase("status");
    return dump(j);
}

} // namespace

const char* to_string(HazardChange::Type type) {
    switch (type) {
    case HazardChange::Type::added:
        return "added";
    case HazardChange::Type::changed:
        return "changed";
    case HazardChange::Type::unchanged:
        return "unchanged";
    case HazardChange::Type::replaced:
        return "replaced";
    case HazardChange::Type::cancelled:
        return "cancelled";
    case HazardChange::Type::withdrawn:
        return "withdrawn";
    case HazardChange::Type::expired:
        return "expired";
    }
    return "unknown";
}

HazardStore::HazardStore(sqlite::Database& db)
    : db_(db),
      select_by_key_(db, fmt::format("SELECT {} FROM hazard WHERE key = ?1", columns).c_str()),
      insert_(db, R"sql(
INSERT INTO hazard (key, source, kind, display_id, issuer, action, ref_key, status, severity,
    categories, firs, airports, countries, geometry, lower_ft, upper_ft, lower_text, upper_text,
    issued, valid_from, valid_to, valid_to_estimated, permanent, schedule, qcode, title, body,
    link, replaced_by, content_hash, version, first_seen, last_seen, last_changed)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, 1, ?31, ?31, ?31)
)sql"),
      update_(db, R"sql(
UPDATE hazard SET source = ?2, kind = ?3, display_id = ?4, issuer = ?5, action = ?6,
    ref_key = ?7, status = ?8, severity = ?9, categories = ?10, firs = ?11, airports = ?12,
    countries = ?13, geometry = ?14, lower_ft = ?15, upper_ft = ?16, lower_text = ?17,
    upper_text = ?18, issued = ?19, valid_from = ?20, valid_to = ?21, valid_to_estimated = ?22,
    permanent = ?23, schedule = ?24, qcode = ?25, title = ?26, body = ?27, link = ?28,
    content_hash = ?29, version = version + 1, last_seen = ?30, last_changed = ?30
WHERE id = ?1
)sql"),
      touch_(db, "UPDATE hazard SET last_seen = ?2, source = ?3 WHERE id = ?1"),
      update_status_(db, "UPDATE hazard SET status = ?2, replaced_by = coalesce(?3, replaced_by), "
                         "version = version + 1, last_changed = ?4, last_seen = ?4 WHERE id = ?1"),
      insert_version_(db,
                      "INSERT INTO hazard_version (hazard_id, version, seen_at, source, "
                      "status, severity, content, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
      select_parts_(db, "SELECT key FROM hazard WHERE key >= ?1 AND key < ?2 ORDER BY key"),
      select_pending_(db, "SELECT action, by_key FROM hazard_pending_action WHERE target_key = ?1"),
      insert_pending_(db, "INSERT OR REPLACE INTO hazard_pending_action (target_key, action, "
                          "by_key, source, seen_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
      delete_pending_(db, "DELETE FROM hazard_pending_action WHERE target_key = ?1"),
      select_active_by_source_(db, "SELECT id, key FROM hazard WHERE source = ?1 AND status = "
                                   "'active'"),
      select_expired_(db, R"sql(
SELECT id, key, display_id, severity FROM hazard
WHERE status = 'active' AND valid_to IS NOT NULL
  AND valid_to + CASE WHEN valid_to_estimated THEN ?2 ELSE 0 END < ?1
)sql"),
      select_history_(db, "SELECT v.content FROM hazard_version v JOIN hazard h ON h.id = "
                          "v.hazard_id WHERE h.key = ?1 ORDER BY v.version") {}

namespace {

StoredHazard read_row(const sqlite::Statement::Binding& row) {
    StoredHazard s;
    Hazard& h = s.hazard;
    s.id = row.get_int(0);
    h.key = row.get_text(1);
    s.source = row.get_text(2);
    h.kind = kind_from_string(row.get_text(3)).value_or(HazardKind::notam);
    h.id = row.get_text(4);
    h.issuer = row.get_text(5);
    const auto action = row.get_text(6);
    h.action = action == "cancel"    ? HazardAction::cancel
               : action == "replace" ? HazardAction::replace
                                     : HazardAction::create;
    h.ref_key = row.get_text(7);
    h.status = status_from_string(row.get_text(8)).value_or(HazardStatus::active);
    h.severity = severity_from_string(row.get_text(9)).value_or(Severity::info);
    h.categories = CategorySet::from_bits(static_cast<std::uint32_t>(row.get_int(10)));
    h.firs = list_from_json(row.get_text(11));
    h.airports = list_from_json(row.get_text(12));
    h.countries = list_from_json(row.get_text(13));
    if (auto g = row.get_optional_text(14)) {
        h.geometry = geometry_from_json(json::parse(*g));
    }
    if (auto v = row.get_optional_int(15)) {
        h.lower_ft = static_cast<int>(*v);
    }
    if (auto v = row.get_optional_int(16)) {
        h.upper_ft = static_cast<int>(*v);
    }
    h.lower_text = row.get_text(17);
    h.upper_text = row.get_text(18);
    h.issued = from_unix(row.get_optional_int(19));
    h.valid_from = from_unix(row.get_optional_int(20));
    h.valid_to = from_unix(row.get_optional_int(21));
    h.valid_to_estimated = row.get_int(22) != 0;
    h.permanent = row.get_int(23) != 0;
    h.schedule = row.get_text(24);
    h.qcode = row.get_text(25);
    h.title = row.get_text(26);
    h.text = row.get_text(27);
    h.link = row.get_text(28);
    s.replaced_by = row.get_optional_text(29).value_or("");
    s.version = static_cast<int>(row.get_int(30));
    s.first_seen = UtcTime{std::chrono::seconds{row.get_int(31)}};
    s.last_seen = UtcTime{std::chrono::seconds{row.get_int(32)}};
    s.last_changed = UtcTime{std::chrono::seconds{row.get_int(33)}};
    return s;
}

/// Binds the hazard's fields to parameters first..first+27 in the order of insert_/update_.
void bind_fields(sqlite::Statement::Binding& b, int first, const Hazard& h) {
    const auto geometry = geometry_to_json(h.geometry);
    b.bind(first, to_string(h.kind))
        .bind(first + 1, h.id)
        .bind(first + 2, h.issuer)
        .bind(first + 3, to_string(h.action))
        .bind(first + 4, h.ref_key)
        .bind(first + 5, to_string(h.status))
        .bind(first + 6, to_string(h.severity))
        .bind(first + 7, static_cast<std::int64_t>(h.categories.bits()))
        .bind(first + 8, dump(json(h.firs)))
        .bind(first + 9, dump(json(h.airports)))
        .bind(first + 10, dump(json(h.countries)));
    if (geometry.is_null()) {
        b.bind_null(first + 11);
    } else {
        b.bind(first + 11, dump(geometry));
    }
    b.bind(first + 12, h.lower_ft)
        .bind(first + 13, h.upper_ft)
        .bind(first + 14, h.lower_text)
        .bind(first + 15, h.upper_text)
        .bind(first + 16, to_unix(h.issued))
        .bind(first + 17, to_unix(h.valid_from))
        .bind(first + 18, to_unix(h.valid_to))
        .bind(first + 19, h.valid_to_estimated ? 1 : 0)
        .bind(first + 20, h.permanent ? 1 : 0)
        .bind(first + 21, h.schedule)
        .bind(first + 22, h.qcode)
        .bind(first + 23, h.title)
        .bind(first + 24, h.text)
        .bind(first + 25, h.link);
}

} // namespace

std::optional<StoredHazard> HazardStore::find(const std::string& key) {
    auto row = select_by_key_.use();
    row.bind(1, key);
    if (!row.step()) {
        return std::nullopt;
    }
    return read_row(row);
}

std::vector<StoredHazard> HazardStore::targets_of(const std::string& key) {
    std::vector<StoredHazard> targets;
    if (auto whole = find(key)) {
        targets.push_back(std::move(*whole));
    }
    // Part keys are the key, the marker and digits: they sort between these two bounds.
    const std::string first = key + std::string(part_key_marker);
    std::vector<std::string> parts;
    {
        auto rows = select_parts_.use();
        rows.bind(1, first).bind(2, first + '\x7f');
        while (rows.step()) {
            if (whole_of_part_key(rows.get_text(0)) == std::string_view(key)) {
                parts.push_back(rows.get_text(0));
            }
        }
    }
    for (const auto& part : parts) {
        if (auto stored = find(part)) {
            targets.push_back(std::move(*stored));
        }
    }
    return targets;
}

std::vector<HazardChange> HazardStore::ingest(const std::string& source, const HazardBatch& batch,
                                              UtcTime now) {
    std::vector<HazardChange> changes;
    sqlite::Transaction tx(db_);
    std::vector<std::string> listed;
    for (const auto& hazard : batch.hazards) {
        if (hazard.action == HazardAction::cancel) {
            apply_cancel(source, hazard, now, changes);
            continue;
        }
        listed.push_back(hazard.key);
        changes.push_back(apply(source, hazard, now));
        if (hazard.action == HazardAction::replace && !hazard.ref_key.empty()) {
            mark_replaced(hazard.ref_key, hazard.key, source, now, changes);
        }
    }
    if (batch.complete_listing) {
        auto gone = withdraw_unlisted(source, listed, now);
        changes.insert(changes.end(), gone.begin(), gone.end());
    }
    tx.commit();
    return changes;
}

HazardChange HazardStore::apply(const std::string& source, const Hazard& incoming, UtcTime now) {
    HazardChange change;
    change.key = incoming.key;
    auto existing = find(incoming.key);
    Hazard hazard =
        existing && incoming.partial ? merge_partial(existing->hazard, incoming) : incoming;
    // A supplementary record never decides the status; final states stay final.
    if (existing && (incoming.partial || is_final(existing->hazard.status))) {
        hazard.status = existing->hazard.status;
    } else {
        hazard.status = natural_status(incoming, now);
    }
    change.id = hazard.id;
    change.severity = hazard.severity;
    change.status = hazard.status;
    const std::string content = content_of(hazard);
    const std::string hash = sha256_hex(content);

    if (!existing) {
        // An action that arrived before its target applies now.
        std::string pending_action;
        std::string pending_by;
        const auto pending_for = [&](std::string_view key) {
            auto p = select_pending_.use();
            p.bind(1, std::string(key));
            if (p.step()) {
                pending_action = p.get_text(0);
                pending_by = p.get_text(1);
            }
            return !pending_action.empty();
        };
        if (pending_for(hazard.key)) {
            auto d = delete_pending_.use();
            d.bind(1, hazard.key);
            d.run();
        } else if (const auto whole = whole_of_part_key(hazard.key)) {
            // An action on the whole NOTAM: it stays pending for the parts still to come.
            pending_for(*whole);
        }
        if (!pending_action.empty()) {
            hazard.status =
                pending_action == "cancel" ? HazardStatus::cancelled : HazardStatus::replaced;
            change.status = hazard.status;
        }
        auto b = insert_.use();
        b.bind(1, hazard.key).bind(2, source);
        bind_fields(b, 3, hazard);
        if (pending_action == "replace") {
            b.bind(29, pending_by);
        } else {
            b.bind_null(29);
        }
        b.bind(30, hash).bind(31, now.time_since_epoch().count());
        b.run();
        const auto id = sqlite3_last_insert_rowid(db_.get());
        record_version(id, 1, source, now, hazard, content);
        change.type = pending_action == "cancel"    ? HazardChange::Type::cancelled
                      : pending_action == "replace" ? HazardChange::Type::replaced
                                                    : HazardChange::Type::added;
        return change;
    }

    const auto id = existing->id;
    const bool same_content = sha256_hex(content_of(existing->hazard)) == hash;
    if (same_content && existing->hazard.status == hazard.status) {
        auto t = touch_.use();
        t.bind(1, id).bind(2, now.time_since_epoch().count()).bind(3, source);
        t.run();
        change.type = HazardChange::Type::unchanged;
        return change;
    }
    auto b = update_.use();
    b.bind(1, id);
    bind_fields(b, 3, hazard);
    b.bind(2, source).bind(29, hash).bind(30, now.time_since_epoch().count());
    b.run();
    record_version(id, existing->version + 1, source, now, hazard, content);
    change.previous_severity = existing->hazard.severity;
    change.type = hazard.status == HazardStatus::withdrawn &&
                          existing->hazard.status != HazardStatus::withdrawn
                      ? HazardChange::Type::withdrawn
                      : HazardChange::Type::changed;
    return change;
}

void HazardStore::apply_cancel(const std::string& source, const Hazard& cancel, UtcTime now,
                               std::vector<HazardChange>& changes) {
    const auto targets =
        cancel.ref_key.empty() ? std::vector<StoredHazard>{} : targets_of(cancel.ref_key);
    if (targets.empty()) {
        // Remember it: the NOTAM it cancels may still arrive (feeds are not ordered).
        auto p = insert_pending_.use();
        p.bind(1, cancel.ref_key.empty() ? cancel.key : cancel.ref_key)
            .bind(2, "cancel")
            .bind(3, cancel.key)
            .bind(4, source)
            .bind(5, now.time_since_epoch().count());
        p.run();
        changes.push_back({HazardChange::Type::cancelled, cancel.ref_key, cancel.id,
                           HazardStatus::cancelled, Severity::info, std::nullopt});
        return;
    }
    for (const auto& target : targets) {
        HazardChange& change = changes.emplace_back();
        change.key = target.hazard.key;
        change.id = target.hazard.id;
        change.status = HazardStatus::cancelled;
        change.severity = target.hazard.severity;
        if (target.hazard.status == HazardStatus::cancelled) {
            change.type = HazardChange::Type::unchanged;
            continue;
        }
        finish(target, HazardStatus::cancelled, source, now, content_of(cancel));
        change.type = HazardChange::Type::cancelled;
    }
}

void HazardStore::mark_replaced(const std::string& target_key, const std::string& by,
                                const std::string& source, UtcTime now,
                                std::vector<HazardChange>& changes) {
    const auto targets = targets_of(target_key);
    if (targets.empty()) {
        auto p = insert_pending_.use();
        p.bind(1, target_key)
            .bind(2, "replace")
            .bind(3, by)
            .bind(4, source)
            .bind(5, now.time_since_epoch().count());
        p.run();
        return;
    }
    for (const auto& target : targets) {
        if (is_final(target.hazard.status)) {
            continue;
        }
        Hazard replaced = target.hazard;
        replaced.status = HazardStatus::replaced;
        finish(target, HazardStatus::replaced, source, now, content_of(replaced), by);
        changes.push_back({HazardChange::Type::replaced, target.hazard.key, target.hazard.id,
                           HazardStatus::replaced, target.hazard.severity, std::nullopt});
    }
}

std::vector<HazardChange> HazardStore::withdraw_unlisted(const std::string& source,
                                                         const std::vector<std::string>& listed,
                                                         UtcTime now) {
    const std::set<std::string> present(listed.begin(), listed.end());
    std::vector<std::pair<std::int64_t, std::string>> gone;
    {
        auto rows = select_active_by_source_.use();
        rows.bind(1, source);
        while (rows.step()) {
            if (present.count(rows.get_text(1)) == 0) {
                gone.emplace_back(rows.get_int(0), rows.get_text(1));
            }
        }
    }
    std::vector<HazardChange> changes;
    for (const auto& [id, key] : gone) {
        auto stored = find(key);
        Hazard h = stored->hazard;
        h.status = HazardStatus::withdrawn;
        set_status(id, HazardStatus::withdrawn, source, now);
        record_version(id, stored->version + 1, source, now, h, content_of(h));
        changes.push_back({HazardChange::Type::withdrawn, key, h.id, HazardStatus::withdrawn,
                           h.severity, std::nullopt});
    }
    return changes;
}

std::vector<HazardChange> HazardStore::expire(UtcTime now) {
    std::vector<std::pair<std::int64_t, std::string>> due;
    {
        auto rows = select_expired_.use();
        rows.bind(1, now.time_since_epoch().count())
            .bind(
                2,
                static_cast<std::int64_t>(
                    std::chrono::duration_cast<std::chrono::seconds>(estimated_end_grace).count()));
        while (rows.step()) {
            due.emplace_back(rows.get_int(0), rows.get_text(1));
        }
    }
    std::vector<HazardChange> changes;
    if (due.empty()) {
        return changes;
    }
    sqlite::Transaction tx(db_);
    for (const auto& [id, key] : due) {
        auto stored = find(key);
        Hazard h = stored->hazard;
        h.status = HazardStatus::expired;
        set_status(id, HazardStatus::expired, stored->source, now);
        record_version(id, stored->version + 1, stored->source, now, h, content_of(h));
        changes.push_back({HazardChange::Type::expired, key, h.id, HazardStatus::expired,
                           h.severity, std::nullopt});
    }
    tx.commit();
    return changes;
}

void HazardStore::finish(const StoredHazard& target, HazardStatus status, const std::string& source,
                         UtcTime now, const std::string& content, const std::string& replaced_by) {
    Hazard finished = target.hazard;
    finished.status = status;
    set_status(target.id, status, source, now, replaced_by);
    record_version(target.id, target.version + 1, source, now, finished, content);
}

void HazardStore::set_status(std::int64_t id, HazardStatus status, const std::string&, UtcTime now,
                             const std::string& replaced_by) {
    auto b = update_status_.use();
    b.bind(1, id).bind(2, to_string(status));
    if (replaced_by.empty()) {
        b.bind_null(3);
    } else {
        b.bind(3, replaced_by);
    }
    b.bind(4, now.time_since_epoch().count());
    b.run();
}

void HazardStore::record_version(std::int64_t id, int version, const std::string& source,
                                 UtcTime now, const Hazard& hazard, const std::string& content) {
    auto b = insert_version_.use();
    b.bind(1, id)
        .bind(2, version)
        .bind(3, now.time_since_epoch().count())
        .bind(4, source)
        .bind(5, to_string(hazard.status))
        .bind(6, to_string(hazard.severity))
        .bind(7, content)
        .bind(8, hazard.raw);
    b.run();
}

std::vector<StoredHazard> HazardStore::query(const HazardQuery& q) {
    std::string sql = fmt::format("SELECT {} FROM hazard WHERE 1 = 1", columns);
    if (q.active_only) {
        sql += " AND status = 'active'";
    }
    if (!q.fir.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM json_each(hazard.firs) WHERE value = ?1)";
    }
    if (!q.airport.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM json_each(hazard.airports) WHERE value = ?2)";
    }
    sql += " ORDER BY coalesce(valid_from, first_seen) DESC, key LIMIT ?3";
    // Filters vary per call: a one-off statement, not one of the prepared-once set.
    sqlite::Statement statement(db_, sql.c_str());
    auto rows = statement.use();
    if (!q.fir.empty()) {
        rows.bind(1, q.fir);
    }
    if (!q.airport.empty()) {
        rows.bind(2, q.airport);
    }
    rows.bind(3, static_cast<std::int64_t>(q.limit));
    std::vector<StoredHazard> out;
    while (rows.step()) {
        out.push_back(read_row(rows));
    }
    return out;
}

std::vector<std::string> HazardStore::history(const std::string& key) {
    std::vector<std::string> versions;
    auto rows = select_history_.use();
    rows.bind(1, key);
    while (rows.step()) {
        versions.push_back(rows.get_text(0));
    }
    return versions;
}

} // namespace aerowatch
