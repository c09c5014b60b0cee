// An independent checker for exported HTML: every tag is on a short allow-list of formatting elements,
// every attribute is style/href/rel/charset with a quoted value, every link is http, https or mailto,
// no style loads anything, and the text is valid UTF-8 without NUL. Used by the export security tests
// and the export fuzz target, so both judge the output the same way.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace tp::test {

inline std::string LowerAscii(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = (char)std::tolower((unsigned char)c);
  return o;
}

// The few entities the exporter writes, decoded, so a checked URL is the URL a browser would follow.
inline std::string DecodeBasicEntities(std::string_view s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<const char*, char> kEntities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
      bool done = false;
      for (const auto& e : kEntities) {
        const std::string_view name = e.first;
        if (s.substr(i, name.size()) == name) { o += e.second; i += name.size() - 1; done = true; break; }
      }
      if (!done) o += '&';   // any other entity is left encoded: a URL using one is refused below
    } else {
      o += s[i];
    }
  }
  return o;
}

inline bool ValidUtf8NoNul(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = (unsigned char)s[i];
    if (c == 0) return false;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) if (((unsigned char)s[i + k] & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Returns "" when the HTML is inert, else what is wrong and where.
inline std::string WhyNotInert(std::string_view html) {
  static const char* kTags[] = {"html", "head", "meta", "title", "body", "article", "p", "h1", "h2", "h3", "h4", "h5", "h6",
                                "blockquote", "ul", "ol", "li", "pre", "code", "em", "strong", "a", "br", "hr",
                                "section", "span", "sup"};
  if (!ValidUtf8NoNul(html)) return "invalid UTF-8 or a NUL byte";
  bool in_title = false;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') continue;
    const std::string at = " at byte " + std::to_string(i) + ": " + std::string(html.substr(i, 60));
    if (LowerAscii(html.substr(i, 15)) == "<!doctype html>") { i += 14; continue; }
    size_t j = i + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    const size_t name_begin = j;
    while (j < html.size() && std::isalnum((unsigned char)html[j])) ++j;
    const std::string name = LowerAscii(html.substr(name_begin, j - name_begin));
    bool known = false;
    for (const char* t : kTags) known = known || name == t;
    if (!known) return "tag <" + (closing ? "/" + name : name) + "> is not allowed" + at;
    if (in_title && !(closing && name == "title")) return "markup inside <title>" + at;
    if (name == "title") in_title = !closing;
    // Attributes: name="value" pairs up to '>'.
    for (;;) {
      while (j < html.size() && html[j] == ' ') ++j;
      if (j >= html.size()) return "unterminated tag" + at;
      if (html[j] == '>') { i = j; break; }
      if (closing) return "attribute on a closing tag" + at;
      const size_t a = j;
      while (j < html.size() && (std::isalpha((unsigned char)html[j]) || html[j] == '-')) ++j;
      const std::string attr = LowerAscii(html.substr(a, j - a));
      // name/content only as the viewport meta (never http-equiv: a refresh or a policy); lang as a tag.
      const bool meta_attr = name == "meta" && (attr == "name" || attr == "content");
      if (attr != "style" && attr != "href" && attr != "rel" && attr != "charset" && attr != "lang" && !meta_attr)
        return "attribute '" + attr + "' is not allowed" + at;
      if (j + 1 >= html.size() || html[j] != '=' || html[j + 1] != '"') return "attribute without a quoted value" + at;
      const size_t v = j + 2, e = html.find('"', v);
      if (e == std::string_view::npos) return "unterminated attribute value" + at;
      const std::string value = DecodeBasicEntities(html.substr(v, e - v));
      if (value.find('<') != std::string::npos || value.find('>') != std::string::npos) return "markup in an attribute" + at;
      if (attr == "name" && value != "viewport") return "meta name other than viewport" + at;
      if (attr == "content" && value.find_first_not_of("abcdefghijklmnopqrstuvwxyz-=,. 0123456789") != std::string::npos)
        return "meta content beyond a viewport's" + at;
      if (attr == "lang" && value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
        return "lang that is not a language tag" + at;
      if (attr == "href") {
        const std::string u = LowerAscii(value);
        if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0 && u.rfind("mailto:", 0) != 0) return "unsafe link '" + value + "'" + at;
        for (unsigned char c : value) if (c < 0x20 || c == 0x7F) return "control character in a link" + at;
      }
      if (attr == "style") {
        const std::string s = LowerAscii(value);
        if (s.find("url(") != std::string::npos || s.find("expression") != std::string::npos || s.find("@import") != std::string::npos)
          return "style that loads or runs something" + at;
      }
      j = e + 1;
    }
  }
  return "";
}

}  // namespace tp::test
