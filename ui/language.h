#pragma once
// The interface language: the system locale picks it, the settings' language override wins.
// Translations are compiled in under :/i18n (ifedit_de.qm, ifedit_zh_CN.qm); Qt's own strings
// (standard buttons, file dialogs) come from Qt's installed qtbase translations when present.
#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ifedit::ui {

// The codes the app ships a translation for ("de", "zh_CN"); English is the source language.
QStringList shippedTranslations();

// The language to use: `override` when it names a shipped language or "en", else the first of
// the system's UI languages that is shipped, else "en".
QString chooseLanguage(const QString& override, const QLocale& system = QLocale::system());

// Installs the translators for `code` on the application (replacing earlier ones). Returns false
// (and installs nothing of ours) when `code` is "en" or has no translation.
bool installTranslations(const QString& code);

}  // namespace ifedit::ui
