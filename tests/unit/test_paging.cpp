// SPDX-License-Identifier: GPL-3.0-or-later
#include "sources/paging.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;

namespace {

std::string next(std::string_view current, PageLink link) {
    auto url = next_page_url(current, link);
    return url ? *url : "error: " + url.error().message;
}

PageLink url_link(std::string url) {
    PageLink link;
    link.url = std::move(url);
    return link;
}

} // namespace

TEST_CASE("AeroAPI links.next is joined under the API base path, not the host root", "[paging]") {
    CHECK(next("https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights/"
               "scheduled_departures?start=2025-11-24T00%3A00%3A00Z",
               url_link("/airports/SVMI/flights/scheduled_departures?start=2025-11-24T00%3A00%"
                        "3A00Z&cursor=6a1f0c9e4b7d2a85")) ==
          "https://aeroapi.flightaware.com/aeroapi/airports/SVMI/flights/scheduled_departures?"
          "start=2025-11-24T00%3A00%3A00Z&cursor=6a1f0c9e4b7d2a85");
    // A server without a base path (a local test server) keeps the path as given.
    CHECK(next("http://127.0.0.1:8080/airports/SVMI/flights", url_link("/airports/SVMI/x?c=1")) ==
          "http://127.0.0.1:8080/airports/SVMI/x?c=1");
    // A path whose first segment is not in the current URL resolves against the host.
    CHECK(next("https://host/api/boards/ccs", url_link("/other/page")) ==
          "https://host/other/page");
}

TEST_CASE("page numbers and offsets replace the query parameter, keeping the others", "[paging]") {
    PageLink page;
    page.page_number = 2;
    CHECK(next("https://external-api.faa.gov/notamapi/v1/notams?icaoLocation=SVZM&pageNum=1&"
               "pageSize=1000",
               page) == "https://external-api.faa.gov/notamapi/v1/notams?icaoLocation=SVZM&"
                        "pageSize=1000&pageNum=2");
    CHECK(next("https://external-api.faa.gov/notamapi/v1/notams", page) ==
          "https://external-api.faa.gov/notamapi/v1/notams?pageNum=2");
    PageLink offset;
    offset.offset = 10;
    CHECK(next("https://api.aviationstack.com/v1/flights?access_key=k&dep_iata=CCS", offset) ==
          "https://api.aviationstack.com/v1/flights?access_key=k&dep_iata=CCS&offset=10");
}

TEST_CASE("absolute next-page URLs are taken as given, other schemes refused", "[paging]") {
    CHECK(next("https://api-nms.aim.faa.gov/nmsapi/v1/notams",
               url_link("https://nms-content.s3.amazonaws.com/notams/abc.json.gz?sig=1")) ==
          "https://nms-content.s3.amazonaws.com/notams/abc.json.gz?sig=1");
    CHECK(next("https://host/a", url_link("file:///etc/passwd")).rfind("error: ", 0) == 0);
    CHECK(next("https://host/a", url_link("/a b")).rfind("error: ", 0) == 0);
    CHECK(next("https://host/a", url_link("")).rfind("error: ", 0) == 0);
    CHECK(next("https://host/a", PageLink{}).rfind("error: ", 0) == 0);
    CHECK(next("not a url", url_link("/x")).rfind("error: ", 0) == 0);
}

TEST_CASE("same_origin compares scheme, host and port", "[paging]") {
    CHECK(same_origin("https://aeroapi.flightaware.com/aeroapi/a",
                      "https://aeroapi.flightaware.com:443/aeroapi/b?c=1"));
    CHECK_FALSE(same_origin("https://api-nms.aim.faa.gov/x", "https://nms.s3.amazonaws.com/x"));
    CHECK_FALSE(same_origin("https://host/x", "http://host/x"));
    CHECK_FALSE(same_origin("http://127.0.0.1:80/x", "http://127.0.0.1:81/x"));
}
