#pragma once
// SVG icons for the window's actions (resources/icons/actions/*.svg, compiled in under
// :/icons/actions/): drawn sharp at every scale factor by Qt's SVG icon engine.
#include <QIcon>
#include <QString>

namespace ifedit::ui {

class MainWindow;

// The icon resource for an action id (MainWindow::kAction...); empty when the action has none.
QString actionIconPath(const QString& actionId);
// The icon `name` (resources/icons/actions/<name>.svg) for the application's palette now: its
// grey lines (#5b6170) read on light windows only (2:1 on the dark theme's), so on a dark
// palette they are drawn light.
QIcon themedIcon(const QString& name);
// Sets the icon of every action that has one, for the palette now (again after a theme change).
void applyActionIcons(MainWindow& window);

}  // namespace ifedit::ui
