#pragma once
// Shown above the canvas while no model is configured (first run), or the configured folder is not
// a usable Wan2.2-I2V-A14B set: what to download, where to point the app, and a button for the bundled demo model (tiny random weights: it runs the whole
// flow in seconds, and everything it makes is labelled random-weight output).
#include <QWidget>

class QLabel;
class QPushButton;

namespace ifedit::ui {

class FirstRunPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FirstRunPanel(QWidget* parent = nullptr);

  QPushButton* demoButton() const { return demo_; }
  QPushButton* settingsButton() const { return settings_; }
  QLabel* textLabel() const { return text_; }
  QLabel* titleLabel() const { return title_; }
  // The configured folder and what detection found wrong with it; empty problem: none configured.
  void setFolderProblem(const QString& folder, const QString& problem);

 Q_SIGNALS:
  void useDemoRequested();
  void settingsRequested();

 private:
  QLabel* title_ = nullptr;
  QLabel* text_ = nullptr;
  QString downloadText_;
  QPushButton* demo_ = nullptr;
  QPushButton* settings_ = nullptr;
};

}  // namespace ifedit::ui
