#include "app/app_info.h"

namespace ifedit::app {

QString applicationName() { return QStringLiteral("IF-Edit Studio"); }
QString applicationVersion() { return QStringLiteral(IFEDIT_VERSION); }

}  // namespace ifedit::app
