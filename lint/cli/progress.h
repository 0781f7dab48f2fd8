#pragma once
// Progress on standard error while a run lasts: on a terminal one line redrawn in place (pages
// found, fetched and linted, findings so far, rate and time left) and cleared at the end; elsewhere
// (CI logs) a short status line every few seconds, so a long job shows life. Never on standard
// output, and nothing at all for a run that ends before the first draw.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "lint/core/runner.h"

namespace reflint {

class ProgressDisplay {
 public:
  enum class Mode : uint8_t { none, redraw, status_lines };
  /// `err` must be a terminal for `redraw`; `interval` is the time between status lines.
  ProgressDisplay(const RunProgress& progress, std::ostream& err, Mode mode,
                  std::chrono::duration<double> interval);
  ~ProgressDisplay();  // stops, and clears a redrawn line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  /// The one line that says where the run is, `elapsed` after its start.
  static std::string describe(const RunProgress& progress, std::chrono::duration<double> elapsed);

 private:
  void run();

  const RunProgress& progress_;
  std::ostream& err_;
  const Mode mode_;
  const std::chrono::duration<double> interval_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace reflint
