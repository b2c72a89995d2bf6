#pragma once
// SVG icons for the window's actions (resources/icons/actions/*.svg, compiled in under
// :/icons/actions/): drawn sharp at every scale factor by Qt's SVG icon engine.
#include <QIcon>
#include <QString>

namespace ifedit::ui {

class MainWindow;

// The icon resource for an action id (MainWindow::kAction...); empty when the action has none.
QString actionIconPath(const QString& actionId);
// Sets the icon of every action that has one.
void applyActionIcons(MainWindow& window);

}  // namespace ifedit::ui
