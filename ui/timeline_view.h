#pragma once
// The evolution scrubber under the canvas (DESIGN.md §1 steps 2-5). While the engine runs it fills
// with the per-step previews first, then with the decoded frames as they arrive. Scrub with the
// mouse wheel, the slider, the arrow keys (Page Up/Down, Home/End) or play it at the model's
// 16 fps (Space). The candidates show their sharpness, the engine's pick wears a star, and a click
// on any decoded frame makes it the chosen frame (overriding the pick) — the one refinement starts
// from.
#include <QPointer>
#include <QWidget>

#include "app/session/edit_session.h"

class QLabel;
class QScrollArea;
class QSlider;
class QTimer;
class QToolButton;

namespace ifedit::ui {

class TimelineStrip;

class TimelineView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kFramesPerSecond = 16;  // Wan2.2's frame rate
  static constexpr int kTileHeight = 72;
  // Page Up/Down scrub by one latent frame's worth of pixel frames (the VAE decodes 4 per latent).
  static constexpr int kPageFrames = 4;

  explicit TimelineView(QWidget* parent = nullptr);
  ~TimelineView() override;

  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  // What the strip shows: step previews (before any frame is decoded) or frames (+ the result).
  bool isShowingPreviews() const;
  int tileCount() const;
  // Tile of evolution frame `frame` (or kResultTile) in strip coordinates; empty when not shown.
  static constexpr int kResultTile = -2;
  QRect frameTileRect(int frame) const;
  QWidget* strip() const;
  QSlider* slider() const { return slider_; }
  QToolButton* playButton() const { return playButton_; }
  QLabel* infoLabel() const { return info_; }
  bool isPlaying() const;

 public Q_SLOTS:
  void play();
  void pause();
  void togglePlay();
  void stepFrame(int delta);  // scrub by `delta` decoded frames (no override)
  void chooseViewedFrame();   // make the frame on the canvas the chosen one

 protected:
  void keyPressEvent(QKeyEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  // The keyboard focus is drawn around the whole timeline: the tiles show the frame in view
  // whether or not the arrow keys would move it.
  void paintEvent(QPaintEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;
  void changeEvent(QEvent* event) override;  // a new palette: the play button's icon follows

 private:
  friend class TimelineStrip;
  void tileClicked(int tile);
  void rebuild();
  void syncSlider();
  void updateInfo();
  void advancePlayback();
  int currentFrame() const;  // the frame on the canvas, or -1 (result / live preview)

  QPointer<app::EditSession> session_;
  TimelineStrip* strip_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  QSlider* slider_ = nullptr;
  QToolButton* playButton_ = nullptr;
  QLabel* title_ = nullptr;
  QLabel* info_ = nullptr;
  QTimer* playTimer_ = nullptr;
  bool syncing_ = false;
};

}  // namespace ifedit::ui
