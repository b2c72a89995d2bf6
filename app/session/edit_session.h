#pragma once
// The one object the UI talks to (DESIGN.md §3, STYLE.md "app/"): it owns the state of an edit and
// announces every change. Views read from it and send intents; they never reach the engine.
#include <QImage>
#include <QObject>
#include <QString>

namespace ifedit::app {

class EditSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(State state READ state NOTIFY stateChanged)
  Q_PROPERTY(QString instruction READ instruction WRITE setInstruction NOTIFY instructionChanged)
  Q_PROPERTY(QString modelStatus READ modelStatus NOTIFY modelStatusChanged)

 public:
  // The steps of one edit, in the order the IF-Edit flow walks them (DESIGN.md §1). Only Empty and
  // ImageLoaded are reached today; the rest belong to the engine and prompt stages still to come.
  enum class State {
    Empty,        // no source image
    ImageLoaded,  // a source is open, the instruction can be typed
    Rewriting,    // the VLM turns the instruction into a temporal prompt
    Reviewing,    // the user reviews/edits the rewritten prompt
    Evolving,     // the engine evolves the picture (frames arrive)
    Picking,      // candidates scored, the user may override the pick
    Refining,     // SCPR on the chosen frame
    Done,         // a result exists
  };
  Q_ENUM(State)

  // Refuse images above this many pixels before decoding them (about 16k x 16k), so a huge or lying
  // header fails with a message instead of exhausting memory.
  static constexpr qint64 kDefaultMaxImagePixels = qint64(16384) * 16384;

  explicit EditSession(QObject* parent = nullptr);
  ~EditSession() override;

  // Source image. openImage() reads the file (never writes it), applies its EXIF orientation and, on
  // success, replaces the source and resets the edit to ImageLoaded. On failure the current source is
  // kept, lastError() says why (naming the file) and errorOccurred() is emitted.
  bool openImage(const QString& path);
  bool hasSource() const { return !source_.isNull(); }
  const QImage& sourceImage() const { return source_; }
  QString sourcePath() const { return sourcePath_; }
  QString lastError() const { return lastError_; }
  qint64 maxImagePixels() const { return maxImagePixels_; }
  void setMaxImagePixels(qint64 pixels);

  // The user's instruction ("make it night", ...), as typed.
  QString instruction() const { return instruction_; }
  void setInstruction(const QString& text);

  State state() const { return state_; }

  // Model configuration. Until model discovery exists the session has none, and modelStatus() says so
  // in words meant for the status line.
  bool isModelConfigured() const { return modelConfigured_; }
  QString modelStatus() const { return modelStatus_; }
  // `--demo`: the user asked for the random-weight demo model (its outputs must be labelled as such).
  bool demoRequested() const { return demoRequested_; }
  void setDemoRequested(bool demo);

  // Whether requestRun() would start a run now, and if not, why (for tooltips).
  bool canRun() const;
  QString runBlockedReason() const;
  // Intent: start the edit with the current instruction. Returns false and sets lastError() when
  // the session cannot run (no image, no instruction, no model).
  bool requestRun();

 Q_SIGNALS:
  void sourceChanged();
  void instructionChanged(const QString& text);
  void stateChanged(ifedit::app::EditSession::State state);
  void modelStatusChanged(const QString& status);
  void errorOccurred(const QString& message);

 private:
  void setState(State state);
  void fail(const QString& message);
  void updateModelStatus();

  QImage source_;
  QString sourcePath_;
  QString instruction_;
  QString lastError_;
  QString modelStatus_;
  State state_ = State::Empty;
  qint64 maxImagePixels_ = kDefaultMaxImagePixels;
  bool modelConfigured_ = false;
  bool demoRequested_ = false;
};

}  // namespace ifedit::app
