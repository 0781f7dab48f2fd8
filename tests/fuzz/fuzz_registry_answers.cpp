// libFuzzer target: one body given to every reader of registry answers and cache rows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lint/html/markup_text.h"
#include "lint/html/page_text.h"
#include "lint/net/registry_answers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const reflint::MarkupReaders readers{reflint::jats_fragment_text, reflint::html_fragment_text,
                                              reflint::jats_article_text,
                                              [](const std::string& address, std::string_view html) {
                                                return reflint::readable_text(address, html);
                                              }};
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  reflint::read_crossref_work(body, readers);
  reflint::read_datacite_doi(body, readers);
  reflint::read_registration_agency(body);
  reflint::read_handle_response_code(body);
  reflint::read_retraction_record(body);
  reflint::read_europepmc_search(body, {"10.1000/fuzz", "", ""}, readers);
  reflint::read_europepmc_search(body, {"", "A fuzzed title", "Smith"}, readers);
  reflint::read_doi_record_row(body);
  reflint::read_source_texts_row(body);
  // The full text reader sees the same bytes as a fullTextXML answer.
  readers.jats_article(body);
  return 0;
}
