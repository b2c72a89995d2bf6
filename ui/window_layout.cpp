#include "ui/window_layout.h"

#include <algorithm>

#include <QMainWindow>
#include <QScreen>

#include "app/settings/app_settings.h"

namespace ifedit::ui {
namespace {
// Bumped when the docks or toolbar change so that an old saved state is ignored, not misapplied.
constexpr int kLayoutVersion = 1;
}  // namespace

bool restoreWindowLayout(QMainWindow& window, const app::AppSettings& settings) {
  const QByteArray geometry = settings.windowGeometry();
  const QByteArray state = settings.windowState();
  bool applied = false;
  if (!geometry.isEmpty()) applied |= window.restoreGeometry(geometry);
  if (!state.isEmpty()) applied |= window.restoreState(state, kLayoutVersion);
  // Qt before 6.8 moves a restored window back onto the screen but does not shrink it.
  if (const QScreen* screen = window.screen(); applied && screen) {
    const QRect area = screen->availableGeometry();
    const QSize size = fittedToScreen(&window, window.size(), 1.0);
    if (size != window.size() || !area.contains(window.geometry())) {
      window.resize(size);
      QRect frame = window.geometry();
      frame.moveLeft(std::clamp(frame.left(), area.left(), std::max(area.left(), area.right() - frame.width())));
      frame.moveTop(std::clamp(frame.top(), area.top(), std::max(area.top(), area.bottom() - frame.height())));
      window.move(frame.topLeft());
    }
  }
  return applied;
}

QSize fittedToScreen(const QWidget* widget, QSize wanted, double share) {
  const QScreen* screen = widget ? widget->screen() : nullptr;
  if (!screen) return wanted;
  return wanted.boundedTo(screen->availableGeometry().size() * share);
}

void saveWindowLayout(const QMainWindow& window, app::AppSettings& settings) {
  settings.windowGeometry.setValue(window.saveGeometry());
  settings.windowState.setValue(window.saveState(kLayoutVersion));
}

}  // namespace ifedit::ui
