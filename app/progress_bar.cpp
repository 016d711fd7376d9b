#include "progress_bar.h"

#include <algorithm>
#include <unistd.h>

namespace scalelab::app {

ProgressBar::ProgressBar(sim::Time end, bool enabled)
    : m_end(end), m_enabled(enabled && isatty(STDERR_FILENO)),
      m_start(std::chrono::steady_clock::now()), m_lastDraw(m_start)
{}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::onProgress(sim::Time now, std::uint64_t events)
{
    if (!m_enabled)
        return;
    const auto wallNow = std::chrono::steady_clock::now();
    // Quick runs stay quiet; a bar redrawn more than ten times a second only costs time.
    if (wallNow - m_start < std::chrono::seconds(1) ||
        wallNow - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = wallNow;
    const double fraction = m_end > 0 ? std::clamp(static_cast<double>(now) / m_end, 0.0, 1.0) : 0;
    const double elapsed = std::chrono::duration<double>(wallNow - m_start).count();
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    char bar[width + 1];
    for (int i = 0; i < width; ++i)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = 0;
    const double remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r[%s] %3d %%  %.0f s simulated  %.1f M events  %.0f s left ", bar,
                 static_cast<int>(fraction * 100), sim::toSeconds(now),
                 static_cast<double>(events) / 1e6, remaining);
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressBar::finish()
{
    if (m_drawn) {
        std::fprintf(stderr, "\r%80s\r", "");
        std::fflush(stderr);
        m_drawn = false;
    }
}

} // namespace scalelab::app
