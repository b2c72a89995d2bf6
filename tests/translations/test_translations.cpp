// Translations: the compiled-in .qm files load and translate key strings (plain, numerus, with
// accelerators), the language choice (system locale, settings override), dialogs come up
// translated, and the .ts files are complete: every entry finished, placeholders and accelerators
// kept, and no user-visible string of ui/ and app/ missing (lupdate is run on the sources and its
// list compared with the committed files).
#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QToolBar>
#include <QDirIterator>
#include <QFile>
#include <QFormLayout>
#include <QLibraryInfo>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "api/model_detect.h"
#include "app/session/edit_session.h"
#include "app/session/run_progress.h"
#include "app/settings/app_settings.h"
#include "app/settings/model_detection.h"
#include "app/settings/model_findings.h"
#include "tests/common/private_home.h"
#include "ui/export_dialog.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

using namespace ifedit;

namespace {

struct TsMessage {
  QString context;
  QString source;
  bool numerus = false;
  QStringList translations;  // one, or the numerus forms
  QString type;              // "unfinished", "vanished", "obsolete" or empty
};

QList<TsMessage> readTs(const QString& path, QString* language, QString* error) {
  QList<TsMessage> out;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = path + QStringLiteral(": cannot open");
    return out;
  }
  QXmlStreamReader xml(&file);
  QString context;
  TsMessage m;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    const auto name = xml.name();
    if (name == QLatin1String("TS")) {
      *language = xml.attributes().value(QLatin1String("language")).toString();
    } else if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      m = TsMessage{context, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), {}, {}};
    } else if (name == QLatin1String("source")) {
      m.source = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      m.type = xml.attributes().value(QLatin1String("type")).toString();
      if (m.numerus) {
        while (xml.readNextStartElement()) m.translations << xml.readElementText();
      } else {
        m.translations << xml.readElementText();
      }
      out << m;
    }
  }
  if (xml.hasError()) *error = QStringLiteral("%1: %2 at line %3").arg(path, xml.errorString()).arg(xml.lineNumber());
  return out;
}

QStringList placeholders(const QString& s) {
  QStringList found;
  static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
  for (auto it = re.globalMatch(s); it.hasNext();) found << it.next().captured(0);
  found.sort();
  return found;
}

// An accelerator: "&" followed by something other than "&".
bool hasAccelerator(const QString& s) {
  static const QRegularExpression re(QStringLiteral("&(?!&)[^&\\s]"));
  return re.match(QString(s).replace(QStringLiteral("&&"), QString())).hasMatch();
}

const QStringList kLanguages{QStringLiteral("de"), QStringLiteral("zh_CN")};

// Alt+letter clashes among `texts` (menu entries, button and label texts), one line each.
QStringList mnemonicClashes(const QString& where, const QStringList& texts) {
  QStringList clashes;
  QMap<QString, QString> seen;  // Alt+letter -> the text that has it
  for (const QString& text : texts) {
    const QString key = QKeySequence::mnemonic(text).toString();
    if (key.isEmpty()) continue;
    if (seen.contains(key))
      clashes << QStringLiteral("%1: %2 in \"%3\" and \"%4\"").arg(where, key, seen.value(key), text);
    else
      seen.insert(key, text);
  }
  return clashes;
}

QStringList menuClashes(QMenu* menu) {
  QStringList texts, clashes;
  for (QAction* a : menu->actions()) {
    if (a->isSeparator()) continue;
    texts << a->text();
    if (a->menu()) clashes << menuClashes(a->menu());
  }
  return clashes + mnemonicClashes(menu->title(), texts);
}

// The texts that carry a live mnemonic: buttons, and labels with a buddy (Alt+letter focuses it),
// under `root`, except `skip`'s.
QStringList mnemonicTexts(const QWidget* root, const QWidget* skip = nullptr) {
  QStringList texts;
  for (const QLabel* l : root->findChildren<QLabel*>())
    if (l->buddy() && (!skip || !skip->isAncestorOf(l))) texts << l->text();
  for (const QAbstractButton* b : root->findChildren<QAbstractButton*>())
    if (!skip || !skip->isAncestorOf(b)) texts << b->text();
  return texts;
}

// Form rows whose label does not lead to the field: no buddy (a screen reader names nothing,
// Alt+letter goes nowhere) or no mnemonic; one line each.
QStringList unboundFormLabels(const QString& where, const QWidget* root) {
  QStringList problems;
  for (const QFormLayout* form : root->findChildren<QFormLayout*>()) {
    for (int row = 0; row < form->rowCount(); ++row) {
      const QLayoutItem* labelItem = form->itemAt(row, QFormLayout::LabelRole);
      const auto* label = labelItem ? qobject_cast<const QLabel*>(labelItem->widget()) : nullptr;
      if (!label || label->text().isEmpty() || !form->itemAt(row, QFormLayout::FieldRole)) continue;
      const QLayoutItem* field = form->itemAt(row, QFormLayout::FieldRole);
      if (field->widget() && qobject_cast<const QLabel*>(field->widget())) continue;  // read-only text, not a field
      if (!label->buddy()) problems << QStringLiteral("%1: \"%2\" leads to no field").arg(where, label->text());
      else if (!hasAccelerator(label->text())) problems << QStringLiteral("%1: \"%2\" has no Alt+letter").arg(where, label->text());
    }
  }
  return problems;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT
  QTemporaryDir home_;

 private Q_SLOTS:
  void initTestCase() { QVERIFY(ifedit::testhome::usePrivateHome(home_)); }
  void cleanup() { ui::installTranslations(QStringLiteral("en")); }

  void shipsGermanAndChinese() {
    QStringList shipped = ui::shippedTranslations();
    shipped.sort();
    QCOMPARE(shipped, kLanguages);
  }

  void keyStringsTranslate_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("de settings title") << "de" << "ifedit::ui::SettingsDialog" << "Settings" << "Einstellungen";
    QTest::newRow("de file menu") << "de" << "ifedit::ui::MainWindow" << "&File" << "&Datei";
    QTest::newRow("de export") << "de" << "ifedit::ui::ExportDialog" << "Export Image" << "Bild exportieren";
    QTest::newRow("de cancel") << "de" << "ifedit::ui::RunProgressPanel" << "Cancel" << "Abbrechen";
    QTest::newRow("de key store") << "de" << "ifedit::app::ApiKeyStore" << "the keyring is switched off"
                                  << "der Schlüsselbund ist ausgeschaltet";
    QTest::newRow("de export error") << "de" << "ifedit::app::Export" << "%1: no such file" << "%1: Datei existiert nicht";
    QTest::newRow("de cli help") << "de" << "main" << "Image to open." << "Zu öffnendes Bild.";
    QTest::newRow("zh settings title") << "zh_CN" << "ifedit::ui::SettingsDialog" << "Settings" << "设置";
    QTest::newRow("zh file menu") << "zh_CN" << "ifedit::ui::MainWindow" << "&File" << "文件(&F)";
    QTest::newRow("zh export") << "zh_CN" << "ifedit::ui::ExportDialog" << "Export Image" << "导出图像";
    QTest::newRow("zh random weights") << "zh_CN" << "ifedit::ui::CanvasView" << "random-weight output" << "随机权重输出";
    QTest::newRow("zh cli help") << "zh_CN" << "main" << "Image to open." << "要打开的图像。";
  }

  void keyStringsTranslate() {
    QFETCH(QString, language);
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QTranslator t;
    QVERIFY(t.load(QStringLiteral(":/i18n/ifedit_%1.qm").arg(language)));
    QCOMPARE(t.translate(context.toUtf8().constData(), source.toUtf8().constData()), expected);
  }

  void pluralsFollowTheLanguage() {
    QTranslator de, zh;
    QVERIFY(de.load(QStringLiteral(":/i18n/ifedit_de.qm")));
    QVERIFY(zh.load(QStringLiteral(":/i18n/ifedit_zh_CN.qm")));
    const char* ctx = "ifedit::ui::ExportDialog";
    const char* src = "%n frame(s), MPEG-4 video.";
    QCOMPARE(de.translate(ctx, src, nullptr, 1), QStringLiteral("%n Einzelbild, MPEG-4-Video."));
    QCOMPARE(de.translate(ctx, src, nullptr, 33), QStringLiteral("%n Einzelbilder, MPEG-4-Video."));
    QCOMPARE(zh.translate(ctx, src, nullptr, 33), QStringLiteral("%n 帧，MPEG-4 视频。"));
  }

  void languageChoice() {
    QCOMPARE(ui::chooseLanguage(QString(), QLocale(QStringLiteral("de_DE"))), QStringLiteral("de"));
    QCOMPARE(ui::chooseLanguage(QString(), QLocale(QStringLiteral("de_AT"))), QStringLiteral("de"));
    QCOMPARE(ui::chooseLanguage(QString(), QLocale(QStringLiteral("zh_CN"))), QStringLiteral("zh_CN"));
    QCOMPARE(ui::chooseLanguage(QString(), QLocale(QStringLiteral("fr_FR"))), QStringLiteral("en"));
    QCOMPARE(ui::chooseLanguage(QString(), QLocale(QStringLiteral("en_US"))), QStringLiteral("en"));
    // The settings override wins over the system locale; an unknown override falls back to it.
    QCOMPARE(ui::chooseLanguage(QStringLiteral("zh_CN"), QLocale(QStringLiteral("de_DE"))), QStringLiteral("zh_CN"));
    QCOMPARE(ui::chooseLanguage(QStringLiteral("en"), QLocale(QStringLiteral("de_DE"))), QStringLiteral("en"));
    QCOMPARE(ui::chooseLanguage(QStringLiteral("xx"), QLocale(QStringLiteral("de_DE"))), QStringLiteral("de"));
    // Every language the settings dialog offers is shipped (or the source language).
    for (const auto& [code, name] : app::AppSettings::languages())
      QVERIFY2(code.isEmpty() || code == QLatin1String("en") || ui::shippedTranslations().contains(code), qPrintable(code));
  }

  // Alt+letter does one thing in each language: within a menu, across the main window's menu bar
  // and panel buttons (all window-wide shortcuts), within a settings tab with the tab titles and
  // the dialog's buttons, and within each export dialog.
  void mnemonicsAreDistinct_data() {
    QTest::addColumn<QString>("language");
    for (const QString& language : QStringList{QStringLiteral("en")} + kLanguages)
      QTest::newRow(qPrintable(language)) << language;
  }

  void mnemonicsAreDistinct() {
    QFETCH(QString, language);
    ui::installTranslations(language);
    QTemporaryDir dir;
    app::AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
    QStringList clashes;
    {
      app::EditSession session;
      ui::MainWindow w(&session);
      QStringList window;
      for (QAction* a : w.menuBar()->actions()) {
        window << a->text();
        if (a->menu()) clashes << menuClashes(a->menu());
      }
      window << mnemonicTexts(&w, w.toolBar());  // the toolbar shows the commands without marks
      clashes << mnemonicClashes(QStringLiteral("main window"), window);
      // The Refine command's other name (refinement off) stands in the same menu.
      app::EditParameters noRefine = session.parameters();
      noRefine.refine = false;
      session.setParameters(noRefine);
      w.updateActions();
      for (QAction* a : w.menuBar()->actions())
        if (a->menu()) clashes << menuClashes(a->menu());
    }
    {
      ui::SettingsDialog d(&settings, nullptr);
      auto* tabs = d.findChild<QTabWidget*>();
      QVERIFY(tabs);
      QStringList common;
      for (int i = 0; i < tabs->count(); ++i) common << tabs->tabText(i);
      common << mnemonicTexts(d.findChild<QDialogButtonBox*>());
      for (int i = 0; i < tabs->count(); ++i) {
        const QString where = QStringLiteral("settings, %1").arg(tabs->tabText(i));
        clashes << mnemonicClashes(where, common + mnemonicTexts(tabs->widget(i)));
        clashes << unboundFormLabels(where, tabs->widget(i));
      }
    }
    for (const auto mode : {ui::ExportDialog::Mode::Image, ui::ExportDialog::Mode::Evolution}) {
      ui::ExportDialog e(mode, {}, nullptr);
      clashes << mnemonicClashes(e.windowTitle(), mnemonicTexts(&e));
      clashes << unboundFormLabels(e.windowTitle(), &e);
    }
    clashes.removeDuplicates();
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
  }

  void dialogsComeUpTranslated() {
    QTemporaryDir dir;
    app::AppSettings settings(dir.filePath(QStringLiteral("s.ini")));
    QVERIFY(ui::installTranslations(QStringLiteral("de")));
    {
      ui::SettingsDialog d(&settings, nullptr);
      QCOMPARE(d.windowTitle(), QStringLiteral("Einstellungen"));
      // Qt's own strings (the standard buttons) come from qtbase_de.qm (qt6-translations-l10n,
      // which install-deps.sh installs and the package recommends).
      if (QTranslator qt; !qt.load(QStringLiteral("qtbase_de"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QSKIP("qt6-translations-l10n is not installed");
      QCOMPARE(d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->text(),
               QStringLiteral("Abbrechen"));
      ui::ExportDialog e(ui::ExportDialog::Mode::Evolution, {}, nullptr);
      QCOMPARE(e.windowTitle(), QStringLiteral("Entwicklung exportieren"));
      // Text from app/ (a plain function with its own translation context) is translated too.
      QCOMPARE(app::runStageText(app::RunStage::Denoising), QStringLiteral("Entrauschen"));
    }
    QVERIFY(ui::installTranslations(QStringLiteral("zh_CN")));
    {
      ui::SettingsDialog d(&settings, nullptr);
      QCOMPARE(d.windowTitle(), QStringLiteral("设置"));
    }
    QVERIFY(!ui::installTranslations(QStringLiteral("en")));
    ui::SettingsDialog d(&settings, nullptr);
    QCOMPARE(d.windowTitle(), QStringLiteral("Settings"));
  }

  // Model detection's lines are translated by code: the editor's table holds every code the
  // engine writes, with the engine's own English template, and both languages translate each one.
  void modelFindingsAreTranslated() {
    QMap<QString, QString> table;
    for (const auto& t : app::findingTemplates()) table.insert(t.code, t.english);
    const auto codes = api::detectionCodes();
    QCOMPARE(table.size(), qsizetype(codes.size()));
    for (const auto& c : codes)
      QCOMPARE(table.value(QString::fromStdString(c.code)), QString::fromStdString(c.english));
    for (const auto& language : kLanguages) {
      QTranslator t;
      QVERIFY(t.load(QStringLiteral(":/i18n/ifedit_%1.qm").arg(language)));
      QCoreApplication::installTranslator(&t);
      for (const auto& c : codes) {
        if (c.code == "unreadable") continue;  // the file reader's own words, passed through
        QStringList args;
        std::vector<std::string> stdArgs;
        for (int i = 1; i <= c.args; ++i) {
          args << QStringLiteral("<arg%1>").arg(i);
          stdArgs.push_back(args.last().toStdString());
        }
        const QString code = QString::fromStdString(c.code);
        QCoreApplication::removeTranslator(&t);
        const QString english = app::findingText(code, QStringLiteral("VAE"), QString(), args, QString());
        QCoreApplication::installTranslator(&t);
        const QString text = app::findingText(code, QStringLiteral("VAE"), QString(), args, QString());
        QVERIFY2(text != english, qPrintable(language + QStringLiteral(" untranslated: ") + text));
        QVERIFY2(text.startsWith(QLatin1String("VAE")), qPrintable(text));
        for (const auto& a : args) QVERIFY2(text.contains(a), qPrintable(language + QLatin1Char(' ') + text));
        QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("%\\d"))), qPrintable(text));
      }
      QCoreApplication::removeTranslator(&t);
    }
    // A code the table does not know keeps the engine's English line.
    QCOMPARE(app::findingText(QStringLiteral("from_a_newer_engine"), QString(), QString(), {}, QStringLiteral("as is")),
             QStringLiteral("as is"));
  }

  // A real detection in German: parts, what is missing, and the path's own error.
  void modelDetectionSpeaksTheInterfaceLanguage() {
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("set/high_noise_model"))));
    QVERIFY(ui::installTranslations(QStringLiteral("de")));
    const auto r = app::detectModelFolder(dir.filePath(QStringLiteral("set")));
    const auto gone = app::detectModelFolder(dir.filePath(QStringLiteral("nowhere")));
    QVERIFY(!ui::installTranslations(QStringLiteral("en")));
    QVERIFY2(r.missing.size() >= 4, qPrintable(r.missing.join(QLatin1Char('\n'))));
    QVERIFY2(r.missing[0].startsWith(QStringLiteral("Hochrausch-Experte: ")) &&
                 r.missing[0].contains(QStringLiteral("config.json fehlt (erwartet: ")),
             qPrintable(r.missing[0]));
    QVERIFY2(r.missing[1].startsWith(QStringLiteral("Niedrigrausch-Experte: ")) &&
                 r.missing[1].contains(QStringLiteral("low_noise_model/: Ordner nicht gefunden")),
             qPrintable(r.missing[1]));
    QCOMPARE(gone.error, dir.filePath(QStringLiteral("nowhere")) + QStringLiteral(": existiert nicht"));
    // In English the lines are the engine's own.
    const auto en = app::detectModelFolder(dir.filePath(QStringLiteral("set")));
    QVERIFY2(en.missing[0].startsWith(QStringLiteral("High-noise expert: ")) && en.missing[0].contains(QStringLiteral("config.json missing")),
             qPrintable(en.missing[0]));
  }

  // The session says what is wrong with the folder, which its status names beside it: in every
  // language the problem alone, not the folder a second time.
  void modelProblemNamesTheFolderOnce() {
    QTemporaryDir dir;
    const QString nowhere = dir.filePath(QStringLiteral("nowhere"));
    for (const auto& language : kLanguages) {
      QVERIFY(ui::installTranslations(language));
      app::EditSession s;
      s.setModelSetup({nowhere});
      QVERIFY2(!s.modelProblem().isEmpty() && !s.modelProblem().contains(nowhere),
               qPrintable(language + QLatin1Char(' ') + s.modelProblem()));
      QCOMPARE(s.modelStatus().count(QDir::toNativeSeparators(nowhere)), 1);
    }
  }

  void tsFilesAreComplete_data() {
    QTest::addColumn<QString>("language");
    for (const auto& l : kLanguages) QTest::newRow(qPrintable(l)) << l;
  }

  void tsFilesAreComplete() {
    QFETCH(QString, language);
    const QString path = QStringLiteral(IFEDIT_SOURCE_DIR "/translations/ifedit_%1.ts").arg(language);
    QString lang, error;
    const auto messages = readTs(path, &lang, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(lang.startsWith(language.left(2)));
    QVERIFY(messages.size() > 300);
    const int forms = language == QLatin1String("de") ? 2 : 1;
    QStringList problems;
    for (const auto& m : messages) {
      const QString where = m.context + QStringLiteral(" / ") + m.source.left(60);
      if (!m.type.isEmpty()) problems << QStringLiteral("%1: %2").arg(m.type, where);
      if (m.numerus && m.translations.size() != forms) problems << QStringLiteral("numerus forms: ") + where;
      for (const auto& t : m.translations) {
        if (t.trimmed().isEmpty()) problems << QStringLiteral("empty: ") + where;
        if (placeholders(t) != placeholders(m.source)) problems << QStringLiteral("placeholders: ") + where;
        if (hasAccelerator(m.source) != hasAccelerator(t)) problems << QStringLiteral("accelerator: ") + where;
      }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  }

  void everyVisibleStringIsInTheTsFiles() {
    // The sources qt_add_translations gives lupdate (ui/CMakeLists.txt): ui/ and app/ but the CLI.
    QStringList sources;
    for (const char* dir : {"ui", "app"}) {
      QDirIterator it(QStringLiteral(IFEDIT_SOURCE_DIR "/") + QLatin1String(dir), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                      QDir::Files, QDirIterator::Subdirectories);
      while (it.hasNext()) {
        const QString f = it.next();
        if (!f.contains(QLatin1String("/app/cli/"))) sources << f;
      }
    }
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(IFEDIT_LUPDATE),
                  QStringList{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                              QStringLiteral("-source-language"), QStringLiteral("en"), QStringLiteral("-silent"),
                              QStringLiteral("-I"), QStringLiteral(IFEDIT_SOURCE_DIR)} +
                      sources + QStringList{QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    QString lang, error;
    auto key = [](const TsMessage& m) { return m.context + QLatin1Char('\x1f') + m.source; };
    QSet<QString> wanted, have;
    for (const auto& m : readTs(fresh, &lang, &error)) wanted << key(m);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(wanted.size() > 300);
    for (const auto& language : kLanguages) {
      have.clear();
      for (const auto& m : readTs(QStringLiteral(IFEDIT_SOURCE_DIR "/translations/ifedit_%1.ts").arg(language), &lang, &error))
        have << key(m);
      QStringList missing, stale;
      for (const auto& k : wanted - have) missing << QString(k).replace(QLatin1Char('\x1f'), QStringLiteral(" / "));
      for (const auto& k : have - wanted) stale << QString(k).replace(QLatin1Char('\x1f'), QStringLiteral(" / "));
      QVERIFY2(missing.isEmpty(), qPrintable(language + QStringLiteral(": not in the .ts (run the update_translations "
                                                                      "target and translate):\n") + missing.join(QLatin1Char('\n'))));
      QVERIFY2(stale.isEmpty(), qPrintable(language + QStringLiteral(": no longer in the sources:\n") + stale.join(QLatin1Char('\n'))));
    }
  }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
