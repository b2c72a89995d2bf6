#pragma once
// The interface's look: the platform's own style and palette, or Fusion in a fixed dark or light
// palette. Artists' tools are usually dark, and Qt 6.4 does not follow GNOME's dark mode.
#include <QString>
#include <QStringList>

namespace ifedit::ui {

// The theme codes the settings store, the platform's ("") first.
QStringList themeCodes();

// Applies `theme` to the whole application at once ("" = the platform's look as it was at the
// first call, "dark", "light"). An unknown code is the platform's look. Returns the code applied.
QString applyTheme(const QString& theme);

}  // namespace ifedit::ui
