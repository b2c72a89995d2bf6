#pragma once
// Model detection's lines (api::DetectionLine codes) in the interface's language. The templates
// here are the engine's English ones (core/loaders/findings.cpp), marked for lupdate; a code the
// table lacks falls back to the engine's English line (tests/translations checks none is lacking).
#include <QList>
#include <QString>
#include <QStringList>

namespace ifedit::app {

struct FindingTemplate {
  QString code;
  QString english;  // the source text: must equal the engine's template for the code
};
QList<FindingTemplate> findingTemplates();

// "High-noise expert", ... for the roles of api::ModelPart ("high-noise expert"); others as they are.
QString partRoleName(const QString& role);

// The line in the current language: "<part> (<folder>): <template with args>".
QString findingText(const QString& code, const QString& part, const QString& partFolder, const QStringList& args,
                    const QString& english);

}  // namespace ifedit::app
