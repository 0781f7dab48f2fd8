#include "lint/cli/progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace reflint {
namespace {

using Seconds = std::chrono::duration<double>;

// A run that ends sooner shows no progress at all: a line flashing by is noise.
constexpr Seconds kFirstRedraw{0.5};
constexpr Seconds kRedrawEvery{0.2};

std::string duration_text(double seconds) {
  const auto whole = static_cast<long>(std::lround(seconds));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{} min {} s", whole / 60, whole % 60);
  return fmt::format("{} h {} min", whole / 3600, whole % 3600 / 60);
}

size_t terminal_width() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

ProgressDisplay::ProgressDisplay(const RunProgress& progress, std::ostream& err, Mode mode,
                                 std::chrono::duration<double> interval)
    : progress_(progress), err_(err), mode_(mode), interval_(interval) {
  if (mode_ != Mode::none) thread_ = std::thread([this] { run(); });
}

ProgressDisplay::~ProgressDisplay() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_ && mode_ == Mode::redraw) err_ << "\r\x1b[2K" << std::flush;
}

std::string ProgressDisplay::describe(const RunProgress& progress, std::chrono::duration<double> elapsed) {
  const uint64_t found = progress.site.found;
  const uint64_t fetched = progress.site.fetched;
  const uint64_t inputs = progress.inputs;
  const uint64_t linted = progress.linted;
  const double seconds = std::max(elapsed.count(), 1e-3);
  std::string line = "reflint: ";
  double rate = 0;
  double left = -1;
  if (inputs == 0 && found > 0) {  // still fetching
    line += fmt::format("{} pages found, {} fetched, {} requests waiting", found, fetched,
                        progress.site.waiting.load());
    rate = static_cast<double>(fetched) / seconds;
    if (rate > 0) left = static_cast<double>(found - std::min(found, fetched)) / rate;
  } else {
    line += fmt::format("{} of {} pages linted", linted, inputs);
    rate = static_cast<double>(linted) / seconds;
    if (rate > 0 && inputs > 0) left = static_cast<double>(inputs - std::min(inputs, linted)) / rate;
  }
  if (const uint64_t asked = progress.lookups.asked; asked > 0) {
    line += fmt::format(", {} lookups ({} waiting)", asked,
                        asked - std::min(asked, progress.lookups.answered.load()));
  }
  line += fmt::format(", {} findings so far; {:.1f} pages/s", progress.findings.load(), rate);
  if (left >= 0) line += "; about " + duration_text(left) + " left";
  line += "; " + duration_text(seconds);
  return line;
}

void ProgressDisplay::run() {
  std::unique_lock lock(mutex_);
  const Seconds first = mode_ == Mode::redraw ? kFirstRedraw : interval_;
  const Seconds every = mode_ == Mode::redraw ? kRedrawEvery : interval_;
  if (stop_.wait_for(lock, first, [this] { return stopping_; })) return;
  do {
    std::string line = describe(progress_, std::chrono::steady_clock::now() - start_);
    if (mode_ == Mode::redraw) {
      // Never wider than the terminal: a wrapped line cannot be redrawn in place.
      const size_t width = terminal_width();
      if (line.size() >= width) line.resize(width - 1);
      err_ << "\r\x1b[2K" << line << std::flush;
    } else {
      err_ << line << '\n' << std::flush;
    }
    drawn_ = true;
  } while (!stop_.wait_for(lock, every, [this] { return stopping_; }));
}

}  // namespace reflint
