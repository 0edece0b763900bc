// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/feeds/faa_notam_api.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "sources/feeds/aixm.hpp"
#include "sources/feeds/faa_feature.hpp"
#include "sources/feeds/faa_notam_fields.hpp"
#include "sources/feeds/feed_support.hpp"

#include <simdjson.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

namespace aerowatch {

namespace {

using namespace simdjson;
using ondemand::json_type;
namespace sn = structured_notam;

bool is_gzip(std::string_view data) {
    return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
           static_cast<unsigned char>(data[1]) == 0x8b;
}

/// Errors after which the on-demand iterator is still usable (a value of an unexpected type or
/// range). Any other error abandons the iterator, and touching it again is undefined.
bool recoverable(error_code error) {
    return error == INCORRECT_TYPE || error == NO_SUCH_FIELD || error == NUMBER_ERROR ||
           error == NUMBER_OUT_OF_RANGE || error == INDEX_OUT_OF_BOUNDS ||
           error == STRING_ERROR; // a bad escape: the string token is consumed before unescaping
}

/// Walks one payload document and fills the batch: with hazards, or, when `notams` is given,
/// with the NOTAMs as read (paging and errors still go to the batch).
class Reader {
  public:
    Reader(HazardBatch& batch, std::string_view json, std::vector<Result<Notam>>* notams)
        : batch_(batch), json_(json), lines_(json), notams_(notams) {}

    void run(ondemand::document& doc) {
        doc_ = &doc;
        try {
            const json_type type = doc.type();
            if (type == json_type::array) {
                read_features(doc.get_array());
            } else if (type == json_type::object) {
                read_envelope(doc.get_object());
            } else {
                error("the payload is neither a JSON object nor an array", 0);
            }
        } catch (const simdjson_error& e) {
            // Structural damage: what was read before it still counts.
            error(std::string("malformed JSON: ") + e.what(), line_here());
        }
    }

  private:
    void error(std::string message, int line) {
        batch_.errors.push_back({std::move(message), line});
    }

    int line_of(const char* where) {
        if (where < json_.data() || where > json_.data() + json_.size()) {
            return 0;
        }
        return lines_.line_at(static_cast<std::size_t>(where - json_.data()));
    }

    int line_here() {
        const char* where = nullptr;
        return doc_->current_location().get(where) ? 0 : line_of(where);
    }

    void read_envelope(ondemand::object envelope) {
        std::optional<int> page_num;
        std::optional<int> total_pages;
        std::string status;
        bool single_feature = false;
        bool api_errors = false;
        for (auto member : envelope) {
            ondemand::field f = std::move(member);
            const auto key = faa_feature::key_of(f);
            ondemand::value v = f.value();
            if (key == "items" || key == "features") {
                read_features(v);
            } else if (key == "data") {
                read_data(v);
            } else if (key == "pageNum") {
                page_num = sn::small_int(faa_feature::scalar(v));
            } else if (key == "totalPages") {
                total_pages = sn::small_int(faa_feature::scalar(v));
            } else if (key == "status") {
                status = sn::field(faa_feature::scalar(v));
            } else if (key == "errors") {
                api_errors = read_api_errors(v) > 0;
            } else if (key == "properties") {
                single_feature = true;
                break;
            }
        }
        if (single_feature) {
            doc_->rewind();
            read_feature(doc_->get_object(), json_.data(), json_.data() + json_.size());
            return;
        }
        if (!status.empty() && status != "Success" && !api_errors) {
            error("NMS API status: " + status, 0);
        }
        if (page_num && total_pages && *page_num < *total_pages) {
            batch_.next_page_number = *page_num + 1;
        }
    }

    /// The NMS "errors" list, each an ItemError; returns how many.
    int read_api_errors(ondemand::value v) {
        int count = 0;
        if (v.type() != json_type::array) {
            return count;
        }
        for (auto item : v.get_array()) {
            ondemand::value e = std::move(item);
            std::string_view text;
            const json_type type = e.type();
            if (type == json_type::string) {
                text = e.get_string();
            } else if (type == json_type::object) {
                text = ondemand::object(e.get_object()).raw_json(); // {"code":..,"message":..}
            } else {
                text = e.raw_json_token();
            }
            error("NMS API error: " + sn::field(text), 0);
            ++count;
        }
        return count;
    }

    void read_data(ondemand::value v) {
        if (v.type() != json_type::object) {
            return;
        }
        for (auto member : v.get_object()) {
            ondemand::field f = std::move(member);
            const auto key = faa_feature::key_of(f);
            ondemand::value value = f.value();
            if (key == "geojson") {
                read_features(value);
            } else if (key == "aixm") {
                read_aixm(value);
            } else if (key == "url" && value.type() == json_type::string) {
                batch_.next_page_url = sn::field(std::string_view(value.get_string()));
            }
        }
    }

    void read_aixm(ondemand::value v) {
        if (v.type() != json_type::array) {
            error("data.aixm is not an array", line_here());
            return;
        }
        int index = 0;
        for (auto item : v.get_array()) {
            ondemand::value message = std::move(item);
            ++index;
            if (message.type() != json_type::string) {
                error("data.aixm[" + std::to_string(index - 1) + "] is not a string", line_here());
                continue;
            }
            const std::string_view xml = message.get_string();
            if (notams_ != nullptr) {
                for (auto& notam : aixm_notams(xml)) {
                    notams_->push_back(std::move(notam));
                }
                continue;
            }
            HazardBatch part = parse_aixm(xml);
            for (auto& h : part.hazards) {
                batch_.hazards.push_back(std::move(h));
            }
            for (auto& e : part.errors) {
                e.message = "data.aixm[" + std::to_string(index - 1) + "]: " + e.message;
                batch_.errors.push_back(std::move(e));
            }
        }
    }

    void read_features(ondemand::value v) {
        if (v.type() != json_type::array) {
            error("the feature list is not an array", line_here());
            return;
        }
        read_features(v.get_array());
    }

    void read_features(ondemand::array features) {
        for (auto item : features) {
            ondemand::value feature = std::move(item);
            const char* start = feature.current_location();
            if (feature.type() != json_type::object) {
                error("a feature is not a JSON object", line_of(start));
                continue;
            }
            try {
                read_feature(feature.get_object(), start, nullptr);
            } catch (const simdjson_error& e) {
                if (!recoverable(e.error())) {
                    throw; // the iterator is dead: nothing more can be read
                }
                error(std::string("feature: ") + e.what(), line_of(start));
            }
        }
    }

    /// `end` is where the feature's text ends when known (a single-feature payload); otherwise
    /// it is where the document iterator stands once the feature is read.
    void read_feature(ondemand::object feature, const char* start, const char* end) {
        faa_feature::FeatureText text;
        faa_feature::read(feature, text);
        if (end == nullptr && doc_->current_location().get(end)) {
            end = json_.data() + json_.size();
        }
        std::string_view raw(start,
                             static_cast<std::size_t>(std::max(end - start, std::ptrdiff_t{0})));
        raw = trim(raw);
        auto notam = faa_feature::build(text, notams_ != nullptr);
        if (notams_ != nullptr) {
            notams_->push_back(notam
                                   ? std::move(notam)
                                   : Result<Notam>::failure(notam.error().message, line_of(start)));
            return;
        }
        if (!notam) {
            error(notam.error().message, line_of(start));
            return;
        }
        // Lines are counted only for what can become an error: counting costs a pass.
        const int line = notam->type == 'C' && notam->ref.empty() ? line_of(start) : 0;
        const Geometry* polygon = text.polygon.rings.empty() ? nullptr : &text.polygon;
        // simdjson validated the whole payload as UTF-8 (read_payload repairs it first when
        // not), and a feature starts and ends on ASCII punctuation: its text is valid UTF-8.
        sn::add_hazard(batch_, std::move(notam.value()), {raw, polygon, line, true});
    }

    HazardBatch& batch_;
    std::string_view json_;
    sn::LineCounter lines_;
    std::vector<Result<Notam>>* notams_;
    ondemand::document* doc_ = nullptr;
};

/// The parser and the padded copy of the input, kept from one payload to the next on this
/// thread: with fresh ones, the copy and simdjson's structural index are new memory whose
/// every page faults in, and a 50 MB page was read at a third of the speed of a warm pair.
class Scratch {
  public:
    /// `payload` copied into the kept buffer with simdjson's padding after it.
    padded_string_view load(std::string_view payload) {
        if (buffer_.reserve(payload.size() + SIMDJSON_PADDING)) {
            parser_ = ondemand::parser(); // its capacity follows the buffer's, down as well
        }
        if (!payload.empty()) { // an empty view may have no data pointer at all
            std::memcpy(buffer_.data(), payload.data(), payload.size());
        }
        std::memset(buffer_.data() + payload.size(), 0, SIMDJSON_PADDING);
        return padded_string_view(buffer_.data(), payload.size(), buffer_.capacity());
    }

    ondemand::parser& parser() { return parser_; }

  private:
    feed::ScratchBuffer buffer_;
    ondemand::parser parser_;
};

void read_payload(HazardBatch& batch, std::string_view payload,
                  std::vector<Result<Notam>>* notams) {
    // One per thread: parsers are not shared, and the reader below never re-enters this.
    thread_local Scratch scratch;
    padded_string_view json = scratch.load(payload);
    ondemand::parser& parser = scratch.parser();
    ondemand::document doc;
    auto error = parser.iterate(json).get(doc);
    if (error == UTF8_ERROR) {
        // simdjson validates UTF-8 for the whole document up front, which is what lets every
        // string we read from it skip the check; a feed with a stray byte is repaired once
        // here rather than rejected whole.
        json = scratch.load(to_valid_utf8(payload));
        error = parser.iterate(json).get(doc);
    }
    if (error) {
        batch.errors.push_back({std::string("malformed JSON: ") + error_message(error), 0});
        return;
    }
    if (notams == nullptr) {
        // Room for a hazard per KB (the smallest features carry about that): growing the
        // vector instead moved every hazard once more and faulted in each larger copy. Room
        // never used is address space only, never touched.
        batch.hazards.reserve(payload.size() / 1024);
    }
    Reader(batch, std::string_view(json.data(), json.size()), notams).run(doc);
}

} // namespace

Result<std::string> gunzip(std::string_view data, std::size_t max_size);

namespace {

/// Any payload, gzip or not.
void read_any(HazardBatch& batch, std::string_view payload, std::vector<Result<Notam>>* notams) {
    std::string inflated;
    if (is_gzip(payload)) {
        auto body = gunzip(payload);
        if (!body) {
            batch.errors.push_back({body.error().message, 0});
            return;
        }
        inflated = std::move(body.value());
        payload = inflated;
    }
    if (const auto start = payload.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        start != std::string_view::npos && payload[start] == '<') {
        // nmsResponseFormat: AIXM: the initial load is a SOAP-wrapped WFS collection, not JSON.
        if (notams != nullptr) {
            for (auto& notam : aixm_notams(payload)) {
                notams->push_back(std::move(notam));
            }
        } else {
            batch = parse_aixm(payload);
        }
        return;
    }
    try {
        read_payload(batch, payload, notams);
    } catch (const std::exception& e) {
        // Only allocation failure can get here (simdjson errors are caught per feature).
        batch.errors.push_back({std::string("FAA NOTAM API payload: ") + e.what(), 0});
    }
}

} // namespace

Result<std::string> gunzip(std::string_view data, std::size_t max_size) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return Result<std::string>::failure("gzip: zlib initialisation failed");
    }
    // ISIZE (the last four bytes) predicts the size of a one-member file; trust it only as far
    // as deflate can compress (about 1032:1) and the cap allow.
    std::size_t guess = data.size() * 4;
    if (data.size() >= 18) {
        const auto* tail = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
        const std::size_t isize =
            tail[0] | (tail[1] << 8) | (tail[2] << 16) | (static_cast<std::size_t>(tail[3]) << 24);
        if (isize > 0 && isize / 1032 <= data.size()) {
            guess = isize + 1;
        }
    }
    std::string out;
    out.resize(std::min(std::max<std::size_t>(guess, 4096), max_size + 1));
    std::size_t produced = 0;
    std::string_view in = data;
    int rc = Z_OK;
    std::string failure;
    while (true) {
        if (produced == out.size()) {
            if (out.size() > max_size) {
                failure = "gzip: body inflates past " + std::to_string(max_size) + " bytes";
                break;
            }
            out.resize(std::min(out.size() * 2, max_size + 1));
        }
        const auto in_chunk = std::min<std::size_t>(in.size(), 1u << 30);
        const auto out_chunk = std::min<std::size_t>(out.size() - produced, 1u << 30);
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        zs.avail_in = static_cast<uInt>(in_chunk);
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        zs.avail_out = static_cast<uInt>(out_chunk);
        rc = inflate(&zs, Z_NO_FLUSH);
        in.remove_prefix(in_chunk - zs.avail_in);
        produced += out_chunk - zs.avail_out;
        if (rc == Z_STREAM_END) {
            if (!is_gzip(in)) {
                break; // done; anything after the last member is ignored
            }
            inflateReset(&zs);
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            failure =
                std::string("gzip: corrupt body") + (zs.msg ? std::string(": ") + zs.msg : "");
            break;
        }
        if (in.empty() && zs.avail_out > 0) {
            failure = "gzip: truncated body";
            break;
        }
    }
    inflateEnd(&zs);
    if (!failure.empty()) {
        return Result<std::string>::failure(std::move(failure));
    }
    out.resize(produced);
    return out;
}

HazardBatch parse_faa_notam_api(std::string_view payload) {
    HazardBatch batch;
    read_any(batch, payload, nullptr);
    return batch;
}

std::vector<Result<Notam>> faa_notams(std::string_view payload) {
    HazardBatch batch;
    std::vector<Result<Notam>> notams;
    read_any(batch, payload, &notams);
    for (auto& e : batch.errors) {
        notams.push_back(Result<Notam>::failure(std::move(e.message), e.line));
    }
    return notams;
}

Result<Notam> notam_from_geojson_feature(std::string_view feature_json) {
    padded_string json(feature_json);
    ondemand::parser parser;
    ondemand::document doc;
    if (auto error = parser.iterate(json).get(doc)) {
        return Result<Notam>::failure(std::string("malformed JSON: ") + error_message(error));
    }
    try {
        faa_feature::FeatureText text;
        faa_feature::read(doc.get_object(), text);
        return faa_feature::build(text);
    } catch (const simdjson_error& e) {
        return Result<Notam>::failure(std::string("malformed JSON: ") + e.what());
    }
}

} // namespace aerowatch
