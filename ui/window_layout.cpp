#include "ui/window_layout.h"

#include <QMainWindow>

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
  return applied;
}

void saveWindowLayout(const QMainWindow& window, app::AppSettings& settings) {
  settings.windowGeometry.setValue(window.saveGeometry());
  settings.windowState.setValue(window.saveState(kLayoutVersion));
}

}  // namespace ifedit::ui
