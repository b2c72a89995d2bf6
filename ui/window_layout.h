#pragma once
// The main window comes back as the user left it: size and position, panels, toolbar.
class QMainWindow;

namespace ifedit::app {
class AppSettings;
}

namespace ifedit::ui {

// Applies the stored geometry and dock/toolbar state to `window` (before it is shown). Nothing
// stored, or a state from an older layout, leaves the window as built. Returns whether a stored
// layout was applied.
bool restoreWindowLayout(QMainWindow& window, const app::AppSettings& settings);

// Stores the window's geometry and dock/toolbar state.
void saveWindowLayout(const QMainWindow& window, app::AppSettings& settings);

}  // namespace ifedit::ui
