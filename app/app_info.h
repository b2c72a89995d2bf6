#pragma once
#include <QString>

namespace ifedit::app {

// "IF-Edit Studio 0.1.0" and the like, for window titles, reports and exported metadata.
QString applicationName();
QString applicationVersion();

}  // namespace ifedit::app
