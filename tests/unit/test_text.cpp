// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/text.hpp"

#include <catch2/catch.hpp>

using namespace aerowatch;

TEST_CASE("UTF-8 is validated and repaired with U+FFFD", "[text]") {
    CHECK(is_valid_utf8("Simón Bolívar – Maiquetía"));
    CHECK_FALSE(is_valid_utf8("\xC3\x28"));         // bad continuation
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));         // truncated
    bool replaced = false;
    CHECK(to_valid_utf8("A\xFF"
                        "B\xC3\x28",
                        &replaced) == "A\xEF\xBF\xBD"
                                      "B\xEF\xBF\xBD(");
    CHECK(replaced);
    CHECK(to_valid_utf8("ok ✈", &replaced) == "ok ✈");
    CHECK_FALSE(replaced);
}

TEST_CASE("HTML entities are decoded, unknown ones kept", "[text]") {
    CHECK(decode_html_entities("Democratic People&#039;s Republic of Korea ") ==
          "Democratic People's Republic of Korea ");
    CHECK(decode_html_entities("FAA&apos;S &amp; EASA &lt;b&gt; &#x2013; &hellip;") ==
          "FAA'S & EASA <b> – …");
    CHECK(decode_html_entities("&bogus; & &#xD800; &#0;") == "&bogus; & &#xD800; &#0;");
    CHECK(decode_html_entities("&#1114112;") == "&#1114112;");
    // Every HTML 4 name: Latin-1 letters as bulletins and web pages write place names, case as
    // written, and symbols; the first and last of the table too.
    CHECK(decode_html_entities("Maiquet&iacute;a, Bogot&aacute;, &Aacute;vila, Cura&ccedil;ao") ==
          "Maiquet\xC3\xAD"
          "a, Bogot\xC3\xA1, \xC3\x81vila, Cura\xC3\xA7"
          "ao");
    CHECK(decode_html_entities("&euro;5 &trade; &deg; &AElig;&zwnj;") ==
          "\xE2\x82\xAC"
          "5 \xE2\x84\xA2 \xC2\xB0 \xC3\x86\xE2\x80\x8C");
    CHECK(decode_html_entities("&IACUTE; &Iacut; &iacute") == "&IACUTE; &Iacut; &iacute");
}

TEST_CASE("typographic punctuation becomes ASCII, tags are stripped", "[text]") {
    CHECK(normalise_punctuation("NOTAM…SECURITY…FAA’S “SFC—UNL”") ==
          "NOTAM...SECURITY...FAA'S \"SFC-UNL\"");
    CHECK(strip_html_tags("<p>Until 31/01/2027, unless reviewed earlier.</p>\n") ==
          "Until 31/01/2027, unless reviewed earlier.\n\n");
    CHECK(strip_html_tags("a<br/>b <b>c</b> <unclosed") == "a\nb c <unclosed");
    CHECK(collapse_whitespace("  A\r\n  B\t\tC  ") == "A B C");
    CHECK(trim("\n x \t") == "x");
    CHECK(to_upper_ascii("svmi Ñ") == "SVMI Ñ");
}
