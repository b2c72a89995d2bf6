#include "ui/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace ifedit::ui {
namespace {

QTranslator* appTranslator = nullptr;
QTranslator* qtTranslator = nullptr;

void removeTranslators() {
  for (QTranslator** t : {&appTranslator, &qtTranslator}) {
    if (!*t) continue;
    QCoreApplication::removeTranslator(*t);
    delete *t;
    *t = nullptr;
  }
}

}  // namespace

QStringList shippedTranslations() {
  QStringList codes;
  for (const QString& file : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("ifedit_*.qm")}, QDir::Files))
    codes << file.mid(7, file.size() - 7 - 3);  // "ifedit_" ... ".qm"
  return codes;
}

QString chooseLanguage(const QString& override, const QLocale& system) {
  const QStringList shipped = shippedTranslations();
  if (override == QLatin1String("en") || shipped.contains(override)) return override;
  // uiLanguages() is ordered by preference: "de-AT", "de", "en-US", ... ; zh-Hans maps to zh_CN.
  for (QString lang : system.uiLanguages()) {
    lang.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (lang.startsWith(QLatin1String("en"))) return QStringLiteral("en");
    if (shipped.contains(lang)) return lang;
    if (lang.startsWith(QLatin1String("zh")) && !lang.contains(QLatin1String("Hant")) &&
        !lang.contains(QLatin1String("TW")) && !lang.contains(QLatin1String("HK")) && shipped.contains(QStringLiteral("zh_CN")))
      return QStringLiteral("zh_CN");
    const QString base = lang.section(QLatin1Char('_'), 0, 0);
    if (shipped.contains(base)) return base;
  }
  return QStringLiteral("en");
}

bool installTranslations(const QString& code) {
  removeTranslators();
  if (code.isEmpty() || code == QLatin1String("en")) return false;
  auto* app = new QTranslator;
  if (!app->load(QStringLiteral(":/i18n/ifedit_%1.qm").arg(code))) {
    delete app;
    return false;
  }
  appTranslator = app;
  QCoreApplication::installTranslator(appTranslator);
  auto* qt = new QTranslator;
  if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    qtTranslator = qt;
    QCoreApplication::installTranslator(qtTranslator);
  } else {
    delete qt;
  }
  return true;
}

}  // namespace ifedit::ui
