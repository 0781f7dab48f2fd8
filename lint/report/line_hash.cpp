#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint/report/report.h"

namespace reflint {
namespace {

/// Decodes UTF-8 to UTF-16 code units the way Node's TextDecoder does: each maximal invalid
/// subsequence becomes one U+FFFD.
std::vector<uint16_t> to_utf16(std::string_view text) {
  std::vector<uint16_t> units;
  units.reserve(text.size());
  size_t i = 0;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      units.push_back(lead);
      ++i;
      continue;
    }
    int length = 0;
    uint32_t code_point = 0;
    unsigned char lower = 0x80;
    unsigned char upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
      if (lead == 0xE0) lower = 0xA0;
      if (lead == 0xED) upper = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
      if (lead == 0xF0) lower = 0x90;
      if (lead == 0xF4) upper = 0x8F;
    } else {
      units.push_back(0xFFFD);
      ++i;
      continue;
    }
    size_t k = 1;
    for (; k < static_cast<size_t>(length); ++k) {
      if (i + k >= text.size()) break;
      const unsigned char next = byte(i + k);
      if (next < (k == 1 ? lower : 0x80) || next > (k == 1 ? upper : 0xBF)) break;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (k < static_cast<size_t>(length)) {
      units.push_back(0xFFFD);
      i += k;
      continue;
    }
    if (code_point >= 0x10000) {
      code_point -= 0x10000;
      units.push_back(static_cast<uint16_t>(0xD800 + (code_point >> 10)));
      units.push_back(static_cast<uint16_t>(0xDC00 + (code_point & 0x3FF)));
    } else {
      units.push_back(static_cast<uint16_t>(code_point));
    }
    i += static_cast<size_t>(length);
  }
  return units;
}

}  // namespace

std::vector<std::string> line_hashes(std::string_view content) {
  constexpr int kBlockSize = 100;
  constexpr uint64_t kMod = 37;
  constexpr uint32_t kEndOfFile = 65535;
  uint64_t first_mod = 1;
  for (int i = 0; i < kBlockSize; ++i) first_mod *= kMod;

  std::vector<std::string> hashes;
  std::vector<uint32_t> window(kBlockSize, 0);
  std::vector<int64_t> line_numbers(kBlockSize, -1);
  std::unordered_map<uint64_t, int> hash_counts;
  uint64_t hash = 0;  // wraps like the reference's signed 64-bit Long, read as unsigned
  int index = 0;
  int64_t line_number = 0;
  bool line_start = true;
  bool previous_cr = false;

  const auto output_hash = [&] {
    const int count = ++hash_counts[hash];
    const auto line = static_cast<size_t>(line_numbers[index]);
    if (hashes.size() < line) hashes.resize(line);
    hashes[line - 1] = fmt::format("{:x}:{}", hash, count);
    line_numbers[index] = -1;
  };
  const auto update_hash = [&](uint32_t current) {
    const uint32_t begin = window[index];
    window[index] = current;
    hash = kMod * hash + current - first_mod * begin;
    index = (index + 1) % kBlockSize;
  };
  const auto process = [&](uint32_t current) {
    if (current == ' ' || current == '\t' || (previous_cr && current == '\n')) {
      previous_cr = false;
      return;
    }
    if (current == '\r') {
      current = '\n';
      previous_cr = true;
    } else {
      previous_cr = false;
    }
    if (line_numbers[index] != -1) output_hash();
    if (line_start) {
      line_start = false;
      line_numbers[index] = ++line_number;
    }
    if (current == '\n') line_start = true;
    update_hash(current);
  };
  for (const uint16_t unit : to_utf16(content)) process(unit);
  process(kEndOfFile);
  for (int i = 0; i < kBlockSize; ++i) {
    if (line_numbers[index] != -1) output_hash();
    update_hash(0);
  }
  return hashes;
}

}  // namespace reflint
